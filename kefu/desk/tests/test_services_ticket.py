"""Registering and moving requests: who may do what, and what is recorded."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from kefu.core.errors import KefuError
from kefu.core.models import AuditEntry
from kefu.core.selectors import audit_timeline
from kefu.desk import services
from kefu.desk.models import Category, Channel, RequestType, Status, Ticket
from kefu.desk.tests.factories import register_ticket
from kefu.org.services import absence_declare

T = datetime.fromisoformat


def counts() -> tuple[int, int]:
    return Ticket.objects.count(), AuditEntry.objects.count()


def assert_refused(code: str, fn, *args, **kwargs):
    before = counts()
    with pytest.raises(KefuError) as info:
        fn(*args, **kwargs)
    assert info.value.code == code
    assert counts() == before
    return info.value


# --- registration -------------------------------------------------------------


def test_registration_routes_complaint_categories_to_their_owners(xlm):
    # seed 002 §3.1: 抱怨 → 副总经理(销售), 产品质量 → 生产部经理, 外观包装 → 仓储物流主任,
    # 服务质量 → 系统负责人, 建议 → 副总经理(销售)
    expected = {
        "grievance": "vp_sales",
        "suggestion": "vp_sales",
        "product_quality": "production_manager",
        "packaging": "logistics_director",
        "service_quality": "system_head",
    }
    for category, position in expected.items():
        ticket = register_ticket(actor=xlm["cs_director"], site=xlm.site, category_code=category)
        assert ticket.handling_position.code == position
        assert ticket.handling_department == ticket.handling_position.department
        assert ticket.status == Status.REGISTERED


def test_registration_is_audited_with_the_initial_values(xlm):
    ticket = register_ticket(actor=xlm["cs_director"], site=xlm.site)
    entries = list(audit_timeline(ticket))
    assert [e.action for e in entries] == ["desk.ticket_registered"]
    assert entries[0].actor == xlm["cs_director"]
    assert entries[0].changes["number"] == [None, ticket.number]
    assert entries[0].changes["status"] == [None, "registered"]


def test_only_the_cs_director_may_register_complaints(xlm):
    # seed 002 L40: 客服主任 is the sole intake window for complaints
    for position in ["vp_sales", "production_manager", "cs_deputy", "gm"]:
        assert_refused(
            "desk.not_designated_registrar",
            register_ticket,
            actor=xlm[position],
            site=xlm.site,
        )


def test_the_deputy_registers_while_the_cs_director_is_absent(xlm):
    # seed 002 L40: when absent, the 客服主任 names a deputy who acts for them
    now = timezone.now()
    absence_declare(
        actor=xlm["cs_director"],
        holder=xlm["cs_director"],
        position=xlm.position("cs_director"),
        deputy=xlm["cs_deputy"],
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(days=2),
        reason="出差",
    )
    ticket = register_ticket(actor=xlm["cs_deputy"], site=xlm.site, now=now)
    assert ticket.received_by == xlm["cs_deputy"]
    assert ticket.received_for == xlm["cs_director"]
    entry = audit_timeline(ticket).get()
    assert entry.on_behalf_of == xlm["cs_director"]


def test_the_deputy_cannot_register_after_the_absence_ends(xlm):
    now = timezone.now()
    absence_declare(
        actor=xlm["cs_director"],
        holder=xlm["cs_director"],
        position=xlm.position("cs_director"),
        deputy=xlm["cs_deputy"],
        starts_at=now - timedelta(days=3),
        ends_at=now - timedelta(days=1),
    )
    assert_refused(
        "desk.not_designated_registrar",
        register_ticket,
        actor=xlm["cs_deputy"],
        site=xlm.site,
        now=now,
    )


def test_complaints_must_state_time_and_place(xlm):
    # seed 002 L54: the description states time, place and specific content
    err = assert_refused(
        "desk.time_place_required",
        register_ticket,
        actor=xlm["cs_director"],
        site=xlm.site,
        occurred_place="",
    )
    assert "occurred_place" in err.fields


def test_complaint_needs_a_category(xlm):
    assert_refused(
        "desk.category_required",
        register_ticket,
        actor=xlm["cs_director"],
        site=xlm.site,
        category_code=None,
    )


def test_a_category_of_another_site_is_refused(xlm, pmc):
    foreign = Category.objects.get(site=pmc.site, code="security")
    before = counts()
    with pytest.raises(KefuError) as info:
        services.ticket_register(
            actor=xlm["cs_director"],
            site=xlm.site,
            request_type=RequestType.objects.get(site=xlm.site, code="complaint"),
            channel=Channel.objects.filter(site=xlm.site).first(),
            category=foreign,
            subject="x",
            content="x",
            occurred_at=timezone.now(),
            occurred_place="x",
        )
    assert info.value.code == "desk.config_mismatch"
    assert counts() == before


def test_empty_content_is_refused(xlm):
    assert_refused(
        "desk.content_required",
        register_ticket,
        actor=xlm["cs_director"],
        site=xlm.site,
        content="   ",
    )


def test_caller_phone_is_validated(pmc):
    assert_refused(
        "customers.landline_needs_area_code",
        register_ticket,
        actor=pmc["cs_clerk"],
        site=pmc.site,
        type_code="enquiry",
        category_code=None,
        contact_phone="87654321",
    )


def test_enquiries_need_only_the_register_capability(pmc):
    ticket = register_ticket(
        actor=pmc["cs_clerk"], site=pmc.site, type_code="enquiry", category_code=None
    )
    assert ticket.number.startswith("Z")


def test_a_technician_cannot_register(pmc):
    assert_refused(
        "desk.action_forbidden",
        register_ticket,
        actor=pmc["technician"],
        site=pmc.site,
        type_code="enquiry",
        category_code=None,
    )


# --- the lifecycle --------------------------------------------------------------


def walk_to(xlm, status: str) -> Ticket:
    cs, pm = xlm["cs_director"], xlm["production_manager"]
    ticket = register_ticket(actor=cs, site=xlm.site)
    steps = {
        "accepted": lambda t: services.ticket_accept(actor=cs, ticket=t),
        "assigned": lambda t: services.ticket_assign(actor=cs, ticket=t),
        "in_progress": lambda t: services.ticket_start(actor=pm, ticket=t),
        "replied": lambda t: services.ticket_reply(actor=cs, ticket=t, reply_content="已安排返修"),
        "closed": lambda t: services.ticket_close(actor=cs, ticket=t),
    }
    for name, step in steps.items():
        if ticket.status == status:
            break
        ticket = step(ticket)
        assert ticket.status == name
    return ticket


def test_full_lifecycle_is_recorded_in_the_timeline(xlm):
    ticket = walk_to(xlm, "closed")
    actions = [e.action for e in audit_timeline(ticket)]
    assert actions == [
        "desk.ticket_registered",
        "desk.ticket_accepted",
        "desk.ticket_assigned",
        "desk.ticket_started",
        "desk.ticket_replied",
        "desk.ticket_closed",
    ]
    ticket.refresh_from_db()
    assert ticket.accepted_at and ticket.assigned_at and ticket.replied_at and ticket.closed_at


def test_default_assignment_goes_to_the_routed_position_holder(xlm):
    ticket = walk_to(xlm, "assigned")
    assert ticket.assignee == xlm["production_manager"]
    assert ticket.assigned_for is None


def test_assignment_goes_to_the_deputy_while_the_holder_is_absent(xlm):
    # "during that period the deputy receives what the holder would"
    now = timezone.now()
    absence_declare(
        actor=xlm["production_manager"],
        holder=xlm["production_manager"],
        position=xlm.position("production_manager"),
        deputy=xlm["system_head"],
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(days=1),
    )
    ticket = walk_to(xlm, "accepted")
    ticket = services.ticket_assign(actor=xlm["cs_director"], ticket=ticket)
    assert ticket.assignee == xlm["system_head"]
    assert ticket.assigned_for == xlm["production_manager"]


def test_reject_needs_a_reason_and_changes_nothing_without(xlm):
    ticket = register_ticket(actor=xlm["cs_director"], site=xlm.site)
    assert_refused(
        "desk.reason_required",
        services.ticket_reject,
        actor=xlm["cs_director"],
        ticket=ticket,
        reason=" ",
    )
    ticket.refresh_from_db()
    assert ticket.status == Status.REGISTERED
    ticket = services.ticket_reject(actor=xlm["cs_director"], ticket=ticket, reason="非本公司产品")
    assert ticket.status == Status.REJECTED
    assert ticket.rejection_reason == "非本公司产品"


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("registered", "close"),
        ("registered", "start"),
        ("accepted", "accept"),
        ("assigned", "close"),
        ("closed", "reply"),
        ("in_progress", "reject"),
    ],
)
def test_illegal_transitions_are_refused_and_change_nothing(xlm, status, action):
    ticket = walk_to(xlm, status)
    err = assert_refused(
        "desk.transition_not_allowed",
        services.ticket_apply,
        actor=xlm["cs_director"],
        ticket=ticket,
        action=action,
        reason="r",
        reply_content="r",
    )
    assert err.status == 409
    ticket.refresh_from_db()
    assert ticket.status == status


@pytest.mark.parametrize(
    ("position", "action", "status"),
    [
        ("production_manager", "accept", "registered"),
        ("vp_sales", "assign", "accepted"),
        ("vp_sales", "start", "assigned"),  # routed to 生产部经理, not to 副总经理(销售)
        ("production_manager", "close", "replied"),
        ("production_manager", "reopen", "closed"),
    ],
)
def test_transitions_belong_to_the_roles_that_own_them(xlm, position, action, status):
    ticket = walk_to(xlm, status)
    err = assert_refused(
        "desk.action_forbidden",
        services.ticket_apply,
        actor=xlm[position],
        ticket=ticket,
        action=action,
        reason="r",
    )
    assert err.status == 403


def test_reopen_needs_a_reason_and_counts(xlm):
    ticket = walk_to(xlm, "closed")
    assert_refused(
        "desk.reason_required",
        services.ticket_reopen,
        actor=xlm["cs_director"],
        ticket=ticket,
        reason="",
    )
    ticket = services.ticket_reopen(actor=xlm["cs_director"], ticket=ticket, reason="客户再次来电")
    assert ticket.status == Status.IN_PROGRESS
    assert ticket.reopen_count == 1
    assert ticket.closed_at is None


def test_reply_needs_content(xlm):
    ticket = walk_to(xlm, "in_progress")
    assert_refused(
        "desk.reply_required",
        services.ticket_reply,
        actor=xlm["cs_director"],
        ticket=ticket,
        reply_content="",
    )


def test_update_records_before_and_after_and_reroutes(xlm):
    ticket = register_ticket(actor=xlm["cs_director"], site=xlm.site)
    packaging = Category.objects.get(site=xlm.site, code="packaging")
    ticket = services.ticket_update(
        actor=xlm["cs_director"], ticket=ticket, category=packaging, urgency="urgent"
    )
    assert ticket.handling_position.code == "logistics_director"
    entry = audit_timeline(ticket).last()
    assert entry.action == "desk.ticket_updated"
    assert entry.changes["urgency"] == ["normal", "urgent"]
    assert entry.changes["handling_position"][1] == xlm.position("logistics_director").pk


def test_update_of_a_closed_request_is_refused(xlm):
    ticket = walk_to(xlm, "closed")
    assert_refused(
        "desk.ticket_closed",
        services.ticket_update,
        actor=xlm["cs_director"],
        ticket=ticket,
        subject="new",
    )


def test_update_by_an_unrelated_person_is_refused(xlm):
    ticket = register_ticket(actor=xlm["cs_director"], site=xlm.site)
    assert_refused(
        "desk.action_forbidden",
        services.ticket_update,
        actor=xlm["vp_sales"],
        ticket=ticket,
        subject="new",
    )


def test_assignee_of_another_site_is_refused(xlm, pmc):
    ticket = walk_to(xlm, "accepted")
    assert_refused(
        "desk.assignee_invalid",
        services.ticket_assign,
        actor=xlm["cs_director"],
        ticket=ticket,
        assignee=pmc["technician"],
    )


def test_comment_goes_to_the_timeline(xlm):
    ticket = register_ticket(actor=xlm["cs_director"], site=xlm.site)
    services.ticket_comment(actor=xlm["cs_director"], ticket=ticket, note="已电话联系经销商")
    assert audit_timeline(ticket).last().note == "已电话联系经销商"


def test_preset_is_idempotent(xlm):
    created = services.site_desk_preset_apply(actor=None, site=xlm.site, key="furniture_maker")
    assert created == {"departments": 0, "positions": 0, "channels": 0, "types": 0, "categories": 0}


def test_unknown_preset_is_refused(xlm):
    with pytest.raises(KefuError) as info:
        services.site_desk_preset_apply(actor=None, site=xlm.site, key="nope")
    assert info.value.code == "desk.preset_unknown"
