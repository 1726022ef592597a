"""Reads of field service: access to orders and plans, the dispatcher's board,
the technician's day, swap history search and the cash reconciliation list.

``access_order`` / ``access_plan`` are the only ways pages and the API fetch
a record; another site's record is reported as not found.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from kefu.field import policies
from kefu.field.errors import OrderNotFound, PlanNotFound
from kefu.field.models import (
    OPEN_STATUSES,
    DeviceSwap,
    FieldSettings,
    OrderStatus,
    PatrolPlan,
    WarrantyRule,
    WorkOrder,
)
from kefu.org.models import Capability, Position, PositionAssignment, Site, User
from kefu.org.selectors import (
    ActingPosition,
    acting_positions,
    capability_grant,
    user_site_ids,
)

#: Who may create orders: the field intake or a desk registrar.
INTAKE_CAPABILITIES = (policies.INTAKE, Capability.REGISTER)


def field_settings_for(site: Site) -> FieldSettings:
    """The site's settings (the model's defaults — seed 004's numbers — if none)."""
    found = FieldSettings.objects.filter(site=site).first()
    return found or FieldSettings(site=site)


def field_grant(user: User | None, site: Site, at: datetime, *capabilities: str):
    """How ``user`` holds one of ``capabilities`` at ``site`` (own post or deputy)."""
    if user is None:
        return None
    for capability in capabilities:
        grant = capability_grant(user=user, site=site, capability=capability, at=at)
        if grant is not None:
            return grant
    return None


def user_field_capabilities(user: User, site: Site, at: datetime | None = None) -> set[str]:
    """The capability codes ``user`` holds at ``site`` (own posts and as deputy),
    to show the buttons; two queries. The services check again."""
    if user.is_superuser:
        return {*INTAKE_CAPABILITIES, *policies.ALL}
    held = {
        code
        for acting in acting_positions(user=user, site=site, at=at or timezone.now())
        for code in acting.position.capabilities or []
    }
    if held & set(INTAKE_CAPABILITIES):
        held.add(policies.INTAKE)
    return held


def order_queryset() -> QuerySet[WorkOrder]:
    return WorkOrder.objects.select_related(
        "site", "customer", "product", "technician", "ticket", "return_visit", "follows"
    )


def access_order(user: User, order_id: int | str | None) -> WorkOrder:
    """The order, if ``user`` works at its site; else ``OrderNotFound``."""
    try:
        pk = int(order_id)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise OrderNotFound() from None
    order = order_queryset().filter(pk=pk, site_id__in=user_site_ids(user)).first()
    if order is None:
        raise OrderNotFound()
    return order


def access_plan(user: User, plan_id: int | str | None) -> PatrolPlan:
    try:
        pk = int(plan_id)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise PlanNotFound() from None
    plan = (
        PatrolPlan.objects.select_related("site", "customer", "inspector")
        .filter(pk=pk, site_id__in=user_site_ids(user))
        .first()
    )
    if plan is None:
        raise PlanNotFound()
    return plan


def technicians_for(site: Site) -> list[User]:
    """Active users holding a position with ``field.work`` at ``site``."""
    positions = [
        p.pk for p in Position.objects.filter(site=site) if policies.WORK in (p.capabilities or [])
    ]
    assignments = (
        PositionAssignment.objects.filter(position_id__in=positions, user__is_active=True)
        .select_related("user")
        .order_by("user__username")
    )
    seen: dict[int, User] = {}
    for a in assignments:
        seen.setdefault(a.user_id, a.user)
    return list(seen.values())


def is_technician(user: User, site: Site) -> bool:
    return any(t.pk == user.pk for t in technicians_for(site))


def warranty_months_for(site: Site, product_id: int | None) -> int | None:
    """The product's rule, else the site's rule for every product, else none."""
    rules = {
        r.product_id: r.months
        for r in WarrantyRule.objects.filter(site=site).filter(
            Q(product_id=product_id) | Q(product__isnull=True)
        )
    }
    if product_id is not None and product_id in rules:
        return rules[product_id]
    return rules.get(None)


@dataclass
class OrderFilters:
    site: int | None = None
    status: str = ""
    kind: str = ""
    technician: int | None = None
    q: str = ""


def order_list_for(user: User, filters: OrderFilters | None = None) -> QuerySet[WorkOrder]:
    """Orders of the user's sites; overdue first, then by next deadline."""
    filters = filters or OrderFilters()
    qs = order_queryset().filter(site_id__in=user_site_ids(user))
    if filters.site:
        qs = qs.filter(site_id=filters.site)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.technician:
        qs = qs.filter(technician_id=filters.technician)
    if filters.q:
        q = filters.q.strip()
        qs = qs.filter(
            Q(number__icontains=q)
            | Q(customer__name__icontains=q)
            | Q(plate_number__icontains=q)
            | Q(address__icontains=q)
        )
    return qs.order_by("sla_next_due", "-received_at", "-id")


