"""Errors of the notify app (codes ``notify.*``)."""

from django.utils.translation import gettext_lazy as _

from kefu.core.errors import InvalidInput, NotFound


class NotificationNotFound(NotFound):
    default_code = "notify.notification_not_found"
    default_message = _("The notification does not exist or is not yours.")


class UnknownChannel(InvalidInput):
    default_code = "notify.unknown_channel"
    default_message = _("Unknown notification channel.")


class NoSender(InvalidInput):
    default_code = "notify.no_sender"
    default_message = _("No sender backend handles this channel.")
