"""calendar.W001/W002 system checks, the refresh_calendar command, the stdlib ``calendar``."""

import sys
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kefu.calendar.checks import calendars_loaded_check, coverage_warnings
from kefu.calendar.models import BusinessCalendar
from kefu.calendar.statutory import package_years, statutory_days
from kefu.calendar.tests.factories import make_calendar
from kefu.core.models import AuditEntry
from kefu.org.tests.factories import SiteFactory

LAST = package_years().stop - 1


def test_stdlib_calendar_is_not_shadowed():
    # kefu/calendar is imported as ``kefu.calendar``; ``import calendar`` is the stdlib.
    import calendar

    import kefu.calendar

    assert calendar is not kefu.calendar
    assert "kefu" not in calendar.__file__
    assert calendar.monthrange(2026, 2) == (6, 28)
    assert "calendar" in sys.stdlib_module_names


def test_w001_warns_when_next_year_is_not_covered():
    (warning,) = coverage_warnings(today=date(LAST, 11, 23))
    assert warning.id == "calendar.W001"
    assert str(LAST + 1) in warning.msg
    assert "refresh_calendar" in warning.hint


def test_w001_warns_when_this_year_is_not_covered():
    (warning,) = coverage_warnings(today=date(LAST + 4, 1, 5))
    assert str(LAST + 4) in warning.msg and str(LAST + 5) in warning.msg


def test_w001_is_silent_when_this_and_next_year_are_covered():
    assert coverage_warnings(today=date(LAST - 1, 6, 1)) == []


def test_w001_is_registered():
    from django.core import checks

    ids = {m.id for m in checks.run_checks(tags=["kefu"])}
    expected = {"calendar.W001"} if coverage_warnings(today=date.today()) else set()
    assert expected <= ids


def test_w002_lists_calendars_behind_the_package(db):
    behind = make_calendar(SiteFactory(code="behind"), load_statutory=False)
    make_calendar(SiteFactory(code="fine"))
    make_calendar(SiteFactory(code="hotline"), always_open=True, load_statutory=False)
    warnings = calendars_loaded_check(databases=["default"])
    assert [w.id for w in warnings] == ["calendar.W002"]
    assert behind.name in warnings[0].msg and "behind" in warnings[0].msg
    assert calendars_loaded_check(databases=None) == []


def test_refresh_calendar_command_loads_and_is_idempotent(db):
    calendar = make_calendar(SiteFactory(code="pmc"), load_statutory=False)
    out = StringIO()
    call_command("refresh_calendar", stdout=out, stderr=StringIO())
    assert f"pmc/Office hours: {len(statutory_days())} added, 0 updated, 0 removed" in (
        out.getvalue()
    )
    assert BusinessCalendar.objects.get(pk=calendar.pk).covered_years == package_years()
    audits = AuditEntry.objects.count()
    out = StringIO()
    call_command("refresh_calendar", "--site", "pmc", stdout=out, stderr=StringIO())
    assert "pmc/Office hours: 0 added, 0 updated, 0 removed" in out.getvalue()
    assert AuditEntry.objects.count() == audits


def test_refresh_calendar_command_reports_an_unknown_site(db):
    with pytest.raises(CommandError):
        call_command("refresh_calendar", "--site", "nope", stdout=StringIO())
