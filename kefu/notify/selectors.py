"""Reads of notifications: only ever the viewer's own."""

from django.db.models import QuerySet

from kefu.notify.errors import NotificationNotFound
from kefu.notify.models import Notification
from kefu.org.models import User


def notifications_for(user: User, *, unread: bool = False) -> QuerySet[Notification]:
    """The user's in-app notices, newest first."""
    qs = Notification.objects.filter(recipient=user, in_app=True).select_related("site", "ticket")
    if unread:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def unread_count(user: User) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, in_app=True, read_at__isnull=True).count()


def access_notification(user: User, notification_id: int | str | None) -> Notification:
    """The user's own notice; anyone else's is not found, like a missing one."""
    try:
        pk = int(notification_id)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise NotificationNotFound() from None
    notification = Notification.objects.filter(pk=pk, recipient=user).first()
    if notification is None:
        raise NotificationNotFound()
    return notification
