"""Reads of guest reception: visits and urging items by site, the reception
calendar, and the reports (seed 003 §5.5, seed 000 §4.5).

Access: people working at a site see its visits and urging record; any other id
is a 404 (``guests.visit_not_found`` / ``guests.urging_not_found``).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from kefu.guests import rules
from kefu.guests.errors import UrgingNotFound, VisitNotFound
from kefu.guests.models import (
    GuestClass,
    GuestVisit,
    SpendStatus,
    UrgingItem,
    UrgingStatus,
    VisitStatus,
)
from kefu.org.models import User
from kefu.org.selectors import user_site_ids


def _pk(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def visit_list_for(
    user: User, *, site: int | None = None, status: str = ""
) -> QuerySet[GuestVisit]:
    qs = GuestVisit.objects.filter(site_id__in=user_site_ids(user)).select_related(
        "site", "guest_class", "host", "customer"
    )
    if site:
        qs = qs.filter(site_id=site)
    if status:
        qs = qs.filter(status=status)
    return qs


def access_visit(user: User, visit_id: Any) -> GuestVisit:
    pk = _pk(visit_id)
    visit = visit_list_for(user).filter(pk=pk).first() if pk else None
    if visit is None:
        raise VisitNotFound()
    return visit


def visit_detail(visit: GuestVisit) -> dict[str, Any]:
    """What the visit page shows: prep, changes, gifts, urging items, per-head spend."""
    per_head = (
        rules.spend_per_head(visit.spend_total, visit.headcount)
        if visit.spend_total is not None
        else None
    )
    return {
        "visit": visit,
        "prep": list(visit.prep.select_related("done_by")),
        "changes": list(visit.changes.select_related("changed_by")),
        "gifts": list(visit.gifts.all()),
        "urging": list(visit.urging_items.select_related("department")),
        "per_head": per_head,
    }


def reception_calendar(user: User, day: date) -> dict[str, list[GuestVisit]]:
    """Bookings of ``day`` grouped by place/room, in time order."""
    tz = timezone.get_current_timezone()
    start = datetime.combine(day, datetime.min.time(), tzinfo=tz)
    visits = (
        visit_list_for(user)
        .filter(starts_at__gte=start, starts_at__lt=start + timedelta(days=1))
        .exclude(status=VisitStatus.CANCELLED)
        .order_by("place", "starts_at")
    )
    rooms: dict[str, list[GuestVisit]] = defaultdict(list)
    for visit in visits:
        rooms[visit.place].append(visit)
    return dict(rooms)


def urging_list_for(
    user: User, *, status: str = "", overdue_only: bool = False, now: datetime | None = None
) -> QuerySet[UrgingItem]:
    qs = UrgingItem.objects.filter(site_id__in=user_site_ids(user)).select_related(
        "site", "department", "visit", "handed_by"
    )
    if status:
        qs = qs.filter(status=status)
    if overdue_only:
        qs = qs.filter(status=UrgingStatus.OPEN, due_at__lt=now or timezone.now())
    return qs


def access_urging(user: User, item_id: Any) -> UrgingItem:
    pk = _pk(item_id)
    item = urging_list_for(user).filter(pk=pk).first() if pk else None
    if item is None:
        raise UrgingNotFound()
    return item


def guest_classes_for(user: User, site_id: int | None = None) -> QuerySet[GuestClass]:
    qs = GuestClass.objects.filter(site_id__in=user_site_ids(user)).select_related("site")
    return qs.filter(site_id=site_id) if site_id else qs


@dataclass
class ReceptionReport:
    per_class: list[dict[str, Any]]
    per_host: list[dict[str, Any]]
    per_month: list[dict[str, Any]]
    spend: list[dict[str, Any]]
    satisfaction: Decimal | None
    open_urging: int
    overdue_urging: int


def reception_report(user: User, *, now: datetime | None = None) -> ReceptionReport:
    """Visits per class, host and month; spend against caps; satisfaction; open urging."""
    at = now or timezone.now()
    visits = visit_list_for(user).exclude(status=VisitStatus.CANCELLED)
    per_class = list(
        visits.values("guest_class__code", "guest_class__name")
        .annotate(n=Count("id"))
        .order_by("guest_class__code")
    )
    per_host = list(
        visits.values("host__username", "host__display_name").annotate(n=Count("id")).order_by("-n")
    )
    per_month = list(
        visits.annotate(month=TruncMonth("starts_at")).values("month").annotate(n=Count("id"))
        .order_by("month")
    )  # fmt: skip
    spend = []
    rows = (
        visits.exclude(spend_total=None)
        .values("guest_class__code", "guest_class__name", "guest_class__cap_per_head")
        .annotate(total=Sum("spend_total"), heads=Sum("headcount"), n=Count("id"))
        .order_by("guest_class__code")
    )
    for row in rows:
        per_head = rules.spend_per_head(row["total"], row["heads"]) if row["heads"] else None
        over = visits.filter(
            guest_class__code=row["guest_class__code"],
            spend_status__in=[SpendStatus.PENDING, SpendStatus.APPROVED, SpendStatus.REFUSED],
        ).count()
        spend.append({**row, "per_head": per_head, "over_cap": over})
    satisfaction = visits.exclude(satisfaction=None).aggregate(a=Avg("satisfaction"))["a"]
    urging = urging_list_for(user).filter(status=UrgingStatus.OPEN)
    return ReceptionReport(
        per_class=per_class,
        per_host=per_host,
        per_month=per_month,
        spend=spend,
        satisfaction=Decimal(str(round(satisfaction, 2))) if satisfaction is not None else None,
        open_urging=urging.count(),
        overdue_urging=urging.filter(due_at__lt=at).count(),
    )
