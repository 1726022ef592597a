"""Work orders: intake, approval before dispatch, dispatch, the technician's
steps, completion with the return visit, cash to finance."""

from datetime import date
from decimal import Decimal

import pytest

from kefu.core.models import AuditEntry
from kefu.field import services
from kefu.field.errors import (
    AlreadyDispatched,
    ApprovalRequired,
    FieldForbidden,
    FieldRequired,
    InvoiceRequired,
    NotYourOrder,
    PhotoInvalid,
    PhotoTooLarge,
    SignatureRequired,
    SwapInvalid,
    WrongState,
)
from kefu.field.models import OrderPhoto, OrderStatus, WorkOrder
from kefu.field.tests.factories import (
    at,
    completed,
    dispatched,
    on_site,
    photo_jpeg,
    repair,
    signature_png,
)
from kefu.visits.models import ReturnVisit


def counts():
    return WorkOrder.objects.count(), AuditEntry.objects.count()


def test_a_repair_order_is_numbered_and_awaits_approval(gps):
    # seed 001 L27: 《维修服务单》 with customer, address, contact, model, purchase date
    order = repair(gps, now=at(2026, 3, 2))
    assert order.number == "WX260302001"
    assert order.status == OrderStatus.AWAITING_APPROVAL
    assert order.product_model == "T-100"
    assert repair(gps, now=at(2026, 3, 2, 10)).number == "WX260302002"
    assert AuditEntry.objects.filter(action="field.order_created").count() == 2


def test_a_repair_order_needs_address_contact_and_problem(gps):
    before = counts()
    with pytest.raises(FieldRequired) as exc:
        repair(gps, address="", problem=" ")
    assert set(exc.value.fields) == {"address", "problem"}
    assert counts() == before


def test_an_installation_order_needs_its_scheduled_time(gps):
    with pytest.raises(FieldRequired):
        services.order_create(
            actor=gps["cs_clerk"],
            site=gps.site,
            kind="installation",
            customer=gps.customer,
            address="仓库",
            contact_phone="138",
        )
    order = services.order_create(
        actor=gps["cs_clerk"],
        site=gps.site,
        kind="installation",
        customer=gps.customer,
        address="仓库",
        contact_phone="138",
        scheduled_at=at(2026, 3, 5, 14),
    )
    assert order.number.startswith("AZ")


def test_a_technician_may_not_create_orders(gps):
    before = counts()
    with pytest.raises(FieldForbidden):
        services.order_create(
            actor=gps["technician"],
            site=gps.site,
            kind="repair",
            customer=gps.customer,
            address="x",
            contact_phone="1",
            problem="p",
        )
    assert counts() == before


def test_dispatch_before_approval_is_refused(gps):
    # seed 001 L29: the GPS-division manager approves before dispatch
    order = repair(gps)
    before = counts()
    with pytest.raises(ApprovalRequired) as exc:
        services.order_dispatch(actor=gps["manager"], order=order, technician=gps["technician"])
    assert exc.value.status == 409
    assert counts() == before
    order.refresh_from_db()
    assert order.status == OrderStatus.AWAITING_APPROVAL and order.technician is None


def test_only_the_division_manager_approves(gps):
    order = repair(gps)
    with pytest.raises(FieldForbidden) as exc:
        services.order_approve(actor=gps["cs_clerk"], order=order)
    assert exc.value.status == 403
    order = services.order_approve(actor=gps["manager"], order=order)
    assert order.status == OrderStatus.APPROVED and order.approved_by == gps["manager"]


def test_a_refused_order_cannot_be_dispatched(gps):
    order = services.order_reject(actor=gps["manager"], order=repair(gps), reason="保修卡缺失")
    assert order.status == OrderStatus.REJECTED
    with pytest.raises(WrongState):
        services.order_dispatch(actor=gps["manager"], order=order, technician=gps["technician"])


def test_a_second_dispatch_is_a_conflict(gps):
    order = dispatched(gps)
    with pytest.raises(AlreadyDispatched) as exc:
        services.order_dispatch(actor=gps["manager2"], order=order, technician=gps["technician2"])
    assert exc.value.status == 409
    order.refresh_from_db()
    assert order.technician == gps["technician"]


