"""The calendar's conventions: periods, day boundaries, closures, 24 h calendars, input checks."""

import logging
from datetime import UTC, date, datetime, time, timedelta

import pytest

from kefu.calendar import rules
from kefu.calendar.rules import ROUND_THE_CLOCK, Deadline, WorkCalendar, is_on_time
from kefu.calendar.tests.factories import at, china_calendar


@pytest.fixture(scope="module")
def cal():
    return china_calendar()


def test_standard_week_periods(cal):
    assert cal.working_periods(date(2025, 9, 29)) == (
        (time(9), time(12)),
        (time(13, 30), time(18)),
    )
    assert cal.working_periods(date(2025, 10, 1)) == ()


def test_make_up_day_is_worked_with_the_weekday_periods(cal):
    assert cal.working_periods(date(2026, 2, 14)) == cal.working_periods(date(2026, 2, 13))


def test_periods_are_half_open(cal):
    assert cal.is_working_time(at(2025, 9, 29, 9))
    assert not cal.is_working_time(at(2025, 9, 29, 12))
    assert cal.is_working_time(at(2025, 9, 29, 11, 59, 59))


@pytest.mark.parametrize(
    "weekly",
    [
        {0: [("10:00", "09:00")]},
        {0: [("09:00", "12:00"), ("11:00", "13:00")]},
        {7: [("09:00", "12:00")]},
        {},
        {0: [("25:00", "26:00")]},
        {0: [("9h", "12:00")]},
    ],
)
def test_invalid_weeks_are_refused(weekly):
    with pytest.raises(ValueError):
        WorkCalendar(weekly=weekly)


def test_touching_periods_merge_and_00_00_end_means_midnight():
    cal = WorkCalendar(weekly={0: [("00:00", "12:00"), (time(12), time(0))]}, covered_years=None)
    assert cal.working_periods(date(2025, 9, 29)) == ((time(0), time(0)),)
    assert cal.working_time_between(at(2025, 9, 29), at(2025, 9, 30)) == timedelta(hours=24)


def test_naive_datetimes_are_refused(cal):
    with pytest.raises(ValueError):
        cal.add_working_days(datetime(2025, 9, 29, 10), 1)
    with pytest.raises(ValueError):
        cal.add_calendar_hours(datetime(2025, 9, 29, 10), 1)


def test_negative_amounts_are_refused(cal):
    with pytest.raises(ValueError):
        cal.add_working_days(at(2025, 9, 29, 10), -1)
    with pytest.raises(ValueError):
        cal.add_working_hours(at(2025, 9, 29, 10), -0.5)
    with pytest.raises(ValueError):
        cal.add_calendar_hours(at(2025, 9, 29, 10), -1)
    with pytest.raises(ValueError):
        cal.add_calendar_days(at(2025, 9, 29, 10), 0)


def test_utc_input_is_counted_in_beijing_time(cal):
    # 2025-09-30 02:00 UTC is 10:00 in Beijing.
    due = cal.add_working_days(datetime(2025, 9, 30, 2, tzinfo=UTC), 2)
    assert due.at == at(2025, 10, 10, 18)


def test_zero_working_days_is_same_day(cal):
    assert cal.add_working_days(at(2025, 9, 29, 10), 0) == cal.same_day(at(2025, 9, 29, 10))


def test_zero_working_hours_is_the_start(cal):
    assert cal.add_working_hours(at(2025, 10, 1, 10), 0).at == at(2025, 10, 1, 10)


def test_same_day_on_a_holiday_is_the_next_working_day(cal):
    assert cal.same_day(at(2025, 10, 3, 10)).at == at(2025, 10, 9, 18)


def test_same_day_at_closing_time_is_the_next_working_day(cal):
    assert cal.same_day(at(2025, 9, 29, 18)).at == at(2025, 9, 30, 18)


def test_midnight_belongs_to_the_day_before(cal):
    assert cal.day_of(at(2025, 9, 30)) == date(2025, 9, 29)
    assert cal.day_of(at(2025, 9, 30, 0, 0, 1)) == date(2025, 9, 30)


