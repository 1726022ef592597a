"""Pure rules of the reports: periods and rates. No ORM, no clock.

Periods (seed 002 §5.3, 000 §4.4): a day, an ISO week (Monday to Sunday) or a
calendar month, always as a half-open range of dates ``[start, end)``.
Targets: reply rate 100% (000 §4.4), the telecom monthly average final-reply
time ≤ 17 h (002 L178), face-to-face coverage ≥ 90%.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

T = TypeVar("T")

DAILY, WEEKLY, MONTHLY = "daily", "weekly", "monthly"
PERIODS = (DAILY, WEEKLY, MONTHLY)

#: seed 002 L178: the month's average intake→final-reply time, in hours
REPLY_HOURS_TARGET = 17
#: seed 000 §4.4: every request is replied to
REPLY_RATE_TARGET = 100
#: closure within 7 days (seed 000 §4.5)
CLOSURE_DAYS = 7
#: a solution within 1 working day (seed 002 §5.3)
SOLUTION_WORKING_DAYS = 1


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
