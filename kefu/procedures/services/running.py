"""A running procedure: start, tick items, complete steps in order, approve,
record amounts and refund a deposit once (seed 004 §3.1/3.2/3.6/3.8).

Every action: one transaction, the procedure row locked, the current step
checked (no step is skipped; an approval step completes only by approval;
a step with a required item missing does not complete), the actor's right
checked (the step's position, own or as deputy; ``procedures.approve`` for
approvals), one audit entry.
"""

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.calendar.selectors import work_calendar_for
from kefu.core.services import audit_record
from kefu.customers.models import Customer, Unit
from kefu.org.models import Site, User
from kefu.org.selectors import acting_positions, capability_grant
from kefu.procedures import rules
from kefu.procedures.errors import (
    AlreadyRefunded,
    AmountRequired,
    ApprovalRequired,
    BadValue,
    ItemMissing,
    NotAllowedHere,
    NotAnApproval,
    NotOpen,
    StepNotCurrent,
)
from kefu.procedures.models import (
    FeeItem,
    ItemKind,
    MoneyKind,
    MoneyRecord,
    Procedure,
    ProcedureItem,
    ProcedureStatus,
    ProcedureStep,
    ProcedureTemplate,
    StepStatus,
)
from kefu.procedures.presets import APPROVE, HANDLE

MONEY_KINDS = (ItemKind.DEPOSIT, ItemKind.FEE, ItemKind.REFUND)


def _lock(procedure: Procedure) -> Procedure:
    return (
        Procedure.objects.select_for_update(of=("self",))
        .select_related("site", "template")
        .get(pk=procedure.pk)
    )


def _current(procedure: Procedure) -> ProcedureStep:
    return procedure.steps.select_related("position").get(order=procedure.current_order)


def _open(procedure: Procedure) -> None:
    if procedure.status != ProcedureStatus.OPEN:
        raise NotOpen()


def _may_act(actor: User, site: Site, step: ProcedureStep, at: datetime) -> None:
    """The step's position does it (own post or as deputy); without one, any handler."""
    if actor.is_superuser:
        return
    if step.position_id is not None:
        codes = {a.position.pk for a in acting_positions(user=actor, site=site, at=at)}
        if step.position_id in codes:
            return
        if capability_grant(user=actor, site=site, capability=APPROVE, at=at) is not None:
            return  # a supervisor may stand in
        raise NotAllowedHere()
    if capability_grant(user=actor, site=site, capability=HANDLE, at=at) is None:
        raise NotAllowedHere()


def _audit(actor, procedure: Procedure, action: str, at, changes=None, note="") -> None:
    audit_record(
        actor=actor,
        action=f"procedures.{action}",
        target=procedure,
        site=procedure.site,
        at=at,
        changes=changes or {},
        note=note,
    )


def _due(site: Site, step: ProcedureStep, at: datetime) -> datetime | None:
    if step.deadline_working_days is None:
        return None
    return work_calendar_for(site).add_working_days(at, step.deadline_working_days).at


@transaction.atomic
def procedure_start(
    *,
    actor: User,
    template: ProcedureTemplate,
    unit: Unit | None = None,
    customer: Customer | None = None,
    subject: str = "",
    now: datetime | None = None,
) -> Procedure:
    """Start a procedure from its template: the steps and items are copied."""
    at = now or timezone.now()
    site = template.site
    if capability_grant(user=actor, site=site, capability=HANDLE, at=at) is None:
        raise NotAllowedHere()
    if not template.is_active:
        raise BadValue(fields={"template": [_("The template is not active.")]})
    if (unit is not None and unit.site_id != site.pk) or (
        customer is not None and customer.site_id != site.pk
    ):
        raise BadValue(fields={"unit": [_("Choose a unit and customer of this site.")]})
    steps = list(template.steps.prefetch_related("items").order_by("order"))
    if not steps:
        raise BadValue(fields={"template": [_("The template has no steps.")]})
    procedure = Procedure.objects.create(
        site=site,
        template=template,
        unit=unit,
        customer=customer,
        subject=subject.strip(),
        current_order=steps[0].order,
        started_by=actor,
        started_at=at,
    )
    for spec in steps:
        step = ProcedureStep.objects.create(
            procedure=procedure,
            order=spec.order,
            code=spec.code,
            name=spec.name,
            position_id=spec.position_id,
            is_approval=spec.is_approval,
            deadline_working_days=spec.deadline_working_days,
        )
        if spec.order == procedure.current_order:
            step.due_at = _due(site, step, at)
            step.save(update_fields=["due_at"])
        ProcedureItem.objects.bulk_create(
            ProcedureItem(
                step=step,
                order=i.order,
                code=i.code,
                name=i.name,
                kind=i.kind,
                required=i.required,
                fee_id=i.fee_id,
            )
            for i in spec.items.all()
        )
    _audit(actor, procedure, "started", at, {"template": [None, template.code]})
    return procedure


