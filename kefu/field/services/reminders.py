"""Reminders the background scan sends (``tasks.field_reminders_task``, enqueued by
``manage.py sla_watch``): cash past the site's limit (seed 001 L41) to finance,
orders past their on-site deadline (seed 004 L393) to the dispatchers. Each
notice is sent once per order (a dedupe key), so the scan may run often.
"""

from datetime import datetime

from django.utils import timezone

from kefu.field import policies
from kefu.field.models import OPEN_STATUSES, WorkOrder
from kefu.field.services.orders import _holders
from kefu.notify.models import Notification
from kefu.notify.services import notify


def field_reminders_send(*, now: datetime | None = None) -> int:
    """Notify once per late cash hand-over and per order overdue on site;
    returns how many notices are new."""
    at = now or timezone.now()
    before = Notification.objects.count()
    late_cash = WorkOrder.objects.filter(
        cash_collected__gt=0, cash_handed_at__isnull=True, cash_due_at__lt=at
    ).select_related("site", "technician")
    for order in late_cash:
        users = [*_holders(order.site, policies.FINANCE), order.technician]
        notify(
            site=order.site,
            users=[u for u in users if u is not None],
            kind="field.cash_late",
            subject=f"{order.number} {order.cash_collected}",
            link=order.get_absolute_url(),
            dedupe_key=f"field.cash_late.{order.pk}",
            channels=("inapp",),
        )
    overdue = WorkOrder.objects.filter(
        status__in=OPEN_STATUSES, arrived_at__isnull=True, onsite_due__lt=at
    ).select_related("site")
    for order in overdue:
        notify(
            site=order.site,
            users=_holders(order.site, policies.DISPATCH),
            kind="field.onsite_overdue",
            subject=f"{order.number} {order.address}",
            link=order.get_absolute_url(),
            dedupe_key=f"field.onsite_overdue.{order.pk}",
            channels=("inapp",),
        )
    return Notification.objects.count() - before
