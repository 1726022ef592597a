"""A request's page: the record, the timeline and each action posted from it."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from kefu.core.models import AuditEntry
from kefu.desk.models import Category, Ticket
from kefu.desk.services import ticket_accept, ticket_assign
from kefu.desk.tests.factories import register_ticket
from kefu.org.services import absence_declare

HX = {"HX-Request": "true", "HX-Target": "ticket-panel"}


@pytest.fixture(autouse=True)
def english(settings):
    """Assertions read the English texts; the page follows LANGUAGE_CODE without a cookie."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def ticket(xlm):
    return register_ticket(actor=xlm["cs_director"], site=xlm.site, subject="床垫弹簧断裂")


def url(ticket: Ticket, action: str | None = None) -> str:
    return f"/desk/{ticket.pk}/" + (f"actions/{action}/" if action else "")


def state(ticket: Ticket) -> tuple:
    ticket.refresh_from_db()
    return ticket.status, ticket.assignee_id, AuditEntry.objects.count()


def test_detail_shows_the_record_routing_and_timeline(xlm, ticket, client):
    client.force_login(xlm["cs_director"])
    response = client.get(url(ticket))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="ticket-number">{ticket.number}<' in html
    assert '<dd id="handling-position">生产部经理</dd>' in html
    for text in ["生产部", "产品质量", "哈尔滨门店", "chen_cs", "Registered"]:
        assert text in html
    assert response.context["actions"] == ["accept", "reject"]
    assert "/actions/accept/" in html and "/actions/close/" not in html


def test_the_whole_lifecycle_through_the_page(xlm, ticket, client):
    client.force_login(xlm["cs_director"])
    response = client.post(url(ticket, "accept"), {"note": "ok"}, headers=HX)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="ticket-panel"' in html and "<html" not in html
    assert 'id="flash"' in html and "The request was accepted." in html
    assert client.post(url(ticket, "assign"), {"assignee": ""}, headers=HX).status_code == 200
    ticket.refresh_from_db()
    assert (ticket.status, ticket.assignee) == ("assigned", xlm["production_manager"])
    client.force_login(xlm["production_manager"])
    assert client.post(url(ticket, "start"), headers=HX).status_code == 200
    reply = {"reply_content": "已更换床垫", "reply_method": "Phone", "result": "客户满意"}
    assert client.post(url(ticket, "reply"), reply, headers=HX).status_code == 200
    client.force_login(xlm["cs_director"])
    assert client.post(url(ticket, "close"), headers=HX).status_code == 200
    assert (
        client.post(url(ticket, "reopen"), {"reason": "客户再次来电"}, headers=HX).status_code
        == 200
    )
    ticket.refresh_from_db()
    assert (ticket.status, ticket.reply_content, ticket.reopen_count) == (
        "in_progress",
        "已更换床垫",
        1,
    )
    actions = list(AuditEntry.objects.filter(target_id=ticket.pk).values_list("action", flat=True))
    assert actions[-6:] == [
        "desk.ticket_accepted",
        "desk.ticket_assigned",
        "desk.ticket_started",
        "desk.ticket_replied",
        "desk.ticket_closed",
        "desk.ticket_reopened",
    ]


def test_reject_with_a_reason(xlm, ticket, client):
    client.force_login(xlm["cs_director"])
    response = client.post(url(ticket, "reject"), {"reason": "非本公司产品"}, headers=HX)
    assert response.status_code == 200
    ticket.refresh_from_db()
    assert (ticket.status, ticket.rejection_reason) == ("rejected", "非本公司产品")
    assert "非本公司产品" in response.content.decode()


def test_without_htmx_an_action_redirects_back(xlm, ticket, client):
    client.force_login(xlm["cs_director"])
    response = client.post(url(ticket, "accept"))
    assert (response.status_code, response["Location"]) == (302, url(ticket))


def test_a_forbidden_action_is_403_with_its_code_and_changes_nothing(xlm, ticket, client):
    client.force_login(xlm["production_manager"])  # may handle, may not triage
    before = state(ticket)
    response = client.post(url(ticket, "accept"), headers=HX)
    assert response.status_code == 403
    assert response["HX-Retarget"] == "#flash"
    html = response.content.decode()
    assert "desk.action_forbidden" in html
    assert "Your position does not allow this action on this request." in html
    assert state(ticket) == before
    page = client.post(url(ticket, "accept"))  # without htmx: the error page
    assert page.status_code == 403 and "desk.action_forbidden" in page.content.decode()


@pytest.mark.parametrize(
    ("action", "data", "status", "code"),
    [
        ("close", {}, 409, "desk.transition_not_allowed"),
        ("reject", {"reason": "  "}, 400, "desk.reason_required"),
        ("assign", {"assignee": "999999"}, 400, "invalid"),
        ("teleport", {}, 400, "desk.unknown_action"),
    ],
)
def test_refused_actions_show_their_code_and_change_nothing(
    xlm, ticket, client, action, data, status, code
):
    client.force_login(xlm["cs_director"])
    before = state(ticket)
    response = client.post(url(ticket, action), data, headers=HX)
    assert response.status_code == status
    assert code in response.content.decode()
    assert state(ticket) == before


