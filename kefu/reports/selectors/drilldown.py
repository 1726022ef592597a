"""The records behind a figure (the drill-down): requests or return visits."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import F, Q, QuerySet

from kefu.desk.models import Status
from kefu.reports import rules
from kefu.reports.errors import ReportMetricUnknown
from kefu.reports.selectors.kpis import DIMENSIONS, _bounds, report_site_ids, tickets_in
from kefu.visits.models import ReturnVisit, VisitStatus

TICKET_METRICS = {
    "requests": Q(),
    "replied": Q(replied_at__isnull=False),
    "not_replied": Q(replied_at__isnull=True) & ~Q(status=Status.REJECTED),
    "closed_7_days": Q(closed_at__lte=F("received_at") + timedelta(days=rules.CLOSURE_DAYS)),
    "not_closed_7_days": ~Q(status=Status.REJECTED)
    & (Q(closed_at__isnull=True) | Q(closed_at__gt=F("received_at") + timedelta(days=7))),
}
VISIT_METRICS = ("visits_due", "visits_done", "visits_unsatisfied")


def drilldown(
    user,
    *,
    metric: str,
    period: str,
    day: date,
    site_id: int | None = None,
    dimension: str | None = None,
    value: int | None = None,
) -> QuerySet:
    """The requests (or return visits) behind a figure, for the records page."""
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
    raise ReportMetricUnknown()
