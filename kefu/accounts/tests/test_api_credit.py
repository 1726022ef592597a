"""/api/v1/accounts: account status, the shipment check, sign-offs, entries, recovery."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone

from kefu.accounts import services
from kefu.accounts.models import CreditEntry, EntryKind, ShipmentRequest
from kefu.accounts.tests.test_services_credit import workbook
from kefu.assessment.models import LedgerEntry
from kefu.core.tests.api_support import Api, assert_error, audit_mark, audit_since
from kefu.org.tests.factories import SiteFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def acc(dist):
    """Limit 3,000.00 yuan today, balance 0."""
    today = timezone.localdate()
    account = dist.account(code="zhangsan")
    for kind, days in ((EntryKind.SHIPMENT, 10), (EntryKind.PAYMENT, 5)):
        services.credit_entry_record(
            actor=dist["sales_clerk"],
            account=account,
            kind=kind,
            occurred_on=today - timedelta(days=days),
            amount_fen=300_000,
        )
    return account


def rows():
    return (
        ShipmentRequest.objects.count(),
        CreditEntry.objects.count(),
        LedgerEntry.objects.count(),
    )


def refused(call, status, code):
    before, mark = rows(), audit_mark()
    body = assert_error(call(), status, code)
    assert rows() == before and audit_since(mark) == []
    return body


def ship(api, account, fen, **kw):
    return api.post(
        f"/accounts/{account.pk}/shipments",
        {"amount_fen": fen, "invoice_date": timezone.localdate(), **kw},
    )


def test_account_list_and_detail(dist, acc, django_assert_max_num_queries):
    api = Api(dist["sales_clerk"])
    with django_assert_max_num_queries(6):
        listed = api.get("/accounts").json()
    assert [a["code"] for a in listed] == ["zhangsan"]
    with django_assert_max_num_queries(10):
        detail = api.get(f"/accounts/{acc.pk}").json()
    assert (detail["limit_fen"], detail["balance_fen"], detail["third_fen"]) == (
        300_000,
        0,
        100_000,
    )
    assert detail["eligibility"] == {
        "customer_file": True,
        "contract": True,
        "prior_year_cleared": True,
        "missing": [],
        "eligible": True,
    }


def test_other_sites_account_is_not_found(dist, acc):
    stranger = UserFactory(username="stranger")
    refused(lambda: Api(stranger).get(f"/accounts/{acc.pk}"), 404, "accounts.account_not_found")
    refused(lambda: ship(Api(stranger), acc, 100), 404, "accounts.account_not_found")


def test_over_limit_refused_then_signed_by_the_regional_manager(dist, acc):
    clerk = Api(dist["sales_clerk"])
    assert ship(clerk, acc, 300_000).json()["way"] == "within"
    response = ship(clerk, acc, 90_000)
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["refusal"]) == ("refused", "over_limit")
    refused(
        lambda: clerk.post(f"/accounts/shipments/{body['id']}/sign"),
        403,
        "accounts.cannot_sign_over_limit",
    )
    signed = Api(dist["regional_manager"]).post(f"/accounts/shipments/{body['id']}/sign")
    assert signed.status_code == 200
    assert (signed.json()["way"], signed.json()["signer"]["username"]) == (
        "first_over",
        "regional_manager",
    )
    refused(
        lambda: Api(dist["regional_manager"]).post(f"/accounts/shipments/{body['id']}/sign"),
        409,
        "accounts.shipment_not_refused",
    )


def test_sign_at_one_third_is_refused(dist, acc):
    clerk = Api(dist["sales_clerk"])
    ship(clerk, acc, 300_000)
    third = ship(clerk, acc, 100_000).json()
    refused(
        lambda: Api(dist["regional_manager"]).post(f"/accounts/shipments/{third['id']}/sign"),
        409,
        "accounts.over_third",
    )


def test_past_term_approval_and_wrong_refusal(dist):
    account = dist.account(code="late")
    services.credit_entry_record(
        actor=dist["sales_clerk"],
        account=account,
        kind=EntryKind.SHIPMENT,
        occurred_on=timezone.localdate() - timedelta(days=40),
        amount_fen=1000,
    )
    body = ship(Api(dist["sales_clerk"]), account, 10).json()
    assert body["refusal"] == "past_term"
    refused(
        lambda: Api(dist["regional_manager"]).post(f"/accounts/shipments/{body['id']}/sign"),
        409,
        "accounts.wrong_refusal",
    )
    refused(
        lambda: Api(dist["regional_manager"]).post(
            f"/accounts/shipments/{body['id']}/approve-past-term"
        ),
        403,
        "accounts.cannot_approve_past_term",
    )
    ok = Api(dist["sales_director"]).post(f"/accounts/shipments/{body['id']}/approve-past-term")
    assert ok.json()["way"] == "past_term"


def test_shipment_input_errors(dist, acc):
    clerk = Api(dist["sales_clerk"])
    refused(lambda: ship(clerk, acc, 0), 422, "invalid")
    ship(clerk, acc, 300_000)
    refused(
        lambda: ship(Api(dist["warehouse_keeper"]), acc, 1),
        403,
        "accounts.cannot_manage_credit",
    )
    refused(
        lambda: clerk.post("/accounts/shipments/999999/sign"), 404, "accounts.shipment_not_found"
    )


def test_prepaid_needs_a_recovery_plan(dist, acc):
    clerk = Api(dist["sales_clerk"])
    ship(clerk, acc, 300_000)
    clerk.post(
        f"/accounts/{acc.pk}/entries",
        {"kind": "shipment", "occurred_on": timezone.localdate(), "amount_fen": 10},
    )
    refused(lambda: ship(clerk, acc, 500, prepaid_fen=500), 400, "accounts.recovery_plan_required")
    ok = ship(clerk, acc, 500, prepaid_fen=500, recovery_plan="月底回款")
    assert ok.json()["way"] == "prepaid"


def test_entries_record_list_and_duplicate(dist, acc):
    clerk = Api(dist["sales_clerk"])
    payload = {
        "kind": "payment",
        "occurred_on": timezone.localdate(),
        "amount_fen": 500,
        "reference": "HK-7",
    }
    created = clerk.post(f"/accounts/{acc.pk}/entries", payload)
    assert created.status_code == 201 and created.json()["source"] == "manual"
    refused(
        lambda: clerk.post(f"/accounts/{acc.pk}/entries", payload), 409, "accounts.entry_duplicate"
    )
    assert len(clerk.get(f"/accounts/{acc.pk}/entries").json()) == 3


def test_import_workbook(dist, acc):
    clerk = Api(dist["sales_clerk"])
    data = workbook([["zhangsan", "回款", timezone.localdate().isoformat(), "12.34", "HK-8"]])
    response = clerk.client.post(
        f"/api/v1/accounts/sites/{dist.site.pk}/import",
        {"file": io.BytesIO(data)},
    )
    assert response.json() == {"created": 1, "skipped": 0}
    bad = lambda: clerk.client.post(  # noqa: E731
        f"/api/v1/accounts/sites/{dist.site.pk}/import", {"file": io.BytesIO(b"GIF89a")}
    )
    refused(bad, 400, "accounts.import_invalid")


def test_recovery_endpoint(dist, acc):
    director = Api(dist["sales_director"])
    month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    response = director.post("/accounts/recovery", {"site_id": dist.site.pk, "month": month})
    assert response.status_code == 200
    again = director.post("/accounts/recovery", {"site_id": dist.site.pk, "month": month})
    assert again.json() == response.json()  # a re-run records nothing new
    refused(
        lambda: Api(dist["sales_clerk"]).post(
            "/accounts/recovery", {"site_id": dist.site.pk, "month": month}
        ),
        403,
        "accounts.cannot_run_recovery",
    )
    refused(
        lambda: director.post(
            "/accounts/recovery", {"site_id": dist.site.pk, "month": timezone.localdate()}
        ),
        400,
        "accounts.month_not_over",
    )
    other = SiteFactory(code="other")
    refused(
        lambda: director.post("/accounts/recovery", {"site_id": other.pk, "month": month}),
        404,
        "org.site_not_found",
    )
