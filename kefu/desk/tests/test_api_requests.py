"""The requests API: register, list and read requests (``/api/v1/requests``)."""

import re
from datetime import datetime, timedelta

import pytest
from django.test.utils import override_settings
from django.utils import timezone

from kefu.core.tests.api_support import (
    Api,
    assert_error,
    assert_refused,
    audit_mark,
    audit_since,
)
from kefu.customers.tests.factories import CustomerFactory, UnitFactory
from kefu.desk.models import Category, Channel, RequestType, Ticket
from kefu.desk.tests.factories import register_ticket
from kefu.org.tests.factories import UserFactory


def complaint(preset, **changes):
    """A complete complaint body for ``preset``'s site (seed 002 L54: time, place, content)."""
    site = preset.site
    body = {
        "site_id": site.pk,
        "type_code": "complaint",
        "channel_id": Channel.objects.filter(site=site).first().pk,
        "category_id": Category.objects.get(
            site=site, code="product_quality" if site.code == "xlm" else "fees"
        ).pk,
        "subject": "床垫弹簧断裂",
        "content": "经销商反映一批床垫弹簧断裂",
        "occurred_at": "2010-09-10T10:00:00+08:00",
        "occurred_place": "哈尔滨门店",
    }
    body.update(changes)
    return body


def enquiry(preset, **changes):
    body = {
        "site_id": preset.site.pk,
        "type_code": "enquiry",
        "channel_id": Channel.objects.filter(site=preset.site).first().pk,
        "content": "询问床垫保修期",
    }
    body.update(changes)
    return body


# --- POST /requests -------------------------------------------------------------


def test_the_cs_director_registers_a_complaint_numbered_and_routed(xlm):
    # seed 002 L50: 單號 YYMMDDNNN, the first complaint of the year is NNN = 001;
    # seed 002 §3.1: 产品质量 is routed to 生产部经理 (production_manager).
    mark = audit_mark()
    response = Api(xlm["cs_director"]).post("/requests", complaint(xlm))
    assert response.status_code == 201, response.json()
    data = response.json()
    received = timezone.localtime(datetime.fromisoformat(data["received_at"]))
    assert re.fullmatch(r"\d{6}\d{3}", data["number"])
    assert data["number"] == received.strftime("%y%m%d") + "001"
    assert data["handling_position"]["code"] == "production_manager"
    assert data["handling_department"]["code"] == "production"
    assert data["status"] == "registered"
    assert data["received_by"]["username"] == xlm["cs_director"].username
    assert data["received_for"] is None
    assert data["actions"] == ["accept", "reject"]
    ticket = Ticket.objects.get(pk=data["id"])
    [entry] = audit_since(mark)
    assert (entry.action, entry.actor, entry.target_id) == (
        "desk.ticket_registered",
        xlm["cs_director"],
        ticket.pk,
    )
    assert entry.changes["number"] == [None, data["number"]]


def test_registration_accepts_the_type_by_id(xlm):
    type_id = RequestType.objects.get(site=xlm.site, code="complaint").pk
    body = complaint(xlm, type_id=type_id)
    del body["type_code"]
    response = Api(xlm["cs_director"]).post("/requests", body)
    assert response.status_code == 201
    assert response.json()["request_type"]["code"] == "complaint"


def test_registration_links_the_customer_and_their_unit(xlm):
    customer = CustomerFactory(site=xlm.site, name="王先生")
    unit = UnitFactory(site=xlm.site)
    body = complaint(xlm, customer_id=customer.pk, unit_id=unit.pk)
    data = Api(xlm["cs_director"]).post("/requests", body).json()
    assert data["customer"] == {"id": customer.pk, "name": "王先生"}
    assert data["unit"]["id"] == unit.pk
    assert data["contact_name"] == "王先生"


