"""The records behind a figure (the drill-down): requests, return visits, tenants
not met in person, or files not handed over on time."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from kefu.desk.models import Status
from kefu.files.selectors import handover_late_files
from kefu.reports import rules
from kefu.reports.errors import ReportMetricUnknown
from kefu.reports.selectors.kpis import (
    DIMENSIONS,
    _bounds,
    check_day,
    report_site_ids,
    tickets_in,
)
from kefu.visits.models import ReturnVisit, VisitStatus
from kefu.visits.selectors import face_to_face_tenants

TICKET_METRICS = {
    "requests": Q(),
    "replied": Q(replied_at__isnull=False),
    "not_replied": Q(replied_at__isnull=True) & ~Q(status=Status.REJECTED),
    "closed_7_days": Q(closed_at__lte=F("received_at") + timedelta(days=rules.CLOSURE_DAYS)),
    "not_closed_7_days": ~Q(status=Status.REJECTED)
    & (Q(closed_at__isnull=True) | Q(closed_at__gt=F("received_at") + timedelta(days=7))),
}
VISIT_METRICS = ("visits_due", "visits_done", "visits_unsatisfied")
#: face-to-face coverage (seed 000 L57) and file hand-over (L197)
OTHER_METRICS = ("tenants_not_met", "files_handover_late")


def record_kind(qs: QuerySet) -> str:
    """``tickets``, ``visits``, ``tenants`` or ``files``: how the records page shows them."""
    return {
        "ticket": "tickets",
        "returnvisit": "visits",
        "customer": "tenants",
        "customerfile": "files",
    }[qs.model._meta.model_name]


def record_url(obj) -> str:
    """The page of a record behind a figure."""
    from django.urls import reverse

    if hasattr(obj, "get_absolute_url"):
        return obj.get_absolute_url()
    name = {"customer": "customers:customer_detail", "customerfile": "files:file_detail"}
    return reverse(name[obj._meta.model_name], args=[obj.pk])


def drilldown(
    user,
    *,
    metric: str,
    period: str,
    day: date,
    site_id: int | None = None,
    dimension: str | None = None,
    value: int | None = None,
    now: datetime | None = None,
) -> QuerySet:
    """The records behind a figure, for the records page (``record_kind`` says which)."""
    check_day(day)
    site_ids = report_site_ids(user, site_id)
    start, end = rules.period_bounds(period, day)
    if metric in TICKET_METRICS:
        qs = tickets_in(site_ids, start, end).filter(TICKET_METRICS[metric])
        if dimension in DIMENSIONS:
            qs = qs.filter(**{DIMENSIONS[dimension][0]: value})
        return qs.select_related("site", "request_type", "category", "channel").order_by(
            "received_at", "id"
        )
    if metric in VISIT_METRICS:
        visits = ReturnVisit.objects.filter(site_id__in=site_ids).select_related("site", "ticket")
        if metric == "visits_due":
            visits = visits.filter(due_on__gte=start, due_on__lt=end).exclude(
                status=VisitStatus.CANCELLED
            )
        else:
            lo, hi = _bounds(start, end)
            visits = visits.filter(status=VisitStatus.DONE, done_at__gte=lo, done_at__lt=hi)
            if metric == "visits_unsatisfied":
                visits = visits.filter(satisfied=False)
        return visits.order_by("due_on", "id")
    if metric == "tenants_not_met":
        tenants = face_to_face_tenants(site_ids, year=start.year, until=end, met=False)
        return tenants.select_related("site").order_by("name", "id")
    if metric == "files_handover_late":
        lo, hi = _bounds(start, end)
        files = handover_late_files(site_ids, start=lo, end=hi, now=now or timezone.now())
        return files.select_related("site", "kind", "customer").order_by("handover_due_at", "id")
    raise ReportMetricUnknown()
