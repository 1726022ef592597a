"""The technician's steps on site and the money: arrive, record the work,
parts, terminal/SIM swaps and photos, complete with the customer's signature
(which schedules the return visit), and hand the cash to finance.

Seed 001 L31–41: prepare, work carefully, record the original and replacement
terminal numbers (L33) and the old and new SIM (L35), charge parts only out of
warranty (L17), issue an invoice and hand the money to finance on return (L41).
"""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from kefu.calendar.selectors import work_calendar_for
from kefu.core.services import diff, snapshot
from kefu.field import policies, rules
from kefu.field.errors import (
    CashAlreadyHanded,
    InvoiceRequired,
    NoCash,
    NotYourOrder,
    PartInvalid,
    PhotoInvalid,
    PhotoTooLarge,
    SignatureRequired,
    SwapInvalid,
    WrongState,
)
from kefu.field.models import (
    DeviceSwap,
    FeeItem,
    OrderPart,
    OrderPhoto,
    OrderStatus,
    SwapKind,
    WorkOrder,
)
from kefu.field.selectors import field_settings_for
from kefu.field.services.orders import ORDER_AUDIT_FIELDS, _audit, _grant, _lock, sla_next
from kefu.org.models import User

#: Photos larger than this are refused (bytes); ``KEFU_FIELD_PHOTO_MAX_BYTES``.
DEFAULT_PHOTO_MAX_BYTES = 10 * 1024 * 1024
#: Stored photos are resized to fit this box (pixels).
PHOTO_MAX_SIDE = 1600
SIGNATURE_MAX_BYTES = 512 * 1024
IMAGE_FORMATS = {"JPEG", "PNG", "WEBP"}


def _technician_step(actor: User, order: WorkOrder, action: str, at: datetime):
    """Lock the order; only its technician may act, in a state that allows it."""
    order = _lock(order)
    grant = _grant(actor, order.site, at, policies.WORK)
    if order.technician_id != actor.pk:
        raise NotYourOrder()
    if not rules.can(action, order.status):
        raise WrongState()
    return order, grant


@transaction.atomic
def order_arrive(*, actor: User, order: WorkOrder, now: datetime | None = None) -> WorkOrder:
    """The technician is on site: the on-site clock stops (seed 004 L393: 48 h)."""
    at = now or timezone.now()
    order, grant = _technician_step(actor, order, "arrive", at)
    before = snapshot(order, ORDER_AUDIT_FIELDS)
    order.arrived_at = at
    order.status = OrderStatus.ON_SITE
    sla_next(order)
    order.save(update_fields=["arrived_at", "status", "sla_next_due", "updated_at"])
    _audit(
        actor,
        grant,
        "field.order_arrived",
        order,
        at,
        diff(before, snapshot(order, ORDER_AUDIT_FIELDS)),
    )
    return order


@transaction.atomic
def order_work_record(
    *, actor: User, order: WorkOrder, work_done: str, now: datetime | None = None
) -> WorkOrder:
    """What was done on site (the technician answers for quality, seed 001 L37)."""
    at = now or timezone.now()
    order, grant = _technician_step(actor, order, "record", at)
    before = snapshot(order, ORDER_AUDIT_FIELDS)
    order.work_done = (work_done or "").strip()
    order.save(update_fields=["work_done", "updated_at"])
    _audit(
        actor,
        grant,
        "field.order_work_recorded",
        order,
        at,
        diff(before, snapshot(order, ORDER_AUDIT_FIELDS)),
    )
    return order


def _recharge(order: WorkOrder) -> None:
    settings = field_settings_for(order.site)
    lines = [
        rules.PartLine(
            kind=p.fee_item.kind if p.fee_item else "part",
            quantity=p.quantity,
            unit_price=p.unit_price,
        )
        for p in order.parts.select_related("fee_item")
    ]
    order.fee = rules.charge(
        lines, in_warranty=bool(order.in_warranty), parts_only=settings.charge_parts_only
    )


