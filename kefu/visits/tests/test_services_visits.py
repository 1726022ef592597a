"""Scheduling and recording return visits: who may, what is recorded, what follows."""

from datetime import date, datetime, timedelta

import pytest

from kefu.core.errors import KefuError
from kefu.core.models import AuditEntry
from kefu.core.selectors import audit_timeline
from kefu.desk.tests.factories import register_ticket
from kefu.org.services import absence_declare
from kefu.visits import services
from kefu.visits.models import ReturnVisit, VisitAttempt, VisitSettings, VisitStatus
from kefu.visits.signals import visit_recorded
from kefu.visits.tests.factories import occupancy_of, resident, schedule

D = date.fromisoformat
T = datetime.fromisoformat


def counts() -> tuple[int, int, int]:
    return ReturnVisit.objects.count(), VisitAttempt.objects.count(), AuditEntry.objects.count()


def assert_refused(code: str, fn, **kwargs):
    before = counts()
    with pytest.raises(KefuError) as info:
        fn(**kwargs)
    assert info.value.code == code
    assert counts() == before
    return info.value


def recorded_entry(visit):
    return AuditEntry.objects.get(action="visits.visit_recorded", target_id=visit.pk)


@pytest.fixture
def owner(pmc):
    return resident(actor=pmc["cs_clerk"], site=pmc.site)


# --- scheduling -------------------------------------------------------------------


def test_a_complaint_reply_visit_is_scheduled_15_days_after_the_reply(xlm):
    # seed 002 L158: reply on 2010-09-14 → the 客服主任 visits on 2010-09-29.
    ticket = register_ticket(
        actor=xlm["cs_director"], site=xlm.site, category_code="service_quality"
    )
    due = services.visit_after_reply_due(xlm.site, D("2010-09-14"))
    visit = services.visit_schedule(
        actor=xlm["cs_director"],
        site=xlm.site,
        reason="complaint_reply",
        due_on=due,
        ticket=ticket,
        note="回访处理结果",
    )
    assert (visit.due_on, visit.first_due_on, visit.status) == (D("2010-09-29"), due, "due")
    assert visit.ticket == ticket and visit.customer is None
    assert [e.action for e in audit_timeline(visit)] == ["visits.visit_scheduled"]


def test_a_repaired_product_visit_is_due_the_day_after_delivery(xlm):
    # seed 002 L156: delivered 2010-09-20 → visit 2010-09-21.
    assert services.visit_after_delivery_due(xlm.site, D("2010-09-20")) == D("2010-09-21")


def test_site_settings_change_the_offsets(xlm):
    VisitSettings.objects.create(site=xlm.site, reply_offset_days=7, repair_offset_days=2)
    assert services.visit_after_reply_due(xlm.site, D("2010-09-14")) == D("2010-09-21")
    assert services.visit_after_delivery_due(xlm.site, D("2010-09-20")) == D("2010-09-22")


def test_the_customer_defaults_to_the_requests(pmc, owner):
    ticket = register_ticket(
        actor=pmc["cs_clerk"], site=pmc.site, category_code="property_service", customer=owner
    )
    visit = services.visit_schedule(
        actor=pmc["cs_clerk"],
        site=pmc.site,
        reason="complaint_reply",
        due_on=D("2026-05-01"),
        ticket=ticket,
    )
    assert visit.customer == owner


def test_the_default_visitor_position_comes_from_the_settings(pmc, owner):
    VisitSettings.objects.create(site=pmc.site, default_visitor_position=pmc.position("cs_clerk"))
    visit = schedule(actor=pmc["cs_director"], customer=owner, due_on=D("2026-05-01"))
    assert visit.visitor_position == pmc.position("cs_clerk")


def test_scheduling_needs_a_desk_position(pmc, owner):
    assert_refused(
        "visits.forbidden",
        services.visit_schedule,
        actor=pmc["technician"],
        site=pmc.site,
        reason="other",
        due_on=D("2026-05-01"),
        customer=owner,
    )


