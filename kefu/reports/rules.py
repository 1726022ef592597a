"""Pure rules of the reports: periods, rates and the named report dates. No ORM, no clock.

Periods (seed 002 §5.3, 000 §4.4): a day, an ISO week (Monday to Sunday), a
calendar month or a calendar year, always as a half-open range of dates
``[start, end)``.
Targets: reply rate 100% (000 §4.4), the telecom monthly average final-reply
time ≤ 17 h (002 L178), face-to-face coverage ≥ 90%.

Named report dates (``schedule_occurrence``): the seeds name when a report is
sent — the complaint statistics by the 10th (000 L347), the tracking table
daily at 09:30 for the day before yesterday (002 L200), the fault table every
Monday at 09:30 (L202), the month's test table on the 30th (L200; in February
the last day). A schedule is its period, the day (of the month, or ISO weekday
1–7 of the week; a yearly one also names its month, January if none), the time,
and how many periods back it covers (``lag``: 1 the last complete one, 2 the one
before, 0 the current one to date).
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

T = TypeVar("T")

DAILY, WEEKLY, MONTHLY, YEARLY = "daily", "weekly", "monthly", "yearly"
PERIODS = (DAILY, WEEKLY, MONTHLY, YEARLY)

#: seed 002 L178: the month's average intake→final-reply time, in hours
REPLY_HOURS_TARGET = 17
#: seed 000 §4.4: every request is replied to
REPLY_RATE_TARGET = 100
#: closure within 7 days (seed 000 §4.5)
CLOSURE_DAYS = 7
#: a solution within 1 working day (seed 002 §5.3)
SOLUTION_WORKING_DAYS = 1


#: the days a report may be asked for: a period of them, with the days around it
#: that the 1-working-day deadline looks at, stays inside the calendar
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)


def day_in_range(day: date) -> bool:
    """Whether a report may cover ``day`` (``FIRST_DAY`` to ``LAST_DAY``): 9999-12-31
    has no next month or year."""
    return FIRST_DAY <= day <= LAST_DAY


def period_bounds(period: str, day: date) -> tuple[date, date]:
    """The period containing ``day``: ``[start, end)``."""
    if period == DAILY:
        return day, day + timedelta(days=1)
    if period == WEEKLY:
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=7)
    if period == MONTHLY:
        start = day.replace(day=1)
        return start, (start + timedelta(days=32)).replace(day=1)
    if period == YEARLY:
        start = day.replace(month=1, day=1)
        return start, start.replace(year=start.year + 1)
    raise ValueError(period)


def previous_period(period: str, day: date) -> tuple[date, date]:
    """The last complete period before the one containing ``day``."""
    start, _end = period_bounds(period, day)
    return period_bounds(period, start - timedelta(days=1))


def rate(part: int, whole: int) -> Decimal | None:
    """``part / whole`` in percent, one decimal, half up; ``None`` when nothing counts."""
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def average_hours(total_seconds: float, n: int) -> Decimal | None:
    if not n:
        return None
    return (Decimal(total_seconds) / 3600 / n).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def day_runs(days: list[tuple[date, T]]) -> list[tuple[date, date, T]]:
    """Consecutive days with the same value as ``(first, until, value)`` runs, ``until``
    exclusive: ``[(Fri, X), (Sat, X), (Sun, X), (Mon, Y)]`` → ``[(Fri, Mon, X), (Mon, Tue, Y)]``.
    ``days`` are consecutive and in order."""
    runs: list[tuple[date, date, T]] = []
    for day, value in days:
        if runs and runs[-1][2] == value and runs[-1][1] == day:
            first, _until, _value = runs[-1]
            runs[-1] = (first, day + timedelta(days=1), value)
        else:
            runs.append((day, day + timedelta(days=1), value))
    return runs


#: how far back a named report may look (periods)
MAX_LAG = 3


def run_day_error(
    period: str, run_day: int | None, lag: int, *, run_month: int | None = None
) -> str | None:
    """Why a schedule's day, month or lag is impossible (``None`` if it is fine): a
    day of the month is 1–31, a weekday 1 (Monday)–7, a daily report has no day;
    only a yearly report names a month (1–12), and a day that month can have (29
    February is its last day in other years)."""
    if run_month is not None and period != YEARLY:
        return "month_not_yearly"
    if period == YEARLY and run_month is not None and not 1 <= run_month <= 12:
        return "month"
    if period in (MONTHLY, YEARLY) and run_day is not None and not 1 <= run_day <= 31:
        return "day_of_month"
    longest = calendar.monthrange(2000, run_month or 1)[1]  # 2000: a leap year
    if period == YEARLY and run_day is not None and run_day > longest:
        return "day_of_that_month"
    if period == WEEKLY and run_day is not None and not 1 <= run_day <= 7:
        return "weekday"
    if period == DAILY and run_day is not None:
        return "daily_day"
    if not 0 <= lag <= MAX_LAG:
        return "lag"
    return None


def _run_date(period: str, run_day: int | None, within: date, run_month: int | None) -> date:
    """The run date in the period containing ``within``: the named day of the month
    (the 30th in February is its last day, seed 002 T30), of the named month of the
    year (January if none; 29 February is the 28th in other years), the weekday, or
    the day."""
    if period == MONTHLY:
        last = calendar.monthrange(within.year, within.month)[1]
        return within.replace(day=min(run_day or 1, last))
    if period == YEARLY:
        month = run_month or 1
        last = calendar.monthrange(within.year, month)[1]
        return date(within.year, month, min(run_day or 1, last))
    if period == WEEKLY:
        return within - timedelta(days=within.weekday()) + timedelta(days=(run_day or 1) - 1)
    return within


def covered_period(period: str, run_on: date, lag: int) -> tuple[date, date]:
    """The period a report run on ``run_on`` covers: ``lag`` periods back."""
    start, _end = period_bounds(period, run_on)
    for _ in range(lag):
        start = period_bounds(period, start - timedelta(days=1))[0]
    return period_bounds(period, start)


def schedule_occurrence(
    period: str,
    run_day: int | None,
    run_time: time,
    lag: int,
    now: datetime,
    *,
    run_month: int | None = None,
) -> tuple[datetime, date, date]:
    """The latest named run at or before ``now`` (local, naive or aware alike):
    ``(run_at, start, end)`` with the covered period ``[start, end)``.

    seed 000 L347, by the 10th at 09:00, seen on 10 April at 09:00: run 10 April,
    March; seen on 9 April: run 10 March, February. A yearly report on 15 January
    for the previous year, seen on 14 January 2027: run 15 January 2026, 2025.
    """
    today = now.date()
    run_on = _run_date(period, run_day, today, run_month)
    run_at = datetime.combine(run_on, run_time, tzinfo=now.tzinfo)
    if run_at > now:
        previous = period_bounds(period, today)[0] - timedelta(days=1)
        run_on = _run_date(period, run_day, previous, run_month)
        run_at = datetime.combine(run_on, run_time, tzinfo=now.tzinfo)
    start, end = covered_period(period, run_on, lag)
    return run_at, start, end


def next_run(
    period: str,
    run_day: int | None,
    run_time: time,
    now: datetime,
    *,
    run_month: int | None = None,
) -> datetime:
    """The first named run after ``now``."""
    _period_start, period_end = period_bounds(period, now.date())
    run_on = _run_date(period, run_day, now.date(), run_month)
    run_at = datetime.combine(run_on, run_time, tzinfo=now.tzinfo)
    if run_at <= now:
        run_on = _run_date(period, run_day, period_end, run_month)
        run_at = datetime.combine(run_on, run_time, tzinfo=now.tzinfo)
    return run_at
