import logging

from kefu.notify.senders.base import BaseSender

logger = logging.getLogger("kefu.notify")


class ConsoleSender(BaseSender):
    """SMS and WeChat to the log: the demo's and a developer's sender (no network).

    A real gateway is another ``BaseSender`` subclass listed before this one
    in ``KEFU_NOTIFY_SENDERS``.
    """

    channels = ("sms", "wechat")

    def send(self, *, channel: str, address: str, subject: str, body: str) -> None:
        logger.info("%s to %s: %s %s", channel, address, subject, body)
