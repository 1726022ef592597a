"""Query budgets of the desk's hot paths: registration, the list, search, the pages.

These count queries, not time. Each path runs on a site with more requests
than one page holds (30 > KEFU_PAGE_SIZE 25), so a query per row would add 25
and break the budget. The budgets are what the path needs whatever the number
of rows; raise one only with a reason in the commit.
"""

from datetime import datetime

import pytest
from django.db import connection

from kefu.core.tests.api_support import Api
from kefu.desk.models import Ticket
from kefu.desk.tests.conftest import ROWS
from kefu.desk.tests.factories import register_ticket
from kefu.desk.tests.test_api_requests import complaint

T = datetime.fromisoformat


def fetch(queries: int) -> int:
    """A list's budget: on PostgreSQL the page's one query is wrapped in a
    savepoint that sets the planner's join_collapse_limit and is rolled back
    (``TicketListQuerySet``): SAVEPOINT, SET LOCAL, ROLLBACK TO and RELEASE in a
    test's transaction; in production only the SET LOCAL (BEGIN and ROLLBACK are
    not counted)."""
    return queries + (4 if connection.vendor == "postgresql" else 0)


def rows(response) -> int:
    return len(response.context["page_obj"].object_list)


# --- pages ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "params", [{}, {"open_only": "on"}, {"q": "床垫"}, {"q": "13912345678"}, {"page": "2"}]
)
def test_the_desk_list_page_has_a_fixed_budget(busy, client, django_assert_max_num_queries, params):
    client.force_login(busy["cs"])
    with django_assert_max_num_queries(fetch(11)):  # 5 of them: the filters' choices
        response = client.get("/desk/", params)
    assert response.status_code == 200
    assert rows(response) == (5 if params.get("page") else 25)


def test_the_desk_list_partial_has_a_fixed_budget(busy, client, django_assert_max_num_queries):
    client.force_login(busy["cs"])
    with django_assert_max_num_queries(fetch(7)):
        response = client.get(
            "/desk/", {"q": "床垫"}, headers={"HX-Request": "true", "HX-Target": "ticket-results"}
        )
    assert response.status_code == 200
    assert rows(response) == 25


def test_the_request_page_has_a_fixed_budget(busy, client, django_assert_max_num_queries):
    client.force_login(busy["cs"])
    with django_assert_max_num_queries(26):
        response = client.get(f"/desk/{busy['last'].pk}/")
    assert response.status_code == 200


def test_the_intake_form_has_a_fixed_budget(busy, client, django_assert_max_num_queries):
    client.force_login(busy["cs"])
    with django_assert_max_num_queries(17):
        response = client.get("/desk/new/")
    assert response.status_code == 200


def test_registering_on_the_intake_page_has_a_fixed_budget(
    busy, client, django_assert_max_num_queries
):
    body = complaint(busy["preset"])
    form = {
        "site": body["site_id"],
        "request_type": Ticket.objects.first().request_type_id,
        "channel": body["channel_id"],
        "category": body["category_id"],
        "subject": body["subject"],
        "content": body["content"],
        "occurred_at": "2010-09-10T10:00",
        "occurred_place": body["occurred_place"],
    }
    client.force_login(busy["cs"])
    with django_assert_max_num_queries(27):
        response = client.post("/desk/new/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Ticket.objects.count() == ROWS + 1


# --- API ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"open": "true", "page_size": 50},
        {"q": "13912345678 王先生"},
        {"q": "床垫", "page": 2, "page_size": 10},
        {"status": ["accepted", "assigned"]},
    ],
)
def test_the_api_list_has_a_fixed_budget(busy, django_assert_max_num_queries, params):
    api = Api(busy["cs"])
    with django_assert_max_num_queries(fetch(5)):  # session, user, sites, count, page
        response = api.get("/requests", params)
    assert response.status_code == 200, response.json()


def test_the_api_detail_has_a_fixed_budget(busy, django_assert_max_num_queries):
    api = Api(busy["cs"])
    with django_assert_max_num_queries(15):
        response = api.get(f"/requests/{busy['last'].pk}")
    assert response.status_code == 200


def test_api_registration_has_a_fixed_budget(busy, django_assert_max_num_queries):
    body = complaint(busy["preset"])
    api = Api(busy["cs"])
    # token + user, posts and deputyships with positions (sites, own and deputised
    # positions), the site with its desk stamp, the customer-less body's checks,
    # BEGIN, counter, ticket, audit entry, COMMIT
    with django_assert_max_num_queries(10):
        response = api.post("/requests", body)
    assert response.status_code == 201, response.json()


# --- counts of large lists ------------------------------------------------------


