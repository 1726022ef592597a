"""The on-time rate report: per site, handling department, month and clock.

A request counts in the month in which a clock's deadline falls. Per clock:
``due`` (deadlines in the month that are decided: met, missed, or still open
but already past), ``met`` (stopped at or before the deadline; 以内 includes
it), ``missed`` (stopped late, or still open after it), ``rate`` = met / due
and ``avg_hours``: the average time from intake to the clock's stop, for the
clocks that stopped, **without the time paused** waiting on the customer
(``sla_paused_total``). Deadlines still ahead are not counted yet.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from kefu.desk import sla
from kefu.desk.models import SlaClock, Status, Ticket
from kefu.org.selectors import user_site_ids

DONE_FIELD = {
    "first_response": "accepted_at",
    "reply": "replied_at",
    "handling_opinion": "opinion_at",
    "resolution": "replied_at",
    "closure": "closed_at",
}


@dataclass
class OnTimeRow:
    site: str
    department: str
    clock: str
    clock_label: str
    due: int = 0
    met: int = 0
    missed: int = 0
    total_hours: float = 0.0
    stopped: int = 0

    @property
    def rate(self) -> float | None:
        return round(100 * self.met / self.due, 1) if self.due else None

    @property
    def avg_hours(self) -> float | None:
        return round(self.total_hours / self.stopped, 1) if self.stopped else None


def month_bounds(month: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.combine(month.replace(day=1), time.min, tzinfo=tz)
    following = (month.replace(day=1) + timedelta(days=32)).replace(day=1)
    return start, datetime.combine(following, time.min, tzinfo=tz)


def clock_outcome(*, due: datetime, done_at: datetime | None, rejected: bool, now: datetime) -> str:
    """``met``, ``missed``, ``open`` (not due yet) or ``none`` (rejected)."""
    if rejected:
        return "none"
    state = sla.sla_state(due=due, done_at=done_at, now=now)
    return {"met": "met", "missed": "missed", "overdue": "missed"}.get(state, "open")


def sla_ontime_report(
    user, *, month: date, site_id: int | None = None, now: datetime | None = None
) -> list[OnTimeRow]:
    """Rows per site, department and clock for ``month`` at the sites ``user`` may see."""
    sites = user_site_ids(user)
    if site_id is not None:
        sites = sites & {site_id}
    return sla_ontime_rows(site_ids=sites, month=month, now=now)


def _clock_aggregates(
    start: datetime, end: datetime, now: datetime, *, hours: bool = True
) -> dict[str, Any]:
    """Filtered aggregates of every clock, for one grouped query.

    Per clock: ``n`` requests whose deadline falls in ``[start, end)`` (the row
    exists), ``met`` (stopped at or before it), ``missed`` (stopped late, or
    open after it), and with ``hours`` ``stopped`` and ``worked`` (Σ intake →
    stop less the time paused, never below zero: interval arithmetic, which
    SQLite runs as a Python function per row). Rejected requests count in ``n``
    only, as in ``clock_outcome``.
    """
    counted = ~Q(status=Status.REJECTED)
    paused = Coalesce("sla_paused_total", Value(timedelta()), output_field=DurationField())
    aggregates: dict[str, Any] = {}
    for clock in sla.CLOCKS:
        due, done = f"{clock}_due", DONE_FIELD[clock]
        in_period = Q(**{f"{due}__gte": start, f"{due}__lt": end})
        decided = in_period & counted
        stopped = decided & Q(**{f"{done}__isnull": False})
        worked = ExpressionWrapper(
            F(done) - F("received_at") - paused, output_field=DurationField()
        )
        aggregates[f"{clock}__n"] = Count("id", filter=in_period)
        aggregates[f"{clock}__met"] = Count("id", filter=decided & Q(**{f"{done}__lte": F(due)}))
        aggregates[f"{clock}__missed"] = Count(
            "id",
            filter=decided
            & (Q(**{f"{done}__gt": F(due)}) | Q(**{f"{done}__isnull": True, f"{due}__lt": now})),
        )
        if not hours:
            continue
        aggregates[f"{clock}__stopped"] = Count("id", filter=stopped)
        aggregates[f"{clock}__worked"] = Sum(
            Greatest(worked, Value(timedelta()), output_field=DurationField()), filter=stopped
        )
    return aggregates


def ontime_queryset(site_ids: set[int], start: datetime, end: datetime):
    """The requests with at least one deadline in ``[start, end)`` at ``site_ids``.

    Each clock's range is served by its partial ``(site, <clock>_due)`` index
    (a bitmap OR on PostgreSQL, an OR-by-union on SQLite); the intake time
    cannot bound it, since a pause moves a deadline any distance past intake.
    """
    in_period = Q()
    for clock in sla.CLOCKS:
        in_period |= Q(**{f"{clock}_due__gte": start, f"{clock}_due__lt": end})
    return Ticket.objects.filter(in_period, site_id__in=site_ids).order_by()


def _row(figures: dict[str, Any], clock: str, site: str, department: str) -> OnTimeRow:
    """One clock's row from the aggregates of ``_clock_aggregates`` (no hours: 0)."""
    met, missed = figures[f"{clock}__met"], figures[f"{clock}__missed"]
    worked = figures.get(f"{clock}__worked") or timedelta()
    return OnTimeRow(
        site,
        department,
        clock,
        str(SlaClock(clock).label),
        due=met + missed,
        met=met,
        missed=missed,
        total_hours=worked.total_seconds() / 3600,
        stopped=figures.get(f"{clock}__stopped", 0),
    )


