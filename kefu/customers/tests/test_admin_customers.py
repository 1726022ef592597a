"""Customers admin: saving goes through the customer services (phone rule,
audit), other sites' customers are not found."""

import pytest

from kefu.core.models import AuditEntry
from kefu.core.tests.admin_support import admin_url, make_site_admin
from kefu.customers.models import Contact, Customer, Unit, UnitOccupancy, Vehicle
from kefu.customers.services import customer_create, unit_create

INLINE_PREFIXES = ["unitoccupancy_set", "vehicles", "contacts"]
EMPTY_INLINES = {
    f"{prefix}{suffix}-{key}": value
    for prefix in INLINE_PREFIXES
    for suffix in ("", "-2")
    for key, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"), ("MIN_NUM_FORMS", "0"))
}


@pytest.fixture
def pmc_admin(client, pmc):
    user = make_site_admin(pmc["cs_director"])
    client.force_login(user)
    return user


def customer_data(pmc, **overrides):
    data = {"site": pmc.site.pk, "kind": "owner", "name": "张伟", "phone": "138 1234 5678"}
    data.update(overrides)
    return {**EMPTY_INLINES, **data}


def test_customer_added_through_the_service(client, pmc_admin, pmc):
    # seed 000 L155: phones are stored in canonical form.
    response = client.post(admin_url(Customer, "add"), customer_data(pmc, phone="(0755)88886666"))
    assert response.status_code == 302
    customer = Customer.objects.get()
    assert (customer.phone, customer.phone_digits) == ("0755-88886666", "075588886666")
    assert AuditEntry.objects.filter(
        action="customers.customer_created", target_id=customer.pk
    ).exists()


def test_landline_without_area_code_is_refused(client, pmc_admin, pmc):
    # seed 000 L155 "座機需加上區號".
    audits = AuditEntry.objects.count()
    response = client.post(admin_url(Customer, "add"), customer_data(pmc, phone="88886666"))
    assert response.status_code == 200
    assert "phone" in response.context["adminform"].form.errors
    assert Customer.objects.count() == 0
    assert AuditEntry.objects.count() == audits


def test_customer_change_is_audited_by_the_service(client, pmc_admin, pmc):
    customer = customer_create(actor=pmc_admin, site=pmc.site, kind="owner", name="张伟")
    data = customer_data(pmc, phone="13912345678", notes="VIP")
    del data["site"]
    response = client.post(admin_url(customer, "change"), data)
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.phone_digits == "13912345678"
    entry = AuditEntry.objects.get(action="customers.customer_updated", target_id=customer.pk)
    assert entry.changes == {"phone": ["", "13912345678"], "notes": ["", "VIP"]}


def test_unit_vehicle_and_contact_added_through_services(client, pmc_admin, pmc):
    customer = customer_create(actor=pmc_admin, site=pmc.site, kind="owner", name="张伟")
    unit = unit_create(actor=pmc_admin, site=pmc.site, building="3栋", number="1502")
    data = customer_data(pmc)
    del data["site"]
    data.update(
        {
            "unitoccupancy_set-2-TOTAL_FORMS": "1",
            "unitoccupancy_set-2-0-unit": unit.pk,
            "unitoccupancy_set-2-0-role": "owner",
            "vehicles-2-TOTAL_FORMS": "1",
            "vehicles-2-0-plate": "粤b·12345",
            "contacts-2-TOTAL_FORMS": "1",
            "contacts-2-0-name": "李娜",
            "contacts-2-0-phone": "+86 139 0000 1111",
            "contacts-2-0-relation": "配偶",
        }
    )
    response = client.post(admin_url(customer, "change"), data)
    assert response.status_code == 302
    assert UnitOccupancy.objects.get(customer=customer).unit == unit
    assert Vehicle.objects.get(customer=customer).plate == "粤B12345"
    assert Contact.objects.get(customer=customer).phone == "13900001111"
    actions = set(AuditEntry.objects.filter(target_id=customer.pk).values_list("action", flat=True))
    assert {
        "customers.unit_linked",
        "customers.vehicle_added",
        "customers.contact_added",
    } <= actions


def test_other_sites_customer_is_not_found(client, pmc_admin, pmc, xlm):
    dealer = customer_create(actor=xlm["cs_director"], site=xlm.site, kind="dealer", name="经销商")
    own = customer_create(actor=pmc_admin, site=pmc.site, kind="owner", name="张伟")
    assert client.get(admin_url(dealer, "change")).status_code == 404
    assert list(client.get(admin_url(Customer)).context["cl"].result_list) == [own]
    xlm_unit = unit_create(actor=xlm["cs_director"], site=xlm.site, building="仓库", number="1")
    assert client.get(admin_url(xlm_unit, "change")).status_code == 404
    form = client.get(admin_url(own, "change")).context["inline_admin_formsets"][1].formset
    assert xlm_unit not in set(form.forms[0].fields["unit"].queryset)


def test_customers_are_not_deleted_in_admin(client, pmc_admin, pmc):
    customer = customer_create(actor=pmc_admin, site=pmc.site, kind="owner", name="张伟")
    assert client.post(admin_url(customer, "delete"), {"post": "yes"}).status_code == 403
    assert Customer.objects.filter(pk=customer.pk).exists()
    assert Unit.objects.count() == 0
