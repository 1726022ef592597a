"""Working calendars and deadline arithmetic: what "the 2nd working day" means.

The calendar app owns when a site works (weekly working periods, China's
statutory holidays and 调休 make-up workdays, a site's own closures and extra
days) and the arithmetic every deadline in kefu is computed with. This module
is pure: no ORM and no clock. "Now" is always passed in, and a ``WorkCalendar``
is a value built by ``kefu.calendar.selectors.work_calendar_for(site)``.

Conventions (docs/calendar.md explains each with its seed reference):

* **The Nth working day** (seed 002 L116, L138, L146 "第2個工作日"; L238, L248
  "三個工作日 … 七個工作日"; seed 000 L645 "一個工作日"): the deadline is the
  *end of the Nth working day after the start day*; the start day itself is
  not counted, whatever the hour (seed-notes 002 §5.2 reading (b); Civil Code
  Art. 201 "開始的當日不計入"). Receipt on Friday 2010-09-10, 2nd working day
  → end of Tuesday 2010-09-14. Reading (a), "the receipt day is day 1", is
  ``add_working_days(start, n - 1)`` for a receipt on a working day.
* **End of a day** (Civil Code Art. 203): a day with working periods ends when
  its last period ends ("停止業務活動的時間", e.g. 18:00); a day without any
  ends at 24:00.
* **Midnight**: an instant at exactly 00:00 is 24:00 of the day before, so a
  deadline at 24:00 belongs to the day it ends and counting on from it is
  additive.
* **Working hours** count only time inside working periods; a deadline is the
  earliest instant at which the working time is used up (so it may be 12:00
  or 18:00, never the next period's start).
* **Calendar hours** ("24小時內", seed 002 L224ff) ignore the calendar.
* **Boundary** (seed-notes 002 §5 boundary convention): 以內/以上/以下/不超過
  include the number, 超過/不滿 exclude it. Done exactly at the deadline is on
  time: ``is_on_time(done_at, deadline)`` is ``done_at <= deadline``.
* **Uncovered years**: the statutory schedule is published each winter for the
  next year. A year outside ``covered_years`` has no statutory holidays or
  调休 days: it counts with the weekly pattern only (Mon–Fri working for a
  standard week), the result's ``uncovered_years`` names it and the
  ``kefu.calendar`` logger warns once per calendar and year. Nothing fails.

Performance: per-year lookup tables (working-time prefix sums, sorted working
days) are built lazily; every operation is a bisect plus a few lookups.
"""

from __future__ import annotations

import logging
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from typing import NamedTuple
from zoneinfo import ZoneInfo

logger = logging.getLogger("kefu.calendar")

US_PER_SECOND = 1_000_000
US_PER_MINUTE = 60 * US_PER_SECOND
US_PER_HOUR = 60 * US_PER_MINUTE
US_PER_DAY = 24 * US_PER_HOUR

#: How far (in years) one calendar's tables may span before a request is refused.
MAX_SPAN_YEARS = 200

_ONE_US = timedelta(microseconds=1)
_NO_YEARS: frozenset[int] = frozenset()

ClockValue = time | str
PeriodSpec = tuple[ClockValue, ClockValue]
Period = tuple[int, int]  # microseconds since local midnight, [start, end)

#: Mon–Fri 09:00–12:00 and 13:30–18:00: the default office week.
STANDARD_WEEK: dict[int, tuple[PeriodSpec, ...]] = {
    weekday: (("09:00", "12:00"), ("13:30", "18:00")) for weekday in range(5)
}
#: Open every day round the clock (a 24 h hotline, seed 000 L27).
ROUND_THE_CLOCK: dict[int, tuple[PeriodSpec, ...]] = {
    weekday: (("00:00", "24:00"),) for weekday in range(7)
}


class Deadline(NamedTuple):
    """When something is due, and the years counted without statutory data.

    ``uncovered_years`` is empty when every day between the start and ``at``
    lies in a year whose holidays and 调休 days are known. Otherwise those years
    were counted with the weekly pattern only and callers should say so.
    """

    at: datetime
    uncovered_years: frozenset[int] = _NO_YEARS

    @property
    def covered(self) -> bool:
        return not self.uncovered_years


def is_on_time(done_at: datetime, deadline: Deadline | datetime) -> bool:
    """Done within the limit? 以內/不超過 include the number (seed-notes 002 §5).

    Done exactly at the deadline is on time; one microsecond later is late
    ("超過" excludes the number).
    """
    due = deadline.at if isinstance(deadline, Deadline) else deadline
    return done_at <= due


