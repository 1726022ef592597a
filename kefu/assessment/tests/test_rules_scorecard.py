"""Scorecard arithmetic (seed 002 §7.3): per incident, caps, wipe-outs, section floors."""

from decimal import Decimal as D

from kefu.assessment.rules import ItemSpec, SectionSpec, score_card, score_item

CALLER_ID = ItemSpec("10086", D(1), max_points=D(5), forfeit_at=5)
EOMS = ItemSpec("eoms", D(2), max_points=D(15), forfeit_at=5)


def test_four_incidents_deduct_per_incident():
    # seed 002 L178: −2 per ticket
    result = score_item(EOMS, [D(2)] * 4)
    assert (result.points, result.forfeited) == (D(8), False)


def test_five_incidents_forfeit_the_whole_item():
    # seed 002 L178: "月累计5张以上扣除该项目所有分数" with a 15-point allocation
    result = score_item(EOMS, [D(2)] * 5)
    assert (result.points, result.forfeited) == (D(15), True)


def test_an_allocation_caps_the_deduction():
    item = ItemSpec("x", D(3), max_points=D(5))
    result = score_item(item, [D(3)] * 3)
    assert (result.raw, result.points, result.capped) == (D(9), D(5), True)


def test_a_section_never_drops_below_zero():
    # seed 002 L168: confidentiality −5~−15 per occurrence in a 15-point section
    section = SectionSpec("conduct", D(15), (ItemSpec("secret", D(5)), CALLER_ID))
    card = score_card([section], {"secret": [D(15)], "10086": [D(1), D(1)]}, max_total=D(15))
    assert (card.sections[0].score, card.sections[0].lost, card.total) == (D(0), D(15), D(0))


def test_bonus_is_added_apart_and_only_capped_when_configured():
    # seed 002 L210: +1 per ticket, +2 per adopted report; L164: full score 95
    full = SectionSpec("all", D(95), (ItemSpec("a", D(1)),))
    bonus = SectionSpec("bonus", None, (ItemSpec("b", D(2)),), is_bonus=True)
    incidents = {"b": [D(2), D(2)]}
    free = score_card([full, bonus], incidents, max_total=D(95))
    capped = score_card([full, bonus], incidents, max_total=D(95), cap_total=True)
    assert (free.base, free.bonus, free.total) == (D(95), D(4), D(99))
    assert capped.total == D(95)


def test_adjustments_move_the_total_as_they_are():
    full = SectionSpec("all", D(95), (ItemSpec("a", D(1)),))
    card = score_card([full], {"a": [D(1)]}, max_total=D(95), adjustment=D(-2))
    assert (card.base, card.total) == (D(94), D(92))
