"""/api/v1/field: orders and every step; each error code changes nothing."""

import base64
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kefu.core.tests.api_support import Api, assert_error, audit_mark, audit_since
from kefu.field.models import DeviceSwap, OrderPhoto, OrderStatus, WorkOrder
from kefu.field.tests.factories import on_site, photo_jpeg, repair, signature_png


def rows():
    return WorkOrder.objects.count(), DeviceSwap.objects.count(), OrderPhoto.objects.count()


def refused(call, status: int, code: str):
    before, mark = rows(), audit_mark()
    body = assert_error(call(), status, code)
    assert rows() == before and audit_since(mark) == []
    return body


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_create_approve_dispatch_arrive_complete(gps):
    clerk, manager, tech = Api(gps["cs_clerk"]), Api(gps["manager"]), Api(gps["technician"])
    response = clerk.post(
        "/field/orders",
        {
            "kind": "repair",
            "site_id": gps.site.pk,
            "customer_id": gps.customer.pk,
            "product_id": gps.product.pk,
            "address": "北京市朝阳区建国路1号",
            "contact_phone": "13800000001",
            "purchase_date": "2025-01-10",
            "problem": "终端不定位",
        },
    )
    assert response.status_code == 201, response.json()
    order = response.json()
    assert order["status"] == "awaiting_approval" and order["in_warranty"] is True
    oid = order["id"]
    assert manager.post(f"/field/orders/{oid}/approve").json()["status"] == "approved"
    body = manager.post(
        f"/field/orders/{oid}/dispatch", {"technician_id": gps["technician"].pk}
    ).json()
    assert body["status"] == "dispatched" and body["technician"]["id"] == gps["technician"].pk
    assert tech.post(f"/field/orders/{oid}/arrive").json()["status"] == "on_site"
    swap = tech.post(
        f"/field/orders/{oid}/swaps",
        {"kind": "sim", "old_number": "1440001", "new_number": "1440002"},
    )
    assert swap.status_code == 201
    assert tech.post(f"/field/orders/{oid}/work", {"work_done": "更换SIM卡"}).status_code == 200
    png = base64.b64encode(signature_png()).decode()
    done = tech.post(
        f"/field/orders/{oid}/complete",
        {"signature_png": f"data:image/png;base64,{png}", "signed_by": "王先生"},
    ).json()
    assert done["status"] == "completed" and done["return_visit_id"]
    found = clerk.get("/field/swaps", {"number": "1440002"}).json()
    assert [s["order_number"] for s in found] == [order["number"]]
    listed = clerk.get("/field/orders", {"status": "completed"}).json()
    assert listed["count"] == 1


def test_dispatch_before_approval_is_409(gps):
    order = repair(gps)
    body = refused(
        lambda: Api(gps["manager"]).post(
            f"/field/orders/{order.pk}/dispatch", {"technician_id": gps["technician"].pk}
        ),
        409,
        "field.approval_required",
    )
    assert "approve" in body["message"]


def test_approval_by_a_clerk_is_403(gps):
    order = repair(gps)
    refused(
        lambda: Api(gps["cs_clerk"]).post(f"/field/orders/{order.pk}/approve"),
        403,
        "field.forbidden",
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.AWAITING_APPROVAL


def test_another_sites_order_is_404(gps, deco):
    order = repair(gps)
    refused(
        lambda: Api(deco["manager"]).post(f"/field/orders/{order.pk}/approve"),
        404,
        "field.order_not_found",
    )


def test_missing_fields_are_400(gps):
    refused(
        lambda: Api(gps["cs_clerk"]).post(
            "/field/orders",
            {"kind": "repair", "site_id": gps.site.pk, "customer_id": gps.customer.pk},
        ),
        400,
        "field.required",
    )


def test_the_wrong_technician_is_403(gps):
    order = on_site(gps)
    refused(
        lambda: Api(gps["technician2"]).post(
            f"/field/orders/{order.pk}/swaps",
            {"kind": "sim", "old_number": "1", "new_number": "2"},
        ),
        403,
        "field.not_your_order",
    )


def test_a_blank_signature_is_400(gps):
    order = on_site(gps)
    png = base64.b64encode(signature_png(blank=True)).decode()
    refused(
        lambda: Api(gps["technician"]).post(
            f"/field/orders/{order.pk}/complete", {"signature_png": png, "signed_by": "王"}
        ),
        400,
        "field.signature_required",
    )


def test_photo_upload_checked_by_content(gps):
    order = on_site(gps)
    client = Client(headers={"accept-language": "en"})
    client.force_login(gps["technician"])
    url = f"/api/v1/field/orders/{order.pk}/photos"
    ok = client.post(url, {"photo": SimpleUploadedFile("a.jpg", photo_jpeg(), "image/jpeg")})
    assert ok.status_code == 201 and ok.json()["width"] == 1600
    before, mark = rows(), audit_mark()
    bad = client.post(url, {"photo": SimpleUploadedFile("a.jpg", b"GIF89a-not", "image/jpeg")})
    assert_error(bad, 400, "field.photo_invalid")
    assert rows() == before and audit_since(mark) == []


def test_cash_list_flags_and_finance_receives(gps):
    order = on_site(gps, purchase_date=date(2019, 1, 1))
    tech = Api(gps["technician"])
    tech.post(f"/field/orders/{order.pk}/parts", {"fee_item_id": gps.fee_item.pk})
    png = base64.b64encode(signature_png()).decode()
    refused(
        lambda: tech.post(
            f"/field/orders/{order.pk}/complete", {"signature_png": png, "signed_by": "王"}
        ),
        400,
        "field.invoice_required",
    )
    tech.post(
        f"/field/orders/{order.pk}/complete",
        {"signature_png": png, "signed_by": "王", "invoice_number": "FP-001"},
    )
    finance = Api(gps["finance"])
    [row] = finance.get("/field/cash", {"site": gps.site.pk}).json()
    assert row["cash_collected"] == "80.00" and row["cash_flagged"] is False
    assert finance.post(f"/field/orders/{order.pk}/cash").json()["cash_handed_at"]
    refused(
        lambda: finance.post(f"/field/orders/{order.pk}/cash"), 409, "field.cash_already_handed"
    )


def test_order_list_query_budget(gps, django_assert_max_num_queries):
    for _ in range(5):
        repair(gps)
    api = Api(gps["cs_clerk"])
    with django_assert_max_num_queries(8):
        assert api.get("/field/orders").json()["count"] == 5
