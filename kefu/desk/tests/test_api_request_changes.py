"""The requests API: correct, move, comment on and trace a request."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kefu.core.tests.api_support import Api, assert_error, assert_refused, audit_mark, audit_since
from kefu.customers.tests.factories import CustomerFactory
from kefu.desk.models import Category, Channel, Status, Ticket
from kefu.desk.services import ticket_accept, ticket_reject
from kefu.desk.tests.factories import register_ticket
from kefu.org.services import absence_declare


@pytest.fixture
def ticket(xlm) -> Ticket:
    """A registered 产品质量 complaint at xlm, routed to 生产部经理."""
    return register_ticket(actor=xlm["cs_director"], site=xlm.site)


def category(site, code: str) -> int:
    return Category.objects.get(site=site, code=code).pk


# --- PATCH /requests/{id} ----------------------------------------------------------


def test_a_correction_changes_only_the_fields_sent_and_is_audited(xlm, ticket):
    mark = audit_mark()
    response = Api(xlm["cs_director"]).patch(
        f"/requests/{ticket.pk}",
        {"subject": "弹簧断裂(更正)", "category_id": category(xlm.site, "packaging")},
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["subject"] == "弹簧断裂(更正)"
    assert data["content"] == ticket.content  # not sent, not changed
    assert data["category"]["code"] == "packaging"
    assert data["handling_position"]["code"] == "logistics_director"  # re-routed, seed 002 §3.1
    [entry] = audit_since(mark)
    assert (entry.action, entry.actor) == ("desk.ticket_updated", xlm["cs_director"])
    assert entry.changes["subject"] == [ticket.subject, "弹簧断裂(更正)"]
    assert set(entry.changes) == {
        "subject",
        "category",
        "handling_position",
        "handling_department",
    }


def test_a_correction_can_clear_the_customer(xlm):
    customer = CustomerFactory(site=xlm.site)
    ticket = register_ticket(actor=xlm["cs_director"], site=xlm.site, customer=customer)
    response = Api(xlm["cs_director"]).patch(f"/requests/{ticket.pk}", {"customer_id": None})
    assert response.json()["customer"] is None


def test_an_empty_correction_changes_nothing(xlm, ticket):
    mark = audit_mark()
    response = Api(xlm["cs_director"]).patch(f"/requests/{ticket.pk}", {})
    assert response.status_code == 200
    assert audit_since(mark) == []


def test_another_sites_request_cannot_be_corrected(xlm, pmc, ticket):
    assert_refused(
        lambda: Api(pmc["cs_director"]).patch(f"/requests/{ticket.pk}", {"subject": "x"}),
        404,
        "desk.ticket_not_found",
    )


def test_a_rejected_request_cannot_be_corrected(xlm, ticket):
    ticket_reject(actor=xlm["cs_director"], ticket=ticket, reason="重复登记")
    assert_refused(
        lambda: Api(xlm["cs_director"]).patch(f"/requests/{ticket.pk}", {"subject": "x"}),
        409,
        "desk.ticket_closed",
    )


def test_only_triage_registrars_or_the_assignee_may_correct(xlm, ticket):
    assert_refused(
        lambda: Api(xlm["vp_sales"]).patch(f"/requests/{ticket.pk}", {"subject": "x"}),
        403,
        "desk.action_forbidden",
    )


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"category_id": "pmc"}, 400, "desk.config_mismatch"),
        ({"category_id": 999_999}, 400, "desk.config_mismatch"),
        ({"channel_id": "pmc"}, 400, "desk.config_mismatch"),
        ({"customer_id": "pmc"}, 404, "customers.customer_not_found"),
        ({"unit_id": 999_999}, 404, "customers.unit_not_found"),
        ({"category_id": None}, 400, "desk.category_required"),
        ({"content": " "}, 400, "desk.content_required"),
        ({"occurred_at": None}, 400, "desk.time_place_required"),  # seed 002 L54
        ({"contact_phone": "0755"}, 400, "customers.phone_invalid"),
        ({"subject": None}, 422, "invalid"),
        ({"channel_id": None}, 422, "invalid"),
        ({"urgency": "someday"}, 422, "invalid"),
    ],
)
def test_a_bad_correction_is_refused_and_changes_nothing(xlm, pmc, ticket, body, status, code):
    other = {
        "category_id": category(pmc.site, "fees"),
        "channel_id": Channel.objects.filter(site=pmc.site).first().pk,
        "customer_id": CustomerFactory(site=pmc.site).pk,
    }
    body = {k: other[k] if v == "pmc" else v for k, v in body.items()}
    before = Ticket.objects.filter(pk=ticket.pk).values().get()
    assert_refused(
        lambda: Api(xlm["cs_director"]).patch(f"/requests/{ticket.pk}", body), status, code
    )
    assert Ticket.objects.filter(pk=ticket.pk).values().get() == before


# --- POST /requests/{id}/transitions ------------------------------------------------


def move(user, ticket, **body):
    return Api(user).post(f"/requests/{ticket.pk}/transitions", body)


def test_a_complaint_goes_through_the_whole_flow(xlm, ticket):
    # registered → accepted → assigned (routed to 生产部经理) → in progress → replied → closed
    director, manager = xlm["cs_director"], xlm["production_manager"]
    mark = audit_mark()
    assert move(director, ticket, action="accept").json()["status"] == "accepted"
    assigned = move(director, ticket, action="assign").json()
    assert (assigned["status"], assigned["assignee"]["username"]) == ("assigned", manager.username)
    assert assigned["actions"] == ["assign", "start", "reply"]
    assert move(manager, ticket, action="start").json()["status"] == "in_progress"
    replied = move(
        manager,
        ticket,
        action="reply",
        reply_content="已更换床垫",
        result="更换",
        reply_method="电话",
    ).json()
    assert (replied["status"], replied["reply_content"]) == ("replied", "已更换床垫")
    closed = move(director, ticket, action="close", note="客户满意").json()
    assert (closed["status"], closed["actions"]) == ("closed", ["reopen"])
    entries = audit_since(mark)
    assert [(e.action, e.actor) for e in entries] == [
        ("desk.ticket_accepted", director),
        ("desk.ticket_assigned", director),
        ("desk.ticket_started", manager),
        ("desk.ticket_replied", manager),
        ("desk.ticket_closed", director),
    ]
    assert entries[1].changes["assignee"] == [None, manager.pk]


def test_assigning_to_a_named_person_of_the_site(xlm, ticket):
    ticket_accept(actor=xlm["cs_director"], ticket=ticket)
    data = move(
        xlm["cs_director"], ticket, action="assign", assignee_id=xlm["system_head"].pk
    ).json()
    assert data["assignee"]["username"] == xlm["system_head"].username


def test_work_routed_to_an_absent_holder_goes_to_the_deputy_on_their_behalf(xlm, ticket):
    # seed 002 L40: the deputy acts for the absent holder, and the record says so
    now = timezone.now()
    manager, deputy = xlm["production_manager"], xlm["system_head"]
    absence_declare(
        actor=manager,
        holder=manager,
        position=xlm.position("production_manager"),
        deputy=deputy,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(days=1),
    )
    ticket_accept(actor=xlm["cs_director"], ticket=ticket)
    data = move(xlm["cs_director"], ticket, action="assign").json()
    assert data["assignee"]["username"] == deputy.username
    assert data["assigned_for"]["username"] == manager.username


@pytest.mark.parametrize(
    ("who", "body", "status", "code"),
    [
        ("cs_director", {"action": "close"}, 409, "desk.transition_not_allowed"),
        ("cs_director", {"action": "fly"}, 400, "desk.unknown_action"),
        ("cs_director", {"action": "reject", "reason": " "}, 400, "desk.reason_required"),
        ("vp_sales", {"action": "accept"}, 403, "desk.action_forbidden"),
        ("cs_director", {}, 422, "invalid"),
    ],
)
def test_a_refused_transition_changes_nothing(xlm, ticket, who, body, status, code):
    assert_refused(lambda: move(xlm[who], ticket, **body), status, code)
    assert Ticket.objects.get(pk=ticket.pk).status == Status.REGISTERED


def test_a_reply_needs_its_content(xlm, ticket):
    ticket_accept(actor=xlm["cs_director"], ticket=ticket)
    assert_refused(
        lambda: move(xlm["cs_director"], ticket, action="reply"), 400, "desk.reply_required"
    )


def test_assigning_to_someone_of_another_site_is_invalid(xlm, pmc, ticket):
    ticket_accept(actor=xlm["cs_director"], ticket=ticket)
    for person in (pmc["cs_director"].pk, 999_999):
        assert_refused(
            lambda p=person: move(xlm["cs_director"], ticket, action="assign", assignee_id=p),
            400,
            "desk.assignee_invalid",
        )


def test_assigning_an_unrouted_request_needs_an_assignee(xlm):
    enquiry = register_ticket(actor=xlm["cs_director"], site=xlm.site, type_code="enquiry")
    ticket_accept(actor=xlm["cs_director"], ticket=enquiry)
    assert_refused(
        lambda: move(xlm["cs_director"], enquiry, action="assign"), 400, "desk.no_routing_target"
    )


def test_another_sites_request_cannot_be_moved(xlm, pmc, ticket):
    assert_refused(
        lambda: move(pmc["cs_director"], ticket, action="accept"), 404, "desk.ticket_not_found"
    )


# --- POST /requests/{id}/comments ----------------------------------------------------


def test_a_comment_is_added_to_the_timeline(xlm, ticket):
    mark = audit_mark()
    response = Api(xlm["cs_director"]).post(f"/requests/{ticket.pk}/comments", {"note": "已致电"})
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["action"], data["note"]) == ("desk.ticket_commented", "已致电")
    assert data["actor"]["username"] == xlm["cs_director"].username
    [entry] = audit_since(mark)
    assert (entry.id, entry.action, entry.note) == (data["id"], "desk.ticket_commented", "已致电")


@pytest.mark.parametrize(
    ("who", "body", "status", "code"),
    [
        ("cs_director", {"note": "  "}, 400, "desk.note_required"),
        ("vp_sales", {"note": "我来看看"}, 403, "desk.action_forbidden"),
        ("cs_director", {}, 422, "invalid"),
    ],
)
def test_a_refused_comment_writes_nothing(xlm, ticket, who, body, status, code):
    assert_refused(
        lambda: Api(xlm[who]).post(f"/requests/{ticket.pk}/comments", body), status, code
    )


def test_another_sites_request_cannot_be_commented(xlm, pmc, ticket):
    assert_refused(
        lambda: Api(pmc["cs_director"]).post(f"/requests/{ticket.pk}/comments", {"note": "x"}),
        404,
        "desk.ticket_not_found",
    )


# --- GET /requests/{id}/timeline -----------------------------------------------------


def test_the_timeline_lists_who_did_what_on_whose_behalf(xlm, ticket):
    now = timezone.now()
    director = xlm["cs_director"]
    absence_declare(
        actor=director,
        holder=director,
        position=xlm.position("cs_director"),
        deputy=xlm["cs_deputy"],
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(days=1),
    )
    Api(xlm["cs_deputy"]).post(f"/requests/{ticket.pk}/comments", {"note": "代主任跟进"})
    entries = Api(xlm["gm"]).get(f"/requests/{ticket.pk}/timeline").json()
    assert [e["action"] for e in entries] == ["desk.ticket_registered", "desk.ticket_commented"]
    registered, commented = entries
    assert registered["actor"]["username"] == director.username
    assert registered["changes"]["number"] == [None, ticket.number]
    assert registered["on_behalf_of"] is None
    assert commented["actor"]["username"] == xlm["cs_deputy"].username
    assert commented["on_behalf_of"]["username"] == director.username
    assert commented["note"] == "代主任跟进"
    assert set(registered) == {"id", "at", "action", "actor", "on_behalf_of", "changes", "note"}


def test_another_sites_timeline_is_not_found(xlm, pmc, ticket):
    response = Api(pmc["cs_director"]).get(f"/requests/{ticket.pk}/timeline")
    assert_error(response, 404, "desk.ticket_not_found")
