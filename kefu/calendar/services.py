"""Writes of the working calendar: create calendars, load China's statutory days, overrides.

The calendar app owns each site's business calendars (working periods per
weekday, statutory holidays and 调休 make-up workdays, the site's own
closures and extra days). Statutory days come only from the installed
``chinesecalendar`` package through ``calendar_refresh_from_chinesecalendar``;
an administrator's entries are never overwritten by it. Every change bumps the
calendar's ``version`` so cached ``WorkCalendar`` objects are rebuilt.
Callers check access (``selectors.access_calendar``); the admin is site-scoped.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from kefu.calendar import rules
from kefu.calendar.errors import (
    CalendarNameTaken,
    DayKindInvalid,
    DefaultCalendarExists,
    OverrideNotFound,
    PeriodsInvalid,
    TimeZoneInvalid,
)
from kefu.calendar.models import (
    BusinessCalendar,
    CalendarDay,
    DayKind,
    DaySource,
    WorkingPeriod,
)
from kefu.calendar.statutory import package_version, package_years, statutory_days
from kefu.core.services import audit_record
from kefu.org.models import Site, User


@dataclass
class RefreshResult:
    """What one refresh changed on one calendar."""

    calendar: BusinessCalendar
    created: int = 0
    updated: int = 0
    deleted: int = 0
    covered_before: range = field(default_factory=lambda: range(0))
    covered_after: range = field(default_factory=lambda: range(0))

    @property
    def changed(self) -> bool:
        return bool(
            self.created
            or self.updated
            or self.deleted
            or self.covered_before != self.covered_after
        )


def _lock_calendar(pk: int) -> BusinessCalendar:
    return BusinessCalendar.objects.select_for_update().select_related("site").get(pk=pk)


def _bump_version(calendar: BusinessCalendar) -> None:
    BusinessCalendar.objects.filter(pk=calendar.pk).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    calendar.refresh_from_db(fields=["version", "updated_at"])


def _periods_rows(weekly: Mapping[int, Iterable[rules.PeriodSpec]]) -> list[tuple[int, time, time]]:
    try:
        week = rules.normalise_week(weekly)
    except (ValueError, TypeError):
        raise PeriodsInvalid() from None
    return [
        (weekday, rules.us_to_time(start), rules.us_to_time(end % rules.US_PER_DAY))
        for weekday, periods in enumerate(week)
        for start, end in periods
    ]


@transaction.atomic
def calendar_create(
    *,
    actor: User | None,
    site: Site,
    name: str,
    periods: Mapping[int, Iterable[rules.PeriodSpec]] | None = None,
    always_open: bool = False,
    time_zone: str = "Asia/Shanghai",
    is_default: bool = True,
    load_statutory: bool = True,
) -> BusinessCalendar:
    """Create a site's calendar, by default Mon–Fri 09:00–12:00 and 13:30–18:00.

    Loads China's statutory holidays and 调休 days from chinesecalendar unless
    ``load_statutory`` is false. A site has at most one default calendar.
    """
    try:
        ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise TimeZoneInvalid() from None
    rows = _periods_rows(rules.ROUND_THE_CLOCK if always_open else periods or rules.STANDARD_WEEK)
    if is_default and BusinessCalendar.objects.filter(site=site, is_default=True).exists():
        raise DefaultCalendarExists()
    if BusinessCalendar.objects.filter(site=site, name=name).exists():
        raise CalendarNameTaken()
    try:
        with transaction.atomic():
            calendar = BusinessCalendar.objects.create(
                site=site,
                name=name,
                is_default=is_default,
                always_open=always_open,
                time_zone=time_zone,
            )
    except IntegrityError:
        raise DefaultCalendarExists() from None
    WorkingPeriod.objects.bulk_create(
        WorkingPeriod(calendar=calendar, weekday=weekday, start=start, end=end)
        for weekday, start, end in rows
    )
    result = _refresh_one(calendar) if load_statutory else None
    audit_record(
        actor=actor,
        action="calendar.created",
        target=calendar,
        site=site,
        changes={
            "name": [None, name],
            "always_open": [None, always_open],
            "periods": [None, [f"{w} {s:%H:%M}-{e:%H:%M}" for w, s, e in rows]],
        },
        note=_refresh_note(result) if result else "",
    )
    return calendar


@transaction.atomic
def calendar_initialise(*, actor: User | None, calendar: BusinessCalendar) -> RefreshResult:
    """Finish a calendar added in the admin: the standard week if none, and the statutory days."""
    calendar = _lock_calendar(calendar.pk)
    if not calendar.always_open and not calendar.periods.exists():
        WorkingPeriod.objects.bulk_create(
            WorkingPeriod(calendar=calendar, weekday=weekday, start=start, end=end)
            for weekday, start, end in _periods_rows(rules.STANDARD_WEEK)
        )
    result = _refresh_one(calendar)
    _bump_version(calendar)
    audit_record(
        actor=actor,
        action="calendar.created",
        target=calendar,
        site=calendar.site,
        changes={"name": [None, calendar.name], "always_open": [None, calendar.always_open]},
        note=_refresh_note(result),
    )
    return result


def calendar_refresh_from_chinesecalendar(
    *, actor: User | None, calendar: BusinessCalendar | None = None
) -> list[RefreshResult]:
    """Load China's statutory holidays and 调休 days from the installed chinesecalendar.

    For ``calendar``, or every calendar when ``None``. Idempotent: a second run
    changes nothing and writes no audit entry. Rows from an administrator are
    never touched (they win over the package's row for the same date). The
    loaded years become the union of what was loaded and what the package
    covers; package rows outside the package's years are kept.
    """
    if calendar is not None:
        pks = [calendar.pk]
    else:
        pks = list(BusinessCalendar.objects.order_by("pk").values_list("pk", flat=True))
    results = []
    for pk in pks:
        with transaction.atomic():
            locked = _lock_calendar(pk)
            result = _refresh_one(locked)
            if result.changed:
                _bump_version(locked)
                audit_record(
                    actor=actor,
                    action="calendar.refreshed",
                    target=locked,
                    site=locked.site,
                    changes={
                        "covered_years": [
                            _years_label(result.covered_before),
                            _years_label(result.covered_after),
                        ]
                    },
                    note=_refresh_note(result),
                )
        if calendar is not None:
            calendar.refresh_from_db()
        results.append(result)
    return results


def _refresh_one(calendar: BusinessCalendar) -> RefreshResult:
    """Diff the package's days against the calendar's chinesecalendar rows (caller locks)."""
    available = package_years()
    wanted = {
        day: (DayKind.STATUTORY_HOLIDAY if off else DayKind.MAKEUP_WORKDAY, name[:100])
        for day, (off, name) in statutory_days().items()
    }
    existing = {
        row.date: row for row in calendar.days.filter(source=DaySource.CHINESECALENDAR).order_by()
    }
    result = RefreshResult(calendar=calendar, covered_before=calendar.covered_years)
    to_create, to_update = [], []
    for day, (kind, name) in wanted.items():
        row = existing.get(day)
        if row is None:
            to_create.append(
                CalendarDay(
                    calendar=calendar,
                    date=day,
                    kind=kind,
                    name=name,
                    source=DaySource.CHINESECALENDAR,
                )
            )
        elif (row.kind, row.name) != (kind, name):
            row.kind, row.name = kind, name
            to_update.append(row)
    stale = [row.pk for day, row in existing.items() if day not in wanted and day.year in available]
    CalendarDay.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        now = timezone.now()
        for row in to_update:
            row.updated_at = now
        CalendarDay.objects.bulk_update(to_update, ["kind", "name", "updated_at"], batch_size=500)
    if stale:
        CalendarDay.objects.filter(pk__in=stale).delete()
    result.created, result.updated, result.deleted = len(to_create), len(to_update), len(stale)
    before = calendar.covered_years
    first = min(available.start, before.start) if before else available.start
    last = max(available.stop - 1, before.stop - 1) if before else available.stop - 1
    if (calendar.covered_from_year, calendar.covered_to_year) != (first, last):
        calendar.covered_from_year, calendar.covered_to_year = first, last
        calendar.save(update_fields=["covered_from_year", "covered_to_year", "updated_at"])
    result.covered_after = calendar.covered_years
    return result


def _years_label(years: range) -> str:
    return f"{years.start}-{years.stop - 1}" if years else ""


def _refresh_note(result: RefreshResult) -> str:
    return (
        f"chinesecalendar {package_version()}: {result.created} added, "
        f"{result.updated} updated, {result.deleted} removed; "
        f"statutory days loaded for {_years_label(result.covered_after)}"
    )


@transaction.atomic
def calendar_day_set(
    *,
    actor: User | None,
    calendar: BusinessCalendar,
    day: date,
    kind: str,
    name: str = "",
) -> CalendarDay:
    """Add or change an administrator's entry for ``day``: a holiday, a workday, a closure.

    It wins over chinesecalendar's row for the same date and survives refreshes.
    """
    if kind not in DayKind.values:
        raise DayKindInvalid()
    calendar = _lock_calendar(calendar.pk)
    row = calendar.days.filter(date=day, source=DaySource.ADMIN).first()
    before: Any = [row.kind, row.name] if row else None
    if row is None:
        row = CalendarDay.objects.create(
            calendar=calendar, date=day, kind=kind, name=name, source=DaySource.ADMIN
        )
    else:
        row.kind, row.name = kind, name
        row.save(update_fields=["kind", "name", "updated_at"])
    _bump_version(calendar)
    audit_record(
        actor=actor,
        action="calendar.day_set",
        target=calendar,
        site=calendar.site,
        changes={day.isoformat(): [before, [kind, name]]},
    )
    return row


@transaction.atomic
def calendar_day_remove(*, actor: User | None, calendar: BusinessCalendar, day: date) -> None:
    """Remove an administrator's entry; chinesecalendar's row for the date applies again."""
    calendar = _lock_calendar(calendar.pk)
    row = calendar.days.filter(date=day, source=DaySource.ADMIN).first()
    if row is None:
        raise OverrideNotFound()
    before = [row.kind, row.name]
    row.delete()
    _bump_version(calendar)
    audit_record(
        actor=actor,
        action="calendar.day_removed",
        target=calendar,
        site=calendar.site,
        changes={day.isoformat(): [before, None]},
    )


@transaction.atomic
def calendar_changed(*, actor: User | None, calendar: BusinessCalendar, note: str = "") -> None:
    """Record an edit made in the admin (periods, overrides) and invalidate caches."""
    calendar = _lock_calendar(calendar.pk)
    _bump_version(calendar)
    audit_record(
        actor=actor, action="calendar.changed", target=calendar, site=calendar.site, note=note
    )
