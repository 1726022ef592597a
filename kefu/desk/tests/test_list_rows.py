"""The desk list's rows as the API sends them (``ticket_list_rows``) are exactly
what the ``TicketListItem`` schema makes of the same requests as model instances:
the lean path may skip the schema, never change what a client reads."""

import json
from datetime import datetime

import pytest
from ninja.renderers import JSONRenderer

from kefu.core.tests.api_support import Api
from kefu.customers.services import customer_create
from kefu.desk.schemas import TicketListItem, TicketPage
from kefu.desk.selectors import TicketFilters, ticket_list_for, ticket_list_rows
from kefu.desk.tests.factories import register_ticket


def schema_rows(user, filters=None) -> list[dict]:
    return [
        TicketListItem.model_validate(ticket).model_dump()
        for ticket in ticket_list_for(user, filters)
    ]


@pytest.fixture
def varied(busy):
    """The busy site plus a request with a customer and no category, received by a
    clerk with a display name, and one by a clerk with only first and last names."""
    cs = busy["cs"]
    site = busy["preset"].site
    dealer = customer_create(
        actor=cs, site=site, kind="dealer", name="哈尔滨宏达家居", phone="0451-86001234"
    )
    register_ticket(
        actor=cs,
        site=site,
        customer=dealer,
        now=datetime.fromisoformat("2010-09-13T09:00+08:00"),
        subject="无类别",
    )
    cs.display_name = "李主任"
    cs.save(update_fields=["display_name"])
    return busy


def test_rows_equal_the_schema_for_every_shape(varied):
    cs = varied["cs"]
    rows = ticket_list_rows(ticket_list_for(cs))
    assert rows == schema_rows(cs)
    assert any(row["customer"] for row in rows)
    assert any(row["assignee"] for row in rows)
    assert any(row["assignee"] is None for row in rows)
    assert any(row["sla_paused_at"] for row in rows)
    assert {row["received_by"]["name"] for row in rows} == {"李主任"}


def test_user_names_follow_str_of_the_user(varied):
    cs = varied["cs"]
    cs.display_name, cs.first_name, cs.last_name = "", "建国", "王"
    cs.save()
    rows = ticket_list_rows(ticket_list_for(cs))
    assert rows[0]["received_by"]["name"] == str(cs) == "建国 王"
    assert rows == schema_rows(cs)


@pytest.mark.parametrize(
    "filters",
    [TicketFilters(open_only=True), TicketFilters(q="床垫"), TicketFilters(q="13912345678")],
)
def test_filtered_rows_equal_the_schema(varied, filters):
    cs = varied["cs"]
    assert ticket_list_rows(ticket_list_for(cs, filters)) == schema_rows(cs, filters)


def test_the_api_body_is_what_the_schema_renders(varied):
    """Byte for byte after parsing: the page the schema would validate and
    django-ninja would render, with the same datetimes and labels."""
    cs = varied["cs"]
    response = Api(cs).get("/requests", {"page_size": 50})
    assert response.status_code == 200
    tickets = list(ticket_list_for(cs))
    expected = TicketPage.model_validate(
        {
            "count": len(tickets),
            "count_capped": False,
            "page": 1,
            "page_size": 50,
            "items": tickets,
        }
    ).model_dump()
    rendered = JSONRenderer().render(None, expected, response_status=200)
    assert response.json() == json.loads(rendered)
    assert response["Content-Type"] == "application/json; charset=utf-8"


def test_status_labels_follow_the_language(varied):
    cs = varied["cs"]
    zh = Api(cs, language="zh-hans").get("/requests", {"page_size": 1}).json()
    en = Api(cs, language="en").get("/requests", {"page_size": 1}).json()
    assert zh["items"][0]["status_label"] != en["items"][0]["status_label"]