def test_a_customer_of_another_site_is_refused(xlm, pmc, owner):
    assert_refused(
        "visits.site_mismatch",
        services.visit_schedule,
        actor=xlm["cs_director"],
        site=xlm.site,
        reason="other",
        due_on=D("2026-05-01"),
        customer=owner,
    )


def test_a_visit_needs_a_customer_or_a_request(pmc):
    assert_refused(
        "visits.customer_required",
        services.visit_schedule,
        actor=pmc["cs_clerk"],
        site=pmc.site,
        reason="other",
        due_on=D("2026-05-01"),
    )


def test_an_unknown_reason_and_a_due_date_before_the_anchor_are_refused(pmc, owner):
    kwargs = {"actor": pmc["cs_clerk"], "site": pmc.site, "customer": owner}
    assert_refused(
        "visits.reason_invalid",
        services.visit_schedule,
        reason="x",
        due_on=D("2026-05-01"),
        **kwargs,
    )
    assert_refused(
        "visits.due_date_invalid",
        services.visit_schedule,
        reason="other",
        due_on=D("2026-04-30"),
        anchor_on=D("2026-05-01"),
        **kwargs,
    )


# --- the hand-over schedule ----------------------------------------------------------------


def test_handover_schedule_for_a_unit_occupancy(pmc, owner):
    # seed 004 L271–275: handed over 2026-01-31 → 02-15, 02-28, 04-30, 07-31.
    visits = services.handover_visits_schedule(
        actor=pmc["cs_clerk"], occupancy=occupancy_of(owner), handed_over_on=D("2026-01-31")
    )
    assert [(v.reason, v.due_on) for v in visits] == [
        ("handover_15d", D("2026-02-15")),
        ("handover_1m", D("2026-02-28")),
        ("handover_3m", D("2026-04-30")),
        ("handover_6m", D("2026-07-31")),
    ]
    assert {(v.customer, str(v.unit), v.anchor_on) for v in visits} == {
        (owner, "1栋-101", D("2026-01-31"))
    }


def test_the_handover_schedule_is_generated_once(pmc, owner):
    occupancy = occupancy_of(owner)
    services.handover_visits_schedule(
        actor=pmc["cs_clerk"], occupancy=occupancy, handed_over_on=D("2026-01-31")
    )
    assert_refused(
        "visits.handover_exists",
        services.handover_visits_schedule,
        actor=pmc["cs_clerk"],
        occupancy=occupancy,
        handed_over_on=D("2026-02-01"),
    )


def test_a_site_may_shorten_the_handover_schedule(pmc, owner):
    VisitSettings.objects.create(
        site=pmc.site, handover_schedule=[["handover_1m", "1m"], ["handover_6m", "6m"]]
    )
    visits = services.handover_visits_schedule(
        actor=None, customer=owner, handed_over_on=D("2026-03-31")
    )
    assert [(v.reason, v.due_on) for v in visits] == [
        ("handover_1m", D("2026-04-30")),
        ("handover_6m", D("2026-09-30")),
    ]


# --- recording -------------------------------------------------------------------------------


def test_a_reached_satisfied_customer_closes_the_visit_and_signals_after_commit(
    pmc, owner, django_capture_on_commit_callbacks
):
    visit = schedule(actor=pmc["cs_clerk"], customer=owner, due_on=D("2026-05-06"))
    received = []

    def listener(sender, visit, actor, **kwargs):
        received.append((visit.pk, actor))

    visit_recorded.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            visit = services.visit_record(
                actor=pmc["cs_clerk"],
                visit=visit,
                reached=True,
                satisfaction=5,
                comment="维修及时",
                customer_words="师傅很专业",
                now=T("2026-05-06T10:00:00+08:00"),
            )
            assert received == []  # not before the commit
    finally:
        visit_recorded.disconnect(listener)
    assert len(callbacks) == 1 and received == [(visit.pk, pmc["cs_clerk"])]
    assert (visit.status, visit.reached, visit.satisfied, visit.attempts) == ("done", True, True, 1)
    assert (visit.satisfaction, visit.satisfaction_label) == (5, "非常满意")
    assert visit.customer_words == "师傅很专业"
    assert visit.done_by == pmc["cs_clerk"] and visit.done_for is None
    entry = recorded_entry(visit)
    assert entry.changes["status"] == ["due", "done"]
    assert entry.changes["satisfaction"] == [None, 5]


