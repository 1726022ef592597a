"""A year the statutory schedule does not cover counts with weekends only, says so, never fails.

chinesecalendar 1.11.0 covers 2004–2026. The State Council publishes the next
year's schedule each winter. These tests pretend the package stops at 2026
(``last_year=2026``) so they keep their meaning after an upgrade; 2027 and
2031 are counted Mon–Fri.
"""

import logging
from datetime import date

import pytest

from kefu.calendar.statutory import package_years
from kefu.calendar.tests.factories import at, china_calendar

LAST = 2026
FIRST_UNCOVERED = LAST + 1


def test_package_range_is_known():
    assert package_years().start == 2004
    assert package_years().stop - 1 >= 2026


def test_uncovered_2031_counts_weekends_only_and_flags_it():
    cal = china_calendar(last_year=LAST)
    # Tue 30 Sep 2031 10:00 + 2 working days. National Day 2031 is not loaded,
    # so Wed 1 and Thu 2 Oct count as working days: due Thu 2 Oct 18:00.
    due = cal.add_working_days(at(2031, 9, 30, 10), 2)
    assert due.at == at(2031, 10, 2, 18)
    assert due.uncovered_years == frozenset({2031})
    assert not due.covered


def test_uncovered_year_weekends_are_still_off():
    cal = china_calendar(last_year=LAST)
    # Fri 3 Oct 2031 + 1 → Mon 6 Oct (Sat/Sun off).
    assert cal.add_working_days(at(2031, 10, 3, 10), 1).at == at(2031, 10, 6, 18)
    assert not cal.is_working_day(date(2031, 10, 4))
    assert cal.is_working_day(date(2031, 10, 1))


def test_deadline_crossing_into_an_uncovered_year_is_flagged():
    cal = china_calendar(last_year=LAST)
    # Thu 31 Dec of the last covered year + 1 working day → 1 Jan of the next,
    # which counts as a working day until its holidays are loaded.
    start = at(LAST, 12, 31, 10)
    due = cal.add_working_days(start, 1)
    assert due.uncovered_years == frozenset({FIRST_UNCOVERED})
    assert due.at.date() >= date(FIRST_UNCOVERED, 1, 1)


def test_working_hours_in_an_uncovered_year_are_flagged():
    cal = china_calendar(last_year=LAST)
    assert cal.add_working_hours(at(2031, 10, 1, 10), 2).uncovered_years == {2031}


def test_calendar_hours_never_need_coverage():
    cal = china_calendar(last_year=LAST)
    assert cal.add_calendar_hours(at(2031, 10, 1, 10), 24).covered


def test_uncovered_year_is_logged_once_per_calendar_and_year(caplog):
    cal = china_calendar(last_year=LAST, name="pmc/Office hours")
    with caplog.at_level(logging.WARNING, logger="kefu.calendar"):
        cal.add_working_days(at(2031, 9, 30, 10), 2)
        cal.add_working_days(at(2031, 9, 30, 11), 3)
        cal.add_working_hours(at(2031, 9, 30, 11), 3)
    records = [r for r in caplog.records if r.name == "kefu.calendar"]
    assert len(records) == 1
    assert records[0].levelno == logging.WARNING
    assert "2031" in records[0].getMessage()
    assert "pmc/Office hours" in records[0].getMessage()


def test_years_entered_by_hand_count_as_covered():
    # An administrator loaded 2031 by hand and extended the covered years.
    cal = china_calendar(
        last_year=LAST,
        covered_years=range(2004, 2032),
        closures=[date(2031, 10, d) for d in range(1, 8)],
    )
    due = cal.add_working_days(at(2031, 9, 30, 10), 2)
    assert due.at == at(2031, 10, 9, 18)
    assert due.covered


@pytest.mark.parametrize("year", [2003, 1999])
def test_years_before_the_package_are_uncovered_too(year):
    cal = china_calendar(last_year=LAST)
    assert cal.add_working_days(at(year, 3, 3, 10), 1).uncovered_years == {year}
