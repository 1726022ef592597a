"""The customers API (``/api/v1/customers``): look up, create, read and correct."""

import pytest

from kefu.core.tests.api_support import Api, assert_error, assert_refused, audit_mark, audit_since
from kefu.customers.models import Customer
from kefu.customers.services import vehicle_add
from kefu.customers.tests.factories import CustomerFactory, UnitFactory
from kefu.org.tests.factories import UserFactory


@pytest.fixture
def customers(xlm, pmc):
    unit = UnitFactory(site=xlm.site, building="3栋", number="1502")
    wang = CustomerFactory(site=xlm.site, name="王建国", phone="13812345678")
    wang.units.add(unit, through_defaults={"role": "owner"})
    vehicle_add(actor=None, customer=wang, plate="黑A12345")
    return {
        "wang": wang,
        "li": CustomerFactory(site=xlm.site, name="李梅", company="哈尔滨家居城"),
        "zhang": CustomerFactory(site=xlm.site, name="张伟"),
        "pmc": CustomerFactory(site=pmc.site, name="王芳", phone="13812340000"),
    }


def ids(response) -> list[int]:
    assert response.status_code == 200, response.json()
    return [item["id"] for item in response.json()["items"]]


def new_customer(preset, **changes):
    body = {"site_id": preset.site.pk, "kind": "buyer", "name": "赵先生", "phone": "138 0000 1111"}
    body.update(changes)
    return body


# --- GET /customers -------------------------------------------------------------------


def test_the_lookup_finds_customers_by_name_phone_unit_and_plate(xlm, customers):
    api = Api(xlm["cs_director"])
    wang = customers["wang"].pk
    assert ids(api.get("/customers", {"q": "王建"})) == [wang]
    assert ids(api.get("/customers", {"q": "1234"})) == [wang]
    assert ids(api.get("/customers", {"q": "3-1502"})) == [wang]
    assert ids(api.get("/customers", {"q": "黑a 12345"})) == [wang]
    item = api.get("/customers", {"q": "王建"}).json()["items"][0]
    assert item["units"] == [
        {"id": customers["wang"].units.get().pk, "building": "3栋", "number": "1502"}
    ]
    assert [v["plate"] for v in item["vehicles"]] == ["黑A12345"]


def test_the_lookup_is_paged_with_a_total(xlm, customers):
    data = Api(xlm["cs_director"]).get("/customers", {"page_size": 2, "page": 2}).json()
    assert (data["count"], data["page"], data["page_size"], len(data["items"])) == (3, 2, 2, 1)


def test_the_lookup_never_shows_another_sites_customers(xlm, pmc, customers):
    assert customers["pmc"].pk not in ids(Api(xlm["cs_director"]).get("/customers", {"q": "王"}))
    assert ids(Api(pmc["cs_director"]).get("/customers")) == [customers["pmc"].pk]


def test_the_lookup_filters_by_site(xlm, customers):
    found = ids(Api(xlm["cs_director"]).get("/customers", {"site": xlm.site.pk}))
    assert len(found) == 3


def test_filtering_on_another_sites_id_is_not_found(xlm, pmc, customers):
    response = Api(pmc["cs_director"]).get("/customers", {"site": xlm.site.pk})
    assert_error(response, 404, "org.site_not_found")


def test_a_page_size_over_the_limit_is_invalid(xlm):
    body = assert_error(
        Api(xlm["cs_director"]).get("/customers", {"page_size": 201}), 422, "invalid"
    )
    assert "page_size" in body["fields"]


def test_a_lookup_page_costs_the_same_queries_however_long(
    xlm, customers, django_assert_max_num_queries
):
    for _ in range(15):
        CustomerFactory(site=xlm.site)
    api = Api(xlm["cs_director"])
    # session + user, sites, count, page, units, vehicles
    with django_assert_max_num_queries(7):
        assert len(ids(api.get("/customers", {"page_size": 50}))) == 18


# --- POST /customers -------------------------------------------------------------------


def test_a_customer_is_created_with_a_canonical_phone_unit_and_plate(xlm):
    unit = UnitFactory(site=xlm.site)
    mark = audit_mark()
    response = Api(xlm["cs_director"]).post(
        "/customers",
        new_customer(xlm, phone="+86 138-0000-1111", unit_id=unit.pk, plate="黑A 99999"),
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["name"], data["phone"], data["kind"]) == ("赵先生", "13800001111", "buyer")
    assert [u["id"] for u in data["units"]] == [unit.pk]
    assert [v["plate"] for v in data["vehicles"]] == ["黑A99999"]
    [entry] = audit_since(mark)
    assert (entry.action, entry.actor, entry.target_id) == (
        "customers.customer_created",
        xlm["cs_director"],
        data["id"],
    )
    assert entry.changes["phone"] == [None, "13800001111"]