def test_only_the_dispatched_technician_arrives(gps):
    order = dispatched(gps)
    with pytest.raises(NotYourOrder):
        services.order_arrive(actor=gps["technician2"], order=order)
    order = services.order_arrive(actor=gps["technician"], order=order, now=at(2026, 3, 3))
    assert order.status == OrderStatus.ON_SITE
    assert order.sla_next_due is None  # reply stopped at approval, on site at arrival


def test_swaps_are_recorded_with_old_and_new_numbers(gps):
    # seed 001 L33 原终端号/更新的终端号, L35 新旧sim
    order = on_site(gps)
    swap = services.order_swap_record(
        actor=gps["technician"],
        order=order,
        kind="terminal",
        old_number="T100-0001",
        new_number="T100-0099",
    )
    assert swap.customer == gps.customer and swap.plate_number == "京A12345"
    with pytest.raises(SwapInvalid):
        services.order_swap_record(
            actor=gps["technician"], order=order, kind="sim", old_number="1", new_number="1"
        )


def test_a_photo_is_checked_and_resized(gps, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    order = on_site(gps)
    photo = services.order_photo_add(actor=gps["technician"], order=order, upload=photo_jpeg())
    assert max(photo.width, photo.height) == 1600
    with pytest.raises(PhotoInvalid):
        services.order_photo_add(actor=gps["technician"], order=order, upload=b"%PDF-1.4 not")
    settings.KEFU_FIELD_PHOTO_MAX_BYTES = 100
    with pytest.raises(PhotoTooLarge):
        services.order_photo_add(actor=gps["technician"], order=order, upload=photo_jpeg())
    assert OrderPhoto.objects.count() == 1


def test_completion_needs_a_drawn_signature(gps, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    order = on_site(gps)
    before = counts()
    for sig in (None, b"not a png", signature_png(blank=True)):
        with pytest.raises(SignatureRequired):
            services.order_complete(
                actor=gps["technician"], order=order, signature=sig, signed_by="王"
            )
    assert counts() == before
    assert not ReturnVisit.objects.exists()


def test_completion_schedules_the_return_visit(gps, settings, tmp_path):
    # seed 002 L156: the day after the repaired product is delivered
    settings.MEDIA_ROOT = tmp_path
    order = completed(gps, now=at(2026, 3, 2, 15))
    assert order.status == OrderStatus.COMPLETED
    visit = order.return_visit
    assert visit.customer == gps.customer and visit.due_on == date(2026, 3, 3)
    assert order.signature.name.endswith(".png")


def test_out_of_warranty_charges_parts_only_and_needs_an_invoice(gps, settings, tmp_path):
    # seed 001 L17: 保修期外只收零部件费用; L41: invoice
    settings.MEDIA_ROOT = tmp_path
    order = on_site(gps, purchase_date=date(2020, 1, 1))
    assert order.in_warranty is False
    services.order_part_add(actor=gps["technician"], order=order, fee_item=gps.fee_item, quantity=2)
    services.order_part_add(actor=gps["technician"], order=order, name="上门费", unit_price="50")
    order.refresh_from_db()
    assert order.fee == Decimal("210.00")
    with pytest.raises(InvoiceRequired):
        services.order_complete(
            actor=gps["technician"], order=order, signature=signature_png(), signed_by="王"
        )
    order = services.order_complete(
        actor=gps["technician"],
        order=order,
        signature=signature_png(),
        signed_by="王",
        invoice_number="No.00012345",
        now=at(2026, 3, 2, 16),
    )
    assert order.cash_collected == Decimal("210.00") and order.invoice_number


def test_in_warranty_is_free(gps):
    order = on_site(gps, purchase_date=date(2025, 6, 1))
    services.order_part_add(actor=gps["technician"], order=order, fee_item=gps.fee_item)
    order.refresh_from_db()
    assert order.in_warranty is True and order.fee == Decimal("0.00")


def test_a_decompression_bomb_is_refused(gps, settings, tmp_path, monkeypatch):
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    order = on_site(gps)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)  # 3000×2000 is then a "bomb"
    with pytest.raises(PhotoInvalid):
        services.order_photo_add(actor=gps["technician"], order=order, upload=photo_jpeg())
    assert OrderPhoto.objects.count() == 0
