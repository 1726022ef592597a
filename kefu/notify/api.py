"""API of the notify app: the caller's own notifications under /api/v1/notifications."""

from django.http import HttpRequest
from ninja import Query, Router

from kefu.core.api import ERRORS, paginate
from kefu.notify import services
from kefu.notify.schemas import (
    MarkedOut,
    NotificationOut,
    NotificationPage,
    NotificationQuery,
    UnreadOut,
)
from kefu.notify.selectors import access_notification, notifications_for, unread_count

router = Router(tags=["notify"])


@router.get("", response={200: NotificationPage, **ERRORS})
def notification_list(request: HttpRequest, params: Query[NotificationQuery]):
    """The caller's notifications, newest first; ``?unread=true`` for unread only."""
    return paginate(notifications_for(request.auth, unread=params.unread), params)


@router.get("/unread-count", response={200: UnreadOut, **ERRORS})
def notification_unread_count(request: HttpRequest):
    """How many notifications the bell shows."""
    return {"unread": unread_count(request.auth)}


@router.post("/read-all", response={200: MarkedOut, **ERRORS})
def notification_read_all(request: HttpRequest):
    """Mark every notification of the caller read."""
    return {"marked": services.notification_mark_all_read(actor=request.auth)}


@router.post("/{notification_id}/read", response={200: NotificationOut, **ERRORS})
def notification_read(request: HttpRequest, notification_id: int):
    """Mark one notification read (another person's is 404)."""
    notification = access_notification(request.auth, notification_id)
    return services.notification_mark_read(actor=request.auth, notification=notification)
