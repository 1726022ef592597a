"""API /api/v1/sales: success and each error code; failures change nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kefu.core.models import AuditEntry
from kefu.sales import services as svc
from kefu.sales.models import Reception, Visit
from kefu.sales.tests.factories import open_office

URL = "/api/v1/sales"


@pytest.fixture
def office(db):
    return open_office("b", consultants=2)


def test_queue_state_next_absence_return(office, client):
    zhang, wang = office.consultants[:2]
    client.force_login(office["receptionist"])
    state = client.get(f"{URL}/queue", {"site_id": office.site.pk}).json()
    assert state["next"]["id"] == zhang.pk and state["preset"] == "b"
    r = client.post(
        f"{URL}/queue/next", {"site_id": office.site.pk}, content_type="application/json"
    )
    assert r.status_code == 201 and r.json()["seq"] == 1 and r.json()["receiver"]["id"] == zhang.pk
    assert AuditEntry.objects.filter(action="sales.turn_given").count() == 1
    r = client.post(
        f"{URL}/queue/absences",
        {"site_id": office.site.pk, "consultant_id": wang.pk, "kind": "official"},
        content_type="application/json",
    )
    assert r.status_code == 200
    before = Reception.objects.count()
    r = client.post(
        f"{URL}/queue/next", {"site_id": office.site.pk}, content_type="application/json"
    )
    assert (r.status_code, r.json()["code"]) == (409, "sales.queue_empty")
    assert Reception.objects.count() == before
    r = client.post(
        f"{URL}/queue/returns",
        {"site_id": office.site.pk, "consultant_id": wang.pk},
        content_type="application/json",
    )
    assert r.json()["next"]["id"] == wang.pk


def test_register_collision_and_backfill_codes(office, client):
    zhang, wang = office.consultants[:2]
    client.force_login(office["receptionist"])
    body = {
        "site_id": office.site.pk,
        "consultant_id": zhang.pk,
        "name": "周女士",
        "phone": "13512345678",
    }
    r = client.post(f"{URL}/register", body, content_type="application/json")
    assert r.status_code == 201 and r.json()["owner"]["id"] == zhang.pk
    r = client.post(
        f"{URL}/register", {**body, "consultant_id": wang.pk}, content_type="application/json"
    )
    assert (r.status_code, r.json()["code"]) == (409, "sales.collision")
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    r = client.post(
        f"{URL}/register",
        {**body, "phone": "13512340000", "visited_on": yesterday},
        content_type="application/json",
    )
    assert (r.status_code, r.json()["code"]) == (400, "sales.backfill_forbidden")
    assert Visit.objects.count() == 1


def test_deals_deposits_and_ledger(office, client):
    zhang, wang = office.consultants[:2]
    visit = svc.visit_register(
        actor=zhang, site=office.site, consultant=zhang, name="买家", phone="13312345678"
    )
    client.force_login(wang)
    r = client.post(
        f"{URL}/deals",
        {
            "site_id": office.site.pk,
            "customer_id": visit.customer_id,
            "unit": "8-808",
            "closer_id": wang.pk,
            "commission_fen": 10_001,
            "split_rule": "trivial_first_30_70",
        },
        content_type="application/json",
    )
    assert r.status_code == 201
    deal = r.json()
    assert sorted(
        (line["consultant"]["id"], line["amount_fen"]) for line in deal["ledger"]
    ) == sorted([(zhang.pk, 3_000), (wang.pk, 7_001)])
    r = client.post(
        f"{URL}/deals/{deal['id']}/deposits",
        {"kind": "large", "amount_fen": 5_000_000, "receipt_no": "R-1"},
        content_type="application/json",
    )
    assert (r.status_code, r.json()["code"]) == (403, "sales.role_required")
    client.force_login(office["finance"])
    r = client.post(
        f"{URL}/deals/{deal['id']}/deposits",
        {"kind": "large", "amount_fen": 5_000_000, "receipt_no": "R-1"},
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["deposits_fen"] == 5_000_000
    lines = client.get(f"{URL}/ledger", {"site_id": office.site.pk}).json()
    assert sum(line["amount_fen"] for line in lines) == 10_001


def test_other_site_not_found(office, client, pmc):
    client.force_login(pmc["cs_director"])
    r = client.get(f"{URL}/queue", {"site_id": office.site.pk})
    assert r.status_code == 404


def test_finish_with_makeup_and_stale_version(office, client):
    zhang = office.consultants[0]
    client.force_login(office["receptionist"])
    version = client.get(f"{URL}/queue", {"site_id": office.site.pk}).json()["version"]
    r = client.post(
        f"{URL}/queue/next",
        {"site_id": office.site.pk, "expected_version": version},
        content_type="application/json",
    )
    assert r.status_code == 201
    reception_id = r.json()["id"]
    r = client.post(
        f"{URL}/queue/next",
        {"site_id": office.site.pk, "expected_version": version},
        content_type="application/json",
    )
    assert (r.status_code, r.json()["code"]) == (409, "sales.queue_moved")
    # [B] gives no make-up right for an agent ([R] L324 does)
    r = client.post(
        f"{URL}/queue/receptions/{reception_id}/finish",
        {"kind": "invalid", "makeup_reason": "agency"},
        content_type="application/json",
    )
    assert (r.status_code, r.json()["code"]) == (400, "sales.makeup_not_allowed")
    r = client.post(
        f"{URL}/queue/receptions/{reception_id}/finish",
        {"kind": "valid"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["finished_at"]
    assert Reception.objects.get(pk=reception_id).receiver == zhang


def test_compile_twice_is_a_conflict(office, client):
    client.force_login(office["supervisor"])
    body = {
        "site_id": office.site.pk,
        "day": timezone.localdate().isoformat(),
        "order": {"main": [office.consultants[0].pk]},
    }
    r = client.post(f"{URL}/queue", body, content_type="application/json")
    assert (r.status_code, r.json()["code"]) == (409, "sales.queue_exists")
    tomorrow = {**body, "day": (timezone.localdate() + timedelta(days=1)).isoformat()}
    r = client.post(f"{URL}/queue", tomorrow, content_type="application/json")
    assert r.status_code == 201
    client.force_login(office["receptionist"])
    r = client.post(
        f"{URL}/queue", {**tomorrow, "day": "2030-01-01"}, content_type="application/json"
    )
    assert (r.status_code, r.json()["code"]) == (403, "sales.role_required")
