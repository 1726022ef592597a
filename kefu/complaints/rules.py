"""Pure rules of complaint handling: the step order, the cost split, the
responsibility shares, the return-visit date, the authority check and the
major-complaint triggers. No ORM, no clock.

Steps and the stages they start from (seed 002 §4.1; "no step can be skipped"):

    intake → registered
    accept (受理 / 不受理, classification, serious flag, major triggers) → accepted
    transfer (客服主任 names the position and signs) → transfer_requested
    transfer_decide (总经理 approves) → transfer_approved
    slip_sign (sender and receiver confirm 《客户投诉转交处理联系单》) → investigating
    memo (产品质量: 《客户产品质量投诉处理备忘单》) within investigating
    opinion (category owner) → opinion_submitted
    opinion_decide (总经理 approves or returns) → opinion_approved | investigating
    reply (客服主任: method, satisfaction, the customer's words) → replied
    close (visit scheduled) → closed
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from fractions import Fraction

STEPS = (
    "intake",
    "accept",
    "transfer",
    "transfer_decide",
    "slip_sign",
    "memo",
    "delivery",
    "opinion",
    "opinion_decide",
    "reply",
    "visit",
    "close",
)

#: The stages each step may start from.
STEP_SOURCES: dict[str, frozenset[str]] = {
    "accept": frozenset({"registered"}),
    "transfer": frozenset({"accepted"}),
    "transfer_decide": frozenset({"transfer_requested"}),
    "slip_sign": frozenset({"transfer_approved"}),
    "memo": frozenset({"investigating"}),
    "delivery": frozenset({"investigating", "opinion_submitted", "opinion_approved", "replied"}),
    "opinion": frozenset({"investigating"}),
    "opinion_decide": frozenset({"opinion_submitted"}),
    "reply": frozenset({"opinion_approved"}),
    "visit": frozenset({"replied", "closed"}),
    "close": frozenset({"replied"}),
}

#: Default capability per step (a code held in ``Position.capabilities``).
DEFAULT_STEP_CAPABILITIES: dict[str, str] = {
    "intake": "complaints.intake",
    "accept": "complaints.accept",
    "transfer": "complaints.transfer",
    "transfer_decide": "complaints.approve",
    "slip_sign": "complaints.transfer",
    "memo": "complaints.memo",
    "delivery": "complaints.memo",
    "opinion": "complaints.handle",
    "opinion_decide": "complaints.approve",
    "reply": "complaints.reply",
    "visit": "complaints.visit",
    "close": "complaints.close",
}

MAJOR_TRIGGERS = (
    "repeat",
    "manufacturer",
    "blocking",
    "trouble",
    "return_exchange",
    "media",
    "severe",
)


def step_allowed(step: str, stage: str) -> bool:
    """Whether ``step`` may run at ``stage`` (the order of seed 002 §4.1)."""
    return stage in STEP_SOURCES.get(step, frozenset())


def parse_amount(value: object) -> Decimal | None:
    """An amount in yuan with at most two decimals, ≥ 0; ``None`` for empty.

    Raises ``ValueError`` for anything else.
    """
    if value is None or value == "":
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise ValueError("not a number") from None
    if not amount.is_finite() or amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise ValueError("bad amount")
    return amount


def shares_valid(percents: list[Decimal]) -> bool:
    """Responsibility shares (seed 002 L110): each in (0, 100], two decimals at
    most, and together exactly 100 %."""
    if not percents:
        return False
    for p in percents:
        if p <= 0 or p > 100 or p != p.quantize(Decimal("0.01")):
            return False
    return sum(percents, Decimal(0)) == Decimal(100)


def split_cost(total_fen: int, percents: list[Decimal]) -> list[int]:
    """Split ``total_fen`` by ``percents`` (summing to 100) to the fen.

    **Largest remainder** (Hamilton): each party first gets the floor of its exact
    share; the fen left over go one each to the parties with the largest
    fractional remainders, ties to the party listed first. The parts always add
    up to ``total_fen`` and each differs from its exact share by less than 1 fen.
    """
    if total_fen < 0:
        raise ValueError("negative cost")
    exact = [Fraction(total_fen) * Fraction(p) / 100 for p in percents]
    parts = [int(x) for x in exact]  # floor: every x is ≥ 0
    left = total_fen - sum(parts)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:left]:
        parts[i] += 1
    return parts


def yuan_to_fen(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def visit_due_on(
    *,
    memo_category: bool,
    replied_on: date | None,
    delivered_on: date | None,
    days_after_reply: int,
    days_after_delivery: int,
) -> date | None:
    """The return-visit day (seed 002 L156–158).

    Product quality: the day after the repaired product is delivered ("交货期第2天",
    delivery day = day 1, so ``days_after_delivery`` = 1); ``None`` until the
    delivery is known. Other categories: ``days_after_reply`` calendar days after
    the reply (15).
    """
    if memo_category:
        return delivered_on + timedelta(days=days_after_delivery) if delivered_on else None
    return replied_on + timedelta(days=days_after_reply) if replied_on else None


def may_approve_compensation(amount: Decimal | None, limits: list[Decimal]) -> bool:
    """Whether someone whose positions carry ``limits`` may approve ``amount``
    (seed 000 L565 权限核决表): no compensation needs no authority; otherwise the
    highest limit of the approver's positions must cover it."""
    if not amount:
        return True
    return bool(limits) and max(limits) >= amount


@dataclass(frozen=True)
class MajorDecision:
    is_major: bool
    triggers: tuple[str, ...]


def major_decision(
    *, triggers: list[str], enabled: list[str], previous_complaints: int
) -> MajorDecision:
    """Whether a complaint is major (seed 000 L557): any enabled trigger, and a
    repeat complaint (the customer complained before) is major by itself."""
    found = [t for t in triggers if t in enabled]
    if previous_complaints > 0 and "repeat" in enabled and "repeat" not in found:
        found.append("repeat")
    ordered = tuple(t for t in MAJOR_TRIGGERS if t in found)
    return MajorDecision(bool(ordered), ordered)
