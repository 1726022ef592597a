from django.conf import settings
from django.core.mail import send_mail

from kefu.notify.senders.base import BaseSender


class EmailSender(BaseSender):
    """Email through Django's configured email backend (``EMAIL_BACKEND``)."""

    channels = ("email",)

    def send(self, *, channel: str, address: str, subject: str, body: str) -> None:
        send_mail(
            subject,
            body or subject,
            getattr(settings, "DEFAULT_FROM_EMAIL", None),
            [address],
            fail_silently=False,
        )
