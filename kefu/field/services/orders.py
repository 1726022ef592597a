"""Work orders from intake to dispatch, and their end: create (directly or from a
desk request), approve, refuse, dispatch, cancel, close, the follow-up order.

Each function is the only way to make its change: one transaction, the order
row locked (``_lock``), the rule checked in ``kefu.field.rules``, one audit
entry, notifications after commit. ``actor=None`` is the system (a rule firing).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from kefu.calendar.selectors import work_calendar_for
from kefu.core.services import audit_record, diff, snapshot
from kefu.customers.models import Customer, Vehicle
from kefu.desk.models import Ticket
from kefu.field import policies, rules
from kefu.field.errors import (
    AlreadyDispatched,
    ApprovalRequired,
    FieldForbidden,
    FieldRequired,
    KindInvalid,
    SiteMismatch,
    TechnicianInvalid,
    WrongState,
)
from kefu.field.models import (
    FieldSettings,
    OrderKind,
    OrderStatus,
    OrderUrgency,
    Product,
    WorkOrder,
)
from kefu.field.selectors import (
    INTAKE_CAPABILITIES,
    field_grant,
    is_technician,
    warranty_months_for,
)
from kefu.org.models import Site, User

ORDER_AUDIT_FIELDS = [
    "status",
    "kind",
    "urgency",
    "customer",
    "address",
    "contact_phone",
    "product",
    "product_model",
    "purchase_date",
    "problem",
    "plate_number",
    "scheduled_at",
    "technician",
    "in_warranty",
    "fee",
    "invoice_number",
    "cash_collected",
    "cash_handed_at",
    "work_done",
    "refusal_reason",
    "return_visit",
]

NUMBER_PREFIX = {OrderKind.REPAIR: "WX", OrderKind.INSTALLATION: "AZ"}


def _lock(order: WorkOrder) -> WorkOrder:
    """The order's row, locked for this transaction."""
    return WorkOrder.objects.select_for_update().select_related("site").get(pk=order.pk)


def _grant(actor: User | None, site: Site, at: datetime, *capabilities: str):
    """The acting position, or ``FieldForbidden``; ``None`` for the system."""
    if actor is None:
        return None
    grant = field_grant(actor, site, at, *capabilities)
    if grant is None:
        raise FieldForbidden()
    return grant


def _audit(actor, grant, action: str, order: WorkOrder, at: datetime, changes, note: str = ""):
    audit_record(
        actor=actor,
        on_behalf_of=grant.on_behalf_of if grant else None,
        action=action,
        target=order,
        site=order.site,
        at=at,
        changes=changes,
        note=note,
    )


def _required(**values: Any) -> None:
    missing = [name for name, value in values.items() if not value]
    if missing:
        msg = str(FieldRequired.default_message)
        raise FieldRequired(fields={name: [msg] for name in missing})


def sla_apply(order: WorkOrder, settings: FieldSettings) -> None:
    """Set the reply and on-site deadlines and the next one (desk SLA engine)."""
    due = rules.deadlines(
        work_calendar_for(order.site),
        received_at=order.received_at,
        urgent=order.urgency == OrderUrgency.URGENT,
        reply=rules.Clock(settings.reply_kind, Decimal(settings.reply_amount)),
        onsite=rules.Clock(settings.onsite_kind, Decimal(settings.onsite_amount)),
        urgent_onsite=rules.Clock(settings.urgent_kind, Decimal(settings.urgent_amount)),
    )
    order.reply_due, order.onsite_due = due.reply_due, due.onsite_due
    sla_next(order)


def sla_next(order: WorkOrder) -> None:
    order.sla_next_due = rules.next_due(
        reply_due=order.reply_due,
        onsite_due=order.onsite_due,
        approved_at=order.approved_at,
        arrived_at=order.arrived_at,
        status=order.status,
    )


