"""/api/v1/procedures: start, items, amounts, approval, refund, and each error code."""

import pytest

from kefu.core.tests.api_support import Api, assert_error, audit_mark, audit_since
from kefu.procedures.models import MoneyRecord, Procedure, ProcedureItem
from kefu.procedures.tests.factories import property_site, run_step, start, template, unit_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(pmc):
    property_site(pmc)
    return pmc


def rows():
    return Procedure.objects.count(), MoneyRecord.objects.count()


def test_start_and_run_move_in_through_the_api(site, django_assert_max_num_queries):
    unit, _customer = unit_of(site)
    api = Api(site["cs_clerk"])
    response = api.post(
        "/procedures", {"template_id": template(site, "move_in").pk, "unit_id": unit.pk}
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    pk = body["procedure"]["id"]
    assert body["current"]["code"] == "contract"
    assert [i["code"] for i in body["missing"]] == ["contract"]
    assert body["who"] and "客服专员" in body["who"][0]
    item = body["current"]["items"][0]["id"]
    assert api.post(f"/procedures/{pk}/items/{item}", {}).status_code == 200
    body = api.post(f"/procedures/{pk}/complete", {}).json()
    assert body["current"]["code"] == "deposit"
    deposit_item = body["current"]["items"][0]["id"]
    body = api.post(
        f"/procedures/{pk}/items/{deposit_item}/money",
        {"receipt_number": "SJ-0001", "amount": "20000"},
    ).json()
    assert body["money"][0]["amount"] == "20000.00"
    assert body["money"][0]["recorded_by"]["username"] == site["cs_clerk"].username
    with django_assert_max_num_queries(15):
        assert api.get("/procedures", {"unit": unit.pk}).json()["count"] == 1
    with django_assert_max_num_queries(25):
        assert api.get(f"/procedures/{pk}").status_code == 200


def test_complete_with_missing_item_is_409_and_changes_nothing(site):
    unit, customer = unit_of(site)
    procedure = start(site, "move_in", unit, customer)
    before, mark = rows(), audit_mark()
    body = assert_error(
        Api(site["cs_clerk"]).post(f"/procedures/{procedure.pk}/complete", {}),
        409,
        "procedures.item_missing",
    )
    assert "租用合同" in body["message"] or "contract" in body["fields"]
    assert rows() == before and audit_since(mark) == []


def test_complete_an_approval_is_409(site):
    unit, customer = unit_of(site)
    procedure = start(site, "public_space", unit, customer)
    procedure = run_step(site, procedure)
    assert_error(
        Api(site["cs_director"]).post(f"/procedures/{procedure.pk}/complete", {}),
        409,
        "procedures.approval_required",
    )


def test_clerk_may_not_approve_403(site):
    unit, customer = unit_of(site)
    procedure = run_step(site, start(site, "public_space", unit, customer))
    assert_error(
        Api(site["cs_clerk"]).post(f"/procedures/{procedure.pk}/approve", {"approve": True}),
        403,
        "procedures.forbidden",
    )


def test_second_refund_is_409(site):
    unit, customer = unit_of(site)
    procedure = start(site, "decoration", unit, customer)
    while procedure.steps.get(order=procedure.current_order).code != "refund":
        procedure = run_step(site, procedure)
    deposit = MoneyRecord.objects.get(procedure=procedure)
    item = ProcedureItem.objects.get(step__procedure=procedure, code="deposit_refund")
    api = Api(site["cs_clerk"])
    path = f"/procedures/{procedure.pk}/items/{item.pk}/refund"
    response = api.post(path, {"receipt_number": "TK-1", "deposit_id": deposit.pk})
    assert response.status_code == 200, response.json()
    before, mark = rows(), audit_mark()
    assert_error(
        api.post(path, {"receipt_number": "TK-2", "deposit_id": deposit.pk}),
        409,
        "procedures.already_refunded",
    )
    assert rows() == before and audit_since(mark) == []


def test_other_sites_procedure_is_404(site, xlm):
    procedure = start(site, "storage")
    assert_error(
        Api(xlm["cs_director"]).get(f"/procedures/{procedure.pk}"), 404, "procedures.not_found"
    )


def test_value_item_without_value_is_400(site):
    procedure = start(site, "storage")
    item = ProcedureItem.objects.get(step__procedure=procedure, code="item")
    assert_error(
        Api(site["cs_clerk"]).post(f"/procedures/{procedure.pk}/items/{item.pk}", {}),
        400,
        "procedures.bad_value",
    )