def sla_ontime_rows(
    *, site_ids: set[int], month: date, now: datetime | None = None
) -> list[OnTimeRow]:
    """The report's rows for ``site_ids`` (no access check: callers scope the sites;
    the reports app and the scheduled reports use it).

    One grouped aggregate per site and handling department with every clock's
    figures (``_clock_aggregates``); the outcome of each request is the one
    ``clock_outcome`` gives.
    """
    now = now or timezone.now()
    start, end = month_bounds(month)
    grouped = (
        ontime_queryset(set(site_ids), start, end)
        .values("site__name", "handling_department__name")
        .annotate(**_clock_aggregates(start, end, now))
    )
    rows = [
        _row(group, clock, group["site__name"], group["handling_department__name"] or "—")
        for group in grouped
        for clock in sla.CLOCKS
        if group[f"{clock}__n"]
    ]
    merged: dict[tuple[str, str, str], OnTimeRow] = {}
    for row in rows:  # two departments without a name both show as "—"
        key = (row.site, row.department, row.clock)
        if key in merged:
            first = merged[key]
            first.due, first.met, first.missed = (
                first.due + row.due,
                first.met + row.met,
                first.missed + row.missed,
            )
            first.total_hours += row.total_hours
            first.stopped += row.stopped
        else:
            merged[key] = row
    order = {c: i for i, c in enumerate(sla.CLOCKS)}
    return sorted(merged.values(), key=lambda r: (r.site, r.department, order[r.clock]))


def sla_ontime_totals(
    *,
    site_ids: set[int],
    start: datetime,
    end: datetime,
    now: datetime | None = None,
    hours: bool = True,
) -> list[OnTimeRow]:
    """One row per clock (site and department empty) for the deadlines in ``[start,
    end)`` at ``site_ids``, in ``sla.CLOCKS`` order: the report's rows summed, in one
    aggregate without grouping (no access check; the reports app's month, or its
    year at once, the sum of its months). ``hours=False`` leaves out the average
    hours (``avg_hours`` is ``None``) for a caller that reads only due and met."""
    now = now or timezone.now()
    totals = ontime_queryset(set(site_ids), start, end).aggregate(
        **_clock_aggregates(start, end, now, hours=hours)
    )
    return [_row(totals, clock, "", "") for clock in sla.CLOCKS if totals[f"{clock}__n"]]


def sla_report_xlsx(rows: list[OnTimeRow], *, month: date, headers: list[str]) -> bytes:
    """The report as an Excel workbook (openpyxl)."""
    from io import BytesIO

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = month.strftime("%Y-%m")
    sheet.append(headers)
    for r in rows:
        sheet.append(
            [r.site, r.department, r.clock_label, r.due, r.met, r.missed, r.rate, r.avg_hours]
        )
    for column, width in zip("ABCDEFGH", (18, 18, 22, 8, 8, 8, 10, 14), strict=True):
        sheet.column_dimensions[column].width = width
    out = BytesIO()
    book.save(out)
    return out.getvalue()
