"""API of field service under /api/v1/field: work orders and every step.

Ids in a body are resolved through the ``access_*`` selectors of their apps
(a foreign or missing id is a coded 404); the services check the rest.
"""

import base64
import binascii

from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Query, Router
from ninja.files import UploadedFile
from ninja.responses import Status

from kefu.core.api import ERRORS, paginate
from kefu.customers.selectors import access_customer
from kefu.desk.selectors import access_ticket, site_assignee
from kefu.field import services
from kefu.field.errors import FieldRequired, PartInvalid, SiteMismatch
from kefu.field.models import FeeItem, Product
from kefu.field.schemas import (
    CashRow,
    CompleteIn,
    DispatchIn,
    OrderDetailOut,
    OrderIn,
    OrderPage,
    OrderQuery,
    PartIn,
    PhotoOut,
    ReasonIn,
    SwapIn,
    SwapOut,
    SwapQuery,
    WorkIn,
)
from kefu.field.selectors import access_order, cash_reconciliation, order_list_for, swap_history
from kefu.org.selectors import access_site

router = Router(tags=["field"])


def _detail(request: HttpRequest, pk: int):
    return access_order(request.auth, pk)


@router.get("/orders", response={200: OrderPage, **ERRORS})
def order_list(request: HttpRequest, filters: Query[OrderQuery]):
    """Work orders of your sites, overdue (next deadline) first."""
    if filters.site:
        access_site(request.auth, filters.site)
    return paginate(order_list_for(request.auth, filters.to_filters()), filters)


@router.post("/orders", response={201: OrderDetailOut, **ERRORS})
def order_create(request: HttpRequest, payload: OrderIn):
    """A 《维修服务单》 or 《安装任务派工单》, directly or from a desk request (seed 001 L27–29)."""
    actor = request.auth
    ticket = access_ticket(actor, payload.ticket_id) if payload.ticket_id else None
    if ticket is not None:
        site = ticket.site
    elif payload.site_id:
        site = access_site(actor, payload.site_id)
    else:
        raise FieldRequired(fields={"site_id": [str(FieldRequired.default_message)]})
    customer_id = payload.customer_id or (ticket.customer_id if ticket else None)
    if not customer_id:
        raise FieldRequired(fields={"customer_id": [str(FieldRequired.default_message)]})
    customer = access_customer(actor, customer_id)
    product = None
    if payload.product_id:
        product = Product.objects.filter(pk=payload.product_id, site=site).first()
        if product is None:
            raise SiteMismatch(fields={"product_id": [str(SiteMismatch.default_message)]})
    vehicle = None
    if payload.vehicle_id:
        vehicle = customer.vehicles.filter(pk=payload.vehicle_id).first()
        if vehicle is None:
            raise SiteMismatch(fields={"vehicle_id": [str(SiteMismatch.default_message)]})
    values = payload.dict(
        include={
            "address",
            "contact_phone",
            "product_model",
            "purchase_date",
            "problem",
            "plate_number",
            "scheduled_at",
        }
    )
    if ticket is not None:
        values["address"] = values["address"] or ticket.occurred_place
        values["contact_phone"] = values["contact_phone"] or ticket.contact_phone
        values["problem"] = values["problem"] or ticket.content
    order = services.order_create(
        actor=actor,
        site=site,
        kind=payload.kind.value,
        customer=customer,
        ticket=ticket,
        product=product,
        vehicle=vehicle,
        urgency=payload.urgency.value,
        **values,
    )
    return Status(201, _detail(request, order.pk))


@router.get("/orders/{order_id}", response={200: OrderDetailOut, **ERRORS})
def order_detail(request: HttpRequest, order_id: int):
    return _detail(request, order_id)


@router.post("/orders/{order_id}/approve", response={200: OrderDetailOut, **ERRORS})
def order_approve(request: HttpRequest, order_id: int):
    """The division manager approves (seed 001 L29)."""
    services.order_approve(actor=request.auth, order=access_order(request.auth, order_id))
    return _detail(request, order_id)


@router.post("/orders/{order_id}/reject", response={200: OrderDetailOut, **ERRORS})
def order_reject(request: HttpRequest, order_id: int, payload: ReasonIn):
    services.order_reject(
        actor=request.auth, order=access_order(request.auth, order_id), reason=payload.reason
    )
    return _detail(request, order_id)


@router.post("/orders/{order_id}/cancel", response={200: OrderDetailOut, **ERRORS})
def order_cancel(request: HttpRequest, order_id: int, payload: ReasonIn):
    services.order_cancel(
        actor=request.auth, order=access_order(request.auth, order_id), reason=payload.reason
    )
    return _detail(request, order_id)


