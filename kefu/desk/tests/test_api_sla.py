"""The requests API's SLA parts: ?sla= filters, deadlines, pauses and urges."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kefu.core.tests.api_support import Api, assert_error, audit_mark, audit_since
from kefu.desk import services
from kefu.desk.models import TicketPause
from kefu.desk.tests.factories import register_ticket


@pytest.fixture
def telecom(xlm):
    """xlm with the telecom preset: one request overdue for sign-for, one due in 30 min."""
    services.site_sla_preset_apply(actor=None, site=xlm.site, key="telecom")
    now = timezone.now()
    cs = xlm["cs_director"]
    overdue = register_ticket(actor=cs, site=xlm.site, now=now - timedelta(hours=3))
    soon = register_ticket(actor=cs, site=xlm.site, now=now - timedelta(hours=23, minutes=30))
    services.ticket_accept(actor=cs, ticket=soon)  # sign-for done; the 24 h reply is next
    return xlm, overdue, soon


def ids(response):
    assert response.status_code == 200, response.json()
    return [item["id"] for item in response.json()["items"]]


def test_list_filters_overdue_and_due_soon(telecom):
    xlm, overdue, soon = telecom
    api = Api(xlm["cs_director"])
    assert ids(api.get("/requests", {"sla": "overdue"})) == [overdue.pk]
    assert ids(api.get("/requests", {"sla": "due_soon"})) == [soon.pk]
    assert set(ids(api.get("/requests"))) == {overdue.pk, soon.pk}
    item = api.get("/requests", {"sla": "due_soon"}).json()["items"][0]
    assert item["sla_next_clock"] == "reply" and item["urge_count"] == 0


def test_unknown_sla_filter_is_a_bad_request(telecom):
    xlm, *_ = telecom
    response = Api(xlm["cs_director"]).get("/requests", {"sla": "late"})
    assert 400 <= response.status_code < 500


def test_detail_shows_each_clock(telecom):
    xlm, overdue, soon = telecom
    body = Api(xlm["cs_director"]).get(f"/requests/{soon.pk}").json()
    sla = body["sla"]
    assert sla["policy"] and sla["state"] == "due_soon" and sla["next_clock"] == "reply"
    clocks = {c["clock"]: c for c in sla["clocks"]}
    assert clocks["first_response"]["state"] == "missed"  # accepted 21.5 h late
    assert clocks["reply"]["state"] == "running" and clocks["reply"]["done_at"] is None
    assert "24" in clocks["reply"]["target"]
    assert (
        Api(xlm["cs_director"]).get(f"/requests/{overdue.pk}").json()["sla"]["state"] == "overdue"
    )


def test_pause_resume_and_urge(telecom):
    xlm, overdue, _soon = telecom
    api = Api(xlm["cs_director"])
    mark = audit_mark()
    body = api.post(f"/requests/{overdue.pk}/pause", {"reason": "等待客户回电"}).json()
    assert body["sla"]["state"] == "paused" and body["sla_paused_at"]
    assert body["sla"]["pauses"][0]["reason"] == "等待客户回电"
    assert ids(api.get("/requests", {"sla": "overdue"})) == []
    body = api.post(f"/requests/{overdue.pk}/resume").json()
    assert body["sla"]["pauses"][0]["ended_at"] and body["sla_paused_at"] is None
    body = api.post(f"/requests/{overdue.pk}/urge", {"note": "客户催促"}).json()
    assert body["urge_count"] == 1 and body["sla"]["urges"][0]["note"] == "客户催促"
    assert [e.action for e in audit_since(mark)] == [
        "desk.ticket_paused",
        "desk.ticket_resumed",
        "desk.ticket_urged",
    ]


def test_refused_pause_is_coded_and_changes_nothing(telecom, pmc):
    xlm, overdue, _soon = telecom
    api = Api(xlm["cs_director"])
    assert_error(api.post(f"/requests/{overdue.pk}/resume"), 409, "desk.not_paused")
    assert_error(
        api.post(f"/requests/{overdue.pk}/pause", {"reason": ""}), 400, "desk.reason_required"
    )
    other = Api(pmc["cs_director"])
    assert_error(other.post(f"/requests/{overdue.pk}/urge", {}), 404, "desk.ticket_not_found")
    assert TicketPause.objects.count() == 0
