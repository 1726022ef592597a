"""The pages: board, order page, the technician's phone pages, swaps, cash, patrols."""

import base64
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kefu.core.models import AuditEntry
from kefu.field import services
from kefu.field.models import OrderStatus, PatrolPlan
from kefu.field.tests.factories import (
    completed,
    dispatched,
    on_site,
    photo_jpeg,
    repair,
    repair_ticket,
    signature_png,
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def client_for(user):
    client = Client(headers={"accept-language": "zh-hans"})
    client.force_login(user)
    return client


def test_board_shows_waiting_approved_and_technicians(gps, django_assert_max_num_queries):
    waiting = repair(gps)
    approved = services.order_approve(actor=gps["manager"], order=repair(gps))
    busy = dispatched(gps)
    client = client_for(gps["manager"])
    with django_assert_max_num_queries(25):
        response = client.get("/field/", {"site": gps.site.pk, "view": "week"})
    html = response.content.decode()
    assert response.status_code == 200
    assert waiting.number in html and approved.number in html and busy.number in html
    assert "派工" in html or "Dispatch" in html


def test_dispatch_before_approval_is_refused_by_the_page(gps):
    order = repair(gps)
    before = AuditEntry.objects.count()
    response = client_for(gps["manager"]).post(
        f"/field/{order.pk}/dispatch/", {"technician": gps["technician"].pk}
    )
    assert response.status_code == 409
    assert AuditEntry.objects.count() == before
    order.refresh_from_db()
    assert order.status == OrderStatus.AWAITING_APPROVAL


def test_approval_by_the_clerk_is_refused_by_the_page(gps):
    order = repair(gps)
    response = client_for(gps["cs_clerk"]).post(f"/field/{order.pk}/approve/")
    assert response.status_code == 403


def test_approve_and_dispatch_by_the_page(gps):
    order = repair(gps)
    client = client_for(gps["manager"])
    assert client.post(f"/field/{order.pk}/approve/").status_code == 302
    response = client.post(f"/field/{order.pk}/dispatch/", {"technician": gps["technician"].pk})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.DISPATCHED


def test_order_page_query_budget(gps, django_assert_max_num_queries):
    order = completed(gps)
    with django_assert_max_num_queries(35):
        response = client_for(gps["cs_clerk"]).get(f"/field/{order.pk}/")
    assert response.status_code == 200
    assert order.return_visit.due_on.isoformat() in response.content.decode()


def test_technician_phone_flow(gps):
    order = dispatched(gps)
    client = client_for(gps["technician"])
    listing = client.get("/field/my/")
    assert order.number in listing.content.decode()
    page = client.get(f"/field/my/{order.pk}/").content.decode()
    assert 'id="arrive"' in page and "<script>" not in page and "style=" not in page
    assert client.post(f"/field/my/{order.pk}/arrive/").status_code == 302
    client.post(f"/field/my/{order.pk}/work/", {"work_done": "更换天线"})
    client.post(
        f"/field/my/{order.pk}/swap/", {"kind": "terminal", "old_number": "A1", "new_number": "A2"}
    )
    response = client.post(
        f"/field/my/{order.pk}/photo/",
        {"photo": SimpleUploadedFile("p.jpg", photo_jpeg((800, 600)), "image/jpeg")},
    )
    assert response.status_code == 302
    data_url = "data:image/png;base64," + base64.b64encode(signature_png()).decode()
    response = client.post(
        f"/field/my/{order.pk}/complete/", {"signature": data_url, "signed_by": "王先生"}
    )
    assert response.status_code == 302 and response["Location"].endswith("?sent=complete")
    order.refresh_from_db()
    assert order.status == OrderStatus.COMPLETED and order.photos.count() == 1


def test_a_photo_that_is_not_an_image_is_refused(gps):
    order = on_site(gps)
    response = client_for(gps["technician"]).post(
        f"/field/my/{order.pk}/photo/",
        {"photo": SimpleUploadedFile("p.jpg", b"MZ\x90\x00 not an image", "image/jpeg")},
    )
    assert response.status_code == 400
    assert order.photos.count() == 0


def test_swap_search_and_cash_pages(gps):
    order = on_site(gps, purchase_date=date(2019, 1, 1))
    services.order_swap_record(
        actor=gps["technician"], order=order, kind="sim", old_number="8986001", new_number="8986002"
    )
    client = client_for(gps["finance"])
    html = client.get("/field/swaps/", {"number": "8986001"}).content.decode()
    assert order.number in html
    assert client.get("/field/cash/", {"site": gps.site.pk}).status_code == 200


def test_patrol_finding_raises_a_work_order(deco):
    # seed 004 L237–265: every 5 days, 8 checkpoints, the customer signs checks 1, 2, 8
    client = client_for(deco["cs_clerk"])
    response = client.post(
        "/field/patrols/new/",
        {"customer": deco.customer.pk, "address": "5栋1203", "starts_on": "2026-03-02"},
    )
    assert response.status_code == 302
    plan = PatrolPlan.objects.get(customer=deco.customer)
    assert plan.interval_days == 5
    checkpoints = list(deco.site.checkpoint_set.order_by("order"))
    assert len(checkpoints) == 8
    client = client_for(deco["cs_clerk"])
    form = {f"passed_{c.pk}": "1" for c in checkpoints}
    incomplete = client.post(f"/field/patrols/{plan.pk}/", form)  # no signatures
    assert incomplete.status_code == 400
    signed = {f"signed_{c.pk}": "张业主" for c in checkpoints if c.requires_signature}
    finding = {
        f"passed_{checkpoints[2].pk}": "0",
        f"finding_{checkpoints[2].pk}": "水管接口渗水",
        f"raise_{checkpoints[2].pk}": "1",
    }
    response = client.post(f"/field/patrols/{plan.pk}/", {**form, **signed, **finding})
    assert response.status_code == 302
    plan = PatrolPlan.objects.get(pk=plan.pk)
    check = plan.patrols.get().checks.get(checkpoint=checkpoints[2])
    assert check.work_order is not None and "水管接口渗水" in check.work_order.problem
    assert check.work_order.status == OrderStatus.AWAITING_APPROVAL
    assert plan.next_due_on.isoformat() > "2026-03-02"
    assert client.get("/field/patrols/").status_code == 200


def test_a_repair_request_becomes_an_order_from_its_page(pmc):
    # seed 000 L29: a 报修 at the property centre's desk becomes a work order
    ticket, customer = repair_ticket(pmc)
    clerk = pmc["cs_clerk"]
    client = client_for(clerk)
    assert f"/field/new/?ticket={ticket.pk}" in client.get(f"/desk/{ticket.pk}/").content.decode()
    form = client.get("/field/new/", {"ticket": ticket.pk}).content.decode()
    assert "3栋502" in form
    response = client.post(
        f"/field/new/?ticket={ticket.pk}",
        {
            "kind": "repair",
            "customer": customer.pk,
            "address": "3栋502",
            "contact_phone": "13900000002",
            "problem": "3栋502 入户门锁无法打开",
            "urgency": "normal",
        },
    )
    assert response.status_code == 302
    order = ticket.work_orders.get()
    assert order.status == OrderStatus.AWAITING_APPROVAL
    assert order.number in client.get(f"/desk/{ticket.pk}/").content.decode()
