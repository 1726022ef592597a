"""The seeds' time limits, computed with China's calendar (seed-notes 002 §5.2, 000, 004 §1)."""

from datetime import timedelta

import pytest

from kefu.calendar.rules import is_on_time, is_overdue
from kefu.calendar.tests.factories import at, china_calendar


@pytest.fixture(scope="module")
def cal():
    return china_calendar()


# --- seed 002 [XLM] "第2個工作日" (T4 L116, T6 L138, T7 L146) ----------------------


def test_seed_002_L116_quality_memo_received_friday_is_due_end_of_tuesday(cal):
    # seed-notes 002 §5.2 example: receipt Fri 2010-09-10; reading (b), the
    # receipt day not counted: Mon 13 (1st), Tue 14 (2nd) → end of Tue 2010-09-14.
    assert cal.add_working_days(at(2010, 9, 10, 15), 2).at == at(2010, 9, 14, 18)


def test_seed_002_L116_reading_a_receipt_day_as_day_1_is_n_minus_1(cal):
    # Reading (a) ("第二天" idiom): Mon 2010-09-13. Expressed as n - 1 working days.
    assert cal.add_working_days(at(2010, 9, 10, 15), 2 - 1).at == at(2010, 9, 13, 18)


def test_seed_002_L138_L146_opinion_by_2nd_working_day_across_mid_autumn_2010(cal):
    # Received Tue 2010-09-21; 22–24 Sep Mid-Autumn holiday; Sat 25 and Sun 26
    # are 调休 workdays: Sat 25 (1st), Sun 26 (2nd) → end of Sun 2010-09-26.
    assert cal.add_working_days(at(2010, 9, 21, 11), 2).at == at(2010, 9, 26, 18)


# --- seed 002 [XLM] T5 L124–126 and [JC] T14 L238, T16 L248 ----------------------


def test_seed_002_L248_handling_within_3_working_days(cal):
    # Complaint Thu 25 Sep 2025: Fri 26 (1), Sun 28 调休 (2), Mon 29 (3) → Mon 29 Sep 18:00.
    due = cal.add_working_days(at(2025, 9, 25, 10), 3)
    assert due.at == at(2025, 9, 29, 18)


def test_seed_002_L248_special_cases_within_7_working_days(cal):
    # … Tue 30 Sep (4), 1–8 Oct off, Thu 9 (5), Fri 10 (6), Sat 11 Oct 调休 (7).
    assert cal.add_working_days(at(2025, 9, 25, 10), 7).at == at(2025, 10, 11, 18)


def test_seed_002_L248_boundary_done_exactly_at_the_deadline_is_on_time(cal):
    # "不能超過三個工作日": 以內/不超過 include the number (seed-notes 002 §5 boundary).
    due = cal.add_working_days(at(2025, 9, 25, 10), 3)
    assert is_on_time(at(2025, 9, 29, 18), due)
    assert not is_on_time(at(2025, 9, 29, 18) + timedelta(microseconds=1), due)
    assert not is_overdue(due, at(2025, 9, 29, 18))
    assert is_overdue(due, at(2025, 9, 29, 18, 0, 1))


def test_seed_002_L238_reply_promised_within_3_working_days_from_make_up_sunday(cal):
    # Quality complaint on the 调休 Sunday 28 Sep 2025: Mon 29 (1), Tue 30 (2), Thu 9 Oct (3).
    assert cal.add_working_days(at(2025, 9, 28, 10), 3).at == at(2025, 10, 9, 18)


# --- seed 002 [JC] 24 h (T11 L224, T12 L228, T13 L232, T17 L252) -----------------


@pytest.mark.parametrize("line", ["L224", "L228", "L232", "L252"])
def test_seed_002_24_hours_are_calendar_hours(cal, line):
    # A written complaint at Tue 30 Sep 2025 15:00 is registered and confirmed
    # by Wed 1 Oct 15:00, a holiday: "24小時內" counts elapsed time.
    due = cal.add_calendar_hours(at(2025, 9, 30, 15), 24)
    assert due.at == at(2025, 10, 1, 15)
    assert is_on_time(at(2025, 10, 1, 15), due)
    assert not is_on_time(at(2025, 10, 1, 15, 0, 1), due)


def test_seed_002_L178_eoms_sign_off_within_2_hours(cal):
    # [DW] T21: sign-off ≤ 2 h.
    assert cal.add_calendar_hours(at(2025, 10, 3, 23, 30), 2).at == at(2025, 10, 4, 1, 30)


