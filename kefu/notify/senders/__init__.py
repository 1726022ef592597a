"""Pluggable senders for the channels other than the bell.

``settings.KEFU_NOTIFY_SENDERS`` is a list of dotted paths to ``BaseSender``
subclasses; the first one whose ``channels`` include a channel sends it
(see ``base.py``). Shipped: ``email.EmailSender`` (Django's email backend),
``console.ConsoleSender`` (SMS/WeChat to the log, no network) and
``memory.MemorySender`` (every channel into a list, for tests).
"""

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from kefu.notify.errors import NoSender
from kefu.notify.senders.base import BaseSender


@cache
def _senders(paths: tuple[str, ...]) -> tuple[BaseSender, ...]:
    return tuple(import_string(path)() for path in paths)


def sender_for(channel: str) -> BaseSender:
    """The configured sender of ``channel`` (``NoSender`` when none handles it)."""
    for sender in _senders(tuple(getattr(settings, "KEFU_NOTIFY_SENDERS", ()))):
        if channel in sender.channels:
            return sender
    raise NoSender(fields={"channel": [channel]})
