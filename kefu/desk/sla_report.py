"""The on-time rate report: per site, handling department, month and clock.

A request counts in the month in which a clock's deadline falls. Per clock:
``due`` (deadlines in the month that are decided: met, missed, or still open
but already past), ``met`` (stopped at or before the deadline; 以内 includes
it), ``missed`` (stopped late, or still open after it), ``rate`` = met / due
and ``avg_hours``: the average time from intake to the clock's stop, for the
clocks that stopped, **without the time paused** waiting on the customer
(``sla_paused_total``). Deadlines still ahead are not counted yet.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q
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


def sla_ontime_rows(
    *, site_ids: set[int], month: date, now: datetime | None = None
) -> list[OnTimeRow]:
    """The report's rows for ``site_ids`` (no access check: callers scope the sites;
    the reports app and the scheduled reports use it)."""
    now = now or timezone.now()
    start, end = month_bounds(month)
    sites = site_ids
    in_month = Q()
    for clock in sla.CLOCKS:
        in_month |= Q(**{f"{clock}_due__gte": start, f"{clock}_due__lt": end})
    fields = [
        "site__name",
        "handling_department__name",
        "status",
        "received_at",
        "sla_paused_total",
        *{f"{c}_due" for c in sla.CLOCKS},
        *set(DONE_FIELD.values()),
    ]
    rows: dict[tuple[str, str, str], OnTimeRow] = {}
    grouped = defaultdict(list)
    for t in Ticket.objects.filter(in_month, site_id__in=sites).values(*fields).iterator():
        for clock in sla.CLOCKS:
            due = t[f"{clock}_due"]
            if due is None or not (start <= due < end):
                continue
            grouped[(t["site__name"], t["handling_department__name"] or "—", clock)].append(t)
    for (site, department, clock), tickets in sorted(grouped.items()):
        row = rows.setdefault(
            (site, department, clock),
            OnTimeRow(site, department, clock, str(SlaClock(clock).label)),
        )
        for t in tickets:
            done_at = t[DONE_FIELD[clock]]
            outcome = clock_outcome(
                due=t[f"{clock}_due"],
                done_at=done_at,
                rejected=t["status"] == Status.REJECTED,
                now=now,
            )
            if outcome in ("met", "missed"):
                row.due += 1
                setattr(row, outcome, getattr(row, outcome) + 1)
            if done_at is not None and outcome != "none":
                worked = done_at - t["received_at"] - (t["sla_paused_total"] or timedelta())
                row.total_hours += max(worked, timedelta()).total_seconds() / 3600
                row.stopped += 1
    order = {c: i for i, c in enumerate(sla.CLOCKS)}
    return sorted(rows.values(), key=lambda r: (r.site, r.department, order[r.clock]))


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