def is_overdue(deadline: Deadline | datetime, now: datetime) -> bool:
    """Past the deadline and not done: ``now`` is strictly after it."""
    due = deadline.at if isinstance(deadline, Deadline) else deadline
    return now > due


# --- working periods ----------------------------------------------------------


def clock_to_us(value: ClockValue, *, is_end: bool = False) -> int:
    """Microseconds since midnight of a ``time`` or "HH:MM[:SS]" string.

    "24:00" is the end of the day. For a period's end, 00:00 also means 24:00
    (a ``TimeField`` cannot hold 24:00).
    """
    if isinstance(value, time):
        us = (
            (value.hour * 60 + value.minute) * 60 + value.second
        ) * US_PER_SECOND + value.microsecond
    elif isinstance(value, str):
        parts = value.strip().split(":")
        if len(parts) not in (2, 3) or not all(p.isdigit() for p in parts):
            raise ValueError(f"not a clock time: {value!r}")
        hours, minutes = int(parts[0]), int(parts[1])
        seconds = int(parts[2]) if len(parts) == 3 else 0
        if minutes > 59 or seconds > 59 or hours > 24 or (hours == 24 and (minutes or seconds)):
            raise ValueError(f"not a clock time: {value!r}")
        us = ((hours * 60 + minutes) * 60 + seconds) * US_PER_SECOND
    else:
        raise TypeError(f"expected a time or 'HH:MM', got {value!r}")
    if is_end and us == 0:
        us = US_PER_DAY
    return us


def normalise_periods(periods: Iterable[PeriodSpec]) -> tuple[Period, ...]:
    """One day's periods as sorted ``(start_us, end_us)``; touching periods merge.

    Raises ``ValueError`` for an empty or reversed period or for overlaps.
    """
    spans = sorted((clock_to_us(s), clock_to_us(e, is_end=True)) for s, e in periods)
    merged: list[Period] = []
    for start, end in spans:
        if not 0 <= start < end <= US_PER_DAY:
            raise ValueError("a working period must end after it starts")
        if merged and start < merged[-1][1]:
            raise ValueError("working periods on the same day overlap")
        if merged and start == merged[-1][1]:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return tuple(merged)


def normalise_week(weekly: Mapping[int, Iterable[PeriodSpec]]) -> tuple[tuple[Period, ...], ...]:
    """Seven days of periods (Monday = 0); a weekday missing from ``weekly`` is a rest day."""
    for weekday in weekly:
        if weekday not in range(7):
            raise ValueError(f"weekday must be 0 (Monday) to 6 (Sunday), got {weekday!r}")
    week = tuple(normalise_periods(weekly.get(weekday, ())) for weekday in range(7))
    if not any(week):
        raise ValueError("a calendar needs at least one working period a week")
    return week


# --- the calendar --------------------------------------------------------------


class _Table:
    """Lookup tables for whole years ``first_year``..``last_year``, indexed by day."""

    __slots__ = (
        "base",
        "end_instants",
        "ends",
        "first_year",
        "last_year",
        "limit",
        "periods",
        "prefix",
        "wdays",
    )

    def __init__(self, calendar: WorkCalendar, first_year: int, last_year: int) -> None:
        self.first_year, self.last_year = first_year, last_year
        self.base = date(first_year, 1, 1).toordinal()
        self.limit = date(last_year + 1, 1, 1).toordinal()
        self.periods: list[tuple[Period, ...]] = []
        self.ends: list[int] = []  # end of each day (us): last period end, or 24:00
        self.wdays: list[int] = []  # ordinals of working days, sorted
        self.prefix: list[int] = [0]  # working us before each day (len = days + 1)
        self.end_instants: dict[int, datetime] = {}  # ordinal -> end of that day, filled lazily
        total = 0
        for ordinal in range(self.base, self.limit):
            periods = calendar._periods_on_ordinal(ordinal)
            self.periods.append(periods)
            if periods:
                self.wdays.append(ordinal)
                self.ends.append(periods[-1][1])
                total += sum(end - start for start, end in periods)
            else:
                self.ends.append(US_PER_DAY)
            self.prefix.append(total)


