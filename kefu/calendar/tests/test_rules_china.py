"""China's holidays and 调休 make-up workdays in deadline arithmetic (issue #4 required cases).

Convention (rules.py): "the Nth working day" is the end (close of business,
18:00 in the standard week) of the Nth working day after the start day; the
start day is not counted. Standard week: Mon–Fri 09:00–12:00 and 13:30–18:00.
"""

from datetime import date, timedelta

import pytest

from kefu.calendar.tests.factories import at, china_calendar


@pytest.fixture(scope="module")
def cal():
    return china_calendar()


# --- 2025 National Day: 1–8 Oct off; Sun 28 Sep and Sat 11 Oct worked ---------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2025, 9, 27), False),  # Saturday, normal weekend
        (date(2025, 9, 28), True),  # Sunday, 调休 make-up workday
        (date(2025, 9, 30), True),
        *[(date(2025, 10, d), False) for d in range(1, 9)],  # 1–8 Oct holiday
        (date(2025, 10, 9), True),
        (date(2025, 10, 11), True),  # Saturday, 调休 make-up workday
        (date(2025, 10, 12), False),  # Sunday, normal weekend
    ],
)
def test_national_day_2025_working_days(cal, day, working):
    assert cal.is_working_day(day) is working


def test_national_day_2025_request_on_30_sep_by_2nd_working_day_is_end_of_fri_10_oct(cal):
    # Tue 30 Sep 10:00 is the start day (not counted). 1–8 Oct are off,
    # so Thu 9 Oct is the 1st working day and Fri 10 Oct the 2nd: due 18:00.
    due = cal.add_working_days(at(2025, 9, 30, 10), 2)
    assert due.at == at(2025, 10, 10, 18)
    assert due.covered


def test_national_day_2025_request_on_30_sep_plus_1_working_day_is_thu_9_oct(cal):
    # 1st working day after Tue 30 Sep = Thu 9 Oct (the first day after the break).
    assert cal.add_working_days(at(2025, 9, 30, 10), 1).at == at(2025, 10, 9, 18)


def test_national_day_2025_third_working_day_is_make_up_saturday_11_oct(cal):
    # Thu 9 (1st), Fri 10 (2nd), Sat 11 Oct is a 调休 workday (3rd).
    assert cal.add_working_days(at(2025, 9, 30, 10), 3).at == at(2025, 10, 11, 18)


def test_national_day_2025_friday_plus_1_working_day_is_make_up_sunday_28_sep(cal):
    # Fri 26 Sep is the start day; Sat 27 is off; Sun 28 Sep is a 调休 workday.
    assert cal.add_working_days(at(2025, 9, 26, 15), 1).at == at(2025, 9, 28, 18)


def test_national_day_2025_request_on_saturday_counts_from_make_up_sunday(cal):
    # A request on a rest day: that day is the start day, Sun 28 Sep is the 1st working day.
    assert cal.add_working_days(at(2025, 9, 27, 11), 1).at == at(2025, 9, 28, 18)


def test_national_day_2025_working_hours_skip_the_break(cal):
    # Tue 30 Sep 17:00 + 2 working hours: 17:00–18:00 (1 h), then the break,
    # then Thu 9 Oct 09:00–10:00 (1 h).
    assert cal.add_working_hours(at(2025, 9, 30, 17), 2).at == at(2025, 10, 9, 10)


def test_national_day_2025_working_hours_use_make_up_sunday(cal):
    # Fri 26 Sep 17:30 + 1 h: 30 min on Friday, 30 min on Sun 28 Sep from 09:00.
    assert cal.add_working_hours(at(2025, 9, 26, 17, 30), 1).at == at(2025, 9, 28, 9, 30)


def test_national_day_2025_24_calendar_hours_ignore_the_holiday(cal):
    # "24小時內": elapsed time, the holiday does not stop the clock.
    assert cal.add_calendar_hours(at(2025, 9, 30, 10), 24).at == at(2025, 10, 1, 10)


