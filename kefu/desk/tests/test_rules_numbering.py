"""seed 002 L50 (§5.1): 單號 YYMMDDNNN, the sequence counts within the year."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kefu.desk.rules import format_number, number_period, parse_complaint_number


def complaint_number(day: date, seq: int) -> str:
    return format_number(prefix="", date_format="yymmdd", seq_digits=3, day=day, seq=seq)


def test_seed_example_100912099_is_99th_complaint_of_2010_on_12_september():
    # seed 002 L50: 100912099 = registered 2010-09-12, the 99th of 2010
    assert complaint_number(date(2010, 9, 12), 99) == "100912099"


def test_next_that_day_is_100912100():
    assert complaint_number(date(2010, 9, 12), 100) == "100912100"


def test_first_of_2011_on_3_january_is_110103001():
    assert complaint_number(date(2011, 1, 3), 1) == "110103001"


def test_past_999_the_sequence_widens_to_four_digits():
    assert complaint_number(date(2010, 12, 30), 1000) == "1012301000"


def test_parse_seed_example():
    parsed = parse_complaint_number("100912099")
    assert (parsed.year, parsed.month, parsed.day, parsed.seq) == (2010, 9, 12, 99)


@pytest.mark.parametrize("bad", ["101312001", "100230001", "10091209", "10091200a", "100912000"])
def test_parse_rejects_month_13_30_february_short_and_zero(bad):
    # seed-notes 002 §5.1: 101312001 (month 13) and 100230001 (30 Feb) are invalid
    with pytest.raises(ValueError):
        parse_complaint_number(bad)


@pytest.mark.parametrize(
    ("reset", "expected"),
    [("yearly", "2010"), ("monthly", "2010-09"), ("daily", "2010-09-12"), ("never", "all")],
)
def test_counter_period_per_reset_rule(reset, expected):
    assert number_period(reset, date(2010, 9, 12)) == expected


def test_prefixed_daily_scheme():
    number = format_number(
        prefix="B", date_format="yymmdd", seq_digits=3, day=date(2026, 2, 14), seq=7
    )
    assert number == "B260214007"


@given(
    day=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
    seq=st.integers(min_value=1, max_value=99_999),
)
def test_format_then_parse_round_trips(day, seq):
    parsed = parse_complaint_number(complaint_number(day, seq))
    assert (parsed.year, parsed.month, parsed.day, parsed.seq) == (
        day.year,
        day.month,
        day.day,
        seq,
    )


@given(
    day=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
    a=st.integers(min_value=1, max_value=5000),
    b=st.integers(min_value=1, max_value=5000),
)
def test_distinct_sequences_give_distinct_numbers_within_a_year(day, a, b):
    if a != b:
        assert complaint_number(day, a) != complaint_number(day, b)
