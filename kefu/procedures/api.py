"""API of property procedures under /api/v1/procedures.

Thin: ids resolve through the ``access_*`` selectors (a foreign or missing id is
a coded 404); each endpoint calls one service and returns where the procedure stands.
"""

from django.http import HttpRequest
from ninja import Query, Router
from ninja.responses import Status

from kefu.core.api import ERRORS, paginate
from kefu.procedures import selectors, services
from kefu.procedures.errors import BadValue
from kefu.procedures.schemas import (
    ApproveIn,
    FeeOut,
    ItemIn,
    MoneyIn,
    ProcedurePage,
    ProcedureQuery,
    RefundIn,
    StandingOut,
    StartIn,
    StepIn,
    TemplateOut,
)

router = Router(tags=["procedures"])


def _standing(request: HttpRequest, pk: int):
    return selectors.procedure_standing(selectors.access_procedure(request.auth, pk))


@router.get("/templates", response={200: list[TemplateOut], **ERRORS})
def template_list(request: HttpRequest):
    """Active procedure templates of the user's sites (move-in, 二装, move-out …)."""
    return list(selectors.template_list_for(request.auth).order_by("site_id", "code"))


@router.get("/fees", response={200: list[FeeOut], **ERRORS})
def fee_list(request: HttpRequest):
    """The published fee schedule (收费标准公示)."""
    return list(selectors.fee_schedule_for(request.auth).order_by("site_id", "category", "code"))


@router.get("", response={200: ProcedurePage, **ERRORS})
def procedure_list(request: HttpRequest, filters: Query[ProcedureQuery]):
    qs = selectors.procedure_list_for(
        request.auth,
        unit=filters.unit,
        status=filters.status or "",
        template=filters.template or "",
    )
    return paginate(qs, filters)


@router.post("", response={201: StandingOut, **ERRORS})
def procedure_start(request: HttpRequest, payload: StartIn):
    template = selectors.access_template(request.auth, payload.template_id)
    unit = None
    if payload.unit_id:
        unit = selectors.units_for(request.auth).filter(pk=payload.unit_id).first()
        if unit is None:
            raise BadValue(fields={"unit_id": ["?"]})
    procedure = services.procedure_start(
        actor=request.auth,
        template=template,
        unit=unit,
        customer=unit.customers.order_by("pk").first() if unit else None,
        subject=payload.subject,
    )
    return Status(201, _standing(request, procedure.pk))


@router.get("/{int:pk}", response={200: StandingOut, **ERRORS})
def procedure_detail(request: HttpRequest, pk: int):
    """Where it stands, what is missing, who must act, the amounts recorded."""
    return _standing(request, pk)


@router.post("/{int:pk}/items/{int:item_id}", response={200: StandingOut, **ERRORS})
def item_mark(request: HttpRequest, pk: int, item_id: int, payload: ItemIn):
    procedure = selectors.access_procedure(request.auth, pk)
    item = selectors.access_item(procedure, item_id)
    services.procedure_item_mark(
        actor=request.auth, procedure=procedure, item=item, value=payload.value
    )
    return _standing(request, pk)


@router.post("/{int:pk}/items/{int:item_id}/money", response={200: StandingOut, **ERRORS})
def item_money(request: HttpRequest, pk: int, item_id: int, payload: MoneyIn):
    """Record a deposit or fee (recorded, not collected) with its receipt number."""
    procedure = selectors.access_procedure(request.auth, pk)
    item = selectors.access_item(procedure, item_id)
    fee = None
    if payload.fee_id:
        fee = (
            selectors.fee_schedule_for(request.auth, procedure.site_id)
            .filter(pk=payload.fee_id)
            .first()
        )
        if fee is None:
            raise BadValue(fields={"fee_id": ["?"]})
    services.procedure_money_record(
        actor=request.auth, procedure=procedure, item=item,
        receipt_number=payload.receipt_number, amount=payload.amount,
        quantity=payload.quantity, fee=fee,
    )  # fmt: skip
    return _standing(request, pk)


@router.post("/{int:pk}/items/{int:item_id}/refund", response={200: StandingOut, **ERRORS})
def item_refund(request: HttpRequest, pk: int, item_id: int, payload: RefundIn):
    """Refund a deposit once only; a second refund is 409 ``procedures.already_refunded``."""
    procedure = selectors.access_procedure(request.auth, pk)
    item = selectors.access_item(procedure, item_id)
    deposit = selectors.access_money(procedure, payload.deposit_id)
    services.procedure_refund(
        actor=request.auth, procedure=procedure, item=item, deposit=deposit,
        receipt_number=payload.receipt_number,
    )  # fmt: skip
    return _standing(request, pk)


@router.post("/{int:pk}/complete", response={200: StandingOut, **ERRORS})
def step_complete(request: HttpRequest, pk: int, payload: StepIn):
    """Complete the current step; 409 ``procedures.item_missing`` names what is missing."""
    procedure = selectors.access_procedure(request.auth, pk)
    services.procedure_step_complete(actor=request.auth, procedure=procedure, note=payload.note)
    return _standing(request, pk)


@router.post("/{int:pk}/approve", response={200: StandingOut, **ERRORS})
def step_approve(request: HttpRequest, pk: int, payload: ApproveIn):
    procedure = selectors.access_procedure(request.auth, pk)
    services.procedure_step_approve(
        actor=request.auth, procedure=procedure, approve=payload.approve, note=payload.note
    )
    return _standing(request, pk)