def test_the_api_list_caps_a_large_count(busy, monkeypatch):
    monkeypatch.setattr("kefu.desk.selectors.LIST_COUNT_CAP", 20)
    api = Api(busy["cs"])
    data = api.get("/requests", {"page_size": 10}).json()
    assert (data["count"], data["count_capped"], len(data["items"])) == (20, True, 10)
    past = api.get("/requests", {"page_size": 10, "page": 3}).json()  # rows 21–30 still served
    assert len(past["items"]) == 10
    exact = api.get("/requests", {"q": "床垫塌陷 1"}).json()  # 1, 10–19: 11 requests
    assert (exact["count"], exact["count_capped"]) == (11, False)


def test_the_desk_page_says_more_than_the_cap(busy, client, monkeypatch):
    monkeypatch.setattr("kefu.desk.selectors.LIST_COUNT_CAP", 20)
    client.force_login(busy["cs"])
    response = client.get("/desk/")
    paginator = response.context["page_obj"].paginator
    assert (paginator.capped, paginator.count, paginator.num_pages) == (True, 20, 1)


# --- search: the same requests, in the same order, on both databases ------------


def _search_reference(user, q: str) -> list[int]:
    """The search as it was before the indexes: one OR over the joined customer."""
    from django.db.models import Q

    from kefu.org.selectors import user_site_ids

    cond = (
        Q(number__startswith=q)
        | Q(subject__icontains=q)
        | Q(content__icontains=q)
        | Q(contact_name__icontains=q)
        | Q(customer__name__icontains=q)
    )
    digits = "".join(ch for ch in q if ch.isdigit())
    if len(digits) >= 4:
        cond |= Q(contact_phone__contains=digits) | Q(customer__phone_digits__contains=digits)
    return list(
        Ticket.objects.filter(cond, site_id__in=user_site_ids(user))
        .order_by("-received_at", "-id")
        .values_list("pk", flat=True)
    )


@pytest.mark.parametrize(
    "q", ["床垫", "床垫塌陷 2", "王先生", "1391234", "13912345678 王先生", "哈尔滨", "宏达", "0451"]
)
def test_search_finds_the_same_requests_in_the_same_order(busy, q):
    from kefu.customers.services import customer_create
    from kefu.desk.selectors import TicketFilters, ticket_list_for

    cs, site = busy["cs"], busy["preset"].site
    dealer = customer_create(
        actor=cs,
        site=site,
        kind="dealer",
        name="哈尔滨宏达家居",
        phone="0451-86001234",
    )
    register_ticket(actor=cs, site=site, customer=dealer, now=T("2010-09-13T10:00+08:00"))
    found = list(ticket_list_for(cs, TicketFilters(q=q)).values_list("pk", flat=True))
    assert found == _search_reference(cs, q)
    assert found


@pytest.mark.parametrize("few", [1_000, 4])  # one pass through the indexes; counted, walked
@pytest.mark.parametrize("q", ["床垫塌陷 2", "床垫", "13912345678"])
def test_search_pages_hold_the_same_requests_in_the_same_order(busy, client, monkeypatch, few, q):
    """Paged through the API and the desk page, a search gives the reference's
    requests in its order, whether it has few matches (``ticket_list_counted`` pages
    them by primary key) or more (counted, then the newest first)."""
    monkeypatch.setattr("kefu.desk.selectors.FEW_MATCHES", few)
    cs = busy["cs"]
    expected = _search_reference(cs, q)
    api = Api(cs)
    seen: list[int] = []
    for page in range(1, len(expected) // 4 + 3):
        body = api.get("/requests", {"q": q, "page": page, "page_size": 4}).json()
        assert (body["count"], body["count_capped"]) == (len(expected), False)
        seen += [item["id"] for item in body["items"]]
    assert seen == expected
    client.force_login(cs)
    shown: list[int] = []
    for page in (1, 2):
        response = client.get("/desk/", {"q": q, "page": page})
        assert response.context["page_obj"].paginator.count == len(expected)
        shown += [t.pk for t in response.context["page_obj"].object_list]
    one_page = len(expected) <= 25  # page 2 of one page is page 1 again
    assert shown == (expected * 2 if one_page else expected)


# --- the search indexes' pending lists (PostgreSQL) -------------------------------


@pytest.mark.django_db
def test_the_trigram_indexes_merge_new_rows_every_64_kb():
    """desk 0010: a search scans at most 64 kB of not-yet-merged registrations."""
    if connection.vendor != "postgresql":
        pytest.skip("GIN indexes are PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reloptions FROM pg_class WHERE relname LIKE %s", ["%\\_trgm"]
        )
        options = dict(cursor.fetchall())
    assert "desk_ticket_content_trgm" in options
    assert all(o == ["gin_pending_list_limit=64"] for o in options.values()), options
