"""kefu.desk.sla: which target applies, durations, pauses, states."""

from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kefu.calendar.tests.factories import SHANGHAI, at, china_calendar
from kefu.desk import sla
from kefu.desk.sla import TargetSpec as T

CAL = china_calendar()


def test_most_specific_target_wins_category_then_urgency_then_type():
    targets = [
        T("reply", "calendar_hours", 1),
        T("reply", "calendar_hours", 2, request_type="complaint"),
        T("reply", "calendar_hours", 3, urgency="urgent"),
        T("reply", "calendar_hours", 4, category="special"),
    ]

    def pick(**kw):
        kw = {"request_type": "complaint", "category": "", "urgency": "normal", **kw}
        return sla.target_for(targets, "reply", **kw).amount

    assert pick(request_type="enquiry") == 1
    assert pick() == 2
    assert pick(urgency="urgent") == 3
    assert pick(urgency="urgent", category="special") == 4


def test_ties_go_to_the_target_listed_first():
    targets = [T("reply", "working_days", 1), T("reply", "working_days", 2)]
    assert sla.target_for(targets, "reply", request_type="x", category="", urgency="").amount == 1


def test_no_matching_target_means_no_clock():
    targets = [T("closure", "calendar_days", 7, request_type="complaint")]
    assert sla.deadlines_for(targets, CAL, start=at(2025, 11, 3, 10), request_type="repair") == {}


@pytest.mark.parametrize(
    ("kind", "amount", "due"),
    [
        ("working_days", 2, at(2025, 10, 10, 18)),
        ("working_hours", 2, at(2025, 10, 9, 10)),
        ("calendar_hours", 24, at(2025, 10, 1, 17)),
        ("calendar_days", 7, at(2025, 10, 8, 0)),  # 7 Oct 24:00 (a day off)
        ("same_day", 0, at(2025, 9, 30, 18)),
        ("next_day", 0, at(2025, 10, 9, 18)),
    ],
)
def test_duration_kinds_over_national_day_2025(kind, amount, due):
    assert sla.due_from(CAL, at(2025, 9, 30, 17), kind, amount).at == due


def test_unknown_clock_or_kind_is_refused():
    with pytest.raises(ValueError):
        T("lunch", "working_days", 1)
    with pytest.raises(ValueError):
        T("reply", "fortnights", 1)


def test_uncovered_year_is_reported():
    result = sla.deadlines_for(
        [T("reply", "working_days", 3)], CAL, start=at(2026, 12, 30, 10), request_type="x"
    )
    assert 2027 in result["reply"].uncovered_years


def test_pause_moves_a_working_clock_by_the_working_time_paused():
    # Paused Tue 30 Sep 2025 17:00 -> Thu 9 Oct 10:00: 1 h + 1 h of working time.
    targets = [T("reply", "working_days", 2)]
    pauses = [(at(2025, 9, 30, 17), at(2025, 10, 9, 10))]
    result = sla.deadlines_for(
        targets, CAL, start=at(2025, 9, 30, 10), request_type="x", pauses=pauses
    )
    # Fri 10 Oct 18:00 + 2 working hours = Sat 11 Oct (调休) 11:00.
    assert result["reply"].due == at(2025, 10, 11, 11)


def test_pause_moves_a_calendar_clock_by_the_wall_clock_time():
    targets = [T("reply", "calendar_hours", 24)]
    pauses = [(at(2025, 9, 30, 12), at(2025, 9, 30, 15, 30))]
    result = sla.deadlines_for(
        targets, CAL, start=at(2025, 9, 30, 10), request_type="x", pauses=pauses
    )
    assert result["reply"].due == at(2025, 10, 1, 13, 30)


instants = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2026, 11, 30), timezones=st.just(SHANGHAI)
)
kinds = st.sampled_from(["working_days", "working_hours", "calendar_hours", "calendar_days"])


@settings(max_examples=150, deadline=None)
@given(
    start=instants,
    kind=kinds,
    amount=st.integers(min_value=1, max_value=30),
    pause_offset=st.integers(min_value=0, max_value=20 * 24 * 3600),
    pause_length=st.integers(min_value=0, max_value=20 * 24 * 3600),
)
def test_paused_deadline_is_unpaused_deadline_shifted_by_the_paused_time(
    start, kind, amount, pause_offset, pause_length
):
    targets = [T("resolution", kind, amount)]
    pause_start = start + timedelta(seconds=pause_offset)
    pause = (pause_start, pause_start + timedelta(seconds=pause_length))
    plain = sla.deadlines_for(targets, CAL, start=start, request_type="x")["resolution"].due
    paused = sla.deadlines_for(targets, CAL, start=start, request_type="x", pauses=[pause])
    due = paused["resolution"].due
    if kind in sla.CALENDAR_TIME_KINDS:
        assert due - plain == pause[1] - pause[0]
    else:
        assert CAL.working_time_between(plain, due) == CAL.working_time_between(*pause)
        assert due >= plain


@pytest.mark.parametrize(
    ("done_at", "now", "state"),
    [
        (None, at(2025, 1, 1, 17), "running"),
        (None, at(2025, 1, 1, 18), "running"),  # 以内 includes the deadline
        (None, at(2025, 1, 1, 18, 0, 1), "overdue"),
        (at(2025, 1, 1, 18), at(2025, 1, 3), "met"),
        (at(2025, 1, 1, 18, 0, 1), at(2025, 1, 3), "missed"),
    ],
)
def test_sla_state(done_at, now, state):
    assert sla.sla_state(due=at(2025, 1, 1, 18), done_at=done_at, now=now) == state


def test_next_due_is_the_earliest_open_clock():
    dues = {"reply": at(2025, 1, 2), "closure": at(2025, 1, 9), "first_response": at(2025, 1, 1)}
    done = {"reply": False, "closure": False, "first_response": True}
    assert sla.next_due(dues, done) == ("reply", at(2025, 1, 2))
    assert sla.next_due(dues, dict.fromkeys(dues, True)) == ("", None)
