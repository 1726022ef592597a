"""Reads of the reports app: the KPI figures of a period and the records behind them.

Everything is computed from the records of the desk, return visits and the
sales office, for the sites a user may see (``user_site_ids``) or, for the
scheduled reports, for one site. Requests count in the period of their intake
(``received_at``); return visits in the period they were due (completion) or
done (satisfaction). The on-time rate per clock reuses the desk's report
(``kefu.desk.sla_report.sla_ontime_rows``) so there is one definition of "on
time". Figures are aggregated in the database; only "solved within 1 working
day" walks the replied requests of the period through each site's calendar.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from kefu.calendar.selectors import work_calendar_for
from kefu.desk.models import Status, Ticket
from kefu.desk.sla_report import sla_ontime_rows
from kefu.org.models import Site, SiteKind
from kefu.org.selectors import user_site_ids
from kefu.reports import rules
from kefu.reports.errors import ReportNotFound
from kefu.visits.models import ReturnVisit, VisitReason, VisitStatus

DIMENSIONS = {
    "type": ("request_type_id", "request_type__name"),
    "category": ("category_id", "category__name"),
    "channel": ("channel_id", "channel__name"),
    "department": ("handling_department_id", "handling_department__name"),
    "site": ("site_id", "site__name"),
}


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end, time.min, tzinfo=tz),
    )


@dataclass
class Figure:
    """One KPI: ``value`` (a count, a percentage or hours) and what it is made of."""

    key: str
    value: Decimal | int | None
    part: int | None = None
    whole: int | None = None
    target: Decimal | int | None = None
    unit: str = "%"

    @property
    def meets_target(self) -> bool | None:
        if self.value is None or self.target is None:
            return None
        if self.key == "average_reply_hours":
            return self.value <= self.target
        return self.value >= self.target


@dataclass
class Kpis:
    site_ids: list[int]
    period: str
    start: date
    end: date
    figures: dict[str, Figure]
    counts: dict[str, list[dict[str, Any]]]
    ontime: list[dict[str, Any]] = field(default_factory=list)
    reception: dict[str, Any] = field(default_factory=dict)


def report_site_ids(user, site_id: int | None = None) -> list[int]:
    """The sites ``user`` may report on; another site's id is a coded 404."""
    sites = user_site_ids(user)
    if site_id is not None:
        if site_id not in sites:
            raise ReportNotFound()
        return [site_id]
    return sorted(sites)


def tickets_in(site_ids: list[int], start: date, end: date) -> QuerySet[Ticket]:
    lo, hi = _bounds(start, end)
    return Ticket.objects.filter(site_id__in=site_ids, received_at__gte=lo, received_at__lt=hi)


def _counts(tickets: QuerySet[Ticket]) -> dict[str, list[dict[str, Any]]]:
    """Counts per type, category, channel, department and site (one query each)."""
    result = {}
    for dimension, (key, label) in DIMENSIONS.items():
        rows = tickets.order_by().values(key, label).annotate(n=Count("id")).order_by("-n", label)
        result[dimension] = [{"id": r[key], "name": r[label] or "—", "n": r["n"]} for r in rows]
    return result


def _solved_within_one_working_day(tickets: QuerySet[Ticket]) -> tuple[int, int]:
    """Replied requests, and those replied within 1 working day of intake by the
    site's calendar (seed 002 §5.3)."""
    solved = total = 0
    calendars: dict[int, Any] = {}
    rows = tickets.filter(replied_at__isnull=False).values_list(
        "site_id", "received_at", "replied_at"
    )
    for site_id, received_at, replied_at in rows.iterator(chunk_size=5000):
        calendar = calendars.get(site_id)
        if calendar is None:
            calendar = calendars[site_id] = work_calendar_for(site_id)
        total += 1
        if replied_at <= calendar.add_working_days(received_at, rules.SOLUTION_WORKING_DAYS).at:
            solved += 1
    return solved, total


def _visits(site_ids: list[int], start: date, end: date) -> dict[str, Figure]:
    lo, hi = _bounds(start, end)
    due = (
        ReturnVisit.objects.filter(site_id__in=site_ids, due_on__gte=start, due_on__lt=end)
        .exclude(status=VisitStatus.CANCELLED)
        .aggregate(n=Count("id"), done=Count("id", filter=Q(status=VisitStatus.DONE)))
    )
    done = ReturnVisit.objects.filter(
        site_id__in=site_ids, status=VisitStatus.DONE, done_at__gte=lo, done_at__lt=hi
    ).aggregate(
        n_rated=Count("id", filter=Q(satisfied__isnull=False)),
        n_satisfied=Count("id", filter=Q(satisfied=True)),
        n_reply_rated=Count(
            "id", filter=Q(satisfied__isnull=False, reason=VisitReason.COMPLAINT_REPLY)
        ),
        n_reply_satisfied=Count("id", filter=Q(satisfied=True, reason=VisitReason.COMPLAINT_REPLY)),
    )
    return {
        "visit_completion": Figure(
            "visit_completion",
            rules.rate(due["done"], due["n"]),
            due["done"],
            due["n"],
            Decimal(100),
        ),
        "satisfaction_visit": Figure(
            "satisfaction_visit",
            rules.rate(done["n_satisfied"], done["n_rated"]),
            done["n_satisfied"],
            done["n_rated"],
        ),
        "satisfaction_reply": Figure(
            "satisfaction_reply",
            rules.rate(done["n_reply_satisfied"], done["n_reply_rated"]),
            done["n_reply_satisfied"],
            done["n_reply_rated"],
        ),
    }