def test_a_reached_customer_needs_a_satisfaction_on_the_scale(pmc, owner):
    visit = schedule(actor=pmc["cs_clerk"], customer=owner, due_on=D("2026-05-06"))
    kwargs = {"actor": pmc["cs_clerk"], "visit": visit, "reached": True}
    assert_refused("visits.satisfaction_required", services.visit_record, **kwargs)
    assert_refused("visits.satisfaction_invalid", services.visit_record, satisfaction=6, **kwargs)
    VisitSettings.objects.create(site=pmc.site, scale="three_level")
    assert_refused("visits.satisfaction_invalid", services.visit_record, satisfaction=4, **kwargs)
    visit = services.visit_record(satisfaction=2, **kwargs)
    assert (visit.satisfaction_label, visit.satisfied) == ("基本满意", True)


def test_not_reached_is_due_again_next_working_day_then_flagged(pmc, owner):
    # Friday 2025-10-10 → Saturday 10-11 (调休 workday) → Monday 10-13 → flagged after 3.
    visit = schedule(actor=pmc["cs_clerk"], customer=owner, due_on=D("2025-10-10"))
    record = {"actor": pmc["cs_clerk"], "reached": False}
    visit = services.visit_record(visit=visit, now=T("2025-10-10T10:00:00+08:00"), **record)
    assert (visit.status, visit.due_on, visit.attempts) == ("due", D("2025-10-11"), 1)
    visit = services.visit_record(visit=visit, now=T("2025-10-11T10:00:00+08:00"), **record)
    assert (visit.status, visit.due_on, visit.attempts) == ("due", D("2025-10-13"), 2)
    visit = services.visit_record(visit=visit, now=T("2025-10-13T10:00:00+08:00"), **record)
    assert (visit.status, visit.attempts, visit.reached) == ("not_reached", 3, False)
    assert visit.first_due_on == D("2025-10-10")
    assert VisitAttempt.objects.filter(visit=visit, reached=False).count() == 3
    assert_refused("visits.visit_closed", services.visit_record, visit=visit, **record)


def test_the_site_sets_the_maximum_attempts(pmc, owner):
    VisitSettings.objects.create(site=pmc.site, max_attempts=1)
    visit = schedule(actor=pmc["cs_clerk"], customer=owner, due_on=D("2025-10-10"))
    visit = services.visit_record(actor=pmc["cs_clerk"], visit=visit, reached=False)
    assert visit.status == VisitStatus.NOT_REACHED


def test_an_unsatisfied_repair_visit_schedules_another_until_satisfied(pmc, owner):
    # seed 004 L373: 维修后应及时再访,直到客户满意为止.
    visit = schedule(
        actor=pmc["cs_clerk"], customer=owner, due_on=D("2025-10-09"), reason="repair_delivered"
    )
    visit = services.visit_record(
        actor=pmc["cs_clerk"],
        visit=visit,
        reached=True,
        satisfaction=2,
        now=T("2025-10-09T15:00:00+08:00"),
    )
    assert visit.satisfied is False
    follow_up = visit.follow_ups.get()
    # 3 working days after Thursday 10-09: Fri 10, Sat 11 (调休), Mon 13.
    assert (follow_up.reason, follow_up.due_on, follow_up.status) == (
        "repair_delivered",
        D("2025-10-13"),
        "due",
    )
    follow_up = services.visit_record(
        actor=pmc["cs_clerk"], visit=follow_up, reached=True, satisfaction=4
    )
    assert follow_up.satisfied is True and not follow_up.follow_ups.exists()