def test_end_of_day_is_close_of_business_or_midnight(cal):
    assert cal.end_of_day(date(2025, 9, 29)) == at(2025, 9, 29, 18)
    assert cal.end_of_day(date(2025, 10, 1)) == at(2025, 10, 2)


def test_site_closure_is_a_day_off():
    cal = china_calendar(closures=[date(2025, 9, 29)])
    assert not cal.is_working_day(date(2025, 9, 29))
    assert cal.add_working_days(at(2025, 9, 26, 10), 2).at == at(2025, 9, 30, 18)


def test_a_closure_on_a_make_up_day_wins():
    cal = china_calendar(closures=[date(2025, 9, 28)])
    assert not cal.is_working_day(date(2025, 9, 28))


def test_makeup_periods_can_be_set():
    cal = WorkCalendar(workdays=[date(2025, 9, 28)], makeup_periods=[("09:00", "12:00")])
    assert cal.working_periods(date(2025, 9, 28)) == ((time(9), time(12)),)


def test_round_the_clock_counts_every_hour_and_ignores_coverage():
    cal = WorkCalendar(weekly=ROUND_THE_CLOCK, covered_years=None)
    assert cal.add_working_hours(at(2031, 10, 1, 10), 24).at == at(2031, 10, 2, 10)
    # End of a round-the-clock day is 24:00; the next day is counted from there.
    first = cal.add_working_days(at(2031, 10, 1, 10), 1)
    assert first.at == at(2031, 10, 3)
    assert cal.add_working_days(first.at, 1).at == at(2031, 10, 4)
    assert first.uncovered_years == frozenset()


def test_saturday_morning_week():
    weekly = {**rules.STANDARD_WEEK, 5: [("09:00", "12:00")]}
    cal = china_calendar(weekly=weekly)
    # Fri 26 Sep 2025 + 1 → Sat 27 Sep, worked until 12:00 at this site.
    assert cal.add_working_days(at(2025, 9, 26, 10), 1).at == at(2025, 9, 27, 12)


def test_is_on_time_accepts_deadlines_and_datetimes():
    due = at(2025, 9, 29, 18)
    assert is_on_time(due, Deadline(due))
    assert is_on_time(due, due)
    assert not is_on_time(due + timedelta(seconds=1), due)


def test_far_future_is_refused_not_looped(cal):
    with pytest.raises(ValueError):
        cal.add_working_days(at(2025, 9, 29, 10), 1_000_000)


def test_working_time_between_is_negative_backwards(cal):
    assert cal.working_time_between(at(2025, 9, 30, 10), at(2025, 9, 29, 10)) == -timedelta(
        hours=7.5
    )


def test_tables_grow_backwards_consistently(cal):
    # Compute in 2025 first, then in 2010: the answer for 2025 does not change.
    later = cal.working_time_between(at(2025, 9, 30, 17), at(2025, 10, 9, 10))
    cal.add_working_days(at(2010, 9, 10), 2)
    assert cal.working_time_between(at(2025, 9, 30, 17), at(2025, 10, 9, 10)) == later


def test_logging_is_not_used_for_covered_years(cal, caplog):
    with caplog.at_level(logging.WARNING, logger="kefu.calendar"):
        cal.add_working_days(at(2025, 9, 29, 10), 5)
    assert caplog.records == []


def test_far_apart_years_rebuild_instead_of_failing():
    cal = china_calendar()
    cal.add_working_days(at(2025, 9, 29, 10), 1)
    # 1800 is more than MAX_SPAN_YEARS before 2025: the tables are rebuilt for it.
    assert cal.add_working_days(at(1800, 1, 6, 10), 1).uncovered_years == {1800}
    assert cal.add_working_days(at(2025, 9, 30, 10), 2).at == at(2025, 10, 10, 18)


def test_uncovered_years_between():
    cal = china_calendar(last_year=2026)
    assert cal.uncovered_years_between(at(2031, 1, 5), at(2025, 1, 5)) == set(range(2027, 2032))
    assert cal.uncovered_years_between(at(2025, 1, 5), at(2026, 1, 5)) == set()
