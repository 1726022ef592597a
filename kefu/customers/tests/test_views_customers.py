"""Customer pages: search, a customer's file, and the intake's caller lookup."""

import pytest

from kefu.customers.services import contact_add, customer_create, unit_create
from kefu.desk.tests.factories import register_ticket

HX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def english(settings):
    """Assertions read the English texts; the page follows LANGUAGE_CODE without a cookie."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def tenant(pmc):
    unit = unit_create(actor=pmc["cs_clerk"], site=pmc.site, building="3栋", number="1502")
    customer = customer_create(
        actor=pmc["cs_clerk"],
        site=pmc.site,
        kind="tenant",
        name="张伟",
        phone="139 1234 5678",
        unit=unit,
        plate="粤B·12345",
    )
    contact_add(actor=pmc["cs_clerk"], customer=customer, name="王芳", phone="13800001111")
    return customer


@pytest.fixture
def stranger(xlm):
    return customer_create(
        actor=xlm["cs_director"], site=xlm.site, kind="dealer", name="张三经销", phone="13912349999"
    )


def names(response) -> list[str]:
    return [c.name for c in response.context["page_obj"].object_list]


def test_search_finds_own_sites_customers_by_name_phone_unit_and_plate(
    pmc, tenant, stranger, client
):
    client.force_login(pmc["cs_clerk"])
    assert names(client.get("/customers/")) == ["张伟"]
    for q in ["张", "5678", "3-1502", "粤B12345"]:
        assert names(client.get("/customers/", {"q": q})) == ["张伟"], q
    assert names(client.get("/customers/", {"q": "9999"})) == []  # the other site's caller


def test_search_as_you_type_returns_only_the_results(pmc, tenant, client):
    client.force_login(pmc["cs_clerk"])
    headers = {**HX, "HX-Target": "customer-results"}
    response = client.get("/customers/", {"q": "1502"}, headers=headers)
    html = response.content.decode()
    assert "<html" not in html and "张伟" in html


def test_customer_page_shows_units_vehicles_contacts_and_requests(pmc, tenant, client):
    ticket = register_ticket(
        actor=pmc["cs_clerk"],
        site=pmc.site,
        type_code="repair",
        category_code="plumbing_electric",
        customer=tenant,
        subject="厨房漏水",
    )
    client.force_login(pmc["cs_clerk"])
    html = client.get(f"/customers/{tenant.pk}/").content.decode()
    for text in ["张伟", "3栋-1502", "Tenant", "粤B12345", "王芳", "13800001111", ticket.number]:
        assert text in html


def test_another_sites_customer_is_not_found(pmc, stranger, client):
    client.force_login(pmc["cs_clerk"])
    response = client.get(f"/customers/{stranger.pk}/")
    assert response.status_code == 404
    assert "customers.customer_not_found" in response.content.decode()
    assert client.get(f"/customers/lookup/{stranger.pk}/", headers=HX).status_code == 404


def test_lookup_lists_matching_callers_with_unit_and_plate(pmc, tenant, stranger, client):
    client.force_login(pmc["cs_clerk"])
    response = client.get("/customers/lookup/", {"q": "1234", "site": pmc.site.pk}, headers=HX)
    html = response.content.decode()
    assert list(response.context["customers"]) == [tenant]
    assert "3栋-1502" in html and "粤B12345" in html
    assert f'hx-get="/customers/lookup/{tenant.pk}/"' in html


def test_lookup_reads_the_intake_phone_field_and_needs_two_characters(pmc, tenant, client):
    client.force_login(pmc["cs_clerk"])
    found = client.get("/customers/lookup/", {"contact_phone": "139123"}, headers=HX)
    assert list(found.context["customers"]) == [tenant]
    assert client.get("/customers/lookup/", {"q": "1"}).context["customers"] == []
    none = client.get("/customers/lookup/", {"q": "00000"}).content.decode()
    assert "No customer found" in none


def test_picking_a_caller_fills_the_hidden_id_and_the_full_phone(pmc, tenant, client):
    client.force_login(pmc["cs_clerk"])
    html = client.get(f"/customers/lookup/{tenant.pk}/", headers=HX).content.decode()
    assert f'<input type="hidden" name="customer" value="{tenant.pk}">' in html
    assert 'value="13912345678"' in html and 'hx-swap-oob="true"' in html
    assert "3栋-1502 · Tenant" in html
