"""The sender interface (like ``django.contrib.messages.storage.base``)."""


class BaseSender:
    """Sends one message on one channel.

    A subclass sets ``channels`` (the channel codes it handles) and implements
    ``send``. ``send`` raises on failure; the delivery task then records the
    error and retries later. It must not be called inside a transaction that
    also marks the delivery, or a failure could not be recorded.
    """

    channels: tuple[str, ...] = ()

    def send(self, *, channel: str, address: str, subject: str, body: str) -> None:
        raise NotImplementedError
