"""Customers: creation with phone rules, search for the hotline, site isolation."""

from datetime import date

import pytest

from kefu.core.errors import KefuError
from kefu.core.models import AuditEntry
from kefu.customers.models import Customer
from kefu.customers.selectors import access_customer, customer_search
from kefu.customers.services import customer_create, customer_update, unit_create


@pytest.fixture
def tenant(pmc):
    unit = unit_create(actor=pmc["cs_clerk"], site=pmc.site, building="3栋", number="1502")
    return customer_create(
        actor=pmc["cs_clerk"],
        site=pmc.site,
        kind="tenant",
        name="张伟",
        phone="139 1234 5678",
        unit=unit,
        plate="粤B·12345",
    )


def test_create_normalises_phone_and_links_unit_and_vehicle(tenant):
    assert tenant.phone == "13912345678"
    assert [str(u) for u in tenant.units.all()] == ["3栋-1502"]
    assert [v.plate for v in tenant.vehicles.all()] == ["粤B12345"]
    assert AuditEntry.objects.filter(action="customers.customer_created").count() == 1


@pytest.mark.parametrize(
    ("phone", "code"),
    [("87654321", "customers.landline_needs_area_code"), ("12345", "customers.phone_invalid")],
)
def test_bad_phone_creates_nothing(pmc, phone, code):
    before = (Customer.objects.count(), AuditEntry.objects.count())
    with pytest.raises(KefuError) as info:
        customer_create(actor=pmc["cs_clerk"], site=pmc.site, kind="owner", name="李", phone=phone)
    assert info.value.code == code
    assert (Customer.objects.count(), AuditEntry.objects.count()) == before


def test_duplicate_plate_is_a_conflict_and_rolls_back(pmc, tenant):
    before = Customer.objects.count()
    with pytest.raises(KefuError) as info:
        customer_create(
            actor=pmc["cs_clerk"],
            site=pmc.site,
            kind="owner",
            name="王",
            phone="13800000000",
            plate="粤B12345",
        )
    assert info.value.code == "customers.plate_taken"
    assert Customer.objects.count() == before


@pytest.mark.parametrize(
    "query", ["5678", "1391234", "139 1234", "张", "3栋1502", "3-1502", "粤B12345", "b123"]
)
def test_search_by_phone_part_name_unit_or_plate(pmc, tenant, query):
    assert list(customer_search(user=pmc["cs_clerk"], q=query)) == [tenant]


def test_search_misses(pmc, tenant):
    assert list(customer_search(user=pmc["cs_clerk"], q="99999")) == []


def test_other_sites_customers_are_invisible(xlm, pmc, tenant):
    assert list(customer_search(user=xlm["cs_director"], q="张")) == []
    with pytest.raises(KefuError) as info:
        access_customer(xlm["cs_director"], tenant.pk)
    assert info.value.status == 404


def test_update_audits_changed_fields(pmc, tenant):
    customer_update(actor=pmc["cs_clerk"], customer=tenant, phone="0755-23456789")
    entry = AuditEntry.objects.filter(action="customers.customer_updated").get()
    assert entry.changes == {"phone": ["13912345678", "0755-23456789"]}
    tenant.refresh_from_db()
    assert tenant.phone_digits == "075523456789"


def test_a_birthday_is_recorded_and_audited(pmc, tenant):
    """The birthday feeds the relationship-upkeep greeting (seed 000 L753, L773)."""
    customer_update(actor=pmc["cs_clerk"], customer=tenant, birthday=date(1985, 2, 14))
    entry = AuditEntry.objects.filter(action="customers.customer_updated").get()
    assert entry.changes == {"birthday": [None, "1985-02-14"]}


@pytest.mark.parametrize("birthday", ["1899-12-31", "2999-01-01"])
def test_a_birthday_out_of_range_is_refused_and_changes_nothing(pmc, tenant, birthday):
    with pytest.raises(KefuError) as info:
        customer_update(
            actor=pmc["cs_clerk"], customer=tenant, birthday=date.fromisoformat(birthday)
        )
    assert info.value.code == "customers.birthday_invalid"
    tenant.refresh_from_db()
    assert tenant.birthday is None
    assert not AuditEntry.objects.filter(action="customers.customer_updated").exists()