def warranty_apply(order: WorkOrder, on: date) -> None:
    """In or out of warranty on ``on`` (the day of the call)."""
    months = warranty_months_for(order.site, order.product_id)
    order.in_warranty = rules.in_warranty(order.purchase_date, months, on)
    order.warranty_until = (
        rules.warranty_last_day(order.purchase_date, months)
        if order.purchase_date and months
        else None
    )


def _next_number(site: Site, kind: str, at: datetime) -> str:
    """``WX``/``AZ`` + YYMMDD + a 3-digit sequence per site, kind and day. The
    caller holds the lock on the site's settings row, so numbers never repeat;
    the unique constraint is the last guard."""
    prefix = f"{NUMBER_PREFIX[kind]}{timezone.localtime(at):%y%m%d}"
    taken = WorkOrder.objects.filter(site=site, number__startswith=prefix).count()
    return f"{prefix}{taken + 1:03d}"


def _settings_locked(site: Site) -> FieldSettings:
    FieldSettings.objects.get_or_create(site=site)
    return FieldSettings.objects.select_for_update().get(site=site)


@transaction.atomic
def order_create(
    *,
    actor: User | None,
    site: Site,
    kind: str,
    customer: Customer,
    address: str = "",
    contact_phone: str = "",
    product: Product | None = None,
    product_model: str = "",
    purchase_date: date | None = None,
    problem: str = "",
    urgency: str = OrderUrgency.NORMAL,
    plate_number: str = "",
    vehicle: Vehicle | None = None,
    scheduled_at: datetime | None = None,
    ticket: Ticket | None = None,
    follows: WorkOrder | None = None,
    now: datetime | None = None,
) -> WorkOrder:
    """Fill in a 《维修服务单》 (customer, exact address, contact, product model,
    purchase date, problem and symptom — seed 001 L27) or a 《安装任务派工单》
    (site, product, scheduled time — L29). It waits for the division manager's
    approval (L29). Warranty is judged on the day of the call; the reply and
    on-site clocks start at the call (seed 004 L393)."""
    at = now or timezone.now()
    grant = _grant(actor, site, at, *INTAKE_CAPABILITIES)
    if kind not in OrderKind.values:
        raise KindInvalid(fields={"kind": [str(KindInvalid.default_message)]})
    if urgency not in OrderUrgency.values:
        raise KindInvalid(fields={"urgency": [str(KindInvalid.default_message)]})
    for record in (customer, product, ticket, vehicle, follows):
        if record is not None and record.site_id != site.pk:
            raise SiteMismatch()
    if vehicle is not None and vehicle.customer_id != customer.pk:
        raise SiteMismatch(fields={"vehicle": [str(SiteMismatch.default_message)]})
    address = (address or "").strip()
    contact_phone = (contact_phone or customer.phone or "").strip()
    problem = (problem or "").strip()
    if kind == OrderKind.REPAIR:
        _required(address=address, contact_phone=contact_phone, problem=problem)
    else:
        _required(address=address, contact_phone=contact_phone, scheduled_at=scheduled_at)
    settings = _settings_locked(site)
    received_at = ticket.received_at if ticket is not None else at
    order = WorkOrder(
        site=site,
        number=_next_number(site, kind, at),
        kind=kind,
        urgency=urgency,
        ticket=ticket,
        follows=follows,
        customer=customer,
        vehicle=vehicle,
        address=address,
        contact_phone=contact_phone,
        product=product,
        product_model=(product_model or (product.model_name if product else "")).strip(),
        purchase_date=purchase_date,
        problem=problem,
        plate_number=(plate_number or (vehicle.plate if vehicle else "")).strip(),
        scheduled_at=scheduled_at,
        received_at=received_at,
        created_by=actor,
    )
    warranty_apply(order, timezone.localdate(received_at))
    sla_apply(order, settings)
    try:
        with transaction.atomic():
            order.save(force_insert=True)
    except IntegrityError:
        raise WrongState() from None
    after = snapshot(order, ORDER_AUDIT_FIELDS)
    changes = {"number": [None, order.number], **{k: [None, v] for k, v in after.items() if v}}
    _audit(actor, grant, "field.order_created", order, at, changes)
    _notify_approvers(order)
    return order