class WorkCalendar:
    """A site's working time: weekly periods plus dated exceptions.

    ``weekly`` maps a weekday (0 = Monday) to its working periods, e.g.
    ``{0: [("09:00", "12:00"), ("13:30", "18:00")], ...}``; a weekday without
    periods is a rest day. ``holidays`` (statutory days off) and ``closures``
    (a site's own closures and extra days off) are days without work;
    ``workdays`` (调休 make-up days and extra workdays) are worked with
    ``makeup_periods`` (by default the periods of the first working weekday).
    If a date is in several sets, a day off wins.

    ``covered_years`` are the years whose statutory holidays and 调休 days are
    in ``holidays``/``workdays``; ``None`` means the calendar does not follow
    the statutory schedule at all (open round the clock) so nothing is ever
    reported as uncovered.
    """

    __slots__ = (
        "_closures",
        "_covered",
        "_holidays",
        "_makeup",
        "_table",
        "_tz",
        "_warned",
        "_week",
        "_workdays",
        "name",
    )

    def __init__(
        self,
        *,
        weekly: Mapping[int, Iterable[PeriodSpec]] = STANDARD_WEEK,
        holidays: Iterable[date] = (),
        workdays: Iterable[date] = (),
        closures: Iterable[date] = (),
        covered_years: range | None = None,
        time_zone: str | tzinfo = "Asia/Shanghai",
        makeup_periods: Iterable[PeriodSpec] | None = None,
        name: str = "",
    ) -> None:
        self._week = normalise_week(weekly)
        if makeup_periods is not None:
            self._makeup = normalise_periods(makeup_periods)
            if not self._makeup:
                raise ValueError("make-up workdays need working periods")
        else:
            self._makeup = next(periods for periods in self._week if periods)
        self._holidays = frozenset(d.toordinal() for d in holidays)
        self._workdays = frozenset(d.toordinal() for d in workdays)
        self._closures = frozenset(d.toordinal() for d in closures)
        self._covered = covered_years
        self._tz = ZoneInfo(time_zone) if isinstance(time_zone, str) else time_zone
        self._table: _Table | None = None
        self._warned: set[int] = set()
        self.name = name

    def __repr__(self) -> str:
        return f"<WorkCalendar {self.name or 'unnamed'} covered={self._covered}>"

    @property
    def time_zone(self) -> tzinfo:
        return self._tz

    @property
    def covered_years(self) -> range | None:
        return self._covered

    # --- days ------------------------------------------------------------------

    def _periods_on_ordinal(self, ordinal: int) -> tuple[Period, ...]:
        if ordinal in self._closures or ordinal in self._holidays:
            return ()
        if ordinal in self._workdays:
            return self._makeup
        return self._week[(ordinal - 1) % 7]  # date.fromordinal(1) is a Monday

    def is_working_day(self, day: date) -> bool:
        """Does ``day`` have any working period (after holidays, 调休 and closures)?"""
        return bool(self._periods_on_ordinal(day.toordinal()))

    def working_periods(self, day: date) -> tuple[tuple[time, time], ...]:
        """``day``'s working periods as clock times; an end of 00:00 means 24:00."""
        return tuple(
            (us_to_time(start), us_to_time(end % US_PER_DAY))
            for start, end in self._periods_on_ordinal(day.toordinal())
        )

    def is_covered(self, year: int) -> bool:
        """Are ``year``'s statutory holidays and 调休 days known (or irrelevant)?"""
        return self._covered is None or year in self._covered

    def uncovered_years_between(self, a: datetime, b: datetime) -> frozenset[int]:
        """Years from ``a`` to ``b`` (either order) counted without statutory data."""
        first, last = sorted((self._local(a).year, self._local(b).year))
        return self._uncovered(first, last)

    def day_of(self, at: datetime) -> date:
        """The local day an instant belongs to; 00:00 exactly is 24:00 of the day before."""
        _local, ordinal, _ = self._split(at)
        return date.fromordinal(ordinal)

    def end_of_day(self, day: date) -> datetime:
        """Close of business on ``day`` (its last period's end), or 24:00 if it has none."""
        return self._end_of(self._table_for(day.toordinal()), day.toordinal())

    def is_working_time(self, at: datetime) -> bool:
        """Is ``at`` inside a working period? Periods are half-open: [start, end)."""
        local = self._local(at)
        us = _us_of_day(local)
        return any(s <= us < e for s, e in self._periods_on_ordinal(local.toordinal()))

    # --- deadlines --------------------------------------------------------------

    def add_working_days(self, start: datetime, n: int) -> Deadline:
        """End of the ``n``-th working day after ``start``'s day (not counting that day).

        seed 002 L116/L138/L146 ("第2個工作日"), L238/L248 (3, special 7 working
        days), seed 000 L645 (1 working day). ``n == 0`` is ``same_day``.
        """
        if n < 0:
            raise ValueError("n must not be negative")
        if n == 0:
            return self.same_day(start)
        if n > MAX_SPAN_YEARS * 366:
            raise ValueError("the deadline is too far away to compute")
        local, ordinal, _ = self._split(start)
        table = self._table_for(ordinal)
        index = bisect_right(table.wdays, ordinal) + n - 1
        while index >= len(table.wdays):
            table = self._grow_forward(table)
            index = bisect_right(table.wdays, ordinal) + n - 1
        at = self._end_of(table, table.wdays[index])
        return self._deadline(at, local.year, at.year)

    def same_day(self, start: datetime) -> Deadline:
        """Close of business of ``start``'s day, or of the next working day.

        If ``start`` is at or after closing time, or on a day off, the deadline is
        the close of business of the next working day.

        seed 002 L186 ("當天進行客戶回訪", return visit the same day).
        """
        _local, ordinal, us = self._split(start)
        table = self._table_for(ordinal)
        if table.periods[ordinal - table.base] and us < table.ends[ordinal - table.base]:
            at = self._end_of(table, ordinal)
            return self._deadline(at, at.year, at.year)
        return self.add_working_days(start, 1)

    def next_day(self, start: datetime) -> Deadline:
        """Close of business of the next working day after ``start``'s day (= 1 working day)."""
        return self.add_working_days(start, 1)

    def add_working_hours(self, start: datetime, hours: float | int | Decimal) -> Deadline:
        """``start`` plus ``hours`` of working time (only time inside working periods counts)."""
        if hours < 0:
            raise ValueError("hours must not be negative")
        return self._add_working_us(start, round(hours * US_PER_HOUR))

    def add_working_time(self, start: datetime, amount: timedelta) -> Deadline:
        """``start`` plus ``amount`` of working time; the earliest instant it is used up."""
        return self._add_working_us(start, amount // _ONE_US)

    def _add_working_us(self, start: datetime, need: int) -> Deadline:
        if need < 0:
            raise ValueError("the amount of working time must not be negative")
        if need > MAX_SPAN_YEARS * 366 * US_PER_DAY:
            raise ValueError("the deadline is too far away to compute")
        local = self._local(start)
        if need == 0:
            return self._deadline(local, local.year, local.year)
        ordinal, us = local.toordinal(), _us_of_day(local)
        table = self._table_for(ordinal)
        while True:
            index = ordinal - table.base
            target = table.prefix[index] + _worked(table.periods[index], us) + need
            day = bisect_left(table.prefix, target, index + 1) - 1
            if day < len(table.periods):
                break
            table = self._grow_forward(table)
        rest = target - table.prefix[day]
        for period_start, period_end in table.periods[day]:
            if rest <= period_end - period_start:
                at = local + timedelta(table.base + day - ordinal, 0, period_start + rest - us)
                return self._deadline(at, local.year, at.year)
            rest -= period_end - period_start
        raise AssertionError("working-time tables are inconsistent")  # pragma: no cover

    def working_time_between(self, a: datetime, b: datetime) -> timedelta:
        """Working time from ``a`` to ``b`` (negative if ``b`` is before ``a``)."""
        local_a, local_b = self._local(a), self._local(b)
        table = self._table_covering(local_a.toordinal(), local_b.toordinal())
        return timedelta(microseconds=self._work_at(table, local_b) - self._work_at(table, local_a))

    def add_calendar_hours(self, start: datetime, hours: float | int | Decimal) -> Deadline:
        """``start`` plus ``hours`` of elapsed time; holidays don't matter.

        "24小時內" (seed 002 L224ff), seed 000 L557, seed 004 L271/L277/L393.
        """
        if hours < 0:
            raise ValueError("hours must not be negative")
        return Deadline(self._local(start) + _hours(hours))

    def add_calendar_days(self, start: datetime, n: int, *, roll_forward: bool = False) -> Deadline:
        """End of the ``n``-th calendar day after ``start``'s day (not counting that day).

        seed 000 L345 ("至接到投訴7天結案"), seed 002 L158 (15 days). With
        ``roll_forward`` a last day that is not a working day moves to the next
        working day (Civil Code Art. 203: "最後一日是法定休假日的,以法定休假日結束的次日").
        """
        if not 1 <= n <= MAX_SPAN_YEARS * 366:
            raise ValueError("n must be at least 1 and not absurdly large")
        _local, ordinal, _ = self._split(start)
        due = ordinal + n
        table = self._table_for(due)
        if roll_forward:
            index = bisect_left(table.wdays, due)
            while index >= len(table.wdays):
                table = self._grow_forward(table)
                index = bisect_left(table.wdays, due)
            due = table.wdays[index]
        at = self._end_of(table, due)
        return self._deadline(at, date.fromordinal(ordinal + n).year, at.year)

    # --- internals ---------------------------------------------------------------

    def _local(self, at: datetime) -> datetime:
        if at.tzinfo is self._tz:
            return at
        if at.tzinfo is None:
            raise ValueError("deadline arithmetic needs an aware datetime")
        return at.astimezone(self._tz)

    def _split(self, at: datetime) -> tuple[datetime, int, int]:
        """(local time, ordinal of the day ``at`` belongs to, microseconds into that day)."""
        local = self._local(at)
        us = _us_of_day(local)
        if us == 0:
            return local, local.toordinal() - 1, US_PER_DAY
        return local, local.toordinal(), us

    def _end_of(self, table: _Table, ordinal: int) -> datetime:
        """The end of a day as an aware local datetime (cached per table)."""
        at = table.end_instants.get(ordinal)
        if at is None:
            at = datetime.fromordinal(ordinal).replace(tzinfo=self._tz) + timedelta(
                microseconds=table.ends[ordinal - table.base]
            )
            table.end_instants[ordinal] = at
        return at

    @staticmethod
    def _work_at(table: _Table, local: datetime) -> int:
        """Working microseconds from the start of ``table`` to the local instant."""
        index = local.toordinal() - table.base
        return table.prefix[index] + _worked(table.periods[index], _us_of_day(local))

    def _table_covering(self, first: int, last: int) -> _Table:
        table = self._table_for(first)
        while not (table.base <= first < table.limit and table.base <= last < table.limit):
            years = date.fromordinal(first).year, date.fromordinal(last).year
            table = self._grow(min(years), max(years))
        return table

    def _table_for(self, ordinal: int) -> _Table:
        table = self._table
        if table is not None and table.base <= ordinal < table.limit:
            return table
        year = date.fromordinal(ordinal).year
        return self._grow(year, year + 1)  # joined with the current tables if not too far

    def _grow(self, first_year: int, last_year: int) -> _Table:
        """Tables for at least ``first_year``..``last_year`` (with the current ones if small)."""
        current = self._table
        if current is not None:
            first = min(first_year, current.first_year)
            last = max(last_year, current.last_year)
            if last - first <= MAX_SPAN_YEARS:
                first_year, last_year = first, last
        if last_year - first_year > MAX_SPAN_YEARS or first_year < 2 or last_year > 9998:
            raise ValueError("the deadline is too far away to compute")
        table = _Table(self, first_year, last_year)
        self._table = table  # published whole: readers never see a half-built table
        return table

    def _grow_forward(self, table: _Table) -> _Table:
        span = table.last_year - table.first_year + 1
        return self._grow(table.first_year, table.last_year + min(span, 16))

    def _uncovered(self, first: int, last: int) -> frozenset[int]:
        covered = self._covered
        if covered is None or (first in covered and last in covered):
            return _NO_YEARS
        return frozenset(y for y in range(first, last + 1) if y not in covered)

    def _deadline(self, at: datetime, first_year: int, last_year: int) -> Deadline:
        uncovered = self._uncovered(first_year, last_year)
        if not uncovered:
            return Deadline(at)
        new = uncovered - self._warned
        if new:
            self._warned.update(new)
            logger.warning(
                "calendar %s: no statutory holidays or make-up workdays loaded for %s; "
                "counting with the weekly pattern only (Mon-Fri for a standard week). "
                "Upgrade chinesecalendar and run `manage.py refresh_calendar`, or enter "
                "the year's days by hand.",
                self.name or "unnamed",
                ", ".join(str(y) for y in sorted(new)),
            )
        return Deadline(at, uncovered)


def _us_of_day(local: datetime) -> int:
    return (
        (local.hour * 60 + local.minute) * 60 + local.second
    ) * US_PER_SECOND + local.microsecond


def us_to_time(us: int) -> time:
    seconds, micro = divmod(us, US_PER_SECOND)
    return time(seconds // 3600, seconds // 60 % 60, seconds % 60, micro)


def _worked(periods: Sequence[Period], us: int) -> int:
    """Working microseconds of one day before ``us`` into it."""
    total = 0
    for start, end in periods:
        if us <= start:
            break
        if us < end:
            return total + us - start
        total += end - start
    return total


def _hours(hours: float | int | Decimal) -> timedelta:
    if hours < 0:
        raise ValueError("hours must not be negative")
    return timedelta(microseconds=round(hours * US_PER_HOUR))
