"""The KPI figures of a period.

Everything is computed from the records of the desk, return visits, tenant
meetings and visits, customer files and the sales office, for the sites a user
may see (``user_site_ids``) or, for the scheduled reports, for one site.
Requests count in the period of their intake (``received_at``); return visits
in the period they were due (completion) or done (satisfaction); files in the
period their hand-over was due; face-to-face coverage is the year to the
period's end. The on-time rate per clock reuses the desk's report
(``kefu.desk.sla_report.sla_ontime_totals``) so there is one definition of "on
time".

Every figure is aggregated in the database with a fixed number of queries,
whatever the number of requests: the requests of the period are **one grouped
query** bounded by ``(site, received_at)`` (``_ticket_groups``), from which the
counts per dimension and the request figures are summed; "solved within 1
working day" compares the reply with a ``CASE`` of the deadline of each intake
day, computed from each site's calendar (``_solution_deadline``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from kefu.calendar.selectors import work_calendars_for
from kefu.desk.models import Category, Channel, RequestType, Status, Ticket
from kefu.desk.sla_report import sla_ontime_totals
from kefu.files.selectors import handover_timeliness
from kefu.org.models import Department, Site, SiteKind
from kefu.org.selectors import user_site_ids
from kefu.reports import rules
from kefu.reports.errors import ReportDayOutOfRange, ReportNotFound
from kefu.visits.models import ReturnVisit, VisitReason, VisitStatus
from kefu.visits.rules import FACE_TO_FACE_TARGET
from kefu.visits.selectors import face_to_face_totals

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
    #: file hand-over per handing department: department, due, met, rate
    handover: list[dict[str, Any]] = field(default_factory=list)


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


def _solution_deadline(site_ids: list[int], start: date, end: date) -> Case:
    """The "solved within 1 working day" deadline of a request as SQL: per site and
    intake day, the close of the next working day of the site's calendar (seed 002
    §5.3, seed 000 L645), as ``WorkCalendar.add_working_days`` gives it.

    That deadline depends only on the intake *day* (an instant at midnight belongs to
    the day before), so the days of the period are computed here once per calendar;
    runs of days with the same deadline (Fri–Sun → Monday) and sites with the same
    calendar share one branch. The runs are searched by halves (``_run_search``), so
    a request costs a few comparisons whether the period is a month (~25 runs) or a
    year (~250), not one per run.
    """
    sites_by_runs: dict[tuple, list[int]] = defaultdict(list)
    runs_of: dict[int, tuple] = {}  # sites without a calendar of their own share one
    for site_id, calendar in work_calendars_for(site_ids).items():
        if id(calendar) not in runs_of:
            tz = calendar.time_zone
            days = []
            for ordinal in range(start.toordinal() - 2, end.toordinal() + 2):
                day = date.fromordinal(ordinal)
                noon = datetime.combine(day, time(12), tzinfo=tz)
                deadline = calendar.add_working_days(noon, rules.SOLUTION_WORKING_DAYS).at
                days.append((day, deadline))
            runs_of[id(calendar)] = (tz, tuple(rules.day_runs(days)))
        sites_by_runs[runs_of[id(calendar)]].append(site_id)
    whens = [
        When(
            site_id__in=ids,
            received_at__gt=datetime.combine(runs[0][0], time.min, tzinfo=tz),
            received_at__lte=datetime.combine(runs[-1][1], time.min, tzinfo=tz),
            then=_run_search(runs, tz),
        )
        for (tz, runs), ids in sites_by_runs.items()
    ]
    return Case(*whens, default=None, output_field=DateTimeField())


def _run_search(runs: tuple[tuple[date, date, datetime], ...], tz) -> Case | Value:
    """The deadline of the run holding ``received_at`` (runs consecutive, each one
    the instants ``(first 00:00, until 00:00]``), as nested halves: ``CASE WHEN
    received_at <= <the middle run's first midnight> THEN <first half> ELSE <second
    half> END``."""
    if len(runs) == 1:
        return Value(runs[0][2], output_field=DateTimeField())
    middle = len(runs) // 2
    return Case(
        When(
            received_at__lte=datetime.combine(runs[middle][0], time.min, tzinfo=tz),
            then=_run_search(runs[:middle], tz),
        ),
        default=_run_search(runs[middle:], tz),
        output_field=DateTimeField(),
    )


def ticket_groups(site_ids: list[int], start: date, end: date) -> QuerySet:
    """The requests of the period in one query, grouped by site, type, category,
    channel and handling department, with each group's figures."""
    counted = ~Q(status=Status.REJECTED)
    replied = counted & Q(replied_at__isnull=False)
    worked = ExpressionWrapper(
        F("replied_at") - F("received_at") - Coalesce("sla_paused_total", timedelta()),
        output_field=DurationField(),
    )
    return (
        tickets_in(site_ids, start, end)
        .order_by()
        .values(*(key for key, _label in DIMENSIONS.values()))
        .annotate(
            n=Count("id"),
            counted=Count("id", filter=counted),
            replied=Count("id", filter=replied),
            reply_time=Sum(worked, filter=replied),
            closed_7d=Count(
                "id",
                filter=counted
                & Q(closed_at__lte=F("received_at") + timedelta(days=rules.CLOSURE_DAYS)),
            ),
            solved=Count(
                "id",
                filter=replied & Q(replied_at__lte=_solution_deadline(site_ids, start, end)),
            ),
        )
    )


