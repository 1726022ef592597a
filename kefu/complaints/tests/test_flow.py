"""The furniture maker's preset flow end to end (seed 002 §4.1), on both databases."""

from datetime import date, timedelta

import pytest

from kefu.assessment.models import LedgerEntry
from kefu.complaints import errors, services
from kefu.complaints.models import (
    ComplaintNotice,
    ComplaintStep,
    NoticeKind,
    Stage,
    VisitState,
)
from kefu.complaints.tests.conftest import at
from kefu.core.models import AuditEntry
from kefu.desk.models import Status
from kefu.org.models import Absence


def walk_to_investigation(maker, complaint, day="2026-03-02"):
    cs, gm, pm = maker["cs_director"], maker["gm"], maker["production_manager"]
    services.complaint_accept(actor=cs, complaint=complaint, now=at(day, "09:10"))
    services.complaint_transfer(actor=cs, complaint=complaint, now=at(day, "09:20"))
    services.complaint_transfer_decide(
        actor=gm, complaint=complaint, approve=True, now=at(day, "10:00")
    )
    services.complaint_slip_sign(actor=cs, complaint=complaint, now=at(day, "10:05"))
    services.complaint_slip_sign(actor=pm, complaint=complaint, now=at(day, "10:30"))
    complaint.refresh_from_db()
    return complaint


def test_product_quality_flow_from_intake_to_closure(maker):
    # seed 002 L50: YYMMDDNNN, the 1st complaint of 2026 registered 2026-03-02.
    cs, gm, pm = maker["cs_director"], maker["gm"], maker["production_manager"]
    complaint = maker.intake()
    assert complaint.ticket.number == "260302001"
    assert complaint.stage == Stage.REGISTERED
    complaint = walk_to_investigation(maker, complaint)
    assert complaint.stage == Stage.INVESTIGATING
    ticket = complaint.ticket
    assert ticket.status == Status.IN_PROGRESS and ticket.assignee == pm
    # seed 002 L116: the opinion by the 2nd working day (Wed 2026-03-04 end of day).
    assert ticket.handling_opinion_due == at("2026-03-04", "18:00")
    slip = complaint.slips.get()
    assert slip.approved_by == gm and slip.sender_name and slip.receiver_name
    assert slip.archived_at == at("2026-03-02", "10:30")

    services.complaint_memo_save(
        actor=pm,
        complaint=complaint,
        facts="扶手木框断裂, 非人为",
        repair_cost="1000.01",
        shares=[
            {"kind": "department", "name": "生产部", "percent": "33.33"},
            {"kind": "supplier", "name": "木材供应商", "percent": "33.33"},
            {"kind": "customer", "name": "沈阳经销商", "percent": "33.34"},
        ],
        repair_deadline=date(2026, 3, 9),
        customer_confirmed=True,
        now=at("2026-03-03"),
    )
    memo = complaint.memo
    assert [s.cost_fen for s in memo.shares.all()] == [33330, 33330, 33341]
    opinion = services.complaint_opinion_submit(
        actor=pm,
        complaint=complaint,
        investigation="木框含水率超标",
        opinion="返修, 3月9日前交货",
        penalty_person=maker["production_manager"],
        penalty_amount="100",
        compensation_amount="300",
        now=at("2026-03-03", "11:00"),
    )
    services.complaint_opinion_decide(
        actor=gm, complaint=complaint, approve=True, now=at("2026-03-03", "14:00")
    )
    complaint.refresh_from_db()
    assert complaint.stage == Stage.OPINION_APPROVED
    # the approved opinion is back with the 客服主任: the desk's opinion clock stops
    assert complaint.ticket.opinion_at == at("2026-03-03", "14:00")
    assert complaint.ticket.sla_next_clock != "handling_opinion"
    entry = LedgerEntry.objects.get()
    assert (entry.amount_fen, entry.status, entry.person) == (
        10_000,
        "approved",
        maker["production_manager"],
    )
    assert entry.source == opinion and entry.proposed_by == opinion.author
    assert complaint.steps.get(step="opinion_approved").data["back_to_cs_on_time"] is True

    services.complaint_reply(
        actor=cs,
        complaint=complaint,
        reply_content="返修, 3月9日前交货, 补偿300元",
        reply_method="phone",
        satisfaction="satisfied",
        customer_words="希望按时交货",
        now=at("2026-03-03", "15:00"),
    )
    complaint.refresh_from_db()
    # seed 002 L156: no visit date until the repaired product is delivered.
    assert complaint.visit_state == VisitState.WAITING_DELIVERY
    with pytest.raises(errors.VisitNotDue):
        services.complaint_close(actor=cs, complaint=complaint, now=at("2026-03-04"))
    services.complaint_delivery_record(
        actor=pm, complaint=complaint, delivered_on=date(2026, 3, 6), now=at("2026-03-06")
    )
    complaint.refresh_from_db()
    # "交货期第2天": the day after delivery.
    assert complaint.visit_state == VisitState.SCHEDULED
    assert complaint.visit_due_on == date(2026, 3, 7)
    services.complaint_close(actor=cs, complaint=complaint, now=at("2026-03-06", "17:00"))
    complaint.refresh_from_db()
    assert complaint.stage == Stage.CLOSED and complaint.ticket.status == Status.CLOSED
    # seed 000 L345: closed within 7 days of receipt.
    assert complaint.ticket.closure_due == at("2026-03-09", "18:00")
    assert complaint.steps.get(step="close").data["on_time"] is True
    steps = list(ComplaintStep.objects.filter(complaint=complaint).values_list("step", flat=True))
    assert steps == [
        "intake",
        "accept",
        "transfer",
        "transfer_approved",
        "slip_signed_sender",
        "slip_signed_receiver",
        "memo",
        "opinion",
        "opinion_approved",
        "reply",
        "delivery",
        "visit_scheduled",
        "close",
    ]
    services.complaint_visit_result(
        actor=cs, complaint=complaint, satisfied=True, now=at("2026-03-07")
    )
    complaint.refresh_from_db()
    assert complaint.visit_state == VisitState.SATISFIED


