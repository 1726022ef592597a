"""The credit rules of seed 000 篇五 (L273–315) as cases, plus properties."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from kefu.accounts import rules
from kefu.accounts.policies import PRESETS, RollingWindow, credit_policy
from kefu.accounts.rules import PAYMENT, SHIPMENT, CheckInput, Movement


def ship(day: str, fen: int, key: int = 0, way: str = "") -> Movement:
    return Movement(SHIPMENT, date.fromisoformat(day), fen, key, way)


def pay(day: str, fen: int) -> Movement:
    return Movement(PAYMENT, date.fromisoformat(day), fen)


def test_rolling_30_day_limit_across_a_month_boundary():
    # seed 000 L281–283: the limit on an invoicing day is the goods of the 30 days
    # before it. 2026-03-03 − 30 days = 2026-02-01: the 1 Feb shipment still counts
    # on 3 March and drops out on 4 March; the invoicing day itself never counts.
    moves = [ship("2026-02-01", 100_000), ship("2026-02-20", 50_000), ship("2026-03-04", 7)]
    assert rules.shipments_in_window(moves, invoice_date=date(2026, 3, 3), days=30) == 150_000
    assert rules.shipments_in_window(moves, invoice_date=date(2026, 3, 4), days=30) == 50_000
    assert rules.shipments_in_window(moves, invoice_date=date(2026, 2, 1), days=30) == 0


def test_limit_is_a_per_site_policy_with_presets():
    moves = [ship("2026-02-01", 100_000)]
    seed = credit_policy("seed000_rolling30")
    assert seed.formula.limit_fen(moves, invoice_date=date(2026, 3, 3)) == 100_000
    wide = credit_policy("seed000_rolling30", {"days": 60, "floor_fen": 5})
    assert wide.formula == RollingWindow(days=60, floor_fen=5)
    assert wide.formula.limit_fen(moves, invoice_date=date(2026, 3, 31)) == 100_000
    assert wide.formula.limit_fen([], invoice_date=date(2026, 3, 31)) == 5


def test_every_preset_has_a_seed_and_describes_itself():
    for key, preset in PRESETS.items():
        assert preset["policy"].seed.startswith("seed 000"), key
        assert "30" in preset["policy"].describe()


def test_within_the_limit_ships():
    # seed 000 L293: 在授信额范围内可以开票发货
    d = rules.check_shipment(
        CheckInput(amount_fen=500, limit_fen=1000, balance_fen=500, eligible=True)
    )
    assert d.allowed and d.way == rules.WITHIN


def test_over_the_limit_is_refused_without_sign_off():
    d = rules.check_shipment(
        CheckInput(amount_fen=501, limit_fen=1000, balance_fen=500, eligible=True)
    )
    assert not d.allowed and d.refusal == rules.OVER_LIMIT


def test_one_third_boundary_just_under_allowed_at_or_over_refused():
    # seed 000 L297: 发货额应小于授信额的三分之一 — limit 3000.00 yuan: 999.99 passes
    # with the 区域经理's sign-off; exactly 1000.00 and anything above are refused.
    base = {"limit_fen": 300_000, "balance_fen": 300_000, "eligible": True, "signed": True}
    assert rules.check_shipment(CheckInput(amount_fen=99_999, **base)).way == rules.FIRST_OVER
    for amount in (100_000, 100_001):
        d = rules.check_shipment(CheckInput(amount_fen=amount, **base))
        assert not d.allowed and d.refusal == rules.OVER_THIRD


def test_first_then_last_over_limit_then_only_prepayment():
    # seed 000 L297–301: first (signed), last, then pay first and ship.
    base = {"amount_fen": 100, "limit_fen": 3000, "balance_fen": 3000, "eligible": True}
    assert rules.check_shipment(CheckInput(**base, signed=True)).way == rules.FIRST_OVER
    assert (
        rules.check_shipment(CheckInput(**base, signed=True, open_over_limit=1)).way
        == rules.LAST_OVER
    )
    third = rules.check_shipment(CheckInput(**base, signed=True, open_over_limit=2))
    assert third.refusal == rules.OVER_LIMIT_EXHAUSTED
    # paid in advance: the payment counts, the rest of the balance is still over
    over = {**base, "balance_fen": 3100}
    assert rules.check_shipment(CheckInput(**over, open_over_limit=2, prepaid_fen=100)).way == (
        rules.PREPAID
    )


def test_no_credit_pays_before_invoicing():
    # seed 000 L287: 未授信客户,需现金开票提货
    d = rules.check_shipment(
        CheckInput(amount_fen=100, limit_fen=10**6, balance_fen=0, eligible=False)
    )
    assert d.refusal == rules.NO_CREDIT
    d = rules.check_shipment(
        CheckInput(amount_fen=100, limit_fen=0, balance_fen=0, eligible=False, prepaid_fen=100)
    )
    assert d.allowed and d.way == rules.CASH


def test_past_term_needs_the_sales_department():
    # seed 000 L289: 超三十天款期客户根据销售部审批具体情况具体授信
    moves = [ship("2026-01-01", 1000, key=1), pay("2026-01-20", 400)]
    assert not rules.past_term(moves, as_of=date(2026, 1, 31), term_days=30)
    assert rules.past_term(moves, as_of=date(2026, 2, 1), term_days=30)
    base = {"amount_fen": 10, "limit_fen": 10_000, "balance_fen": 600, "eligible": True}
    assert rules.check_shipment(CheckInput(**base, past_term=True)).refusal == "past_term"
    assert (
        rules.check_shipment(CheckInput(**base, past_term=True, past_term_approved=True)).way
        == rules.PAST_TERM
    )


def test_prior_year_cleared_applies_payments_oldest_first():
    # seed 000 L279: 上年度货款清零
    moves = [ship("2025-12-01", 1000, key=1), ship("2026-01-05", 500, key=2)]
    assert not rules.prior_year_cleared(moves, today=date(2026, 2, 1))
    assert rules.prior_year_cleared([*moves, pay("2026-01-10", 1000)], today=date(2026, 2, 1))


def test_eligibility_names_what_is_missing():
    e = rules.Eligibility(customer_file=True, contract=False, prior_year_cleared=False)
    assert e.missing == ["contract", "prior_year_cleared"] and not e.eligible


def test_split_and_share_are_exact():
    assert rules.split_fen(100, 3) == [34, 33, 33]
    assert rules.share_fen(12345, 100) == 12345
    assert rules.share_fen(15, 10) == 2


@given(
    amount=st.integers(1, 10**8),
    limit=st.integers(0, 10**8),
    balance=st.integers(-(10**8), 10**8),
    open_over=st.integers(0, 3),
    signed=st.booleans(),
)
def test_nothing_goes_over_the_limit_unsigned_and_unpaid(amount, limit, balance, open_over, signed):
    d = rules.check_shipment(
        CheckInput(
            amount_fen=amount,
            limit_fen=limit,
            balance_fen=balance,
            eligible=True,
            open_over_limit=open_over,
            signed=signed,
        )
    )
    if d.allowed and d.way != rules.WITHIN:
        assert signed and open_over < 2 and amount * 3 < limit
    if d.way == rules.WITHIN:
        assert balance + amount <= limit