def test_a_non_designated_user_may_not_register_a_complaint(xlm):
    # seed 002 L40: only the 客服主任 registers complaints
    assert_refused(
        lambda: Api(xlm["vp_sales"]).post("/requests", complaint(xlm)),
        403,
        "desk.not_designated_registrar",
    )


def test_the_deputy_registers_for_the_absent_cs_director(xlm):
    # seed 002 L40: while the 客服主任 is away, the named deputy registers for them
    now = timezone.now()
    declared = Api(xlm["cs_director"]).post(
        "/absences",
        {
            "position_id": xlm.position("cs_director").pk,
            "deputy_id": xlm["cs_deputy"].pk,
            "starts_at": now - timedelta(hours=1),
            "ends_at": now + timedelta(days=1),
            "reason": "年假",
        },
    )
    assert declared.status_code == 201, declared.json()
    mark = audit_mark()
    response = Api(xlm["cs_deputy"]).post("/requests", complaint(xlm))
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["received_by"]["username"] == xlm["cs_deputy"].username
    assert data["received_for"]["username"] == xlm["cs_director"].username
    [entry] = audit_since(mark)
    assert (entry.action, entry.actor, entry.on_behalf_of) == (
        "desk.ticket_registered",
        xlm["cs_deputy"],
        xlm["cs_director"],
    )


def test_a_user_without_the_register_capability_may_not_register(xlm):
    assert_refused(
        lambda: Api(xlm["vp_sales"]).post("/requests", enquiry(xlm)),
        403,
        "desk.action_forbidden",
    )


def test_registration_at_a_site_the_user_does_not_work_at_is_not_found(xlm, pmc):
    assert_refused(
        lambda: Api(pmc["cs_director"]).post("/requests", complaint(xlm)),
        404,
        "org.site_not_found",
    )


@pytest.mark.parametrize("field", ["channel_id", "category_id", "type_code", "type_id"])
def test_configuration_of_another_site_is_a_config_mismatch(xlm, pmc, field):
    other = {
        "channel_id": Channel.objects.filter(site=pmc.site).first().pk,
        "category_id": Category.objects.get(site=pmc.site, code="fees").pk,
        "type_code": "repair",  # exists only at pmc
        "type_id": RequestType.objects.get(site=pmc.site, code="complaint").pk,
    }
    body = complaint(xlm, **{field: other[field]})
    if field == "type_id":
        del body["type_code"]
    error = assert_refused(
        lambda: Api(xlm["cs_director"]).post("/requests", body), 400, "desk.config_mismatch"
    )
    assert field in error["fields"]


@pytest.mark.parametrize("field", ["channel_id", "category_id", "type_id"])
def test_unknown_configuration_ids_are_a_config_mismatch(xlm, field):
    body = complaint(xlm, **{field: 999_999})
    if field == "type_id":
        del body["type_code"]
    assert_refused(
        lambda: Api(xlm["cs_director"]).post("/requests", body), 400, "desk.config_mismatch"
    )


def test_a_category_of_another_type_is_a_config_mismatch(xlm):
    body = enquiry(xlm, category_id=Category.objects.get(site=xlm.site, code="grievance").pk)
    assert_refused(
        lambda: Api(xlm["cs_director"]).post("/requests", body), 400, "desk.config_mismatch"
    )


def test_a_customer_of_another_of_the_users_sites_is_a_config_mismatch(xlm, pmc):
    root = UserFactory(username="root", is_superuser=True)
    body = complaint(xlm, customer_id=CustomerFactory(site=pmc.site).pk)
    assert_refused(lambda: Api(root).post("/requests", body), 400, "desk.config_mismatch")