def _reception(site_ids: list[int], start: date, end: date) -> dict[str, Any]:
    """《来人来电统计表》 totals of the sales offices (``kefu.sales.selectors.statistics``)."""
    from kefu.sales.selectors import statistics

    totals = {"visits": 0, "calls": 0, "receptions": 0, "subscriptions": 0, "contracts": 0}
    for site in Site.objects.filter(pk__in=site_ids, kind=SiteKind.SALES_OFFICE):
        _rows, total = statistics(site, start, end)
        for key in totals:
            totals[key] += getattr(total, key) or 0
    totals["conversion"] = rules.rate(totals["subscriptions"], totals["visits"])
    return totals


def kpis_for_sites(
    site_ids: list[int], *, period: str, day: date, now: datetime | None = None
) -> Kpis:
    """The KPI figures of the period containing ``day`` for ``site_ids`` (no access check)."""
    start, end = rules.period_bounds(period, day)
    tickets = tickets_in(site_ids, start, end)
    counted = tickets.exclude(status=Status.REJECTED)
    worked = ExpressionWrapper(
        F("replied_at") - F("received_at") - Coalesce("sla_paused_total", timedelta()),
        output_field=DurationField(),
    )
    agg = counted.aggregate(
        total=Count("id"),
        replied=Count("id", filter=Q(replied_at__isnull=False)),
        reply_time=Sum(worked, filter=Q(replied_at__isnull=False)),
        closed=Count("id", filter=Q(closed_at__isnull=False)),
        closed_7d=Count(
            "id", filter=Q(closed_at__lte=F("received_at") + timedelta(days=rules.CLOSURE_DAYS))
        ),
    )
    reply_seconds = agg["reply_time"].total_seconds() if agg["reply_time"] else 0.0
    solved, replied = _solved_within_one_working_day(counted)
    figures = {
        "requests": Figure("requests", tickets.count(), unit=""),
        "reply_rate": Figure(
            "reply_rate",
            rules.rate(agg["replied"], agg["total"]),
            agg["replied"],
            agg["total"],
            Decimal(rules.REPLY_RATE_TARGET),
        ),
        "average_reply_hours": Figure(
            "average_reply_hours",
            rules.average_hours(reply_seconds, agg["replied"]),
            agg["replied"],
            None,
            Decimal(rules.REPLY_HOURS_TARGET),
            unit="h",
        ),
        "solved_1_working_day": Figure(
            "solved_1_working_day", rules.rate(solved, replied), solved, replied
        ),
        "closed_7_days": Figure(
            "closed_7_days",
            rules.rate(agg["closed_7d"], agg["total"]),
            agg["closed_7d"],
            agg["total"],
        ),
        **_visits(site_ids, start, end),
    }
    ontime = []
    if period == rules.MONTHLY:
        per_clock: dict[str, dict[str, Any]] = defaultdict(lambda: {"due": 0, "met": 0})
        for row in sla_ontime_rows(site_ids=set(site_ids), month=start, now=now):
            entry = per_clock[row.clock]
            entry["label"], entry["clock"] = row.clock_label, row.clock
            entry["due"] += row.due
            entry["met"] += row.met
        for entry in per_clock.values():
            entry["rate"] = rules.rate(entry["met"], entry["due"])
            ontime.append(entry)
    return Kpis(
        site_ids=list(site_ids),
        period=period,
        start=start,
        end=end,
        figures=figures,
        counts=_counts(tickets),
        ontime=ontime,
        reception=_reception(site_ids, start, end),
    )


def kpis_for(user, *, period: str, day: date, site_id: int | None = None) -> Kpis:
    return kpis_for_sites(report_site_ids(user, site_id), period=period, day=day)


def monthly_trend(site_ids: list[int], *, month: date, months: int = 12) -> list[dict[str, Any]]:
    """Requests and reply rate per month for the chart, oldest first (one query)."""
    first = month.replace(day=1)
    for _ in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    _start, end = rules.period_bounds(rules.MONTHLY, month)
    from django.db.models.functions import TruncMonth

    rows = (
        tickets_in(site_ids, first, end)
        .exclude(status=Status.REJECTED)
        .annotate(m=TruncMonth("received_at"))
        .order_by()
        .values("m")
        .annotate(n=Count("id"), replied=Count("id", filter=Q(replied_at__isnull=False)))
        .order_by("m")
    )
    return [
        {
            "month": (r["m"].date() if isinstance(r["m"], datetime) else r["m"]).strftime("%Y-%m"),
            "requests": r["n"],
            "reply_rate": float(rules.rate(r["replied"], r["n"]) or 0),
        }
        for r in rows
    ]