def _item_of_current(procedure: Procedure, item: ProcedureItem) -> ProcedureStep:
    step = _current(procedure)
    if item.step_id != step.pk:
        raise StepNotCurrent()
    return step


@transaction.atomic
def procedure_item_mark(
    *,
    actor: User,
    procedure: Procedure,
    item: ProcedureItem,
    value: str = "",
    now: datetime | None = None,
) -> ProcedureItem:
    """Tick a document, check or value of the current step (a reading, a key count …)."""
    at = now or timezone.now()
    procedure = _lock(procedure)
    _open(procedure)
    step = _item_of_current(procedure, item)
    _may_act(actor, procedure.site, step, at)
    if item.kind in MONEY_KINDS:
        raise AmountRequired()
    if item.kind == ItemKind.VALUE and not value.strip():
        raise BadValue(fields={"value": [_("Enter the value.")]})
    item = ProcedureItem.objects.select_for_update().get(pk=item.pk)
    item.value = value.strip()[:200]
    item.done_by = actor
    item.done_at = at
    item.save(update_fields=["value", "done_by", "done_at", "updated_at"])
    _audit(actor, procedure, "item_done", at, {item.code: [None, item.value or True]})
    return item


def _amount(value: Any, field: str) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise BadValue(fields={field: [_("Enter an amount.")]}) from None
    if amount <= 0:
        raise BadValue(fields={field: [_("The amount must be above 0.")]})
    return amount


@transaction.atomic
def procedure_money_record(
    *,
    actor: User,
    procedure: Procedure,
    item: ProcedureItem,
    receipt_number: str,
    amount: Any = None,
    quantity: Any = 1,
    fee: FeeItem | None = None,
    now: datetime | None = None,
) -> MoneyRecord:
    """Record a deposit or a fee (recorded, not collected): who, amount, receipt number.

    A fee is priced from the published schedule (收费标准公示, seed 004 P27):
    the item's own fee item or the one chosen, × quantity; a deposit's amount is
    entered (the seeds give none: seed 004 P4).
    """
    at = now or timezone.now()
    procedure = _lock(procedure)
    _open(procedure)
    step = _item_of_current(procedure, item)
    _may_act(actor, procedure.site, step, at)
    if item.kind not in (ItemKind.DEPOSIT, ItemKind.FEE):
        raise BadValue(fields={"item": [_("This item is not a deposit or fee.")]})
    if not receipt_number.strip():
        raise BadValue(fields={"receipt_number": [_("Enter the receipt number.")]})
    if item.done_at is not None:
        raise BadValue(fields={"item": [_("This amount is already recorded.")]})
    qty = _amount(quantity, "quantity")
    fee = fee or item.fee
    if fee is not None and (fee.site_id != procedure.site_id or not fee.is_active):
        raise BadValue(fields={"fee": [_("Choose a published fee of this site.")]})
    if item.kind == ItemKind.FEE:
        if fee is None:
            raise BadValue(fields={"fee": [_("Choose the fee from the schedule.")]})
        total = rules.fee_amount(fee.price, qty)
    elif amount is None and fee is not None:
        total = rules.fee_amount(fee.price, qty)
    else:
        total = _amount(amount, "amount")
    record = MoneyRecord.objects.create(
        procedure=procedure,
        item=item,
        kind=MoneyKind.DEPOSIT if item.kind == ItemKind.DEPOSIT else MoneyKind.FEE,
        fee=fee,
        quantity=qty,
        amount=total,
        receipt_number=receipt_number.strip(),
        recorded_by=actor,
        recorded_at=at,
    )
    item.value = f"{total}"
    item.done_by = actor
    item.done_at = at
    item.save(update_fields=["value", "done_by", "done_at", "updated_at"])
    _audit(actor, procedure, "money_recorded", at, {item.code: [None, str(total)]},
           record.receipt_number)  # fmt: skip
    return record