def test_assign_to_a_deputy_shows_on_behalf_of(xlm, ticket, client):
    # seed 002 L40: while the holder is away their deputy receives the work.
    now = timezone.now()
    absence_declare(
        actor=xlm["production_manager"],
        holder=xlm["production_manager"],
        position=xlm.position("production_manager"),
        deputy=xlm["logistics_director"],
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(days=1),
    )
    ticket_accept(actor=xlm["cs_director"], ticket=ticket)
    client.force_login(xlm["cs_director"])
    page = client.get(url(ticket)).content.decode()
    assert "By routing: zhou_log (on behalf of wang_pm)" in page
    html = client.post(url(ticket, "assign"), headers=HX).content.decode()
    assert "zhou_log" in html and "on behalf of wang_pm" in html


def test_comment_adds_to_the_timeline(xlm, ticket, client):
    client.force_login(xlm["cs_director"])
    response = client.post(f"/desk/{ticket.pk}/comment/", {"note": "已致电经销商"}, headers=HX)
    assert response.status_code == 200
    assert "已致电经销商" in response.content.decode()
    assert AuditEntry.objects.filter(action="desk.ticket_commented").count() == 1
    empty = client.post(f"/desk/{ticket.pk}/comment/", {"note": ""}, headers=HX)
    assert empty.status_code == 400
    assert AuditEntry.objects.filter(action="desk.ticket_commented").count() == 1


def test_edit_reroutes_and_the_timeline_shows_readable_changes(xlm, ticket, client):
    packaging = Category.objects.get(request_type=ticket.request_type, code="packaging")
    client.force_login(xlm["cs_director"])
    data = {
        "subject": "包装破损",
        "content": ticket.content,
        "category": packaging.pk,
        "urgency": "critical",
        "occurred_at": "2010-09-10T10:00",
        "occurred_place": "哈尔滨门店",
        "recording_ref": "",
    }
    response = client.post(f"/desk/{ticket.pk}/edit/", data, headers=HX)
    assert response.status_code == 200
    ticket.refresh_from_db()
    assert (ticket.subject, ticket.handling_position.name) == ("包装破损", "仓储物流主任")
    rows = response.context["timeline"]
    assert str(rows[-1].label) == "Details corrected"
    changes = {str(c.label): (str(c.before), str(c.after)) for c in rows[-1].changes}
    assert changes["Handling position"] == ("生产部经理", "仓储物流主任")
    assert changes["Category"] == ("产品质量", "外观包装")
    assert changes["Urgency"] == ("Normal", "Very urgent")
    html = response.content.decode()
    assert (
        '<span class="before">生产部经理</span> → <span class="after">仓储物流主任</span>' in html
    )


def test_the_edit_form_is_offered_to_the_assignee_and_desk_staff_only(xlm, ticket, client):
    ticket_accept(actor=xlm["cs_director"], ticket=ticket)
    ticket = ticket_assign(actor=xlm["cs_director"], ticket=ticket)
    client.force_login(xlm["production_manager"])
    response = client.get(url(ticket))
    assert response.context["can_edit"] is True  # the assignee may correct details
    assert response.context["actions"] == ["start", "reply"]
    client.force_login(xlm["vp_sales"])
    assert client.get(url(ticket)).context["can_edit"] is False
    client.force_login(xlm["cs_director"])
    client.post(url(ticket, "reject"), {"reason": "x"})  # not possible once assigned
    client.post(url(ticket, "reply"), {"reply_content": "已处理"})
    client.post(url(ticket, "close"))
    closed = client.get(url(ticket))
    assert (closed.context["ticket"].status, closed.context["can_edit"]) == ("closed", False)
    assert "Correct the details" not in closed.content.decode()


def test_another_sites_request_is_not_found(xlm, pmc, ticket, client):
    client.force_login(pmc["cs_director"])
    response = client.get(url(ticket))
    assert response.status_code == 404
    assert "desk.ticket_not_found" in response.content.decode()
    before = state(ticket)
    assert client.post(url(ticket, "accept"), headers=HX).status_code == 404
    assert client.post(f"/desk/{ticket.pk}/comment/", {"note": "x"}).status_code == 404
    assert state(ticket) == before


def test_timeline_action_labels_cover_every_ticket_action():
    from kefu.desk.rules import TRANSITIONS
    from kefu.desk.views.timeline import ACTION_LABELS

    past = {"accept": "accepted", "reject": "rejected", "assign": "assigned", "start": "started"}
    past |= {"reply": "replied", "close": "closed", "reopen": "reopened"}
    for action in TRANSITIONS:
        assert f"desk.ticket_{past[action]}" in ACTION_LABELS


def test_timezone_of_times_shown_is_shanghai(xlm, client):
    ticket = register_ticket(
        actor=xlm["cs_director"],
        site=xlm.site,
        now=datetime.fromisoformat("2010-09-12T02:30:00+00:00"),
    )
    client.force_login(xlm["cs_director"])
    assert "2010-09-12 10:30" in client.get(url(ticket)).content.decode()