def order_from_ticket(
    *, actor: User, ticket: Ticket, kind: str = OrderKind.REPAIR, now=None, **fields
) -> WorkOrder:
    """A work order for a desk request (e.g. a property centre's 报修): the
    customer, contact, place and content come from the request."""
    if ticket.customer is None:
        raise FieldRequired(fields={"customer": [str(FieldRequired.default_message)]})
    fields.setdefault("address", ticket.occurred_place or (str(ticket.unit) if ticket.unit else ""))
    fields.setdefault("contact_phone", ticket.contact_phone)
    fields.setdefault("problem", ticket.content)
    fields.setdefault("urgency", "urgent" if ticket.urgency in ("urgent", "critical") else "normal")
    return order_create(
        actor=actor,
        site=ticket.site,
        kind=kind,
        customer=ticket.customer,
        ticket=ticket,
        now=now,
        **fields,
    )


def _notify_approvers(order: WorkOrder) -> None:
    from kefu.notify.services import notify

    def send() -> None:
        users = _holders(order.site, policies.APPROVE)
        notify(
            site=order.site,
            users=users,
            kind="field.order_awaiting_approval",
            subject=f"{order.number} {order.customer}",
            link=order.get_absolute_url(),
            dedupe_key=f"field.approve.{order.pk}",
            channels=("inapp",),
        )

    transaction.on_commit(send)


def _holders(site: Site, capability: str) -> list[User]:
    from kefu.org.models import Position, PositionAssignment

    positions = [p.pk for p in Position.objects.filter(site=site) if capability in p.capabilities]
    return [
        a.user
        for a in PositionAssignment.objects.filter(position_id__in=positions).select_related("user")
    ]


def _step(
    *,
    actor: User | None,
    order: WorkOrder,
    action: str,
    capabilities: tuple[str, ...],
    at: datetime,
    note: str = "",
    **values: Any,
) -> WorkOrder:
    """Lock, check the state and the position, set ``values`` and the status, audit."""
    order = _lock(order)
    grant = _grant(actor, order.site, at, *capabilities)
    if not rules.can(action, order.status):
        raise WrongState()
    before = snapshot(order, ORDER_AUDIT_FIELDS)
    for name, value in values.items():
        setattr(order, name, value)
    order.status = rules.TARGET_STATUS.get(action, order.status)
    sla_next(order)
    order.save(update_fields=[*values, "status", "sla_next_due", "updated_at"])
    _audit(
        actor,
        grant,
        f"field.order_{_PAST[action]}",
        order,
        at,
        diff(before, snapshot(order, ORDER_AUDIT_FIELDS)),
        note,
    )
    return order


_PAST = {
    "approve": "approved",
    "reject": "rejected",
    "cancel": "cancelled",
    "close": "closed",
}


@transaction.atomic
def order_approve(*, actor: User, order: WorkOrder, now: datetime | None = None) -> WorkOrder:
    """The division manager approves the order (seed 001 L29: gps事业部经理审批)."""
    at = now or timezone.now()
    return _step(
        actor=actor,
        order=order,
        action="approve",
        capabilities=(policies.APPROVE,),
        at=at,
        approved_at=at,
        approved_by=actor,
    )


def _with_reason(
    *, actor: User, order: WorkOrder, action: str, capabilities, reason: str, now, **values
) -> WorkOrder:
    """A step that needs a written reason (refuse, cancel)."""
    reason = (reason or "").strip()
    _required(reason=reason)
    return _step(
        actor=actor,
        order=order,
        action=action,
        capabilities=capabilities,
        at=now or timezone.now(),
        note=reason,
        **values,
    )


@transaction.atomic
def order_reject(
    *, actor: User, order: WorkOrder, reason: str, now: datetime | None = None
) -> WorkOrder:
    """The division manager refuses the order, with a reason (seed 001 L29)."""
    return _with_reason(
        actor=actor,
        order=order,
        action="reject",
        capabilities=(policies.APPROVE,),
        reason=reason,
        now=now,
        refusal_reason=(reason or "").strip(),
    )