@transaction.atomic
def order_part_add(
    *,
    actor: User,
    order: WorkOrder,
    quantity: int = 1,
    fee_item: FeeItem | None = None,
    name: str = "",
    unit_price: Decimal | str | None = None,
    now: datetime | None = None,
) -> OrderPart:
    """A part used, priced from the site's fee schedule (or by hand); the fee
    is recomputed: free in warranty, else parts only (seed 001 L17)."""
    at = now or timezone.now()
    order, grant = _technician_step(actor, order, "record", at)
    try:
        price = Decimal(str(unit_price)) if unit_price not in (None, "") else None
    except InvalidOperation:
        price = None
    if fee_item is not None:
        if fee_item.site_id != order.site_id or not fee_item.is_active:
            raise PartInvalid(fields={"fee_item": [str(PartInvalid.default_message)]})
        name = fee_item.name
        price = Decimal(str(fee_item.price)) if price is None else price
    name = (name or "").strip()
    if not name or price is None or price < 0 or not isinstance(quantity, int) or quantity < 1:
        raise PartInvalid(fields={"part": [str(PartInvalid.default_message)]})
    before = snapshot(order, ORDER_AUDIT_FIELDS)
    part = OrderPart.objects.create(
        order=order, fee_item=fee_item, name=name, quantity=quantity, unit_price=price
    )
    _recharge(order)
    order.save(update_fields=["fee", "updated_at"])
    changes = diff(before, snapshot(order, ORDER_AUDIT_FIELDS))
    changes["part"] = [None, f"{name} × {quantity} @ {price}"]
    _audit(actor, grant, "field.order_part_added", order, at, changes)
    return part


@transaction.atomic
def order_swap_record(
    *,
    actor: User,
    order: WorkOrder,
    kind: str,
    old_number: str,
    new_number: str,
    now: datetime | None = None,
) -> DeviceSwap:
    """A terminal swap (原终端号 → 更新的终端号, seed 001 L33) or a SIM swap
    (新旧sim, L35), kept in the customer's/vehicle's history."""
    at = now or timezone.now()
    order, grant = _technician_step(actor, order, "record", at)
    old_number, new_number = (old_number or "").strip(), (new_number or "").strip()
    if kind not in SwapKind.values or not old_number or not new_number or old_number == new_number:
        raise SwapInvalid(fields={"new_number": [str(SwapInvalid.default_message)]})
    swap = DeviceSwap.objects.create(
        site=order.site,
        order=order,
        customer_id=order.customer_id,
        vehicle_id=order.vehicle_id,
        plate_number=order.plate_number,
        kind=kind,
        old_number=old_number,
        new_number=new_number,
        at=at,
        recorded_by=actor,
    )
    _audit(
        actor,
        grant,
        "field.order_swap_recorded",
        order,
        at,
        {f"{kind}_number": [old_number, new_number]},
    )
    return swap


def photo_limit() -> int:
    return int(getattr(django_settings, "KEFU_FIELD_PHOTO_MAX_BYTES", DEFAULT_PHOTO_MAX_BYTES))


def _open_image(data: bytes, error):
    """Pillow's check of the content; the format must be JPEG, PNG or WebP."""
    from PIL import Image, UnidentifiedImageError

    bomb = Image.DecompressionBombError  # more pixels than Pillow allows: refused
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
            if probe.format not in IMAGE_FORMATS:
                raise error()
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, bomb, OSError, SyntaxError, ValueError):
        raise error() from None
    return image


def _read(upload) -> bytes:
    if isinstance(upload, (bytes, bytearray)):
        return bytes(upload)
    upload.seek(0)
    return upload.read()


@transaction.atomic
def order_photo_add(
    *, actor: User, order: WorkOrder, upload, now: datetime | None = None
) -> OrderPhoto:
    """A photo from the site: checked by content (Pillow) and size, resized to
    at most 1600 px, stored as JPEG through the storage API."""
    from PIL import ImageOps

    at = now or timezone.now()
    size = getattr(upload, "size", None) or len(_read(upload))
    if size > photo_limit():
        raise PhotoTooLarge(fields={"photo": [str(PhotoTooLarge.default_message)]})
    image = _open_image(_read(upload), PhotoInvalid)
    order, grant = _technician_step(actor, order, "record", at)
    image = ImageOps.exif_transpose(image).convert("RGB")
    image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=82, optimize=True)
    photo = OrderPhoto(order=order, width=image.width, height=image.height, uploaded_by=actor)
    photo.image.save(f"{order.number}-{at:%H%M%S}.jpg", ContentFile(out.getvalue()), save=False)
    photo.save()
    _audit(actor, grant, "field.order_photo_added", order, at, {"photo": [None, photo.image.name]})
    return photo


