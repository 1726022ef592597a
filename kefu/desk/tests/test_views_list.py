"""The desk list page: filters, search, pagination, htmx partials, site isolation."""

from datetime import datetime

import pytest

from kefu.desk.services import ticket_accept, ticket_assign
from kefu.desk.tests.factories import register_ticket

T = datetime.fromisoformat
URL = "/desk/"


@pytest.fixture(autouse=True)
def english(settings):
    """Assertions read the English texts; the page follows LANGUAGE_CODE without a cookie."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def desk(xlm, client):
    """Three xlm complaints: a registered one, an accepted one, one assigned to 生产部经理."""
    cs = xlm["cs_director"]
    a = register_ticket(
        actor=cs,
        site=xlm.site,
        now=T("2010-09-12T10:00+08:00"),
        subject="床垫塌陷",
        contact_phone="13912345678",
    )
    b = register_ticket(
        actor=cs,
        site=xlm.site,
        now=T("2010-09-20T10:00+08:00"),
        subject="包装破损",
        category_code="packaging",
    )
    ticket_accept(actor=cs, ticket=b)
    c = register_ticket(
        actor=cs, site=xlm.site, now=T("2010-09-25T10:00+08:00"), subject="弹簧异响"
    )
    ticket_accept(actor=cs, ticket=c)
    ticket_assign(actor=cs, ticket=c)  # routed: 产品质量 → 生产部经理 (wang_pm)
    client.force_login(cs)
    return {"a": a, "b": b, "c": c}


def numbers(response) -> list[str]:
    return [t.number for t in response.context["page_obj"].object_list]


def test_list_shows_every_column_newest_first(desk, client):
    response = client.get(URL)
    assert response.status_code == 200
    assert numbers(response) == [desk["c"].number, desk["b"].number, desk["a"].number]
    html = response.content.decode()
    for text in [
        "XLM",
        "投诉",
        "产品质量",
        "弹簧异响",
        "生产部经理",
        "wang_pm",
        "2010-09-25 10:00",
    ]:
        assert text in html


def test_status_and_open_only_filters(desk, client):
    assert numbers(client.get(URL, {"status": "accepted"})) == [desk["b"].number]
    both = client.get(URL, {"status": ["accepted", "registered"]})
    assert numbers(both) == [desk["b"].number, desk["a"].number]
    assert len(numbers(client.get(URL, {"open_only": "on"}))) == 3


def test_type_category_channel_and_date_filters(desk, client, xlm):
    packaging = desk["b"].category_id
    assert numbers(client.get(URL, {"category": packaging})) == [desk["b"].number]
    assert numbers(client.get(URL, {"request_type": "enquiry"})) == []
    assert len(numbers(client.get(URL, {"channel": desk["a"].channel_id}))) == 3
    window = {"date_from": "2010-09-13", "date_to": "2010-09-24"}
    assert numbers(client.get(URL, window)) == [desk["b"].number]


def test_mine_and_assignee_filters(desk, client, xlm):
    pm = xlm["production_manager"]
    assert numbers(client.get(URL, {"assignee": pm.pk})) == [desk["c"].number]
    assert numbers(client.get(URL, {"mine": "on"})) == []
    client.force_login(pm)
    assert numbers(client.get(URL, {"mine": "on"})) == [desk["c"].number]


@pytest.mark.parametrize(
    ("q", "key"), [("塌陷", "a"), ("100912", "a"), ("2345678", "a"), ("包装", "b")]
)
def test_search_by_number_subject_and_phone(desk, client, q, key):
    assert numbers(client.get(URL, {"q": q})) == [desk[key].number]


def test_bad_filter_values_are_ignored_with_a_message(desk, client):
    response = client.get(
        URL,
        {
            "status": "bogus",
            "date_from": "not-a-date",
            "category": "999999",
            "assignee": "x",
            "channel": str(10**30),  # past any database integer
        },
    )
    assert response.status_code == 200
    assert len(numbers(response)) == 3  # nothing was filtered by the bad values
    ignored = {"Status", "Received from", "Category", "Assignee", "Channel"}
    assert set(response.context["ignored"]) == ignored
    assert "were ignored" in response.content.decode()


def test_pagination_uses_the_page_size(desk, client, xlm, settings):
    settings.KEFU_PAGE_SIZE = 2
    first = client.get(URL)
    assert len(numbers(first)) == 2
    assert "Page 1 of 2" in first.content.decode()
    second = client.get(URL, {"page": 2})
    assert numbers(second) == [desk["a"].number]
    assert numbers(client.get(URL, {"page": "abc"})) == numbers(first)
    assert numbers(client.get(URL, {"page": 99})) == numbers(second)


def test_htmx_filter_request_returns_only_the_results(desk, client):
    response = client.get(
        URL, {"q": "包装"}, headers={"HX-Request": "true", "HX-Target": "ticket-results"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "<table" in html
    assert desk["b"].number in html and desk["a"].number not in html
    assert "HX-Request" in response["Vary"]


def test_a_history_restore_gets_the_whole_page(desk, client):
    headers = {
        "HX-Request": "true",
        "HX-Target": "ticket-results",
        "HX-History-Restore-Request": "true",
    }
    assert "<html" in client.get(URL, headers=headers).content.decode()


def test_other_sites_requests_are_not_listed(desk, client, pmc):
    own = register_ticket(actor=pmc["cs_director"], site=pmc.site, category_code="property_service")
    client.force_login(pmc["cs_director"])
    response = client.get(URL)
    assert numbers(response) == [own.number]
    assert desk["a"].subject not in response.content.decode()
    # Filtering by the other site's category or site shows nothing of theirs either.
    assert numbers(client.get(URL, {"category": desk["b"].category_id})) == [own.number]


def test_anonymous_users_are_sent_to_the_login_page(db, client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