@dataclass
class Board:
    """The dispatcher's board (overdue first in every column)."""

    awaiting_approval: list[WorkOrder]
    approved: list[WorkOrder]
    per_technician: list[tuple[User, list[WorkOrder]]]
    overdue: list[WorkOrder]
    days: list[date]
    schedule: list[tuple[User, list[tuple[date, list[WorkOrder]]]]]


def _overdue_first(orders: list[WorkOrder], now: datetime) -> list[WorkOrder]:
    def key(o: WorkOrder):
        overdue = o.sla_next_due is not None and o.sla_next_due < now
        return (not overdue, o.sla_next_due or o.scheduled_at or o.received_at, o.pk)

    return sorted(orders, key=key)


def board_for(user: User, site: Site, *, now: datetime, week: bool = False) -> Board:
    """Orders waiting for approval, approved and not dispatched, and each
    technician's dispatched orders for the day (or the week from today)."""
    open_orders = list(order_queryset().filter(site=site, status__in=OPEN_STATUSES))
    today = timezone.localdate(now)
    days = [today + timedelta(days=i) for i in range(7 if week else 1)]
    end = days[-1]
    for order in open_orders:
        order.is_overdue = order.sla_next_due is not None and order.sla_next_due < now
    by_tech: dict[int, list[WorkOrder]] = {}
    for order in open_orders:
        if order.technician_id is None:
            continue
        when = timezone.localdate(order.scheduled_at or order.dispatched_at or now)
        if when <= end or order.is_overdue:
            by_tech.setdefault(order.technician_id, []).append(order)
    per_technician = [
        (tech, _overdue_first(by_tech.get(tech.pk, []), now)) for tech in technicians_for(site)
    ]
    schedule = [
        (tech, [(day, [o for o in orders if _day_of(o, now, today) == day]) for day in days])
        for tech, orders in per_technician
    ]
    return Board(
        awaiting_approval=_overdue_first(
            [o for o in open_orders if o.status == OrderStatus.AWAITING_APPROVAL], now
        ),
        approved=_overdue_first([o for o in open_orders if o.status == OrderStatus.APPROVED], now),
        per_technician=per_technician,
        overdue=_overdue_first([o for o in open_orders if o.is_overdue], now),
        days=days,
        schedule=schedule,
    )


def _day_of(order: WorkOrder, now: datetime, today: date) -> date:
    """The day an order sits on in the schedule: its scheduled day, else the day
    it was dispatched; anything overdue or past shows on today."""
    day = timezone.localdate(order.scheduled_at or order.dispatched_at or now)
    return today if day < today or order.is_overdue else day


def technician_orders(user: User, *, now: datetime) -> list[WorkOrder]:
    """The technician's open orders (dispatched or on site), overdue first."""
    orders = list(
        order_queryset().filter(
            technician=user,
            status__in=[OrderStatus.DISPATCHED, OrderStatus.ON_SITE],
            site_id__in=user_site_ids(user),
        )
    )
    for order in orders:
        order.is_overdue = order.sla_next_due is not None and order.sla_next_due < now
    return _overdue_first(orders, now)


def swap_history(user: User, number: str, site: Site | None = None) -> QuerySet[DeviceSwap]:
    """Every swap whose old or new terminal/SIM number contains ``number``."""
    number = (number or "").strip()
    qs = DeviceSwap.objects.select_related("order", "customer", "vehicle").filter(
        site_id__in=user_site_ids(user)
    )
    if site is not None:
        qs = qs.filter(site=site)
    if not number:
        return qs.none()
    return qs.filter(Q(old_number__icontains=number) | Q(new_number__icontains=number))


def cash_reconciliation(user: User, site: Site, *, now: datetime) -> list[WorkOrder]:
    """Orders with cash collected: not handed over first (flagged when past the
    site's limit, seed 001 L41), then handed over, newest first."""
    from kefu.field.rules import cash_flagged

    orders = list(
        order_queryset()
        .filter(site=site, cash_collected__gt=0)
        .order_by("cash_handed_at", "cash_due_at", "-id")
    )
    for order in orders:
        order.cash_flagged = cash_flagged(
            collected=order.cash_collected,
            due_at=order.cash_due_at,
            handed_at=order.cash_handed_at,
            now=now,
        )
    orders.sort(key=lambda o: (o.cash_handed_at is not None, not o.cash_flagged))
    return orders


def patrol_plans_for(user: User, site: Site | None = None) -> QuerySet[PatrolPlan]:
    qs = PatrolPlan.objects.select_related("site", "customer", "inspector").filter(
        site_id__in=user_site_ids(user), is_active=True
    )
    if site is not None:
        qs = qs.filter(site=site)
    return qs.order_by("next_due_on", "id")


def acting_for(grant: ActingPosition | None):
    return grant.on_behalf_of if grant is not None else None
