"""Pure rules of business accounts: credit limit, eligibility, the shipment check.

No ORM and no clock: callers pass the movements (shipments and payments, in
fen) and the day. Seed 000 [CRD] L273–315 (篇五, a distributor's credit policy).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

SHIPMENT = "shipment"
PAYMENT = "payment"

# Ways a shipment may go out (ShipmentWay values).
WITHIN = "within"
FIRST_OVER = "first_over"
LAST_OVER = "last_over"
PREPAID = "prepaid"
CASH = "cash"
PAST_TERM = "past_term"
OVER_LIMIT_WAYS = (FIRST_OVER, LAST_OVER)

# Refusal reasons (ShipmentRefusal values).
NO_CREDIT = "no_credit"
PAST_TERM_REFUSED = "past_term"
OVER_LIMIT = "over_limit"
OVER_THIRD = "over_third"
OVER_LIMIT_EXHAUSTED = "over_limit_exhausted"


@dataclass(frozen=True)
class Movement:
    """One recorded shipment (开票发货) or payment (回款) of an account."""

    kind: str
    on: date
    amount_fen: int
    key: int = 0
    way: str = ""


def shipments_in_window(movements: Iterable[Movement], *, invoice_date: date, days: int) -> int:
    """Goods invoiced/shipped in the ``days`` days before ``invoice_date``.

    seed 000 L281: 授信额 = 客户开票发货日前三十天货款 — the window is
    ``[invoice_date - days, invoice_date)``; the invoicing day itself is not in it,
    and the window rolls daily (L283), across month ends alike.
    """
    start = invoice_date - timedelta(days=days)
    return sum(
        m.amount_fen for m in movements if m.kind == SHIPMENT and start <= m.on < invoice_date
    )


def balance(movements: Iterable[Movement], *, as_of: date) -> int:
    """Shipped minus paid up to and including ``as_of`` (what the customer owes)."""
    total = 0
    for m in movements:
        if m.on <= as_of:
            total += m.amount_fen if m.kind == SHIPMENT else -m.amount_fen
    return total


def unpaid_shipments(movements: Sequence[Movement], *, as_of: date) -> list[tuple[Movement, int]]:
    """Each shipment up to ``as_of`` with what is still unpaid, payments applied oldest first."""
    paid = sum(m.amount_fen for m in movements if m.kind == PAYMENT and m.on <= as_of)
    result = []
    for m in sorted(
        (m for m in movements if m.kind == SHIPMENT and m.on <= as_of), key=lambda m: (m.on, m.key)
    ):
        used = min(paid, m.amount_fen)
        paid -= used
        result.append((m, m.amount_fen - used))
    return result


def past_term(movements: Sequence[Movement], *, as_of: date, term_days: int) -> bool:
    """An unpaid shipment is older than the term (超三十天款期, seed 000 L289)."""
    return any(
        unpaid > 0 and (as_of - m.on).days > term_days
        for m, unpaid in unpaid_shipments(movements, as_of=as_of)
    )


def prior_year_cleared(movements: Sequence[Movement], *, today: date) -> bool:
    """上年度货款清零 (seed 000 L279): nothing shipped before this year is unpaid."""
    year_start = date(today.year, 1, 1)
    return all(
        unpaid == 0 for m, unpaid in unpaid_shipments(movements, as_of=today) if m.on < year_start
    )


def open_over_limit(movements: Sequence[Movement], *, as_of: date) -> int:
    """Signed over-limit shipments still unpaid: 0 → the next is the first, 1 → the last."""
    return sum(
        1
        for m, unpaid in unpaid_shipments(movements, as_of=as_of)
        if unpaid > 0 and m.way in OVER_LIMIT_WAYS
    )


@dataclass(frozen=True)
class Eligibility:
    """The three preconditions of credit (seed 000 L275–279); all three are needed."""

    customer_file: bool
    contract: bool
    prior_year_cleared: bool

    @property
    def missing(self) -> list[str]:
        return [
            name
            for name in ("customer_file", "contract", "prior_year_cleared")
            if not getattr(self, name)
        ]

    @property
    def eligible(self) -> bool:
        return not self.missing


def below_fraction(amount_fen: int, limit_fen: int, numerator: int, denominator: int) -> bool:
    """``amount < limit × numerator / denominator`` in exact integers (小于三分之一, L297)."""
    return amount_fen * denominator < limit_fen * numerator


@dataclass(frozen=True)
class CheckInput:
    """What the shipment check needs, gathered under the account's row lock."""

    amount_fen: int
    limit_fen: int
    balance_fen: int
    eligible: bool
    past_term: bool = False
    prepaid_fen: int = 0
    open_over_limit: int = 0
    signed: bool = False
    past_term_approved: bool = False
    fraction: tuple[int, int] = (1, 3)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    way: str = ""
    refusal: str = ""
    notes: list[str] = field(default_factory=list)


def check_shipment(c: CheckInput) -> Decision:
    """Decide one invoice/shipment request at request time (seed 000 L285–301).

    - no credit (an eligibility check missing): only against payment first (L287);
    - an unpaid shipment past the term: only with the sales dept's approval (L289)
      or against payment;
    - balance + amount within the limit: allowed (L293);
    - over the limit: paid in advance (L301), or signed off by the 区域经理 as the
      first (L297) or the last (L299) over-limit shipment, each below 1/3 of the
      limit; a third one while two are unpaid is refused.
    ``balance_fen`` is before the prepayment; the prepayment counts as paid.
    """
    covered = c.prepaid_fen >= c.amount_fen
    if not c.eligible:
        return Decision(True, CASH) if covered else Decision(False, refusal=NO_CREDIT)
    if c.past_term and not c.past_term_approved:
        return Decision(True, PREPAID) if covered else Decision(False, refusal=PAST_TERM_REFUSED)
    if c.balance_fen - c.prepaid_fen + c.amount_fen <= c.limit_fen:
        return Decision(True, PAST_TERM if c.past_term else WITHIN)
    if covered:
        return Decision(True, PREPAID)
    if c.past_term_approved:
        return Decision(True, PAST_TERM)
    if not c.signed:
        return Decision(False, refusal=OVER_LIMIT)
    if c.open_over_limit >= len(OVER_LIMIT_WAYS):
        return Decision(False, refusal=OVER_LIMIT_EXHAUSTED)
    if not below_fraction(c.amount_fen, c.limit_fen, *c.fraction):
        return Decision(False, refusal=OVER_THIRD)
    return Decision(True, OVER_LIMIT_WAYS[c.open_over_limit])


def split_fen(total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` shares that add up exactly (first shares take the fen)."""
    base, rest = divmod(total, parts)
    return [base + (1 if i < rest else 0) for i in range(parts)]


def share_fen(amount_fen: int, percent: int) -> int:
    """``percent`` % of ``amount_fen``, rounded half up to the fen."""
    return (amount_fen * percent + 50) // 100


def period_end(period: str, starts_on: date) -> date:
    """The last day of a plan's year, quarter or month (L581)."""
    months = {"year": 12, "quarter": 3, "month": 1}[period]
    m = starts_on.month - 1 + months
    first_next = date(starts_on.year + m // 12, m % 12 + 1, 1)
    return first_next - timedelta(days=1)


def period_start_valid(period: str, starts_on: date) -> bool:
    if starts_on.day != 1:
        return False
    if period == "year":
        return starts_on.month == 1
    if period == "quarter":
        return starts_on.month in (1, 4, 7, 10)
    return period == "month"


def shipped_between(movements: Iterable[Movement], start: date, end: date) -> int:
    return sum(m.amount_fen for m in movements if m.kind == SHIPMENT and start <= m.on <= end)