def test_an_unsatisfied_complaint_visit_is_left_to_the_complaint(pmc, owner):
    ticket = register_ticket(
        actor=pmc["cs_clerk"], site=pmc.site, category_code="property_service", customer=owner
    )
    visit = services.visit_schedule(
        actor=pmc["cs_clerk"],
        site=pmc.site,
        reason="complaint_reply",
        due_on=D("2026-05-01"),
        ticket=ticket,
    )
    visit = services.visit_record(actor=pmc["cs_clerk"], visit=visit, reached=True, satisfaction=1)
    assert visit.satisfied is False and not visit.follow_ups.exists()
    # also a product-quality complaint's visit after the repaired product's delivery
    visit = services.visit_schedule(
        actor=pmc["cs_clerk"],
        site=pmc.site,
        reason="repair_delivered",
        due_on=D("2026-05-02"),
        ticket=ticket,
    )
    visit = services.visit_record(actor=pmc["cs_clerk"], visit=visit, reached=True, satisfaction=1)
    assert visit.satisfied is False and not visit.follow_ups.exists()


def test_an_unsatisfied_visit_of_a_repair_request_is_followed_up(pmc, owner):
    ticket = register_ticket(
        actor=pmc["cs_clerk"],
        site=pmc.site,
        type_code="repair",
        category_code="plumbing_electric",
        customer=owner,
    )
    visit = services.visit_schedule(
        actor=pmc["cs_clerk"],
        site=pmc.site,
        reason="repair_delivered",
        due_on=D("2026-05-06"),
        ticket=ticket,
    )
    visit = services.visit_record(actor=pmc["cs_clerk"], visit=visit, reached=True, satisfaction=2)
    assert visit.follow_ups.get().ticket == ticket


def test_the_deputy_of_the_visitor_records_on_the_holders_behalf(pmc, owner):
    technician, deputy = pmc["technician"], pmc["engineering_supervisor"]
    visit = schedule(
        actor=pmc["cs_clerk"],
        customer=owner,
        due_on=D("2026-05-06"),
        visitor_position=pmc.position("technician"),
    )
    now = T("2026-05-06T10:00:00+08:00")
    # the supervisor holds no visit capability of their own
    assert_refused(
        "visits.forbidden",
        services.visit_record,
        actor=deputy,
        visit=visit,
        reached=True,
        satisfaction=4,
        now=now,
    )
    absence_declare(
        actor=technician,
        holder=technician,
        position=pmc.position("technician"),
        deputy=deputy,
        starts_at=now - timedelta(days=1),
        ends_at=now + timedelta(days=1),
    )
    visit = services.visit_record(actor=deputy, visit=visit, reached=True, satisfaction=4, now=now)
    assert (visit.done_by, visit.done_for) == (deputy, technician)
    assert recorded_entry(visit).on_behalf_of == technician


def test_the_assigned_visitor_may_record_and_cancelled_visits_may_not_be(pmc, owner):
    visit = schedule(
        actor=pmc["cs_clerk"], customer=owner, due_on=D("2026-05-06"), visitor=pmc["technician"]
    )
    visit = services.visit_record(
        actor=pmc["technician"], visit=visit, reached=True, satisfaction=5
    )
    assert visit.status == "done"
    other = schedule(actor=pmc["cs_clerk"], customer=owner, due_on=D("2026-05-06"))
    services.visit_cancel(actor=pmc["cs_director"], visit=other, reason="已搬离")
    assert_refused(
        "visits.visit_closed",
        services.visit_record,
        actor=pmc["cs_clerk"],
        visit=other,
        reached=False,
    )


def test_assign_and_reschedule(pmc, owner):
    visit = schedule(
        actor=pmc["cs_clerk"], customer=owner, due_on=D("2026-05-06"), anchor_on=D("2026-05-01")
    )
    visit = services.visit_assign(actor=pmc["cs_director"], visit=visit, visitor=pmc["cs_clerk"])
    assert visit.visitor == pmc["cs_clerk"]
    visit = services.visit_reschedule(
        actor=pmc["cs_director"], visit=visit, due_on=D("2026-05-08"), note="客户出差"
    )
    assert visit.due_on == D("2026-05-08")
    assert_refused(
        "visits.due_date_invalid",
        services.visit_reschedule,
        actor=pmc["cs_director"],
        visit=visit,
        due_on=D("2026-04-30"),
    )
    assert [e.action for e in audit_timeline(visit)] == [
        "visits.visit_scheduled",
        "visits.visit_assigned",
        "visits.visit_rescheduled",
    ]
