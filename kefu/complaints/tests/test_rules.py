"""Pure rules: the cost split, the shares, the visit day, the authority check,
the major triggers and the step order."""

import itertools
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kefu.complaints import rules


def test_split_cost_largest_remainder_seed_example():
    # 1,000.01 yuan split 33.33 / 33.33 / 33.34: floors 33330 33330 33340, one
    # fen left goes to the largest remainder (0.3334 of the third party).
    assert rules.split_cost(100001, [Decimal("33.33")] * 2 + [Decimal("33.34")]) == [
        33330,
        33330,
        33341,
    ]


def test_split_cost_ties_go_to_the_first_listed():
    # 0.02 yuan by 50/25/25: exact 1, 0.5, 0.5; the spare fen goes to the 2nd.
    assert rules.split_cost(2, [Decimal(50), Decimal(25), Decimal(25)]) == [1, 1, 0]
    assert rules.split_cost(1, [Decimal(50), Decimal(50)]) == [1, 0]


@st.composite
def shares(draw):
    """2-6 shares in hundredths of a percent adding up to exactly 100 %."""
    n = draw(st.integers(min_value=1, max_value=6))
    cuts = sorted(draw(st.lists(st.integers(1, 9999), min_size=n - 1, max_size=n - 1, unique=True)))
    bounds = [0, *cuts, 10000]
    return [Decimal(b - a) / 100 for a, b in itertools.pairwise(bounds)]


@given(total=st.integers(min_value=0, max_value=10**12), percents=shares())
def test_split_cost_parts_always_sum_to_the_cost(total, percents):
    parts = rules.split_cost(total, percents)
    assert sum(parts) == total
    for part, p in zip(parts, percents, strict=True):
        exact = Decimal(total) * p / 100
        assert abs(Decimal(part) - exact) < 1
        assert part >= 0


def test_shares_must_add_up_to_exactly_100():
    assert rules.shares_valid([Decimal(60), Decimal(30), Decimal(10)])
    assert not rules.shares_valid([Decimal(60), Decimal(30)])
    assert not rules.shares_valid([Decimal("60"), Decimal("30"), Decimal("10.01")])
    assert not rules.shares_valid([Decimal("100.001")])
    assert not rules.shares_valid([Decimal(110), Decimal(-10)])
    assert not rules.shares_valid([])


def test_visit_day_after_delivery_and_15_days_after_reply():
    # seed 002 L156: 交货期第2天 = delivery + 1; L158: reply + 15 days.
    kw = {"days_after_reply": 15, "days_after_delivery": 1}
    assert rules.visit_due_on(
        memo_category=True, replied_on=date(2026, 3, 3), delivered_on=date(2026, 3, 6), **kw
    ) == date(2026, 3, 7)
    assert (
        rules.visit_due_on(memo_category=True, replied_on=date(2026, 3, 3), delivered_on=None, **kw)
        is None
    )
    assert rules.visit_due_on(
        memo_category=False, replied_on=date(2026, 3, 3), delivered_on=None, **kw
    ) == date(2026, 3, 18)


def test_compensation_authority():
    # seed 000 L565 权限核决表: the approver's highest limit must cover the amount.
    assert rules.may_approve_compensation(None, [])
    assert rules.may_approve_compensation(Decimal(0), [])
    assert rules.may_approve_compensation(Decimal(2000), [Decimal(500), Decimal(2000)])
    assert not rules.may_approve_compensation(Decimal("2000.01"), [Decimal(2000)])
    assert not rules.may_approve_compensation(Decimal(1), [])


def test_major_triggers():
    # seed 000 L557: any trigger makes it major; a repeat complaint by itself.
    enabled = list(rules.MAJOR_TRIGGERS)
    assert rules.major_decision(triggers=[], enabled=enabled, previous_complaints=0) == (
        rules.MajorDecision(False, ())
    )
    assert rules.major_decision(
        triggers=["media"], enabled=enabled, previous_complaints=2
    ).triggers == ("repeat", "media")
    assert not rules.major_decision(triggers=["media"], enabled=[], previous_complaints=1).is_major


@pytest.mark.parametrize(
    ("step", "stage", "ok"),
    [
        ("accept", "registered", True),
        ("transfer", "registered", False),
        ("slip_sign", "transfer_requested", False),
        ("opinion", "transfer_approved", False),
        ("reply", "opinion_submitted", False),
        ("reply", "opinion_approved", True),
        ("close", "opinion_approved", False),
        ("close", "replied", True),
    ],
)
def test_no_step_can_be_skipped(step, stage, ok):
    assert rules.step_allowed(step, stage) is ok


def test_parse_amount():
    assert rules.parse_amount("12.5") == Decimal("12.5")
    assert rules.parse_amount("") is None
    for bad in ("-1", "1.001", "abc", "NaN"):
        with pytest.raises(ValueError):
            rules.parse_amount(bad)
