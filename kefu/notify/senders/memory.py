from typing import ClassVar

from kefu.notify.senders.base import BaseSender


class MemorySender(BaseSender):
    """Every channel into ``MemorySender.outbox`` (tests). ``fail_for`` makes
    addresses fail, to test retries."""

    channels = ("email", "sms", "wechat")
    outbox: ClassVar[list[dict[str, str]]] = []
    fail_for: ClassVar[set[str]] = set()

    def send(self, *, channel: str, address: str, subject: str, body: str) -> None:
        if address in self.fail_for:
            raise OSError(f"cannot reach {address}")
        self.outbox.append(
            {"channel": channel, "address": address, "subject": subject, "body": body}
        )
