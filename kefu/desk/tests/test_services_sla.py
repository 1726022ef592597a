"""SLA in the desk services: presets, stored deadlines, pauses and 催办."""

from datetime import timedelta

import pytest

from kefu.calendar.tests.factories import at
from kefu.core.errors import KefuError
from kefu.core.models import AuditEntry
from kefu.desk import services
from kefu.desk.models import SlaPolicy, Ticket, TicketPause, TicketUrge
from kefu.desk.selectors import due_soon_tickets, overdue_tickets
from kefu.desk.tests.factories import register_ticket

FRI = at(2026, 2, 13, 10)  # Fri 13 Feb 2026, before the Spring Festival


def counts():
    return (
        Ticket.objects.count(),
        AuditEntry.objects.count(),
        TicketPause.objects.count(),
        TicketUrge.objects.count(),
        SlaPolicy.objects.count(),
    )


def assert_refused(code, fn, **kwargs):
    before = counts()
    ticket = kwargs.get("ticket")
    state = Ticket.objects.filter(pk=ticket.pk).values().get() if ticket else None
    with pytest.raises(KefuError) as info:
        fn(**kwargs)
    assert info.value.code == code
    assert counts() == before
    if ticket:
        assert Ticket.objects.filter(pk=ticket.pk).values().get() == state


@pytest.fixture
def xlm_sla(xlm):
    services.site_sla_preset_apply(actor=None, site=xlm.site, key="furniture_maker")
    return xlm


# --- presets --------------------------------------------------------------------


def test_preset_apply_creates_the_active_policy_once(xlm):
    policy = services.site_sla_preset_apply(actor=None, site=xlm.site, key="furniture_maker")
    assert policy.is_active and policy.preset_key == "furniture_maker"
    assert policy.targets.count() == 1
    assert policy.options["return_visit_days_after_reply"] == 15
    again = services.site_sla_preset_apply(actor=None, site=xlm.site, key="furniture_maker")
    assert again.pk == policy.pk and SlaPolicy.objects.count() == 1
    assert AuditEntry.objects.filter(action="desk.sla_preset_applied").count() == 2


def test_applying_another_preset_deactivates_the_old_policy(xlm):
    old = services.site_sla_preset_apply(actor=None, site=xlm.site, key="furniture_maker")
    new = services.site_sla_preset_apply(actor=None, site=xlm.site, key="telecom")
    old.refresh_from_db()
    assert new.is_active and not old.is_active
    back = services.site_sla_preset_apply(actor=None, site=xlm.site, key="furniture_maker")
    new.refresh_from_db()
    assert back.pk == old.pk and back.is_active and not new.is_active


def test_unknown_preset_is_refused(xlm):
    assert_refused(
        "desk.preset_unknown", services.site_sla_preset_apply, actor=None, site=xlm.site, key="nope"
    )


# --- stored deadlines -------------------------------------------------------------


def test_registration_stores_the_deadlines(xlm_sla):
    # seed 002 L116: the handling opinion by the 2nd working day; Sat 14 Feb is the
    # 1st (调休), 15-23 Feb are off, Tue 24 Feb is the 2nd.
    ticket = register_ticket(actor=xlm_sla["cs_director"], site=xlm_sla.site, now=FRI)
    assert ticket.handling_opinion_due == at(2026, 2, 24, 18)
    assert ticket.sla_next_due == at(2026, 2, 24, 18)
    assert ticket.sla_next_clock == "handling_opinion"
    assert ticket.sla_policy.preset_key == "furniture_maker"
    assert ticket.reply_due is None and not ticket.sla_calendar_uncovered


def test_no_policy_no_deadlines(xlm):
    ticket = register_ticket(actor=xlm["cs_director"], site=xlm.site, now=FRI)
    assert ticket.sla_policy is None and ticket.sla_next_due is None


def test_deadline_in_an_uncovered_year_is_flagged(xlm_sla):
    ticket = register_ticket(
        actor=xlm_sla["cs_director"], site=xlm_sla.site, now=at(2026, 12, 31, 10)
    )
    assert ticket.sla_calendar_uncovered


