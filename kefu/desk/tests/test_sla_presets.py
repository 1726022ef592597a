"""Every SLA preset with the seed's numbers (pure: kefu.desk.sla + a China calendar).

The meta-test at the end fails when a preset in ``PRESETS`` has no test here.
"""

from decimal import Decimal

import pytest

from kefu.calendar.tests.factories import at, china_calendar
from kefu.desk import sla
from kefu.desk.sla_presets import PRESETS


@pytest.fixture(scope="module")
def cal():
    return china_calendar()


def dues(cal, key, start, request_type="complaint", category="", urgency="normal"):
    result = sla.deadlines_for(
        PRESETS[key].targets,
        cal,
        start=start,
        request_type=request_type,
        category=category,
        urgency=urgency,
    )
    return {clock: d.due for clock, d in result.items()}


def test_preset_telecom(cal):
    """seed 002 L178: sign-for 2 h; final reply 特急 10 h / 紧急 15 h / 一般 24 h."""
    start = at(2025, 9, 30, 9)
    critical = dues(cal, "telecom", start, urgency="critical")
    assert critical == {"first_response": at(2025, 9, 30, 11), "reply": at(2025, 9, 30, 19)}
    # Calendar hours: the National Day holiday does not stop them.
    assert dues(cal, "telecom", start, urgency="urgent")["reply"] == at(2025, 10, 1, 0)
    assert dues(cal, "telecom", start, urgency="normal")["reply"] == at(2025, 10, 1, 9)
    assert PRESETS["telecom"].options["monthly_average_reply_hours"] == 17


def test_preset_distillery(cal):
    """seed 002 L222-L248: confirm within 24 h; handle in 3 working days, special 7."""
    start = at(2025, 9, 25, 10)  # Thu
    normal = dues(cal, "distillery", start, category="taste")
    assert normal == {"first_response": at(2025, 9, 26, 10), "resolution": at(2025, 9, 29, 18)}
    # Fri 26, Sun 28 (调休), Mon 29 … 30 Sep, Thu 9, Fri 10, Sat 11 Oct (调休) = 7.
    assert dues(cal, "distillery", start, category="special")["resolution"] == at(2025, 10, 11, 18)


def test_preset_furniture_maker(cal):
    """seed 002 L116/L138/L146: the handling opinion by the 2nd working day."""
    assert dues(cal, "furniture_maker", at(2010, 9, 10, 10)) == {
        "handling_opinion": at(2010, 9, 14, 18)
    }
    # Fri 13 Feb 2026: Sat 14 Feb (调休) is the 1st, 15-23 Feb are off, Tue 24 Feb the 2nd.
    assert dues(cal, "furniture_maker", at(2026, 2, 13, 10)) == {
        "handling_opinion": at(2026, 2, 24, 18)
    }
    assert dues(cal, "furniture_maker", at(2026, 2, 13, 10), request_type="enquiry") == {}
    options = PRESETS["furniture_maker"].options
    assert options["internal_penalty_working_days"] == 3
    assert options["return_visit_days_after_reply"] == 15
    assert options["return_visit_after_repaired_delivery"] == "next_day"


def test_preset_property_centre(cal):
    """seed 000 L345 (closure 7 days), L645 (solution 1 working day), L557 (24 h)."""
    assert dues(cal, "property_centre", at(2025, 11, 3, 10)) == {
        "resolution": at(2025, 11, 4, 18),
        "closure": at(2025, 11, 10, 18),
    }
    assert dues(cal, "property_centre", at(2026, 2, 13, 10))["resolution"] == at(2026, 2, 14, 18)
    assert dues(cal, "property_centre", at(2025, 11, 3, 10), request_type="repair") == {}
    assert PRESETS["property_centre"].options["major_complaint_escalation_hours"] == 24


def test_preset_home_decoration(cal):
    """seed 004 §1: reply within 0.5 h, on site within 48 h, urgent within 12 h."""
    start = at(2026, 2, 13, 17, 50)
    assert dues(cal, "home_decoration", start, request_type="repair") == {
        "first_response": at(2026, 2, 13, 18, 20),
        "resolution": at(2026, 2, 15, 17, 50),
    }
    urgent = dues(cal, "home_decoration", start, request_type="repair", urgency="urgent")
    assert urgent["resolution"] == at(2026, 2, 14, 5, 50)
    assert PRESETS["home_decoration"].targets[0].amount == Decimal("0.5")


def test_every_preset_has_a_test():
    tested = {
        name.removeprefix("test_preset_") for name in globals() if name.startswith("test_preset_")
    }
    assert set(PRESETS) <= tested, f"presets without a test: {set(PRESETS) - tested}"


@pytest.mark.parametrize("key", sorted(PRESETS))
def test_describe_names_every_target(key):
    text = PRESETS[key].describe()
    assert text.count("\n") >= len(PRESETS[key].targets)
