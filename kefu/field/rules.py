"""Field-service rules: pure functions, no ORM and no clock ("now" is passed in).

The field app owns repair and installation work orders (seed 001 §2.1, §3.1;
seed 000 §3.7), their warranty and fees, terminal/SIM swaps, and patrols
(seed 004 L237–265). This module holds the state machine, the warranty
boundary, the charge, the SLA clocks (through the desk SLA engine) and the
patrol schedule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from kefu.calendar.rules import WorkCalendar
from kefu.desk.sla import due_from
from kefu.visits.rules import add_months

# --- the state machine -----------------------------------------------------------

#: action → the statuses it may start from (seed 001 L29: approval before dispatch).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "approve": ("awaiting_approval",),
    "reject": ("awaiting_approval",),
    "dispatch": ("approved",),
    "arrive": ("dispatched",),
    "record": ("on_site",),
    "complete": ("on_site",),
    "close": ("completed",),
    "cancel": ("awaiting_approval", "approved", "dispatched"),
    "hand_over_cash": ("completed", "closed"),
}

TARGET_STATUS: dict[str, str] = {
    "approve": "approved",
    "reject": "rejected",
    "dispatch": "dispatched",
    "arrive": "on_site",
    "complete": "completed",
    "close": "closed",
    "cancel": "cancelled",
}


def can(action: str, status: str) -> bool:
    """May ``action`` run on an order in ``status``?"""
    return status in TRANSITIONS.get(action, ())


def needs_approval(action: str, status: str) -> bool:
    """Dispatching an order the division manager has not approved (seed 001 L29)."""
    return action == "dispatch" and status == "awaiting_approval"


# --- warranty and fees ----------------------------------------------------------


def warranty_last_day(purchase_date: date, months: int) -> date:
    """The last day inside the warranty: the day before the same date ``months``
    later (month ends clamped). Purchased 2023-03-15 with 36 months: the last
    day inside is 2026-03-14, 2026-03-15 is outside."""
    return add_months(purchase_date, months) - timedelta(days=1)


def in_warranty(purchase_date: date | None, months: int | None, on: date) -> bool:
    """Free inside the period from the purchase date (seed 001 L17; seed 004 L269)."""
    if purchase_date is None or not months:
        return False
    return purchase_date <= on <= warranty_last_day(purchase_date, months)


@dataclass(frozen=True)
class PartLine:
    kind: str  # "part" or "labour"
    quantity: int
    unit_price: Decimal


def charge(lines: Iterable[PartLine], *, in_warranty: bool, parts_only: bool) -> Decimal:
    """The fee: nothing inside the warranty; outside it, the parts only when
    the site charges "只收零部件费用" (seed 001 L17), else every line."""
    if in_warranty:
        return Decimal("0.00")
    total = sum(
        (
            line.unit_price * line.quantity
            for line in lines
            if not parts_only or line.kind == "part"
        ),
        Decimal("0.00"),
    )
    return total.quantize(Decimal("0.01"))


def cash_flagged(*, collected: Decimal, due_at: datetime | None, handed_at, now: datetime) -> bool:
    """Cash collected and not handed to finance by the site's limit (seed 001 L41)."""
    if collected <= 0 or due_at is None:
        return False
    if handed_at is not None:
        return handed_at > due_at
    return now > due_at


# --- SLA clocks -----------------------------------------------------------------


@dataclass(frozen=True)
class Clock:
    kind: str
    amount: Decimal


@dataclass(frozen=True)
class OrderDeadlines:
    reply_due: datetime
    onsite_due: datetime


def deadlines(
    calendar: WorkCalendar,
    *,
    received_at: datetime,
    urgent: bool,
    reply: Clock,
    onsite: Clock,
    urgent_onsite: Clock,
) -> OrderDeadlines:
    """Reply and on-site deadlines from the desk SLA engine (``kefu.desk.sla``)
    on the site's working calendar: reply within 0.5 h, on site within 48 h,
    urgent within 12 h in the seed's presets (seed 004 L393, L271)."""
    site_clock = urgent_onsite if urgent else onsite
    return OrderDeadlines(
        reply_due=due_from(calendar, received_at, reply.kind, reply.amount).at,
        onsite_due=due_from(calendar, received_at, site_clock.kind, site_clock.amount).at,
    )


def next_due(*, reply_due, onsite_due, approved_at, arrived_at, status: str) -> datetime | None:
    """The earliest open deadline: the reply stops at approval (the order is
    accepted and the customer told), the on-site clock at arrival."""
    if status in ("rejected", "cancelled", "completed", "closed"):
        return None
    open_dues = []
    if reply_due is not None and approved_at is None:
        open_dues.append(reply_due)
    if onsite_due is not None and arrived_at is None:
        open_dues.append(onsite_due)
    return min(open_dues) if open_dues else None


def sla_state(due: datetime | None, done_at: datetime | None, now: datetime) -> str:
    """``none``, ``met``, ``missed``, ``overdue`` or ``running``."""
    if due is None:
        return "none"
    if done_at is not None:
        return "met" if done_at <= due else "missed"
    return "overdue" if now > due else "running"


# --- patrols --------------------------------------------------------------------


def next_patrol_due(last_due: date, done_on: date, interval_days: int) -> date:
    """The next patrol: ``interval_days`` after the patrol just done (seed 004
    L237: 每五天对施工现场巡视一次), counted from the day it was done."""
    return max(last_due, done_on) + timedelta(days=interval_days)


def patrol_late(due_on: date, done_on: date) -> bool:
    return done_on > due_on


def missing_signatures(
    checks: Iterable[tuple[int, bool, str]],
) -> list[int]:
    """Checkpoint orders whose customer signature is missing: ``(order,
    requires_signature, signed_by)`` (seed 004 L239, L243, L265)."""
    return [order for order, required, signed in checks if required and not signed.strip()]
