"""The pure rules with the seeds' numbers."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from kefu.field import rules
from kefu.field.policies import PRESETS
from kefu.field.tests.factories import at


def test_warranty_last_day_inside_first_day_outside():
    # seed 004 L269: 三年保修; purchased 2023-03-15 → inside through 2026-03-14
    assert rules.warranty_last_day(date(2023, 3, 15), 36) == date(2026, 3, 14)
    assert rules.in_warranty(date(2023, 3, 15), 36, date(2026, 3, 14)) is True
    assert rules.in_warranty(date(2023, 3, 15), 36, date(2026, 3, 15)) is False


def test_warranty_from_a_month_end_is_clamped():
    assert rules.warranty_last_day(date(2024, 2, 29), 12) == date(2025, 2, 27)


def test_no_purchase_date_or_no_rule_is_charged():
    assert rules.in_warranty(None, 36, date(2026, 1, 1)) is False
    assert rules.in_warranty(date(2025, 1, 1), None, date(2026, 1, 1)) is False


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)), st.integers(1, 120))
def test_warranty_boundary_is_one_day(purchased, months):
    last = rules.warranty_last_day(purchased, months)
    assert rules.in_warranty(purchased, months, last)
    assert not rules.in_warranty(purchased, months, last + timedelta(days=1))
    assert rules.in_warranty(purchased, months, purchased)


def test_charge_parts_only_out_of_warranty():
    # seed 001 L17: 保修期外只收零部件费用
    lines = [
        rules.PartLine("part", 2, Decimal("80")),
        rules.PartLine("labour", 1, Decimal("50")),
    ]
    assert rules.charge(lines, in_warranty=False, parts_only=True) == Decimal("160.00")
    assert rules.charge(lines, in_warranty=False, parts_only=False) == Decimal("210.00")
    assert rules.charge(lines, in_warranty=True, parts_only=False) == Decimal("0.00")


def test_cash_flag_after_the_limit():
    # seed 001 L41: cash to finance on return
    due = at(2026, 3, 3, 18)
    assert not rules.cash_flagged(collected=Decimal(10), due_at=due, handed_at=None, now=due)
    assert rules.cash_flagged(
        collected=Decimal(10), due_at=due, handed_at=None, now=due + timedelta(seconds=1)
    )
    assert rules.cash_flagged(
        collected=Decimal(10), due_at=due, handed_at=due + timedelta(hours=1), now=due
    )
    later = due + timedelta(days=9)
    assert not rules.cash_flagged(collected=Decimal(0), due_at=due, handed_at=None, now=later)


def test_dispatch_needs_approval():
    # seed 001 L29
    assert rules.needs_approval("dispatch", "awaiting_approval")
    assert not rules.can("dispatch", "awaiting_approval")
    assert rules.can("dispatch", "approved")
    assert not rules.can("complete", "dispatched")


def test_next_patrol_every_five_days():
    # seed 004 L237: 每五天对施工现场巡视一次
    assert rules.next_patrol_due(date(2026, 3, 1), date(2026, 3, 1), 5) == date(2026, 3, 6)
    assert rules.next_patrol_due(date(2026, 3, 1), date(2026, 3, 3), 5) == date(2026, 3, 8)
    assert rules.patrol_late(date(2026, 3, 1), date(2026, 3, 2))


def test_missing_signatures_at_checkpoints_1_2_and_8():
    checks = [(1, True, "张"), (2, True, ""), (3, False, ""), (8, True, " ")]
    assert rules.missing_signatures(checks) == [2, 8]


def test_preset_home_decoration_has_seed_004_numbers():
    # seed 004 L393: reply 0.5 h, on site 48 h; L271 urgent 12 h; L269 3 years;
    # L237 patrol every 5 days, 8 checks, customer signs checks 1, 2 and 8
    p = PRESETS["home_decoration"]
    assert p.settings["reply_amount"] == Decimal("0.5")
    assert p.settings["onsite_amount"] == 48 and p.settings["urgent_amount"] == 12
    assert p.warranty.key == "fixed" and p.warranty.months == 36
    assert p.settings["patrol_interval_days"] == 5
    assert len(p.checkpoints) == 8
    assert [i for i, (_n, s) in enumerate(p.checkpoints, 1) if s] == [1, 2, 8]


def test_preset_gps_vendor_charges_parts_only_per_product():
    # seed 001 L17 parts only; L29 division manager approves and dispatches; L41 finance
    p = PRESETS["gps_vendor"]
    assert p.settings["charge_parts_only"] is True
    assert p.warranty.key == "per_product"
    caps = {code: set(c) for code, _n, _d, c in p.positions}
    assert {"field.approve", "field.dispatch"} <= caps["gps_manager"]
    assert caps["finance"] == {"field.finance"}


def test_preset_property_centre_uses_seed_004_clocks():
    p = PRESETS["property_centre"]
    assert p.settings["onsite_amount"] == 48 and p.settings["reply_amount"] == Decimal("0.5")


def test_every_preset_has_a_test():
    tested = {"home_decoration", "gps_vendor", "property_centre"}
    assert set(PRESETS) == tested
    for preset in PRESETS.values():
        assert preset.seed and preset.describe()