@transaction.atomic
def order_cancel(
    *, actor: User, order: WorkOrder, reason: str, now: datetime | None = None
) -> WorkOrder:
    """Cancel an open order before the technician arrives, with a reason."""
    return _with_reason(
        actor=actor,
        order=order,
        action="cancel",
        capabilities=(policies.APPROVE, policies.DISPATCH),
        reason=reason,
        now=now,
    )


@transaction.atomic
def order_dispatch(
    *,
    actor: User,
    order: WorkOrder,
    technician: User,
    scheduled_at: datetime | None = None,
    now: datetime | None = None,
) -> WorkOrder:
    """Give an approved order to a technician (seed 001 L29: 指派合适的技术人员).

    Refused with ``field.approval_required`` (409) while it awaits approval,
    and with ``field.already_dispatched`` (409) when another dispatcher got
    there first (the row lock serialises them)."""
    at = now or timezone.now()
    order = _lock(order)
    grant = _grant(actor, order.site, at, policies.DISPATCH)
    if rules.needs_approval("dispatch", order.status):
        raise ApprovalRequired()
    if order.status in (OrderStatus.DISPATCHED, OrderStatus.ON_SITE):
        raise AlreadyDispatched()
    if not rules.can("dispatch", order.status):
        raise WrongState()
    if not is_technician(technician, order.site):
        raise TechnicianInvalid(fields={"technician": [str(TechnicianInvalid.default_message)]})
    before = snapshot(order, ORDER_AUDIT_FIELDS)
    order.technician = technician
    order.dispatched_at, order.dispatched_by = at, actor
    order.scheduled_at = scheduled_at or order.scheduled_at
    order.status = OrderStatus.DISPATCHED
    sla_next(order)
    order.save(
        update_fields=[
            "technician",
            "dispatched_at",
            "dispatched_by",
            "scheduled_at",
            "status",
            "sla_next_due",
            "updated_at",
        ]
    )
    _audit(
        actor,
        grant,
        "field.order_dispatched",
        order,
        at,
        diff(before, snapshot(order, ORDER_AUDIT_FIELDS)),
    )

    def send() -> None:
        from kefu.notify.services import notify

        notify(
            site=order.site,
            users=[technician],
            kind="field.order_dispatched",
            subject=f"{order.number} {order.address}",
            link=order.get_absolute_url(),
            dedupe_key=f"field.dispatch.{order.pk}.{technician.pk}",
            channels=("inapp", "sms"),
        )

    transaction.on_commit(send)
    return order


@transaction.atomic
def order_close(*, actor: User | None, order: WorkOrder, now: datetime | None = None) -> WorkOrder:
    """Close a completed order: its return visit found the customer satisfied
    (seed 004 L373: 直到客户满意为止)."""
    at = now or timezone.now()
    return _step(
        actor=actor,
        order=order,
        action="close",
        capabilities=(policies.APPROVE, policies.DISPATCH),
        at=at,
        closed_at=at,
    )


@transaction.atomic
def order_follow_up_create(
    *, order: WorkOrder, note: str = "", now: datetime | None = None
) -> WorkOrder:
    """The customer was not satisfied at the return visit: a new order for the
    same customer and address, awaiting approval, follows this one (seed 004
    L373: 维修后应及时再访,直到客户满意为止)."""
    problem = note.strip() or order.problem
    follow_up = order_create(
        actor=None,
        site=order.site,
        kind=order.kind,
        customer=order.customer,
        address=order.address,
        contact_phone=order.contact_phone,
        product=order.product,
        product_model=order.product_model,
        purchase_date=order.purchase_date,
        problem=problem,
        urgency=order.urgency,
        plate_number=order.plate_number,
        vehicle=order.vehicle,
        scheduled_at=order.scheduled_at,
        ticket=order.ticket,
        follows=order,
        now=now,
    )
    return follow_up