@pytest.mark.parametrize(
    ("field", "code"),
    [("customer_id", "customers.customer_not_found"), ("unit_id", "customers.unit_not_found")],
)
def test_a_customer_or_unit_the_user_cannot_see_is_not_found(xlm, pmc, field, code):
    other = {
        "customer_id": CustomerFactory(site=pmc.site).pk,
        "unit_id": UnitFactory(site=pmc.site).pk,
    }
    for value in (other[field], 999_999):
        body = complaint(xlm, **{field: value})
        assert_refused(lambda b=body: Api(xlm["cs_director"]).post("/requests", b), 404, code)


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"category_id": None}, "desk.category_required"),
        ({"occurred_at": None}, "desk.time_place_required"),  # seed 002 L54
        ({"occurred_place": ""}, "desk.time_place_required"),
        ({"content": "   "}, "desk.content_required"),
        ({"contact_phone": "abc"}, "customers.phone_invalid"),
        ({"contact_phone": "87654321"}, "customers.landline_needs_area_code"),  # seed 000 L155
    ],
)
def test_registration_rules_refuse_incomplete_complaints(xlm, changes, code):
    body = complaint(xlm, **changes)
    assert_refused(lambda: Api(xlm["cs_director"]).post("/requests", body), 400, code)


@pytest.mark.parametrize(
    "changes",
    [
        {"type_id": 1},  # both type_id and type_code
        {"type_code": None},  # neither
        {"content": None},
        {"urgency": "whenever"},
        {"occurred_at": "yesterday"},
    ],
)
def test_a_malformed_body_is_invalid(xlm, changes):
    body = assert_refused(
        lambda: Api(xlm["cs_director"]).post("/requests", complaint(xlm, **changes)),
        422,
        "invalid",
    )
    assert body["fields"]


# --- GET /requests ------------------------------------------------------------------


@pytest.fixture
def desk(xlm, pmc):
    """Requests at both sites: three xlm complaints, one xlm enquiry, one pmc complaint."""
    director = xlm["cs_director"]
    tickets = {
        "quality": register_ticket(actor=director, site=xlm.site, subject="弹簧断裂"),
        "packaging": register_ticket(
            actor=director, site=xlm.site, category_code="packaging", subject="包装破损"
        ),
        "service": register_ticket(
            actor=director, site=xlm.site, category_code="service_quality", subject="态度差"
        ),
        "enquiry": register_ticket(
            actor=director, site=xlm.site, type_code="enquiry", subject="保修期"
        ),
        "pmc": register_ticket(
            actor=pmc["cs_director"], site=pmc.site, category_code="fees", subject="物业费"
        ),
    }
    from kefu.desk.services import ticket_accept, ticket_assign

    ticket_accept(actor=director, ticket=tickets["packaging"])
    # routed: 外观包装 → 仓储物流主任 (seed 002 §3.1)
    tickets["packaging"] = ticket_assign(actor=director, ticket=tickets["packaging"])
    return tickets


def ids(response) -> set[int]:
    assert response.status_code == 200, response.json()
    return {item["id"] for item in response.json()["items"]}


def test_the_list_shows_the_users_requests_newest_first_with_a_total(xlm, desk):
    response = Api(xlm["cs_director"]).get("/requests", {"page_size": 2})
    data = response.json()
    assert (data["count"], data["page"], data["page_size"]) == (4, 1, 2)
    assert [i["id"] for i in data["items"]] == [desk["enquiry"].pk, desk["service"].pk]
    page2 = Api(xlm["cs_director"]).get("/requests", {"page_size": 2, "page": 2}).json()
    assert [i["id"] for i in page2["items"]] == [desk["packaging"].pk, desk["quality"].pk]


def test_a_page_past_the_end_is_empty(xlm, desk):
    data = Api(xlm["cs_director"]).get("/requests", {"page": 10**30}).json()
    assert (data["count"], data["items"]) == (4, [])


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "assigned"}, ["packaging"]),
        ({"status": ["assigned", "registered"]}, ["quality", "packaging", "service", "enquiry"]),
        ({"type": "enquiry"}, ["enquiry"]),
        ({"q": "态度"}, ["service"]),
        ({"open": "true"}, ["quality", "packaging", "service", "enquiry"]),
    ],
)
def test_the_list_filters(xlm, desk, params, expected):
    response = Api(xlm["cs_director"]).get("/requests", params)
    assert ids(response) == {desk[k].pk for k in expected}