@transaction.atomic
def procedure_refund(
    *,
    actor: User,
    procedure: Procedure,
    item: ProcedureItem,
    deposit: MoneyRecord,
    receipt_number: str,
    now: datetime | None = None,
) -> MoneyRecord:
    """Refund a recorded deposit, in full and once only (seed 004 §3.2, §3.6)."""
    at = now or timezone.now()
    procedure = _lock(procedure)
    _open(procedure)
    step = _item_of_current(procedure, item)
    _may_act(actor, procedure.site, step, at)
    if item.kind != ItemKind.REFUND:
        raise BadValue(fields={"item": [_("This item is not a refund.")]})
    deposit = MoneyRecord.objects.select_for_update().get(pk=deposit.pk)
    if deposit.kind != MoneyKind.DEPOSIT or deposit.procedure.unit_id != procedure.unit_id:
        raise BadValue(fields={"deposit": [_("Choose a deposit of this unit.")]})
    if not rules.refundable(MoneyRecord.objects.filter(refund_of=deposit).exists()):
        raise AlreadyRefunded()
    if not receipt_number.strip():
        raise BadValue(fields={"receipt_number": [_("Enter the receipt number.")]})
    try:
        with transaction.atomic():
            record = MoneyRecord.objects.create(
                procedure=procedure,
                item=item,
                kind=MoneyKind.REFUND,
                amount=deposit.amount,
                receipt_number=receipt_number.strip(),
                refund_of=deposit,
                recorded_by=actor,
                recorded_at=at,
            )
    except IntegrityError:
        raise AlreadyRefunded() from None
    item.value = f"{deposit.amount}"
    item.done_by = actor
    item.done_at = at
    item.save(update_fields=["value", "done_by", "done_at", "updated_at"])
    _audit(actor, procedure, "refunded", at, {item.code: [None, str(deposit.amount)]},
           record.receipt_number)  # fmt: skip
    return record


def _advance(actor: User, procedure: Procedure, step: ProcedureStep, at: datetime) -> None:
    orders = list(procedure.steps.values_list("order", flat=True))
    following = rules.next_order(step.order, orders)
    before = procedure.current_order
    if following is None:
        procedure.status = ProcedureStatus.DONE
        procedure.finished_at = at
    else:
        procedure.current_order = following
        nxt = procedure.steps.get(order=following)
        nxt.due_at = _due(procedure.site, nxt, at)
        nxt.save(update_fields=["due_at", "updated_at"])
    procedure.save(update_fields=["status", "finished_at", "current_order", "updated_at"])
    changes = {"current_order": [before, procedure.current_order]}
    if procedure.status == ProcedureStatus.DONE:
        changes["status"] = [ProcedureStatus.OPEN, ProcedureStatus.DONE]
    _audit(actor, procedure, f"step_{step.status}", at, changes, step.note)


def _check_items(step: ProcedureStep) -> None:
    states = [
        rules.ItemState(i.code, i.name, i.required, i.done_at is not None) for i in step.items.all()
    ]
    missing = rules.missing_items(states)
    if missing:
        names = "、".join(i.name for i in missing)
        raise ItemMissing(
            ItemMissing.default_message % {"items": names},
            fields={i.code: [str(_("missing"))] for i in missing},
        )


@transaction.atomic
def procedure_step_complete(
    *, actor: User, procedure: Procedure, note: str = "", now: datetime | None = None
) -> Procedure:
    """Complete the current step: not an approval, every required item done.
    The last step's completion finishes the procedure."""
    at = now or timezone.now()
    procedure = _lock(procedure)
    _open(procedure)
    step = _current(procedure)
    _may_act(actor, procedure.site, step, at)
    if step.is_approval:
        raise ApprovalRequired()
    _check_items(step)
    step.status = StepStatus.DONE
    step.done_by = actor
    step.done_at = at
    step.note = note
    step.save(update_fields=["status", "done_by", "done_at", "note", "updated_at"])
    _advance(actor, procedure, step, at)
    return procedure


@transaction.atomic
def procedure_step_approve(
    *,
    actor: User,
    procedure: Procedure,
    approve: bool,
    note: str = "",
    now: datetime | None = None,
) -> Procedure:
    """Approve the current approval step (``procedures.approve``); a refusal
    cancels the procedure with the reason."""
    at = now or timezone.now()
    procedure = _lock(procedure)
    _open(procedure)
    step = _current(procedure)
    if not step.is_approval:
        raise NotAnApproval()
    if capability_grant(user=actor, site=procedure.site, capability=APPROVE, at=at) is None:
        raise NotAllowedHere()
    if not approve and not note.strip():
        raise BadValue(fields={"note": [_("Give the reason for the refusal.")]})
    _check_items(step)
    step.status = StepStatus.APPROVED if approve else StepStatus.REJECTED
    step.done_by = actor
    step.done_at = at
    step.note = note
    step.save(update_fields=["status", "done_by", "done_at", "note", "updated_at"])
    if approve:
        _advance(actor, procedure, step, at)
    else:
        procedure.status = ProcedureStatus.CANCELLED
        procedure.finished_at = at
        procedure.save(update_fields=["status", "finished_at", "updated_at"])
        _audit(actor, procedure, "step_rejected", at,
               {"status": [ProcedureStatus.OPEN, ProcedureStatus.CANCELLED]}, note)  # fmt: skip
    return procedure
