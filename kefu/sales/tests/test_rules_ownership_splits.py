"""Ownership, splits and penalties with the seeds' numbers, plus the split property."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kefu.sales.policies import PRESETS, PenaltyKind, SplitRule, policy_for
from kefu.sales.rules import ownership as O
from kefu.sales.rules import penalties as P
from kefu.sales.rules import splits as S

TZ = ZoneInfo("Asia/Shanghai")


def T(*args):
    return datetime(*args, tzinfo=TZ)


def test_first_registered_receiver_owns():
    # [B] L42, [E] L88: 以第一接待人接待为准
    regs = [O.Registration(2, T(2026, 3, 2, 10)), O.Registration(1, T(2026, 3, 1, 15))]
    assert O.first_owner(regs, policy_for("b")).consultant == 1


def test_k_phone_registration_does_not_count():
    # [K] L173: 老客户或第一次登记客户以到现场登记为准, 电话登记不在其内
    regs = [
        O.Registration(1, T(2026, 3, 1, 9), O.PHONE),
        O.Registration(2, T(2026, 3, 1, 11), O.ONSITE),
    ]
    assert O.first_owner(regs, policy_for("k")).consultant == 2
    assert O.first_owner(regs, policy_for("b")).consultant == 1


def test_j_lapses_one_month_after_last_follow_up():
    # [J] L160: 不及时跟进老客户(期限为一个月) → 与原营销顾问无关
    p = policy_for("j")
    reg, follow = T(2026, 1, 5, 10), T(2026, 1, 31, 10)
    assert O.lapse_at(p, registered_at=reg, last_activity=follow) == T(2026, 2, 28, 10)
    assert not O.is_lapsed(p, registered_at=reg, last_activity=follow, at=T(2026, 2, 27, 10))
    assert O.is_lapsed(p, registered_at=reg, last_activity=follow, at=T(2026, 2, 28, 10))


def test_k_never_lapses():
    # [K]: 无论何时发现都归属第一次接待登记销售员
    p = policy_for("k")
    assert not O.is_lapsed(p, registered_at=T(2020, 1, 1), last_activity=None, at=T(2030, 1, 1))


def test_re002_file_valid_two_months():
    # seed 002 L406: 客戶建檔有效期為2個月
    p = policy_for("re002")
    assert O.lapse_at(p, registered_at=T(2026, 1, 10), last_activity=None) == T(2026, 3, 10)


def test_j_proxy_deal_claim_within_48_hours():
    # [J] L166–167: 成交后48小时内发现 → 业绩属原营销顾问; 否则与原营销顾问无关
    p = policy_for("j")
    deal = T(2026, 3, 1, 10)
    assert O.proxy_claim_open(p, deal_at=deal, claim_at=deal + timedelta(hours=48))
    assert not O.proxy_claim_open(p, deal_at=deal, claim_at=deal + timedelta(hours=48, seconds=1))


def test_e_recognise_before_signing():
    # [E] L94: 直至签约为止第一接待人仍未认出客户的, 业绩及佣金归属完成签约的招商专员
    p = policy_for("e")
    signed = T(2026, 3, 1, 15)
    assert O.recognised_in_time(p, recognised_at=T(2026, 3, 1, 14), signed_at=signed)
    assert not O.recognised_in_time(p, recognised_at=None, signed_at=signed)
    assert O.recognised_in_time(policy_for("b"), recognised_at=None, signed_at=signed)


@pytest.mark.parametrize(
    ("rule", "total", "expected"),
    [
        (SplitRule.OWNER_ABSENT_70_30, 1_000_000, [700_000, 300_000]),  # [B] L44
        (SplitRule.TRIVIAL_FIRST_30_70, 1_000_000, [300_000, 700_000]),  # [B] L46
        (SplitRule.ASSIST_80_20, 12_345, [9_876, 2_469]),  # seed 002 L418
        (SplitRule.SHARED_50_50, 1, [1, 0]),  # seed 002 L426: the odd fen to the first
        (SplitRule.SHARED_50_50, 3, [2, 1]),
        (SplitRule.OWNER_ABSENT_70_30, 1, [1, 0]),
        (SplitRule.TRIVIAL_FIRST_30_70, 1, [0, 1]),
    ],
)
def test_named_splits_to_the_fen(rule, total, expected):
    shares = S.split_for(rule, original="a", other="b", fund="f")
    assert [s.amount_fen for s in S.allocate(total, shares)] == expected


def test_fund_rules_send_everything_to_the_fund():
    # [K] 公用基金, [J] L165 康乐费用
    for rule in (SplitRule.COMMON_FUND, SplitRule.RECREATION_FUND):
        shares = S.split_for(rule, original="a", other="b", fund="f")
        assert [(s.party, s.amount_fen) for s in S.allocate(50_000, shares)] == [("f", 50_000)]


def test_split_errors():
    with pytest.raises(S.SplitError, match=r"sales\.split_not_100"):
        S.allocate(100, [("a", 70), ("b", 20)])
    with pytest.raises(S.SplitError, match=r"sales\.split_needs_other"):
        S.split_for(SplitRule.OWNER_ABSENT_70_30, original="a", other=None, fund="f")


@given(
    total=st.integers(0, 10**12),
    cuts=st.lists(st.integers(0, 100), min_size=0, max_size=5),
)
def test_splits_always_sum_exactly(total, cuts):
    points = sorted(cuts)
    percents = [b - a for a, b in zip([0, *points], [*points, 100], strict=True)]
    shares = [(f"p{i}", pct) for i, pct in enumerate(percents)]
    result = S.allocate(total, shares)
    assert sum(s.amount_fen for s in result) == total
    assert sum(s.percent for s in result) == 100
    for s in result:
        assert abs(s.amount_fen * 100 - total * s.percent) < 100


def test_penalties():
    # [B] L41: 当日基本工资; 当月基本工资和当月应发成交佣金的30%
    assert P.penalty_amount(PenaltyKind.DAY_WAGE, day_wage_fen=15_000) == 15_000
    assert (
        P.penalty_amount(
            PenaltyKind.MONTH_WAGE_30, month_wage_fen=300_000, month_commission_fen=1_234_567
        )
        == 300_000 + 370_370
    )
    # seed 002 L354: 當月基本工資和當月應發獎金的50%
    assert (
        P.penalty_amount(
            PenaltyKind.MONTH_WAGE_50_BONUS, month_wage_fen=300_000, month_commission_fen=101
        )
        == 300_051
    )
    # [J] L163: 扣罚2—6分
    assert P.check_points(6) == 6
    with pytest.raises(P.PenaltyError):
        P.check_points(7)
    # [R] L315: 累计2次以上则作辞退处理 (inclusive)
    assert P.dismissal_due(2, 2) and not P.dismissal_due(1, 2)


def test_every_preset_is_tested():
    """Meta-test: each preset key has a test naming it in this package."""
    import pathlib

    text = "".join(p.read_text() for p in pathlib.Path(__file__).parent.glob("test_*.py"))
    for key in PRESETS:
        assert f'policy_for("{key}")' in text or f'"{key}"' in text, key
