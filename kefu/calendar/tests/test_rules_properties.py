"""Hypothesis properties of the deadline arithmetic, for three kinds of week.

2027 is in range on purpose: it is not covered (weekends only) and the
properties must hold there too.
"""

from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kefu.calendar import rules
from kefu.calendar.tests.factories import SHANGHAI, china_calendar

CALENDARS = {
    "office": china_calendar(name="office"),
    "saturday_mornings": china_calendar(
        weekly={**rules.STANDARD_WEEK, 5: [("09:00", "12:00")]}, name="saturdays"
    ),
    "round_the_clock": rules.WorkCalendar(weekly=rules.ROUND_THE_CLOCK, name="24h"),
}

instants = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2027, 11, 30), timezones=st.just(SHANGHAI)
)
days = st.integers(min_value=1, max_value=40)
durations = st.integers(min_value=0, max_value=400 * 3600).map(lambda s: timedelta(seconds=s))
ONE_US = timedelta(microseconds=1)

pytestmark = pytest.mark.parametrize("name", sorted(CALENDARS))
props = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@props
@given(start=instants, n=days)
def test_working_day_deadline_never_lands_on_a_day_off(name, start, n):
    cal = CALENDARS[name]
    due = cal.add_working_days(start, n)
    assert cal.is_working_day(cal.day_of(due.at))
    assert due.at > start


@props
@given(start=instants, a=days, b=days)
def test_adding_a_then_b_working_days_equals_adding_a_plus_b(name, start, a, b):
    cal = CALENDARS[name]
    assert cal.add_working_days(cal.add_working_days(start, a).at, b).at == (
        cal.add_working_days(start, a + b).at
    )


@props
@given(start=instants, a=durations, b=durations)
def test_adding_a_then_b_working_hours_equals_adding_a_plus_b(name, start, a, b):
    cal = CALENDARS[name]
    assert cal.add_working_time(cal.add_working_time(start, a).at, b).at == (
        cal.add_working_time(start, a + b).at
    )


@props
@given(first=instants, second=instants, n=days, amount=durations)
def test_deadlines_are_monotonic_in_the_start(name, first, second, n, amount):
    cal = CALENDARS[name]
    early, late = sorted((first, second))
    assert cal.add_working_days(early, n).at <= cal.add_working_days(late, n).at
    assert cal.add_working_time(early, amount).at <= cal.add_working_time(late, amount).at
    assert cal.same_day(early).at <= cal.same_day(late).at
    assert cal.add_calendar_days(early, n).at <= cal.add_calendar_days(late, n).at


@props
@given(start=instants, amount=durations)
def test_working_time_between_start_and_deadline_is_the_amount(name, start, amount):
    cal = CALENDARS[name]
    due = cal.add_working_time(start, amount)
    assert cal.working_time_between(start, due.at) == amount


@props
@given(start=instants, amount=durations.filter(bool))
def test_working_hour_deadline_is_the_earliest_instant(name, start, amount):
    # The microsecond before the deadline is still working time.
    cal = CALENDARS[name]
    due = cal.add_working_time(start, amount)
    assert cal.is_working_time(due.at - ONE_US)


@props
@given(a=instants, b=instants, c=instants)
def test_working_time_between_is_additive(name, a, b, c):
    cal = CALENDARS[name]
    assert cal.working_time_between(a, b) + cal.working_time_between(b, c) == (
        cal.working_time_between(a, c)
    )