def _names(groups: list[dict[str, Any]]) -> dict[tuple[str, int], str]:
    """The names of the types, categories, channels, departments and sites of the
    groups: one ``UNION ALL`` query (grouping by ids keeps the big query join-free)."""
    models = {
        "type": RequestType,
        "category": Category,
        "channel": Channel,
        "department": Department,
        "site": Site,
    }
    parts = []
    for dimension, (key, _label) in DIMENSIONS.items():
        ids = {g[key] for g in groups if g[key] is not None}
        if ids:
            parts.append(
                models[dimension]
                .objects.filter(pk__in=ids)
                .order_by()
                .values_list(Value(dimension, output_field=CharField()), "pk", "name")
            )
    if not parts:
        return {}
    return {(d, pk): name for d, pk, name in parts[0].union(*parts[1:], all=True)}


def _counts(groups: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Counts per type, category, channel, department and site, most first (ties by name)."""
    names = _names(groups)
    result = {}
    for dimension, (key, _label) in DIMENSIONS.items():
        counts: dict[int | None, int] = defaultdict(int)
        for g in groups:
            counts[g[key]] += g["n"]
        rows = [(pk, names.get((dimension, pk)), n) for pk, n in counts.items()]
        rows.sort(key=lambda r: (-r[2], r[1] is None, r[1] or ""))
        result[dimension] = [{"id": pk, "name": name or "—", "n": n} for pk, name, n in rows]
    return result


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


def _ticket_figures(groups: list[dict[str, Any]]) -> dict[str, Figure]:
    total = sum(g["counted"] for g in groups)
    replied = sum(g["replied"] for g in groups)
    closed_7d = sum(g["closed_7d"] for g in groups)
    solved = sum(g["solved"] for g in groups)
    reply_time = sum((g["reply_time"] for g in groups if g["reply_time"]), timedelta())
    return {
        "requests": Figure("requests", sum(g["n"] for g in groups), unit=""),
        "reply_rate": Figure(
            "reply_rate",
            rules.rate(replied, total),
            replied,
            total,
            Decimal(rules.REPLY_RATE_TARGET),
        ),
        "average_reply_hours": Figure(
            "average_reply_hours",
            rules.average_hours(reply_time.total_seconds(), replied),
            replied,
            None,
            Decimal(rules.REPLY_HOURS_TARGET),
            unit="h",
        ),
        "solved_1_working_day": Figure(
            "solved_1_working_day", rules.rate(solved, replied), solved, replied
        ),
        "closed_7_days": Figure("closed_7_days", rules.rate(closed_7d, total), closed_7d, total),
    }


def _face_to_face(site_ids: list[int], start: date, end: date) -> Figure:
    """Tenants met in person in the year to the period's end (seed 000 L57, ≥ 90%),
    as ``kefu.visits.selectors.coverage_for`` counts them."""
    tenants, met = face_to_face_totals(site_ids, year=start.year, until=end)
    target = Decimal(FACE_TO_FACE_TARGET)
    return Figure("face_to_face", rules.rate(met, tenants), met, tenants, target)


def _handover(
    site_ids: list[int], start: date, end: date, now: datetime
) -> tuple[Figure, list[dict[str, Any]]]:
    """Files handed over within their deadline ÷ files due in the period, in all and
    per handing department (seed 000 L197)."""
    lo, hi = _bounds(start, end)
    rows = handover_timeliness(site_ids, start=lo, end=hi, now=now)
    for row in rows:
        row["rate"] = rules.rate(row["met"], row["due"])
    met, due = sum(r["met"] for r in rows), sum(r["due"] for r in rows)
    return Figure("file_handover", rules.rate(met, due), met, due), rows


def _ontime(site_ids: list[int], start: date, end: date, now: datetime) -> list[dict[str, Any]]:
    """On time per clock: the desk's report of the period's deadlines, summed over
    sites and departments (``sla_ontime_totals``, one aggregate; a year is the sum
    of its months, a week of its days). Due and met only: the page shows no hours
    per clock, and leaving them out spares the interval sums (on SQLite a Python
    function per row)."""
    lo, hi = _bounds(start, end)
    return [
        {
            "label": row.clock_label,
            "clock": row.clock,
            "due": row.due,
            "met": row.met,
            "rate": rules.rate(row.met, row.due),
        }
        for row in sla_ontime_totals(site_ids=set(site_ids), start=lo, end=hi, now=now, hours=False)
    ]


def kpis_for_sites(
    site_ids: list[int], *, period: str, day: date, now: datetime | None = None
) -> Kpis:
    """The KPI figures of the period containing ``day`` for ``site_ids`` (no access check).

    A fixed number of queries, whatever the requests and sites: the calendars'
    check, the grouped requests and their names, the on-time report (monthly and
    yearly: a year is one pass over its range, not twelve months), two
    for return visits, one each for face-to-face coverage and file hand-over, the
    sites (plus the statistics of each sales office among them).
    """
    now = now or timezone.now()
    start, end = rules.period_bounds(period, day)
    groups = list(ticket_groups(site_ids, start, end))
    handover, handover_rows = _handover(site_ids, start, end, now)
    figures = {
        **_ticket_figures(groups),
        **_visits(site_ids, start, end),
        "face_to_face": _face_to_face(site_ids, start, end),
        "file_handover": handover,
    }
    return Kpis(
        site_ids=list(site_ids),
        period=period,
        start=start,
        end=end,
        figures=figures,
        counts=_counts(groups),
        ontime=_ontime(site_ids, start, end, now),
        reception=_reception(site_ids, start, end),
        handover=handover_rows,
    )


def check_day(day: date) -> None:
    """A day outside ``rules.FIRST_DAY``–``LAST_DAY`` is a coded 400, not a date overflow."""
    if not rules.day_in_range(day):
        raise ReportDayOutOfRange(fields={"day": [str(ReportDayOutOfRange.default_message)]})


def kpis_for(user, *, period: str, day: date, site_id: int | None = None) -> Kpis:
    check_day(day)
    return kpis_for_sites(report_site_ids(user, site_id), period=period, day=day)


def trend_for(kpis: Kpis) -> list[dict[str, Any]]:
    """The chart's 12 months: a year's own months (January to December), else the 12
    months to the period's first month."""
    month = kpis.end - timedelta(days=1) if kpis.period == rules.YEARLY else kpis.start
    return monthly_trend(kpis.site_ids, month=month)


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