def test_a_birthday_is_created_read_and_cleared(xlm):
    """seed 000 L753, L773: the customer's birthday, for the birthday greeting."""
    api = Api(xlm["cs_director"])
    created = api.post("/customers", new_customer(xlm, birthday="1980-06-01")).json()
    assert created["birthday"] == "1980-06-01"
    cleared = api.patch(f"/customers/{created['id']}", {"birthday": None}).json()
    assert cleared["birthday"] is None


def test_a_landline_is_stored_with_its_area_code(xlm):
    # seed 000 L155: 座機需加上區號
    response = Api(xlm["cs_director"]).post("/customers", new_customer(xlm, phone="(0451)87654321"))
    assert response.json()["phone"] == "0451-87654321"


@pytest.mark.parametrize(
    ("changes", "status", "code"),
    [
        ({"phone": "1234"}, 400, "customers.phone_invalid"),
        ({"phone": "87654321"}, 400, "customers.landline_needs_area_code"),  # seed 000 L155
        ({"name": "  "}, 400, "customers.name_required"),
        ({"unit_id": 999_999}, 404, "customers.unit_not_found"),
        ({"kind": "alien"}, 422, "invalid"),
        ({"name": None}, 422, "invalid"),
        ({"birthday": "2999-01-01"}, 400, "customers.birthday_invalid"),
        ({"birthday": "1.1.1980"}, 422, "invalid"),
    ],
)
def test_a_bad_customer_is_refused_and_nothing_is_written(xlm, changes, status, code):
    body = new_customer(xlm, **changes)
    assert_refused(lambda: Api(xlm["cs_director"]).post("/customers", body), status, code)


def test_a_customer_cannot_be_created_at_another_site(xlm, pmc):
    assert_refused(
        lambda: Api(pmc["cs_director"]).post("/customers", new_customer(xlm)),
        404,
        "org.site_not_found",
    )


def test_a_unit_of_another_site_is_not_found(xlm, pmc):
    unit = UnitFactory(site=pmc.site)
    assert_refused(
        lambda: Api(xlm["cs_director"]).post("/customers", new_customer(xlm, unit_id=unit.pk)),
        404,
        "customers.unit_not_found",
    )


def test_a_unit_of_another_of_the_users_sites_is_refused(xlm, pmc):
    root = UserFactory(username="root", is_superuser=True)
    unit = UnitFactory(site=pmc.site)
    assert_refused(
        lambda: Api(root).post("/customers", new_customer(xlm, unit_id=unit.pk)),
        400,
        "customers.unit_wrong_site",
    )


def test_a_plate_registered_at_the_site_is_taken(xlm, customers):
    assert_refused(
        lambda: Api(xlm["cs_director"]).post("/customers", new_customer(xlm, plate="黑A12345")),
        409,
        "customers.plate_taken",
    )


# --- GET /customers/{id} ----------------------------------------------------------------


def test_a_customer_is_read_with_contacts_and_notes(xlm, customers):
    data = Api(xlm["cs_director"]).get(f"/customers/{customers['wang'].pk}").json()
    assert (data["name"], data["notes"], data["contacts"]) == ("王建国", "", [])
    assert data["site"]["code"] == "xlm"


def test_another_sites_customer_is_not_found(xlm, pmc, customers):
    for customer_id in (customers["wang"].pk, 999_999):
        response = Api(pmc["cs_director"]).get(f"/customers/{customer_id}")
        assert_error(response, 404, "customers.customer_not_found")


# --- PATCH /customers/{id} --------------------------------------------------------------


def test_a_correction_changes_only_the_fields_sent_and_is_audited(xlm, customers):
    wang = customers["wang"]
    mark = audit_mark()
    response = Api(xlm["cs_director"]).patch(
        f"/customers/{wang.pk}", {"phone": "0451-8765 4321", "notes": "VIP"}
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert (data["name"], data["phone"], data["notes"]) == ("王建国", "0451-87654321", "VIP")
    [entry] = audit_since(mark)
    assert (entry.action, entry.actor) == ("customers.customer_updated", xlm["cs_director"])
    assert entry.changes == {"phone": ["13812345678", "0451-87654321"], "notes": ["", "VIP"]}


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"phone": "abc"}, 400, "customers.phone_invalid"),
        ({"phone": "87654321"}, 400, "customers.landline_needs_area_code"),
        ({"name": ""}, 400, "customers.name_required"),
        ({"name": None}, 422, "invalid"),
        ({"kind": "alien"}, 422, "invalid"),
    ],
)
def test_a_bad_correction_is_refused_and_changes_nothing(xlm, customers, body, status, code):
    wang = customers["wang"]
    before = Customer.objects.filter(pk=wang.pk).values().get()
    assert_refused(
        lambda: Api(xlm["cs_director"]).patch(f"/customers/{wang.pk}", body), status, code
    )
    assert Customer.objects.filter(pk=wang.pk).values().get() == before


def test_another_sites_customer_cannot_be_corrected(xlm, pmc, customers):
    assert_refused(
        lambda: Api(pmc["cs_director"]).patch(f"/customers/{customers['wang'].pk}", {"notes": "x"}),
        404,
        "customers.customer_not_found",
    )
