"""The schedule generators and the retry rule (pure, no database)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kefu.calendar.selectors import default_work_calendar
from kefu.visits import rules

D = date.fromisoformat


def test_handover_schedule_is_15_days_1_3_6_months():
    # seed 004 L271 (15–30 days after hand-over), L393 (within 1 month),
    # L273 (3 months after moving in), L275 (6 months).
    assert rules.handover_schedule(D("2026-03-10")) == [
        ("handover_15d", D("2026-03-25")),
        ("handover_1m", D("2026-04-10")),
        ("handover_3m", D("2026-06-10")),
        ("handover_6m", D("2026-09-10")),
    ]


def test_month_arithmetic_clamps_to_the_last_day_of_the_month():
    assert rules.handover_schedule(D("2026-01-31")) == [
        ("handover_15d", D("2026-02-15")),
        ("handover_1m", D("2026-02-28")),
        ("handover_3m", D("2026-04-30")),
        ("handover_6m", D("2026-07-31")),
    ]
    assert rules.add_months(D("2024-01-31"), 1) == D("2024-02-29")  # leap year
    assert rules.add_months(D("2026-08-31"), 6) == D("2027-02-28")  # across the year


def test_complaint_reply_visit_is_15_days_later():
    # seed 002 L158: 其他类问题投诉在回复客户处理意见后15天 → reply 2010-09-14, visit 09-29
    assert rules.after_complaint_reply(D("2010-09-14")) == D("2010-09-29")


def test_repaired_product_visit_is_the_day_after_delivery():
    # seed 002 L156: 返修产品交货期第2天 (the delivery day is day 1)
    assert rules.after_repaired_delivery(D("2010-09-20")) == D("2010-09-21")


def test_offsets_parse_days_and_months_and_refuse_the_rest():
    assert rules.Offset.parse("15d").apply(D("2026-01-01")) == D("2026-01-16")
    assert rules.Offset.parse(" 3M ").apply(D("2026-01-01")) == D("2026-04-01")
    for bad in ("", "15", "d15", "2w", "-1d"):
        with pytest.raises(ValueError):
            rules.Offset.parse(bad)


def test_not_reached_is_tried_again_on_the_next_working_day():
    calendar = default_work_calendar()
    # Friday 2026-09-25 → Monday 09-28 (weekend skipped).
    retry = rules.retry_after_not_reached(
        calendar_=calendar, attempted_on=D("2026-09-25"), attempts=1, max_attempts=3
    )
    assert retry == rules.Retry(D("2026-09-28"), False)
    # Tuesday 2025-09-30 → Thursday 10-09: the National Day holidays 10-01..08 skipped;
    # Friday 2025-10-10 → Saturday 10-11, a 调休 make-up workday.
    retry = rules.retry_after_not_reached(
        calendar_=calendar, attempted_on=D("2025-09-30"), attempts=2, max_attempts=3
    )
    assert retry.due_on == D("2025-10-09")
    assert rules.next_working_day(calendar, D("2025-10-10")) == D("2025-10-11")


def test_the_last_allowed_attempt_flags_the_visit():
    retry = rules.retry_after_not_reached(
        calendar_=default_work_calendar(), attempted_on=D("2026-09-25"), attempts=3, max_attempts=3
    )
    assert retry == rules.Retry(None, True)


def test_timing_of_an_open_visit():
    today = D("2026-05-06")
    assert rules.timing(D("2026-05-05"), today) == "overdue"
    assert rules.timing(today, today) == "today"
    assert rules.timing(D("2026-05-07"), today) == "upcoming"


anchors = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))


@given(anchors)
def test_handover_dates_are_never_before_the_anchor_and_ordered(anchor):
    dates = [d for _reason, d in rules.handover_schedule(anchor)]
    assert all(d > anchor for d in dates)
    assert dates == sorted(dates)
    assert len(set(dates)) == len(dates)


@given(anchors, st.integers(min_value=0, max_value=240))
def test_month_addition_clamps_and_never_overshoots(anchor, months):
    result = rules.add_months(anchor, months)
    assert result >= anchor
    assert (result.year * 12 + result.month) - (anchor.year * 12 + anchor.month) == months
    if result.day != anchor.day:
        # clamped: the anchor's day does not exist in that month; it is the last day
        assert result.day < anchor.day
        assert (result + timedelta(days=1)).day == 1


@given(anchors, st.integers(min_value=0, max_value=60))
def test_day_offsets_are_never_before_the_anchor(anchor, days):
    assert rules.after_complaint_reply(anchor, days) >= anchor
    assert rules.after_repaired_delivery(anchor, days) >= anchor


@given(st.dates(min_value=date(2005, 1, 1), max_value=date(2026, 12, 1)), st.integers(1, 5))
def test_retry_day_is_a_later_working_day(day, n):
    calendar = default_work_calendar()
    result = rules.next_working_day(calendar, day, n)
    assert result > day
    assert calendar.is_working_day(result)
    between = [day + timedelta(days=i) for i in range(1, (result - day).days)]
    assert sum(calendar.is_working_day(d) for d in between) == n - 1
