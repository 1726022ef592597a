"""The pure reception rules, with the seed's numbers."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kefu.guests import rules
from kefu.guests.policies import PRESETS

BANDS = PRESETS["company_reception"].escort_bands


@pytest.mark.parametrize(("guests", "escorts"), [(1, 1), (4, 1), (5, 2), (10, 2), (11, 3), (40, 3)])
def test_escorts_needed_by_headcount(guests, escorts):
    # seed 000 L223: 5人以下 1, 5至10人 2, 10人以上 3 (5 guests → 2)
    assert rules.escorts_needed(guests, BANDS) == escorts


@given(st.integers(min_value=1, max_value=500))
def test_escorts_grow_with_headcount(n):
    assert rules.escorts_needed(n, BANDS) <= rules.escorts_needed(n + 1, BANDS)


def test_over_cap_class_a_500_per_head():
    # seed 000 L221: 公司贵客 控制在500元/人 — 4 guests, 2000 is at the cap, 2004 over
    assert not rules.over_cap(Decimal("2000"), 4, Decimal("500"))
    assert rules.over_cap(Decimal("2004"), 4, Decimal("500"))


def test_over_cap_tolerance_for_about():
    # seed 000 L221: 贵宾 300元左右/人 — with a 10 % tolerance 330 is still "about 300"
    assert not rules.over_cap(Decimal("330"), 1, Decimal("300"), 10)
    assert rules.over_cap(Decimal("331"), 1, Decimal("300"), 10)


def test_gift_important_by_value_or_flag():
    # seed 000 L225: important gifts are reported
    assert rules.gift_important(Decimal("1000"), Decimal("1000"), False)
    assert not rules.gift_important(Decimal("999"), Decimal("1000"), False)
    assert rules.gift_important(Decimal("10"), Decimal("1000"), True)


def test_step_order():
    assert rules.step_allowed("confirm", "verified")
    assert not rules.step_allowed("confirm", "requested")
    assert not rules.step_allowed("receive", "verified")


def test_preset_caps_from_seed():
    # seed 000 L221: a 500, b 300, c 200, d 150 元/人
    caps = {c.code: c.cap_per_head for c in PRESETS["company_reception"].classes}
    assert caps == {"a": 500, "b": 300, "c": 200, "d": 150}
