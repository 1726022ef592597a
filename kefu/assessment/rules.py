"""Pure assessment arithmetic: months, charged amounts and scorecard scoring.

No ORM and no clock here. ``score_card`` turns a template's sections and the
month's incidents into section scores, the bonus and the total, following the
scoring of seed 002 §7.3 (L162–L210):

- an item deducts its points per incident; with an allocation (``max_points``)
  it never deducts more than that, and ``forfeit_at`` incidents or more in the
  month lose the whole allocation ("月累计5次以上扣除该项目所有分数", L172);
- a section never drops below 0 (its maximum minus its items' deductions);
- bonus sections add their points (capped by an allocation where one is set);
- the total is the sections' scores plus the bonus, capped at the full score
  only when the template says so (the seed does not say, L164).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

ZERO = Decimal(0)


def month_start(day: date) -> date:
    """The first day of ``day``'s month: the ledger charges per calendar month."""
    return day.replace(day=1)


def previous_month(day: date) -> date:
    """The first day of the month before ``day``'s (seed 002 L164: on the 7th, the month before)."""
    return (day.replace(day=1) - timedelta(days=1)).replace(day=1)


def next_month(month: date) -> date:
    """The first day of the month after ``month``."""
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def charged_fen(base_fen: int, multiplier: int) -> int:
    """The amount charged for one violation after the repeat policy."""
    return base_fen * multiplier


@dataclass(frozen=True)
class ItemSpec:
    code: str
    points: Decimal
    max_points: Decimal | None = None
    forfeit_at: int | None = None


@dataclass(frozen=True)
class SectionSpec:
    code: str
    max_points: Decimal | None
    items: tuple[ItemSpec, ...]
    is_bonus: bool = False


@dataclass
class ItemScore:
    code: str
    count: int = 0
    raw: Decimal = ZERO
    points: Decimal = ZERO
    forfeited: bool = False
    capped: bool = False


@dataclass
class SectionScore:
    code: str
    max_points: Decimal | None
    is_bonus: bool
    score: Decimal = ZERO
    lost: Decimal = ZERO
    items: dict[str, ItemScore] = field(default_factory=dict)


@dataclass
class CardScore:
    sections: list[SectionScore]
    base: Decimal
    bonus: Decimal
    adjustment: Decimal
    total: Decimal


def score_item(spec: ItemSpec, incidents: list[Decimal]) -> ItemScore:
    """What one item deducts (or adds): per incident, capped, or forfeited whole."""
    result = ItemScore(spec.code, count=len(incidents), raw=sum(incidents, ZERO))
    result.points = result.raw
    if spec.forfeit_at and result.count >= spec.forfeit_at and spec.max_points is not None:
        result.points = spec.max_points
        result.forfeited = True
    elif spec.max_points is not None and result.raw > spec.max_points:
        result.points = spec.max_points
        result.capped = True
    return result


def score_card(
    sections: list[SectionSpec],
    incidents: dict[str, list[Decimal]],
    *,
    max_total: Decimal,
    cap_total: bool = False,
    adjustment: Decimal = ZERO,
) -> CardScore:
    """Score a month: ``incidents`` maps an item code to the points of each incident."""
    scored = []
    base = bonus = ZERO
    for spec in sections:
        section = SectionScore(spec.code, spec.max_points, spec.is_bonus)
        for item in spec.items:
            section.items[item.code] = score_item(item, incidents.get(item.code, []))
        moved = sum((i.points for i in section.items.values()), ZERO)
        if spec.is_bonus:
            section.score = min(moved, spec.max_points) if spec.max_points is not None else moved
            bonus += section.score
        else:
            ceiling = spec.max_points or ZERO
            section.score = max(ZERO, ceiling - moved)
            section.lost = ceiling - section.score
            base += section.score
        scored.append(section)
    total = base + bonus
    if cap_total:
        total = min(total, max_total)
    total += adjustment
    return CardScore(scored, base=base, bonus=bonus, adjustment=adjustment, total=total)