def test_the_list_filters_by_category_channel_assignee_and_mine(xlm, desk):
    packaging = desk["packaging"]
    director = Api(xlm["cs_director"])
    assert ids(director.get("/requests", {"category": packaging.category_id})) == {packaging.pk}
    assert len(ids(director.get("/requests", {"channel": packaging.channel_id}))) == 4
    assert ids(director.get("/requests", {"assignee": packaging.assignee_id})) == {packaging.pk}
    assert ids(director.get("/requests", {"mine": "true"})) == set()


def test_the_list_filters_by_date(xlm, desk):
    today = timezone.localdate()
    api = Api(xlm["cs_director"])
    assert len(ids(api.get("/requests", {"date_from": today, "date_to": today}))) == 4
    assert ids(api.get("/requests", {"date_to": today - timedelta(days=1)})) == set()


def test_the_list_never_contains_another_sites_requests(xlm, pmc, desk):
    assert ids(Api(pmc["cs_director"]).get("/requests")) == {desk["pmc"].pk}
    assert desk["pmc"].pk not in ids(Api(xlm["cs_director"]).get("/requests"))


def test_filtering_on_another_sites_id_is_not_found(xlm, pmc, desk):
    response = Api(pmc["cs_director"]).get("/requests", {"site": xlm.site.pk})
    assert_error(response, 404, "org.site_not_found")


@pytest.mark.parametrize(
    "params",
    [{"page_size": 201}, {"page_size": 0}, {"page": 0}, {"status": "lost"}, {"date_from": "x"}],
)
def test_bad_list_parameters_are_invalid(xlm, params):
    assert_error(Api(xlm["cs_director"]).get("/requests", params), 422, "invalid")


@override_settings(KEFU_API_MAX_PAGE_SIZE=3)
def test_the_page_size_limit_comes_from_the_settings(xlm):
    body = assert_error(Api(xlm["cs_director"]).get("/requests", {"page_size": 4}), 422, "invalid")
    assert "page_size" in body["fields"]


def test_a_page_of_the_list_costs_the_same_queries_however_long(xlm, desk):
    # session + user, the user's sites, the count, the page, and one query per
    # prefetched relation (ticket_queryset): never one per item
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = Api(xlm["cs_director"])
    with CaptureQueriesContext(connection) as short:
        assert len(api.get("/requests", {"page_size": 50}).json()["items"]) == 4
    for _ in range(20):
        register_ticket(actor=xlm["cs_director"], site=xlm.site, category_code="packaging")
    with CaptureQueriesContext(connection) as long:
        assert len(api.get("/requests", {"page_size": 50}).json()["items"]) == 24
    assert len(long) == len(short) <= 12


# --- GET /requests/{id} ---------------------------------------------------------------


def test_the_record_shows_routing_assignee_and_allowed_actions(xlm, desk):
    packaging = desk["packaging"]
    data = Api(xlm["logistics_director"]).get(f"/requests/{packaging.pk}").json()
    assert data["number"] == packaging.number
    assert data["handling_position"]["code"] == "logistics_director"
    assert data["assignee"]["username"] == xlm["logistics_director"].username
    assert data["assigned_for"] is None
    assert data["content"] == packaging.content
    assert data["actions"] == ["start", "reply"]
    assert Api(xlm["cs_director"]).get(f"/requests/{packaging.pk}").json()["actions"] == [
        "assign",
        "start",
        "reply",
    ]


def test_another_sites_request_is_not_found(xlm, pmc, desk):
    for ticket_id in (desk["quality"].pk, 999_999):
        response = Api(pmc["cs_director"]).get(f"/requests/{ticket_id}")
        assert_error(response, 404, "desk.ticket_not_found")
