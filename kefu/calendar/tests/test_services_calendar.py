"""Calendars are created, loaded from chinesecalendar and overridden only through the services."""

from datetime import date, time

import pytest

from kefu.calendar.errors import (
    CalendarNameTaken,
    DayKindInvalid,
    DefaultCalendarExists,
    OverrideNotFound,
    PeriodsInvalid,
    TimeZoneInvalid,
)
from kefu.calendar.models import BusinessCalendar, CalendarDay, DayKind, DaySource, WorkingPeriod
from kefu.calendar.services import (
    calendar_day_remove,
    calendar_day_set,
    calendar_refresh_from_chinesecalendar,
)
from kefu.calendar.statutory import package_years, statutory_days
from kefu.calendar.tests.factories import make_calendar
from kefu.core.models import AuditEntry
from kefu.org.tests.factories import SiteFactory


@pytest.fixture
def site(db):
    return SiteFactory(code="pmc")


def counts():
    return (
        BusinessCalendar.objects.count(),
        WorkingPeriod.objects.count(),
        CalendarDay.objects.count(),
        AuditEntry.objects.count(),
    )


def test_create_makes_the_standard_week_and_loads_statutory_days(site):
    calendar = make_calendar(site)
    periods = list(calendar.periods.values_list("weekday", "start", "end"))
    assert len(periods) == 10  # Mon–Fri, two periods each
    assert (0, time(9), time(12)) in periods
    assert (4, time(13, 30), time(18)) in periods
    assert calendar.days.filter(source=DaySource.CHINESECALENDAR).count() == len(statutory_days())
    assert calendar.covered_years == package_years()
    assert calendar.days.get(date=date(2025, 10, 8)).kind == DayKind.STATUTORY_HOLIDAY
    assert calendar.days.get(date=date(2026, 2, 14)).kind == DayKind.MAKEUP_WORKDAY
    entry = AuditEntry.objects.get(action="calendar.created")
    assert entry.target_id == calendar.pk and entry.site_id == site.pk


def test_create_24_hour_calendar(site):
    calendar = make_calendar(site, name="Hotline", always_open=True)
    assert list(calendar.periods.values_list("weekday", "start", "end")) == [
        (d, time(0), time(0)) for d in range(7)
    ]


def test_create_with_custom_periods(site):
    calendar = make_calendar(site, periods={5: [("09:00", "12:00")], 0: [(time(8), time(17))]})
    assert list(calendar.periods.values_list("weekday", "start", "end")) == [
        (0, time(8), time(17)),
        (5, time(9), time(12)),
    ]


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"periods": {0: [("10:00", "09:00")]}}, PeriodsInvalid),
        ({"periods": {0: [("09:00", "12:00"), ("11:00", "13:00")]}}, PeriodsInvalid),
        ({"time_zone": "Mars/Olympus"}, TimeZoneInvalid),
    ],
)
def test_create_refuses_bad_input_and_changes_nothing(site, kwargs, error):
    before = counts()
    with pytest.raises(error):
        make_calendar(site, **kwargs)
    assert counts() == before


def test_second_default_calendar_is_refused(site):
    make_calendar(site)
    before = counts()
    with pytest.raises(DefaultCalendarExists):
        make_calendar(site, name="Another")
    assert counts() == before


def test_same_name_is_refused(site):
    make_calendar(site)
    before = counts()
    with pytest.raises(CalendarNameTaken):
        make_calendar(site, is_default=False)
    assert counts() == before


def test_a_second_non_default_calendar_is_allowed(site):
    make_calendar(site)
    hotline = make_calendar(site, name="Hotline", always_open=True, is_default=False)
    assert not hotline.is_default


# --- refresh ---------------------------------------------------------------------


def test_refresh_is_idempotent(site):
    calendar = make_calendar(site)
    before = counts()
    (result,) = calendar_refresh_from_chinesecalendar(actor=None, calendar=calendar)
    assert (result.created, result.updated, result.deleted, result.changed) == (0, 0, 0, False)
    assert counts() == before  # no rows, no audit entry


def test_refresh_restores_removed_and_changed_package_rows(site):
    calendar = make_calendar(site, load_statutory=False)
    assert calendar.covered_years == range(0)
    (first,) = calendar_refresh_from_chinesecalendar(actor=None, calendar=calendar)
    assert first.created == len(statutory_days())
    calendar.days.filter(date=date(2025, 10, 1)).delete()
    calendar.days.filter(date=date(2025, 10, 2)).update(kind=DayKind.MAKEUP_WORKDAY, name="x")
    audits = AuditEntry.objects.filter(action="calendar.refreshed").count()
    (second,) = calendar_refresh_from_chinesecalendar(actor=None, calendar=calendar)
    assert (second.created, second.updated, second.deleted) == (1, 1, 0)
    assert calendar.days.get(date=date(2025, 10, 2)).kind == DayKind.STATUTORY_HOLIDAY
    assert AuditEntry.objects.filter(action="calendar.refreshed").count() == audits + 1