def test_next_due_follows_the_clocks_as_the_request_moves(pmc):
    services.site_sla_preset_apply(actor=None, site=pmc.site, key="property_centre")
    director = pmc["cs_director"]
    ticket = register_ticket(
        actor=director, site=pmc.site, category_code="fees", now=at(2025, 11, 3, 10)
    )
    assert (ticket.resolution_due, ticket.closure_due) == (
        at(2025, 11, 4, 18),
        at(2025, 11, 10, 18),
    )
    assert ticket.sla_next_clock == "resolution"
    services.ticket_accept(actor=director, ticket=ticket, now=at(2025, 11, 3, 11))
    services.ticket_reply(actor=director, ticket=ticket, reply_content="ok", now=at(2025, 11, 4, 9))
    ticket.refresh_from_db()
    assert (ticket.sla_next_clock, ticket.sla_next_due) == ("closure", at(2025, 11, 10, 18))
    services.ticket_close(actor=director, ticket=ticket, now=at(2025, 11, 5, 9))
    ticket.refresh_from_db()
    assert ticket.sla_next_due is None


def test_changing_the_urgency_recomputes_the_deadlines(xlm):
    services.site_sla_preset_apply(actor=None, site=xlm.site, key="telecom")
    start = at(2025, 9, 30, 9)
    ticket = register_ticket(actor=xlm["cs_director"], site=xlm.site, now=start)
    assert ticket.reply_due == at(2025, 10, 1, 9)  # 一般 24 h
    services.ticket_update(actor=xlm["cs_director"], ticket=ticket, urgency="critical")
    ticket.refresh_from_db()
    assert ticket.reply_due == at(2025, 9, 30, 19)  # 特急 10 h
    assert ticket.first_response_due == at(2025, 9, 30, 11)


# --- pauses ---------------------------------------------------------------------


def test_pause_and_resume_move_the_deadline_by_the_working_time_paused(xlm_sla):
    director = xlm_sla["cs_director"]
    ticket = register_ticket(actor=director, site=xlm_sla.site, now=FRI)
    services.ticket_pause(
        actor=director, ticket=ticket, reason="等待客户提供照片", now=at(2026, 2, 13, 17)
    )
    ticket.refresh_from_db()
    assert ticket.sla_paused_at == at(2026, 2, 13, 17) and ticket.sla_next_due is None
    assert not overdue_tickets(director, at(2026, 3, 1)).filter(pk=ticket.pk).exists()
    services.ticket_resume(actor=director, ticket=ticket, now=at(2026, 2, 24, 10))
    ticket.refresh_from_db()
    # Paused: Fri 17-18 (1 h) + Sat 14 Feb (调休, 7.5 h) + Tue 24 Feb 9-10 (1 h) = 9.5 h.
    # Tue 24 Feb 18:00 + 9.5 working h = Wed 25 (7.5 h) + Thu 26 Feb 09:00-11:00.
    assert ticket.handling_opinion_due == at(2026, 2, 26, 11)
    assert ticket.sla_next_due == at(2026, 2, 26, 11) and ticket.sla_paused_at is None
    assert ticket.sla_paused_total == at(2026, 2, 24, 10) - at(2026, 2, 13, 17)
    pause = TicketPause.objects.get(ticket=ticket)
    assert (pause.ended_at, pause.started_by, pause.ended_by) == (
        at(2026, 2, 24, 10),
        director,
        director,
    )
    actions = list(AuditEntry.objects.filter(target_id=ticket.pk).values_list("action", flat=True))
    assert "desk.ticket_paused" in actions and "desk.ticket_resumed" in actions


def test_two_pauses_add_up(xlm_sla):
    director = xlm_sla["cs_director"]
    ticket = register_ticket(actor=director, site=xlm_sla.site, now=at(2025, 11, 3, 9))
    assert ticket.handling_opinion_due == at(2025, 11, 5, 18)
    for start, end in [((3, 10), (3, 11)), ((4, 14), (4, 16))]:
        services.ticket_pause(
            actor=director, ticket=ticket, reason="wait", now=at(2025, 11, *start)
        )
        services.ticket_resume(actor=director, ticket=ticket, now=at(2025, 11, *end))
    ticket.refresh_from_db()
    assert ticket.handling_opinion_due == at(2025, 11, 6, 12)  # + 3 working hours
    assert ticket.sla_paused_total == timedelta(hours=3)


def test_a_reply_ends_the_pause(xlm_sla):
    director = xlm_sla["cs_director"]
    ticket = register_ticket(actor=director, site=xlm_sla.site, now=FRI)
    services.ticket_accept(actor=director, ticket=ticket, now=FRI)
    services.ticket_pause(actor=director, ticket=ticket, reason="wait", now=FRI)
    services.ticket_reply(
        actor=director, ticket=ticket, reply_content="done", now=FRI + timedelta(hours=1)
    )
    ticket.refresh_from_db()
    assert ticket.sla_paused_at is None and ticket.sla_next_due is None
    assert TicketPause.objects.get(ticket=ticket).ended_at == FRI + timedelta(hours=1)