def test_other_category_visit_15_days_after_reply(maker):
    # seed 002 L158: 15 days after the reply.
    cs, gm, vp = maker["cs_director"], maker["gm"], maker["vp_sales"]
    complaint = maker.intake("suggestion")
    services.complaint_accept(actor=cs, complaint=complaint, now=at("2026-03-02", "09:10"))
    services.complaint_transfer(actor=cs, complaint=complaint, now=at("2026-03-02", "09:20"))
    services.complaint_transfer_decide(
        actor=gm, complaint=complaint, approve=True, now=at("2026-03-02", "10:00")
    )
    services.complaint_slip_sign(actor=cs, complaint=complaint, now=at("2026-03-02", "10:05"))
    services.complaint_slip_sign(actor=vp, complaint=complaint, now=at("2026-03-02", "10:30"))
    services.complaint_opinion_submit(
        actor=vp, complaint=complaint, investigation="调研", opinion="采纳", now=at("2026-03-03")
    )
    services.complaint_opinion_decide(
        actor=gm, complaint=complaint, approve=True, now=at("2026-03-03", "10:00")
    )
    services.complaint_reply(
        actor=cs,
        complaint=complaint,
        reply_content="采纳",
        reply_method="phone",
        satisfaction="very_satisfied",
        now=at("2026-03-03", "11:00"),
    )
    complaint.refresh_from_db()
    assert complaint.visit_due_on == date(2026, 3, 3) + timedelta(days=15)
    assert ComplaintNotice.objects.filter(complaint=complaint, kind=NoticeKind.VISIT_DUE).exists()


def test_answered_at_intake_is_closed_at_once(maker):
    # seed 002 L60, L70: an answerable 抱怨 is answered at once.
    complaint = maker.intake(
        "grievance", answer="已解释返利政策", answer_method="phone", satisfaction="satisfied"
    )
    assert complaint.stage == Stage.CLOSED and complaint.answered_at_intake
    assert complaint.ticket.status == Status.CLOSED


def test_product_quality_cannot_be_answered_at_intake(maker):
    with pytest.raises(errors.NotAnswerable):
        maker.intake("product_quality", answer="已解释")