def test_refresh_removes_package_rows_the_package_no_longer_has(site):
    calendar = make_calendar(site)
    CalendarDay.objects.create(
        calendar=calendar,
        date=date(2025, 12, 24),
        kind=DayKind.STATUTORY_HOLIDAY,
        source=DaySource.CHINESECALENDAR,
    )
    (result,) = calendar_refresh_from_chinesecalendar(actor=None, calendar=calendar)
    assert result.deleted == 1
    assert not calendar.days.filter(date=date(2025, 12, 24)).exists()


def test_refresh_keeps_package_rows_beyond_the_package_years(site):
    # Loaded earlier by a newer package: kept, and the loaded years are not shrunk.
    calendar = make_calendar(site)
    last = package_years().stop - 1
    CalendarDay.objects.create(
        calendar=calendar,
        date=date(last + 1, 1, 1),
        kind=DayKind.STATUTORY_HOLIDAY,
        source=DaySource.CHINESECALENDAR,
    )
    BusinessCalendar.objects.filter(pk=calendar.pk).update(covered_to_year=last + 1)
    calendar_refresh_from_chinesecalendar(actor=None, calendar=calendar)
    calendar.refresh_from_db()
    assert calendar.days.filter(date=date(last + 1, 1, 1)).exists()
    assert calendar.covered_to_year == last + 1


def test_refresh_never_touches_admin_overrides(site):
    calendar = make_calendar(site)
    calendar_day_set(
        actor=None,
        calendar=calendar,
        day=date(2025, 10, 8),
        kind=DayKind.EXTRA_WORKDAY,
        name="Stocktaking",
    )
    calendar_day_set(
        actor=None, calendar=calendar, day=date(2025, 12, 26), kind=DayKind.SITE_CLOSURE
    )
    calendar_refresh_from_chinesecalendar(actor=None, calendar=None)
    admin_rows = calendar.days.filter(source=DaySource.ADMIN).order_by("date")
    assert [(r.date, r.kind, r.name) for r in admin_rows] == [
        (date(2025, 10, 8), DayKind.EXTRA_WORKDAY, "Stocktaking"),
        (date(2025, 12, 26), DayKind.SITE_CLOSURE, ""),
    ]
    # The package's row for 8 Oct is still there; the admin's row wins when building.
    assert calendar.days.filter(date=date(2025, 10, 8), source=DaySource.CHINESECALENDAR).exists()


def test_refresh_all_calendars(db):
    calendars = [make_calendar(SiteFactory(), load_statutory=False) for _ in range(2)]
    results = calendar_refresh_from_chinesecalendar(actor=None)
    assert {r.calendar.pk for r in results} == {c.pk for c in calendars}
    assert all(r.created == len(statutory_days()) for r in results)


def test_refresh_bumps_the_version_only_when_something_changed(site):
    calendar = make_calendar(site, load_statutory=False)
    version = calendar.version
    calendar_refresh_from_chinesecalendar(actor=None, calendar=calendar)
    calendar.refresh_from_db()
    assert calendar.version == version + 1
    calendar_refresh_from_chinesecalendar(actor=None, calendar=calendar)
    calendar.refresh_from_db()
    assert calendar.version == version + 1


# --- overrides ------------------------------------------------------------------


def test_day_set_adds_then_changes_one_admin_row(site):
    calendar = make_calendar(site)
    calendar_day_set(actor=None, calendar=calendar, day=date(2025, 11, 3), kind="extra_holiday")
    calendar_day_set(
        actor=None, calendar=calendar, day=date(2025, 11, 3), kind="site_closure", name="Fire"
    )
    rows = calendar.days.filter(date=date(2025, 11, 3))
    assert [(r.kind, r.name, r.source) for r in rows] == [("site_closure", "Fire", "admin")]
    assert AuditEntry.objects.filter(action="calendar.day_set").count() == 2


def test_day_set_refuses_an_unknown_kind(site):
    calendar = make_calendar(site)
    before = counts()
    with pytest.raises(DayKindInvalid):
        calendar_day_set(actor=None, calendar=calendar, day=date(2025, 11, 3), kind="party")
    assert counts() == before


def test_day_remove(site):
    calendar = make_calendar(site)
    calendar_day_set(actor=None, calendar=calendar, day=date(2025, 11, 3), kind="extra_holiday")
    calendar_day_remove(actor=None, calendar=calendar, day=date(2025, 11, 3))
    assert not calendar.days.filter(date=date(2025, 11, 3)).exists()
    assert AuditEntry.objects.filter(action="calendar.day_removed").count() == 1


def test_day_remove_never_removes_package_rows(site):
    calendar = make_calendar(site)
    before = counts()
    with pytest.raises(OverrideNotFound):
        calendar_day_remove(actor=None, calendar=calendar, day=date(2025, 10, 1))
    assert counts() == before