def test_pausing_a_replied_request_is_refused(xlm_sla):
    director = xlm_sla["cs_director"]
    ticket = register_ticket(actor=director, site=xlm_sla.site, now=FRI)
    services.ticket_accept(actor=director, ticket=ticket)
    services.ticket_reply(actor=director, ticket=ticket, reply_content="done")
    assert_refused(
        "desk.pause_not_allowed",
        services.ticket_pause,
        actor=director,
        ticket=ticket,
        reason="wait",
    )


def test_pause_errors_change_nothing(xlm_sla, pmc):
    director = xlm_sla["cs_director"]
    ticket = register_ticket(actor=director, site=xlm_sla.site, now=FRI)
    assert_refused(
        "desk.reason_required", services.ticket_pause, actor=director, ticket=ticket, reason=" "
    )
    assert_refused("desk.not_paused", services.ticket_resume, actor=director, ticket=ticket)
    assert_refused(
        "desk.action_forbidden",
        services.ticket_pause,
        actor=pmc["cs_director"],
        ticket=ticket,
        reason="wait",
    )
    services.ticket_pause(actor=director, ticket=ticket, reason="wait")
    assert_refused(
        "desk.already_paused", services.ticket_pause, actor=director, ticket=ticket, reason="again"
    )


# --- 催办 --------------------------------------------------------------------------


def test_anyone_at_the_site_may_urge_and_each_urge_is_counted(xlm_sla):
    ticket = register_ticket(actor=xlm_sla["cs_director"], site=xlm_sla.site, now=FRI)
    services.ticket_urge(actor=xlm_sla["gm"], ticket=ticket, note="客户第三次来电")
    services.ticket_urge(actor=xlm_sla["production_manager"], ticket=ticket)
    ticket.refresh_from_db()
    assert ticket.urge_count == 2
    urges = list(TicketUrge.objects.filter(ticket=ticket))
    assert [u.actor for u in urges] == [xlm_sla["gm"], xlm_sla["production_manager"]]
    assert urges[0].note == "客户第三次来电"
    entry = AuditEntry.objects.filter(action="desk.ticket_urged").last()
    assert entry.changes == {"urge_count": [1, 2]}


def test_urge_errors_change_nothing(xlm_sla, pmc):
    director = xlm_sla["cs_director"]
    ticket = register_ticket(actor=director, site=xlm_sla.site, now=FRI)
    assert_refused(
        "desk.action_forbidden", services.ticket_urge, actor=pmc["cs_director"], ticket=ticket
    )
    services.ticket_reject(actor=director, ticket=ticket, reason="duplicate")
    assert_refused("desk.urge_not_allowed", services.ticket_urge, actor=director, ticket=ticket)


# --- overdue and due soon -----------------------------------------------------------


def test_overdue_and_due_soon_are_queries_on_the_stored_deadline(xlm_sla, pmc):
    director = xlm_sla["cs_director"]
    ticket = register_ticket(actor=director, site=xlm_sla.site, now=FRI)
    due = at(2026, 2, 24, 18)
    assert list(due_soon_tickets(director, due - timedelta(minutes=30))) == [ticket]
    assert list(due_soon_tickets(director, due - timedelta(hours=2))) == []
    assert list(overdue_tickets(director, due)) == []  # 以内: due at 18:00 is on time
    assert list(overdue_tickets(director, due + timedelta(seconds=1))) == [ticket]
    assert list(overdue_tickets(pmc["cs_director"], due + timedelta(days=1))) == []


def test_overdue_is_one_query_on_the_requests(xlm_sla):
    # one query filters desk_ticket; the others are the fixed per-relation
    # prefetches of ticket_queryset (primary-key IN lookups)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    director = xlm_sla["cs_director"]
    register_ticket(actor=director, site=xlm_sla.site, now=FRI)
    overdue_tickets(director, FRI)  # warms the user's site ids
    with CaptureQueriesContext(connection) as queries:
        assert len(list(overdue_tickets(director, at(2026, 3, 1)))) == 1
    on_requests = [q["sql"] for q in queries if 'FROM "desk_ticket"' in q["sql"]]
    assert len(on_requests) == 1
    assert '"sla_next_due" <' in on_requests[0]