@router.post("/orders/{order_id}/dispatch", response={200: OrderDetailOut, **ERRORS})
def order_dispatch(request: HttpRequest, order_id: int, payload: DispatchIn):
    """Give an approved order to a technician: 409 ``field.approval_required``
    before approval, 409 ``field.already_dispatched`` when someone was first."""
    order = access_order(request.auth, order_id)
    services.order_dispatch(
        actor=request.auth,
        order=order,
        technician=site_assignee(order.site, payload.technician_id),
        scheduled_at=payload.scheduled_at,
    )
    return _detail(request, order_id)


@router.post("/orders/{order_id}/arrive", response={200: OrderDetailOut, **ERRORS})
def order_arrive(request: HttpRequest, order_id: int):
    services.order_arrive(actor=request.auth, order=access_order(request.auth, order_id))
    return _detail(request, order_id)


@router.post("/orders/{order_id}/work", response={200: OrderDetailOut, **ERRORS})
def order_work(request: HttpRequest, order_id: int, payload: WorkIn):
    services.order_work_record(
        actor=request.auth, order=access_order(request.auth, order_id), work_done=payload.work_done
    )
    return _detail(request, order_id)


@router.post("/orders/{order_id}/parts", response={201: OrderDetailOut, **ERRORS})
def order_part(request: HttpRequest, order_id: int, payload: PartIn):
    """A part used; out of warranty the fee is the parts (seed 001 L17)."""
    order = access_order(request.auth, order_id)
    fee_item = None
    if payload.fee_item_id:
        fee_item = FeeItem.objects.filter(pk=payload.fee_item_id, site=order.site).first()
        if fee_item is None:
            raise PartInvalid(fields={"fee_item_id": [str(PartInvalid.default_message)]})
    services.order_part_add(
        actor=request.auth,
        order=order,
        fee_item=fee_item,
        name=payload.name,
        unit_price=payload.unit_price,
        quantity=payload.quantity,
    )
    return Status(201, _detail(request, order_id))


@router.post("/orders/{order_id}/swaps", response={201: SwapOut, **ERRORS})
def order_swap(request: HttpRequest, order_id: int, payload: SwapIn):
    """A terminal or SIM swap: old and new number (seed 001 L33, L35)."""
    swap = services.order_swap_record(
        actor=request.auth,
        order=access_order(request.auth, order_id),
        kind=payload.kind.value,
        old_number=payload.old_number,
        new_number=payload.new_number,
    )
    return Status(201, swap)


@router.post("/orders/{order_id}/photos", response={201: PhotoOut, **ERRORS})
def order_photo(request: HttpRequest, order_id: int, photo: File[UploadedFile]):
    """A photo (JPEG, PNG or WebP; checked by content and size, resized)."""
    stored = services.order_photo_add(
        actor=request.auth, order=access_order(request.auth, order_id), upload=photo
    )
    return Status(201, stored)


def _png(value: str) -> bytes | None:
    value = value.split(",", 1)[1] if value.startswith("data:") else value
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None


@router.post("/orders/{order_id}/complete", response={200: OrderDetailOut, **ERRORS})
def order_complete(request: HttpRequest, order_id: int, payload: CompleteIn):
    """Complete with the customer's drawn signature; schedules the return visit."""
    services.order_complete(
        actor=request.auth,
        order=access_order(request.auth, order_id),
        signature=_png(payload.signature_png),
        signed_by=payload.signed_by,
        invoice_number=payload.invoice_number,
        cash_collected=payload.cash_collected,
        work_done=payload.work_done,
    )
    return _detail(request, order_id)


@router.post("/orders/{order_id}/cash", response={200: OrderDetailOut, **ERRORS})
def order_cash(request: HttpRequest, order_id: int):
    """Finance received the technician's cash (seed 001 L41)."""
    services.order_cash_hand_over(actor=request.auth, order=access_order(request.auth, order_id))
    return _detail(request, order_id)


@router.get("/cash", response={200: list[CashRow], **ERRORS})
def cash_list(request: HttpRequest, site: int):
    """The reconciliation list of a site: not handed over first, late ones flagged."""
    return cash_reconciliation(request.auth, access_site(request.auth, site), now=timezone.now())


@router.get("/swaps", response={200: list[SwapOut], **ERRORS})
def swap_list(request: HttpRequest, filters: Query[SwapQuery]):
    """Terminal and SIM history by any old or new number (up to 200)."""
    return list(swap_history(request.auth, filters.number)[:200])