# --- 2026 Spring Festival: 15–23 Feb off; Sat 14 Feb and Sat 28 Feb worked -------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 2, 13), True),
        (date(2026, 2, 14), True),  # Saturday, 调休
        *[(date(2026, 2, d), False) for d in range(15, 24)],  # 15–23 Feb
        (date(2026, 2, 24), True),
        (date(2026, 2, 28), True),  # Saturday, 调休
        (date(2026, 3, 1), False),
    ],
)
def test_spring_festival_2026_working_days(cal, day, working):
    assert cal.is_working_day(day) is working


def test_spring_festival_2026_friday_13_feb_plus_1_working_day_is_saturday_14_feb(cal):
    # Fri 13 Feb is the start day; Sat 14 Feb is a 调休 workday: due 18:00 that Saturday.
    assert cal.add_working_days(at(2026, 2, 13, 10), 1).at == at(2026, 2, 14, 18)


def test_spring_festival_2026_friday_13_feb_plus_2_working_days_is_tuesday_24_feb(cal):
    # Sat 14 Feb (1st), 15–23 Feb off, Tue 24 Feb (2nd).
    assert cal.add_working_days(at(2026, 2, 13, 10), 2).at == at(2026, 2, 24, 18)


def test_spring_festival_2026_make_up_saturday_plus_1_is_tuesday_24_feb(cal):
    assert cal.add_working_days(at(2026, 2, 14, 16), 1).at == at(2026, 2, 24, 18)


def test_spring_festival_2026_friday_27_feb_plus_1_is_make_up_saturday_28_feb(cal):
    assert cal.add_working_days(at(2026, 2, 27, 9), 1).at == at(2026, 2, 28, 18)


def test_spring_festival_2026_working_hours_friday_evening_into_make_up_saturday(cal):
    # Fri 13 Feb 17:00 + 2 h: 1 h on Friday, 1 h on Sat 14 Feb (09:00–10:00).
    assert cal.add_working_hours(at(2026, 2, 13, 17), 2).at == at(2026, 2, 14, 10)


def test_spring_festival_2026_working_hours_across_the_break(cal):
    # Sat 14 Feb 17:00 + 3 h: 1 h on Saturday, then Tue 24 Feb 09:00–11:00.
    assert cal.add_working_hours(at(2026, 2, 14, 17), 3).at == at(2026, 2, 24, 11)


def test_spring_festival_2026_working_time_between_counts_only_the_make_up_saturday(cal):
    # From Fri 13 Feb 18:00 to Tue 24 Feb 09:00 only Sat 14 Feb is worked: 3 h + 4.5 h.
    assert cal.working_time_between(at(2026, 2, 13, 18), at(2026, 2, 24, 9)) == timedelta(hours=7.5)


def test_spring_festival_2026_24_calendar_hours_ignore_the_holiday(cal):
    assert cal.add_calendar_hours(at(2026, 2, 14, 20), 24).at == at(2026, 2, 15, 20)


# --- working hours in an ordinary week (Mon 29 Sep 2025) ------------------------


def test_working_hours_skip_the_lunch_break(cal):
    # Mon 11:00 + 2 h: 11:00–12:00, lunch 12:00–13:30, 13:30–14:30.
    assert cal.add_working_hours(at(2025, 9, 29, 11), 2).at == at(2025, 9, 29, 14, 30)


def test_working_hours_used_up_at_noon_end_at_noon_not_after_lunch(cal):
    # The deadline is the earliest instant the time is used up: 12:00, not 13:30.
    assert cal.add_working_hours(at(2025, 9, 29, 10), 2).at == at(2025, 9, 29, 12)


def test_working_hours_started_in_the_lunch_break_count_from_13_30(cal):
    assert cal.add_working_hours(at(2025, 9, 29, 12, 30), 1).at == at(2025, 9, 29, 14, 30)


def test_working_hours_started_before_opening_count_from_09_00(cal):
    assert cal.add_working_hours(at(2025, 9, 29, 7), 1).at == at(2025, 9, 29, 10)


def test_working_hours_carry_over_to_the_next_morning(cal):
    # Mon 17:00 + 2 h: 17:00–18:00, then Tue 09:00–10:00.
    assert cal.add_working_hours(at(2025, 9, 29, 17), 2).at == at(2025, 9, 30, 10)


def test_a_working_day_has_seven_and_a_half_working_hours(cal):
    assert cal.working_time_between(at(2025, 9, 29), at(2025, 9, 30)) == timedelta(hours=7.5)
