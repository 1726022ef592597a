"""Pure rules of guest reception: no ORM, no clock ("now" is passed in).

seed 000 L221–223 (caps per head and escorts), seed 003 §2.2.1 (the booking
states) and [H] L131–137 (urging).
"""

from collections.abc import Sequence
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

#: The steps a visit goes through and the states each may start from (seed 003 §5).
STEP_FROM: dict[str, tuple[str, ...]] = {
    "verify": ("requested",),
    "confirm": ("verified",),
    "change": ("requested", "verified", "confirmed"),
    "prep": ("verified", "confirmed"),
    "receive": ("confirmed",),
    "depart": ("held",),
    "close": ("departed",),
    "cancel": ("requested", "verified", "confirmed"),
}
STEP_TO = {
    "verify": "verified",
    "confirm": "confirmed",
    "receive": "held",
    "depart": "departed",
    "close": "closed",
    "cancel": "cancelled",
}
#: Fields of an agreed visit whose change needs the customer's consent (seed 003 [Q] L280).
CHANGEABLE = ("starts_at", "ends_at", "place", "headcount", "agenda", "bring_documents")


def step_allowed(step: str, status: str) -> bool:
    return status in STEP_FROM.get(step, ())


def escorts_needed(headcount: int, bands: Sequence[Sequence[int | None]]) -> int:
    """Company escorts for ``headcount`` guests from ``[[max_guests, escorts], …]``.

    seed 000 L223: "5人以下" 1, "5至10人" 2, "10人以上" 3 — read with 5 guests
    in the second band (bands ``[[4, 1], [10, 2], [None, 3]]``).
    """
    if headcount < 1:
        raise ValueError("headcount must be at least 1")
    for max_guests, escorts in bands:
        if max_guests is None or headcount <= max_guests:
            return int(escorts or 0)
    return int(bands[-1][1] or 0) if bands else 1


def spend_per_head(total: Decimal, headcount: int) -> Decimal:
    return (total / headcount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def over_cap(total: Decimal, headcount: int, cap: Decimal, tolerance_pct: int = 0) -> bool:
    """True when the spend per head exceeds the class cap plus its tolerance.

    seed 000 L221: a 公司贵客 "控制在500元/人"; b "300元左右/人" ("about": the
    tolerance), c about 200, d 150.
    """
    allowed = cap * (Decimal(100) + Decimal(tolerance_pct)) / Decimal(100)
    return spend_per_head(total, headcount) > allowed


def gift_important(value: Decimal, threshold: Decimal, flagged: bool) -> bool:
    """seed 000 L225: important gifts are reported to the executive committee's chairman."""
    return flagged or value >= threshold


def urge_due(
    *, due_at: datetime, last_urged_at: datetime | None, repeat_at: datetime | None, now: datetime
) -> bool:
    """seed 003 [H] L131–137: an item past its deadline is urged, then again each
    ``repeat_at`` (the next working-day boundary after the last reminder)."""
    if now <= due_at:
        return False
    if last_urged_at is None:
        return True
    return repeat_at is not None and now >= repeat_at