def _signature_png(signature: bytes | None) -> bytes:
    """The drawn signature: a PNG (from the canvas), not blank, not too big."""
    if not signature or len(signature) > SIGNATURE_MAX_BYTES:
        raise SignatureRequired(fields={"signature": [str(SignatureRequired.default_message)]})
    image = _open_image(signature, SignatureRequired)
    if image.format != "PNG":
        raise SignatureRequired(fields={"signature": [str(SignatureRequired.default_message)]})
    if "A" in image.getbands():
        drawn = image.getchannel("A").getbbox()  # a transparent canvas: the strokes
    else:
        drawn = image.convert("L").point(lambda v: 255 if v < 250 else 0).getbbox()
    if drawn is None:
        raise SignatureRequired(fields={"signature": [str(SignatureRequired.default_message)]})
    return signature


@transaction.atomic
def order_complete(
    *,
    actor: User,
    order: WorkOrder,
    signature: bytes | None,
    signed_by: str,
    invoice_number: str = "",
    cash_collected: Decimal | str | None = None,
    work_done: str | None = None,
    now: datetime | None = None,
) -> WorkOrder:
    """The technician completes the order with the customer's signature.

    A charged order needs its invoice number (seed 001 L41); the cash
    collected (the fee unless given) is due at finance within the site's
    working days. A return visit is scheduled through the visits app for the
    day after (seed 002 L156; seed 004 L373).
    """
    from kefu.visits.services import visit_after_delivery_due, visit_schedule

    at = now or timezone.now()
    png = _signature_png(signature)
    signed_by = (signed_by or "").strip()
    if not signed_by:
        raise SignatureRequired(fields={"signed_by": [str(SignatureRequired.default_message)]})
    order, grant = _technician_step(actor, order, "complete", at)
    before = snapshot(order, ORDER_AUDIT_FIELDS)
    if work_done is not None and work_done.strip():
        order.work_done = work_done.strip()
    invoice_number = (invoice_number or "").strip()
    if order.fee > 0 and not invoice_number:
        raise InvoiceRequired(fields={"invoice_number": [str(InvoiceRequired.default_message)]})
    try:
        cash = order.fee if cash_collected in (None, "") else Decimal(str(cash_collected))
    except InvalidOperation:
        cash = Decimal("-1")
    if cash < 0:
        raise NoCash(fields={"cash_collected": [str(NoCash.default_message)]})
    settings = field_settings_for(order.site)
    order.invoice_number = invoice_number
    order.cash_collected = cash
    order.cash_due_at = (
        work_calendar_for(order.site).add_working_days(at, settings.cash_limit_working_days).at
        if cash > 0
        else None
    )
    order.signed_by = signed_by
    order.completed_at = at
    order.status = OrderStatus.COMPLETED
    completed_on = timezone.localdate(at)
    order.return_visit = visit_schedule(
        actor=None,
        site=order.site,
        reason="repair_delivered",
        due_on=visit_after_delivery_due(order.site, completed_on),
        customer=order.customer,
        ticket=order.ticket,
        anchor_on=completed_on,
        note=order.number,
        now=at,
    )
    sla_next(order)
    order.signature.save(f"{order.number}.png", ContentFile(png), save=False)
    order.save(
        update_fields=[
            "work_done",
            "invoice_number",
            "cash_collected",
            "cash_due_at",
            "signed_by",
            "signature",
            "completed_at",
            "status",
            "return_visit",
            "sla_next_due",
            "updated_at",
        ]
    )
    _audit(
        actor,
        grant,
        "field.order_completed",
        order,
        at,
        diff(before, snapshot(order, ORDER_AUDIT_FIELDS)),
    )
    return order


@transaction.atomic
def order_cash_hand_over(
    *, actor: User, order: WorkOrder, now: datetime | None = None
) -> WorkOrder:
    """Finance confirms it received the technician's cash (seed 001 L41)."""
    at = now or timezone.now()
    order = _lock(order)
    grant = _grant(actor, order.site, at, policies.FINANCE)
    if order.cash_collected <= 0:
        raise NoCash()
    if order.cash_handed_at is not None:
        raise CashAlreadyHanded()
    if not rules.can("hand_over_cash", order.status):
        raise WrongState()
    before = snapshot(order, ORDER_AUDIT_FIELDS)
    order.cash_handed_at, order.cash_received_by = at, actor
    order.save(update_fields=["cash_handed_at", "cash_received_by", "updated_at"])
    late = rules.cash_flagged(
        collected=order.cash_collected, due_at=order.cash_due_at, handed_at=at, now=at
    )
    _audit(
        actor,
        grant,
        "field.cash_handed_over",
        order,
        at,
        diff(before, snapshot(order, ORDER_AUDIT_FIELDS)),
        note="late" if late else "",
    )
    return order
