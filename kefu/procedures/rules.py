"""Pure rules of a running procedure: no ORM, no clock.

A procedure runs its steps in order; a step completes only when every
required item is done; an approval step completes only by an approval; a
deposit is refunded at most once (seed 004 §3.2/§3.6: deposit recorded,
refunded at the end).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class ItemState:
    code: str
    name: str
    required: bool
    done: bool


def missing_items(items: Iterable[ItemState]) -> list[ItemState]:
    """The required items not yet done: what stops the step from completing."""
    return [i for i in items if i.required and not i.done]


def next_order(current: int, orders: Iterable[int]) -> int | None:
    """The step after ``current``, or ``None`` when ``current`` was the last."""
    later = sorted(o for o in orders if o > current)
    return later[0] if later else None


def fee_amount(price: Decimal, quantity: Decimal) -> Decimal:
    """Priced from the published schedule (收费标准公示): price × quantity, to the fen."""
    return (price * quantity).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def refundable(already_refunded: bool) -> bool:
    return not already_refunded
