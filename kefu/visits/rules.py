"""Return visits (回访) and satisfaction: the pure rules.

No ORM and no clock here: dates and "today" are passed in, a site's working
calendar is anything with ``is_working_day(date) -> bool``
(``kefu.calendar.rules.WorkCalendar``).

- When a visit is due: after a complaint reply, after a repaired product is
  delivered, and the hand-over schedule of 15 days, 1, 3 and 6 months
  (seed 002 L156–158, seed 004 L271–275, L393).
- What happens when the customer is not reached: the next working day, until
  the site's maximum number of attempts; then the visit is flagged.
- Whether a satisfaction value means "satisfied" on the site's scale, and the
  survey figures (response rate, averages).
"""

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol


class WorkingDays(Protocol):
    def is_working_day(self, day: date) -> bool: ...


# --- dates ---------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months, clamped to the month's last day.

    2026-01-31 + 1 month = 2026-02-28; 2024-01-31 + 1 month = 2024-02-29.
    """
    total = day.year * 12 + (day.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


_OFFSET = re.compile(r"^\s*(\d{1,3})\s*([dmDM])\s*$")


@dataclass(frozen=True)
class Offset:
    """A distance from an anchor date: ``15d`` (days) or ``3m`` (calendar months)."""

    amount: int
    unit: str  # "d" or "m"

    @classmethod
    def parse(cls, text: str) -> "Offset":
        match = _OFFSET.match(str(text))
        if not match:
            raise ValueError(f"not an offset: {text!r} (use e.g. 15d or 3m)")
        return cls(int(match.group(1)), match.group(2).lower())

    def apply(self, anchor: date) -> date:
        if self.unit == "m":
            return add_months(anchor, self.amount)
        return anchor + timedelta(days=self.amount)

    def __str__(self) -> str:
        return f"{self.amount}{self.unit}"


#: The hand-over schedule of seed 004 [QZ]: a visit 15–30 days after hand-over
#: acceptance (L271), within a month of completion (L393), and maintenance
#: visits 3 and 6 months after moving in (L273, L275). Reason codes match
#: ``models.VisitReason``.
HANDOVER_SCHEDULE: tuple[tuple[str, str], ...] = (
    ("handover_15d", "15d"),
    ("handover_1m", "1m"),
    ("handover_3m", "3m"),
    ("handover_6m", "6m"),
)


def handover_schedule(
    handed_over_on: date, steps: Iterable[tuple[str, str]] = HANDOVER_SCHEDULE
) -> list[tuple[str, date]]:
    """``[(reason, due_on), …]`` after a hand-over on ``handed_over_on``, by date.

    Seed 004 L271–275, L393: 2026-01-31 → 02-15, 02-28 (clamped), 04-30, 07-31.
    """
    dates = [(reason, Offset.parse(offset).apply(handed_over_on)) for reason, offset in steps]
    return sorted(dates, key=lambda item: (item[1], item[0]))


def after_complaint_reply(replied_on: date, days: int = 15) -> date:
    """Seed 002 L158: other categories are visited 15 days after the reply."""
    return replied_on + timedelta(days=days)


def after_repaired_delivery(delivered_on: date, days: int = 1) -> date:
    """Seed 002 L156: "返修产品交货期第2天" = the day after delivery (day 1 = delivery)."""
    return delivered_on + timedelta(days=days)


def next_working_day(calendar_: WorkingDays, after: date, working_days: int = 1) -> date:
    """The ``working_days``-th working day after ``after`` (at least one day later)."""
    day, found = after, 0
    for _ in range(3660):
        day += timedelta(days=1)
        if calendar_.is_working_day(day):
            found += 1
            if found >= max(1, working_days):
                return day
    raise ValueError("no working day within ten years")


@dataclass(frozen=True)
class Retry:
    """What to do after an attempt that did not reach the customer."""

    due_on: date | None  # the next attempt, or None when the visit is given up
    flagged: bool


def retry_after_not_reached(
    *,
    calendar_: WorkingDays,
    attempted_on: date,
    attempts: int,
    max_attempts: int,
    retry_working_days: int = 1,
) -> Retry:
    """After ``attempts`` failed attempts: try again on the next working day, or
    flag the visit once ``max_attempts`` is reached (a site setting)."""
    if attempts >= max_attempts:
        return Retry(None, True)
    return Retry(next_working_day(calendar_, attempted_on, retry_working_days), False)


def timing(due_on: date, today: date) -> str:
    """``overdue``, ``today`` or ``upcoming`` for an open visit."""
    if due_on < today:
        return "overdue"
    if due_on == today:
        return "today"
    return "upcoming"


# --- satisfaction scales ---------------------------------------------------------------


@dataclass(frozen=True)
class Scale:
    """A satisfaction scale: values 1..n (``labels`` lowest first) and the lowest
    value that counts as satisfied."""

    labels: tuple[str, ...]
    satisfied_from: int

    def __post_init__(self) -> None:
        if len(self.labels) < 2:
            raise ValueError("a scale needs at least two points")
        if not 1 <= self.satisfied_from <= len(self.labels):
            raise ValueError("the satisfied threshold must be a point of the scale")

    @property
    def maximum(self) -> int:
        return len(self.labels)

    def is_valid(self, value: int | None) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= self.maximum

    def is_satisfied(self, value: int | None) -> bool | None:
        """True/False for a value on the scale, None when there is no value."""
        if value is None:
            return None
        return value >= self.satisfied_from

    def label(self, value: int | None) -> str:
        if not self.is_valid(value):
            return ""
        return self.labels[value - 1]  # type: ignore[operator]

    def choices(self) -> list[tuple[int, str]]:
        """Highest first, as a form shows them."""
        return [(v, f"{v} {self.labels[v - 1]}") for v in range(self.maximum, 0, -1)]

    def as_dict(self) -> dict:
        return {"labels": list(self.labels), "satisfied_from": self.satisfied_from}

    @classmethod
    def from_dict(cls, data: dict) -> "Scale":
        return cls(tuple(data["labels"]), int(data["satisfied_from"]))


# --- surveys ----------------------------------------------------------------------------


def percent(part: int, whole: int) -> Decimal | None:
    """``part / whole`` in percent with one decimal, half up; None for an empty whole."""
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def average(values: Iterable[int]) -> Decimal | None:
    """The mean with two decimals, half up; None without values."""
    values = list(values)
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.01"), ROUND_HALF_UP)


# --- face-to-face coverage and the visit plan (seed 000 L57, L63) ----------------------

#: seed 000 L57: each year face-to-face communication must reach more than 90% of tenants.
FACE_TO_FACE_TARGET = 90
#: seed 000 L63: the tenant visit plan reaches a 100% annual visit rate.
VISIT_RATE_TARGET = 100


def share_percent(part: int, whole: int) -> float:
    """``part`` of ``whole`` in percent, one decimal (0 when there is nobody)."""
    return round(100 * part / whole, 1) if whole else 0.0


def meets_target(part: int, whole: int, target: int) -> bool:
    """At least ``target`` percent (exact integer arithmetic, no rounding)."""
    return whole > 0 and part * 100 >= target * whole


def plan_months(count: int, months: int = 12) -> list[int]:
    """Spread ``count`` tenants over the months of a year as evenly as possible (1-based)."""
    return [1 + (index * months) // count for index in range(count)] if count else []