# --- seed 002 [DW] T26 L186 same day, [XLM] T10 L158 15 days -----------------------


def test_seed_002_L186_same_day_return_visit(cal):
    assert cal.same_day(at(2025, 10, 9, 16)).at == at(2025, 10, 9, 18)


def test_seed_002_L186_same_day_after_hours_is_the_next_working_day(cal):
    # Solved Thu 9 Oct 19:30, after closing: "same day" is Fri 10 Oct.
    assert cal.same_day(at(2025, 10, 9, 19, 30)).at == at(2025, 10, 10, 18)


def test_seed_002_L158_return_visit_15_days_after_the_reply(cal):
    # Reply Tue 30 Sep 2025; 15 calendar days, the reply day not counted: Wed 15 Oct.
    assert cal.add_calendar_days(at(2025, 9, 30, 10), 15).at == at(2025, 10, 15, 18)


# --- seed 004 [QZ] §1: reply 0.5 h (L393), on site 48 h (L277/L347/L393), 12 h (L271)


def test_seed_004_L393_repair_reply_within_half_an_hour(cal):
    assert cal.add_calendar_hours(at(2026, 2, 13, 17, 50), 0.5).at == at(2026, 2, 13, 18, 20)


def test_seed_004_L393_reply_in_working_hours_would_run_into_the_make_up_saturday(cal):
    # If a site counts the 0.5 h in working hours: 10 min on Friday, 20 min on Sat 14 Feb.
    assert cal.add_working_hours(at(2026, 2, 13, 17, 50), 0.5).at == at(2026, 2, 14, 9, 20)


def test_seed_004_L277_on_site_within_48_hours_even_in_the_spring_festival(cal):
    assert cal.add_calendar_hours(at(2026, 2, 13, 17, 50), 48).at == at(2026, 2, 15, 17, 50)


def test_seed_004_L271_urgent_water_electric_solved_within_12_hours(cal):
    assert cal.add_calendar_hours(at(2026, 2, 13, 17, 50), 12).at == at(2026, 2, 14, 5, 50)


# --- seed 000: closure 7 days (L345), solution 1 working day (L645), 24 h (L557) ---


def test_seed_000_L345_closure_within_7_days_counts_calendar_days(cal):
    # Received Mon 3 Nov 2025 10:00; the receipt day is not counted; day 7 is
    # Mon 10 Nov, a working day, so the deadline is its close of business
    # (Civil Code Art. 203: "有業務時間的,停止業務活動的時間為截止時間").
    assert cal.add_calendar_days(at(2025, 11, 3, 10), 7).at == at(2025, 11, 10, 18)


def test_seed_000_L345_seventh_day_on_a_holiday_ends_at_midnight(cal):
    # Received Tue 30 Sep 2025; day 7 is Tue 7 Oct, a holiday without business
    # hours: it ends at 24:00 (= Wed 8 Oct 00:00).
    assert cal.add_calendar_days(at(2025, 9, 30, 10), 7).at == at(2025, 10, 8, 0)


def test_seed_000_L345_seventh_day_on_a_holiday_rolls_forward_when_asked(cal):
    # Civil Code Art. 203: a last day on a statutory holiday moves to the day
    # after the holiday ends: Thu 9 Oct 2025, close of business.
    due = cal.add_calendar_days(at(2025, 9, 30, 10), 7, roll_forward=True)
    assert due.at == at(2025, 10, 9, 18)


def test_seed_000_L645_solution_within_1_working_day(cal):
    # Assigned Fri 13 Feb 2026 15:00 → the next working day is the 调休 Sat 14 Feb.
    assert cal.add_working_days(at(2026, 2, 13, 15), 1).at == at(2026, 2, 14, 18)


def test_seed_000_L645_solution_assigned_on_make_up_saturday(cal):
    # Assigned Sat 14 Feb 2026 → after the Spring Festival: Tue 24 Feb.
    assert cal.add_working_days(at(2026, 2, 14, 16), 1).at == at(2026, 2, 24, 18)


def test_seed_000_L557_major_complaint_warning_within_24_hours(cal):
    assert cal.add_calendar_hours(at(2026, 2, 13, 20), 24).at == at(2026, 2, 14, 20)


def test_next_day_is_one_working_day(cal):
    assert cal.next_day(at(2026, 2, 13, 10)).at == at(2026, 2, 14, 18)
