"""Return visits: scheduled in the visits app after the reply; an unsatisfied
visit reopens handling, or schedules another visit, "until the customer is
satisfied" (seed 004 L373)."""

import pytest

from kefu.complaints import services
from kefu.complaints.models import ComplaintNotice, NoticeKind, Stage, VisitState
from kefu.complaints.tests.conftest import at
from kefu.desk.models import Status


def replied(maker, category="service_quality"):
    cs, gm = maker["cs_director"], maker["gm"]
    complaint = maker.intake(category)
    services.complaint_accept(actor=cs, complaint=complaint, now=at("2026-03-02", "09:10"))
    services.complaint_transfer(actor=cs, complaint=complaint, now=at("2026-03-02", "09:20"))
    services.complaint_transfer_decide(
        actor=gm, complaint=complaint, approve=True, now=at("2026-03-02", "09:30")
    )
    complaint.refresh_from_db()
    receiver = complaint.transfer_receiver
    services.complaint_slip_sign(actor=cs, complaint=complaint, now=at("2026-03-02", "09:40"))
    services.complaint_slip_sign(actor=receiver, complaint=complaint, now=at("2026-03-02", "10:00"))
    services.complaint_opinion_submit(
        actor=receiver,
        complaint=complaint,
        investigation="调查",
        opinion="道歉并培训",
        now=at("2026-03-03"),
    )
    services.complaint_opinion_decide(
        actor=gm, complaint=complaint, approve=True, now=at("2026-03-03", "10:00")
    )
    services.complaint_reply(
        actor=cs,
        complaint=complaint,
        reply_content="已道歉",
        reply_method="phone",
        satisfaction="neutral",
        now=at("2026-03-03", "11:00"),
    )
    complaint.refresh_from_db()
    return complaint


def test_reply_schedules_the_visit_in_the_visits_app(maker):
    from kefu.visits.models import ReturnVisit

    complaint = replied(maker)
    visit = ReturnVisit.objects.get(ticket=complaint.ticket)
    assert visit.reason == "complaint_reply"
    assert visit.due_on == complaint.visit_due_on


def test_unsatisfied_visit_reopens_handling(maker):
    complaint = replied(maker)
    services.complaint_close(actor=maker["cs_director"], complaint=complaint)
    services.complaint_visit_result(
        actor=maker["cs_director"], complaint=complaint, satisfied=False, note="仍不满意"
    )
    complaint.refresh_from_db()
    assert complaint.stage == Stage.INVESTIGATING
    assert complaint.visit_state == VisitState.UNSATISFIED
    assert complaint.ticket.status == Status.IN_PROGRESS
    assert complaint.ticket.reopen_count == 1
    notice = ComplaintNotice.objects.get(complaint=complaint, kind=NoticeKind.REOPENED)
    assert notice.recipient == complaint.transfer_receiver
    # The handler writes a new opinion; approved and replied again, a new visit follows.
    services.complaint_opinion_submit(
        actor=complaint.transfer_receiver, complaint=complaint, investigation="复查", opinion="赔偿"
    )
    services.complaint_opinion_decide(actor=maker["gm"], complaint=complaint, approve=True)
    services.complaint_reply(
        actor=maker["cs_director"],
        complaint=complaint,
        reply_content="赔偿",
        reply_method="visit",
        satisfaction="satisfied",
    )
    complaint.refresh_from_db()
    assert complaint.stage == Stage.REPLIED
    assert complaint.visit_state == VisitState.SCHEDULED
    assert complaint.steps.filter(step="visit_scheduled").count() == 2


def test_unsatisfied_visit_schedules_another_when_configured(maker):
    from kefu.complaints.models import ComplaintPolicy

    ComplaintPolicy.objects.filter(site=maker.site).update(reopen_on_unsatisfied_visit=False)
    complaint = replied(maker)
    services.complaint_visit_result(
        actor=maker["cs_director"], complaint=complaint, satisfied=False, now=at("2026-03-18")
    )
    complaint.refresh_from_db()
    assert complaint.stage == Stage.REPLIED
    assert complaint.visit_state == VisitState.SCHEDULED
    assert str(complaint.visit_due_on) == "2026-03-19"


@pytest.mark.django_db(transaction=True)
def test_visit_recorded_signal_reopens_the_complaint(xlm):
    """Through the visits app: recording an unsatisfied visit of the complaint's
    request sends ``visit_recorded``, and the complaint reopens."""
    from kefu.complaints.tests.conftest import maker as make_maker
    from kefu.visits.models import ReturnVisit
    from kefu.visits.services import visit_record

    m = make_maker.__wrapped__(xlm)
    complaint = replied(m)
    visit = ReturnVisit.objects.get(ticket=complaint.ticket)
    visit_record(actor=m["cs_director"], visit=visit, reached=True, satisfaction=1)
    complaint.refresh_from_db()
    assert complaint.stage == Stage.INVESTIGATING
    assert complaint.steps.filter(step="visit").get().data["satisfied"] is False


@pytest.mark.django_db(transaction=True)
def test_satisfied_visit_through_the_visits_app(xlm):
    from kefu.complaints.tests.conftest import maker as make_maker
    from kefu.visits.models import ReturnVisit
    from kefu.visits.services import visit_record

    m = make_maker.__wrapped__(xlm)
    complaint = replied(m)
    visit = ReturnVisit.objects.get(ticket=complaint.ticket)
    visit_record(actor=m["cs_director"], visit=visit, reached=True, satisfaction=5)
    complaint.refresh_from_db()
    assert complaint.visit_state == VisitState.SATISFIED
    assert complaint.stage == Stage.REPLIED
