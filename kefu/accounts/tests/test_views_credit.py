"""The /business/ pages: list, account page, shipment check, sign-off, entries, recovery."""

import pytest
from django.test import Client
from django.utils import timezone

from kefu.accounts.models import CreditEntry, ShipmentRequest
from kefu.accounts.tests.test_api_credit import acc  # noqa: F401 (fixture)
from kefu.accounts.tests.test_services_credit import workbook

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    c = Client(headers={"accept-language": "zh-hans"})
    c.force_login(user)
    return c


def test_list_and_account_page(dist, acc, django_assert_max_num_queries):  # noqa: F811
    c = client_for(dist["sales_clerk"])
    with django_assert_max_num_queries(20):
        listed = c.get("/business/")
    assert listed.status_code == 200 and "zhangsan" in listed.content.decode()
    with django_assert_max_num_queries(25):
        page = c.get(f"/business/{acc.pk}/")
    html = page.content.decode()
    assert page.status_code == 200 and "3,000.00" in html


def test_ship_refused_then_signed(dist, acc):  # noqa: F811
    c = client_for(dist["sales_clerk"])
    today = timezone.localdate().isoformat()
    c.post(f"/business/{acc.pk}/ship/", {"amount": "3000", "invoice_date": today})
    r = c.post(f"/business/{acc.pk}/ship/", {"amount": "500", "invoice_date": today})
    assert r.status_code == 302
    refused = ShipmentRequest.objects.get(amount_fen=50_000)
    assert refused.status == "refused"
    rm = client_for(dist["regional_manager"])
    assert rm.post(f"/business/shipments/{refused.pk}/sign/").status_code == 302
    refused.refresh_from_db()
    assert refused.way == "first_over"


def test_bad_form_changes_nothing(dist, acc):  # noqa: F811
    c = client_for(dist["sales_clerk"])
    before = ShipmentRequest.objects.count(), CreditEntry.objects.count()
    r = c.post(f"/business/{acc.pk}/ship/", {"amount": "-1", "invoice_date": "x"})
    assert r.status_code == 400
    assert (ShipmentRequest.objects.count(), CreditEntry.objects.count()) == before


def test_entry_import_and_recovery_pages(dist, acc):  # noqa: F811
    c = client_for(dist["sales_clerk"])
    today = timezone.localdate().isoformat()
    r = c.post(
        f"/business/{acc.pk}/entries/",
        {"kind": "payment", "occurred_on": today, "amount": "1.00", "reference": "HK-X"},
    )
    assert r.status_code == 302 and CreditEntry.objects.filter(reference="HK-X").exists()
    data = workbook([["zhangsan", "回款", today, "2", "HK-Y"]])
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = c.post(
        f"/business/sites/{dist.site.pk}/import/",
        {"file": SimpleUploadedFile("f.xlsx", data)},
    )
    assert r.status_code == 302 and CreditEntry.objects.filter(reference="HK-Y").exists()
    director = client_for(dist["sales_director"])
    page = director.get(f"/business/sites/{dist.site.pk}/recovery/")
    assert page.status_code == 200
    month = (timezone.localdate().replace(day=1) - timezone.timedelta(days=1)).strftime("%Y-%m")
    r = director.post(f"/business/sites/{dist.site.pk}/recovery/", {"month": month})
    assert r.status_code == 302
