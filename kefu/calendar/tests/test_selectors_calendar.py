"""A site's WorkCalendar: built from its rows, cached, rebuilt after edits; access by site."""

from datetime import date

import pytest

from kefu.calendar.errors import CalendarNotFound
from kefu.calendar.models import BusinessCalendar, DayKind
from kefu.calendar.selectors import (
    access_calendar,
    calendar_coverage_notices,
    calendar_list_for,
    clear_calendar_cache,
    default_work_calendar,
    uncovered_years_notice,
    work_calendar_for,
)
from kefu.calendar.services import calendar_changed, calendar_day_set
from kefu.calendar.statutory import package_years
from kefu.calendar.tests.factories import at, make_calendar
from kefu.org.tests.factories import PositionFactory, SiteFactory, UserFactory


@pytest.fixture(autouse=True)
def fresh_cache():
    clear_calendar_cache()
    yield
    clear_calendar_cache()


def test_a_site_without_a_calendar_gets_the_standard_china_week(db):
    site = SiteFactory()
    cal = work_calendar_for(site)
    assert cal is default_work_calendar()
    # 2026 Spring Festival: Fri 13 Feb + 1 working day → 调休 Sat 14 Feb.
    assert cal.add_working_days(at(2026, 2, 13, 10), 1).at == at(2026, 2, 14, 18)
    assert cal.covered_years == package_years()


def test_the_site_calendar_is_used_and_cached(db, django_assert_num_queries):
    site = SiteFactory()
    make_calendar(site)
    first = work_calendar_for(site)
    with django_assert_num_queries(1):  # only the version stamp
        assert work_calendar_for(site) is first
    assert first.add_working_days(at(2025, 9, 30, 10), 2).at == at(2025, 10, 10, 18)


def test_an_override_invalidates_the_cache(db):
    site = SiteFactory()
    calendar = make_calendar(site)
    before = work_calendar_for(site)
    assert not before.is_working_day(date(2025, 10, 8))
    calendar_day_set(actor=None, calendar=calendar, day=date(2025, 10, 8), kind="extra_workday")
    after = work_calendar_for(site)
    assert after is not before
    # The administrator's workday wins over the statutory holiday on 8 Oct 2025.
    assert after.is_working_day(date(2025, 10, 8))
    assert after.add_working_days(at(2025, 9, 30, 10), 1).at == at(2025, 10, 8, 18)


def test_site_closure_and_extra_holiday_are_days_off(db):
    site = SiteFactory()
    calendar = make_calendar(site)
    calendar_day_set(actor=None, calendar=calendar, day=date(2025, 9, 29), kind="site_closure")
    calendar_day_set(actor=None, calendar=calendar, day=date(2025, 9, 30), kind="extra_holiday")
    cal = work_calendar_for(site)
    assert not cal.is_working_day(date(2025, 9, 29))
    assert not cal.is_working_day(date(2025, 9, 30))
    # Fri 26 + 1 → Sun 28 (调休); + 2 → Thu 9 Oct.
    assert cal.add_working_days(at(2025, 9, 26, 10), 2).at == at(2025, 10, 9, 18)


def test_admin_can_turn_a_make_up_day_into_a_holiday(db):
    site = SiteFactory()
    calendar = make_calendar(site)
    calendar_day_set(actor=None, calendar=calendar, day=date(2026, 2, 14), kind="extra_holiday")
    assert not work_calendar_for(site).is_working_day(date(2026, 2, 14))


def test_periods_edited_in_the_admin_are_seen_after_calendar_changed(db):
    site = SiteFactory()
    calendar = make_calendar(site)
    work_calendar_for(site)
    calendar.periods.filter(weekday=0, start__hour=13).delete()  # as the admin inline does
    calendar_changed(actor=None, calendar=calendar, note="periods")
    cal = work_calendar_for(site)
    assert cal.working_time_between(at(2025, 9, 29), at(2025, 9, 30)).total_seconds() == 3 * 3600


def test_24_hour_calendar_ignores_statutory_days_but_not_closures(db):
    site = SiteFactory()
    calendar = make_calendar(site, name="Hotline", always_open=True)
    calendar_day_set(actor=None, calendar=calendar, day=date(2031, 10, 2), kind="site_closure")
    cal = work_calendar_for(site)
    assert cal.is_working_day(date(2025, 10, 1))
    assert not cal.is_working_day(date(2031, 10, 2))
    due = cal.add_working_hours(at(2031, 10, 1, 10), 24)
    assert due.at == at(2031, 10, 3, 10)
    assert due.covered  # a hotline does not follow the statutory schedule


def test_a_calendar_without_loaded_days_flags_every_year(db):
    site = SiteFactory()
    make_calendar(site, load_statutory=False)
    assert work_calendar_for(site).add_working_days(at(2025, 9, 30, 10), 1).uncovered_years == {
        2025
    }


def test_manually_loaded_year_counts_as_covered(db):
    site = SiteFactory()
    calendar = make_calendar(site)
    for day in range(1, 8):
        calendar_day_set(
            actor=None, calendar=calendar, day=date(2031, 10, day), kind=DayKind.STATUTORY_HOLIDAY
        )
    BusinessCalendar.objects.filter(pk=calendar.pk).update(covered_to_year=2031)
    calendar_changed(actor=None, calendar=calendar)
    due = work_calendar_for(site).add_working_days(at(2031, 9, 30, 10), 1)
    assert due.at == at(2031, 10, 8, 18)
    assert due.covered


def test_access_calendar_is_limited_to_the_users_sites(db):
    mine, other = SiteFactory(), SiteFactory()
    user = UserFactory(positions=[PositionFactory(site=mine)])
    own = make_calendar(mine)
    foreign = make_calendar(other)
    assert access_calendar(user, own.pk) == own
    for bad in (foreign.pk, 999999, "x", None):
        with pytest.raises(CalendarNotFound):
            access_calendar(user, bad)
    assert list(calendar_list_for(user)) == [own]


def test_coverage_notices(db):
    last = package_years().stop - 1
    calendar = make_calendar(SiteFactory(), load_statutory=False)
    notices = calendar_coverage_notices(today=date(last, 11, 23), calendars=[calendar])
    assert len(notices) == 2
    assert str(last + 1) in notices[0]  # the package lacks next year
    assert calendar.name in notices[1]  # this calendar lacks this year
    assert calendar_coverage_notices(today=date(last - 1, 6, 1), calendars=[]) == []


def test_uncovered_years_notice_names_the_years():
    assert "2027" in uncovered_years_notice({2027})