def test_not_accepted_needs_reason(maker):
    cs = maker["cs_director"]
    complaint = maker.intake()
    with pytest.raises(errors.ReasonRequired):
        services.complaint_accept(actor=cs, complaint=complaint, accept=False)
    services.complaint_accept(actor=cs, complaint=complaint, accept=False, reason="非本公司产品")
    complaint.refresh_from_db()
    assert complaint.stage == Stage.NOT_ACCEPTED
    assert complaint.ticket.status == Status.REJECTED


def test_major_complaint_notices_and_warning_due_in_24h(maker):
    # seed 000 L557-559.
    cs = maker["cs_director"]
    complaint = maker.intake()
    services.complaint_accept(
        actor=cs, complaint=complaint, major_triggers=["media"], now=at("2026-03-02", "09:10")
    )
    complaint.refresh_from_db()
    assert complaint.is_major and complaint.major_triggers == ["media"]
    alerts = ComplaintNotice.objects.filter(complaint=complaint, kind=NoticeKind.MAJOR_ALERT)
    assert {n.recipient for n in alerts} == {maker["production_manager"], maker["gm"]}
    warning = ComplaintNotice.objects.get(complaint=complaint, kind=NoticeKind.WARNING_REPORT)
    assert warning.due_at == at("2026-03-03", "09:10")
    assert "品牌事业部" in warning.recipient_label and "法务部" in warning.recipient_label
    services.notice_done(actor=cs, notice=warning, note="已报备")
    warning.refresh_from_db()
    assert warning.done_by == cs


def test_major_complaint_alerts_ring_the_bell_once(maker):
    # the notices reach kefu.notify: in-app for the department head and 总经理
    from kefu.notify.models import Notification

    complaint = maker.intake()
    services.complaint_accept(
        actor=maker["cs_director"], complaint=complaint, major_triggers=["media"]
    )
    bells = Notification.objects.filter(ticket=complaint.ticket, kind="complaints.major_alert")
    assert {n.recipient for n in bells} == {maker["production_manager"], maker["gm"]}
    assert all(n.read_at is None for n in bells)
    assert not Notification.objects.filter(recipient=maker["cs_director"]).exists()


def test_repeat_complaint_is_major(maker):
    cs = maker["cs_director"]
    maker.intake()
    second = maker.intake(now=at("2026-03-02", "11:00"))
    services.complaint_accept(actor=cs, complaint=second)
    second.refresh_from_db()
    assert second.is_major and second.major_triggers == ["repeat"]


def test_deputy_intake_shows_on_behalf_of(maker):
    # seed 002 L40: the deputy of the absent 客服主任.
    cs, deputy = maker["cs_director"], maker["cs_deputy"]
    Absence.objects.create(
        holder=cs,
        position=maker.position("cs_director"),
        deputy=deputy,
        starts_at=at("2026-03-01"),
        ends_at=at("2026-03-10"),
    )
    complaint = maker.intake(actor=deputy)
    services.complaint_accept(actor=deputy, complaint=complaint, now=at("2026-03-02", "09:30"))
    step = complaint.steps.get(step="accept")
    assert step.actor == deputy and step.on_behalf_of == cs
    entry = AuditEntry.objects.filter(action="complaints.accept").get()
    assert entry.on_behalf_of == cs


def test_opinion_returned_goes_back_to_investigation(maker):
    cs, gm, log = maker["cs_director"], maker["gm"], maker["logistics_director"]
    complaint = maker.intake("packaging")
    services.complaint_accept(actor=cs, complaint=complaint)
    services.complaint_transfer(actor=cs, complaint=complaint)
    services.complaint_transfer_decide(actor=gm, complaint=complaint, approve=True)
    services.complaint_slip_sign(actor=cs, complaint=complaint)
    services.complaint_slip_sign(actor=log, complaint=complaint)
    services.complaint_opinion_submit(
        actor=log, complaint=complaint, investigation="承运商野蛮装卸", opinion="向承运商索赔"
    )
    with pytest.raises(errors.ReasonRequired):
        services.complaint_opinion_decide(actor=gm, complaint=complaint, approve=False)
    services.complaint_opinion_decide(actor=gm, complaint=complaint, approve=False, note="补充证据")
    complaint.refresh_from_db()
    assert complaint.stage == Stage.INVESTIGATING
    notice = ComplaintNotice.objects.get(complaint=complaint, kind=NoticeKind.OPINION_RETURNED)
    assert notice.recipient == log
