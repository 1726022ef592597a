"""Rules refused by the services with a coded error and an audit entry:
recusal (seed 000 L551), the authority table (L565), shares, skipped steps."""

from decimal import Decimal

import pytest

from kefu.complaints import services
from kefu.complaints.errors import (
    CompensationOverAuthority,
    MemoRequired,
    Recused,
    SharesNotHundred,
    StepForbidden,
    StepOutOfOrder,
)
from kefu.complaints.models import CompensationLimit, Stage
from kefu.complaints.tests.conftest import at
from kefu.core.models import AuditEntry


def refusals(code):
    return AuditEntry.objects.filter(action="complaints.refused", changes__code=[None, code])


def to_investigation(maker, category="product_quality", **intake):
    cs, gm = maker["cs_director"], maker["gm"]
    complaint = maker.intake(category, **intake)
    services.complaint_accept(actor=cs, complaint=complaint)
    services.complaint_transfer(actor=cs, complaint=complaint)
    services.complaint_transfer_decide(actor=gm, complaint=complaint, approve=True)
    complaint.refresh_from_db()
    services.complaint_slip_sign(actor=cs, complaint=complaint)
    services.complaint_slip_sign(actor=complaint.transfer_receiver, complaint=complaint)
    complaint.refresh_from_db()
    return complaint


def memo(maker, complaint, shares=None):
    return services.complaint_memo_save(
        actor=maker["production_manager"],
        complaint=complaint,
        facts="现场",
        repair_cost="500",
        shares=shares
        or [
            {"kind": "department", "name": "生产部", "percent": "70"},
            {"kind": "customer", "name": "客户", "percent": "30"},
        ],
        customer_confirmed=True,
    )


def opinion(maker, complaint, compensation=None, actor=None):
    return services.complaint_opinion_submit(
        actor=actor or complaint.transfer_receiver,
        complaint=complaint,
        investigation="调查",
        opinion="意见",
        compensation_amount=compensation,
    )


# --- recusal ---------------------------------------------------------------------


def test_person_complained_about_cannot_approve(maker):
    # seed 000 L551: the GM is the person complained about; the GM may not approve.
    gm = maker["gm"]
    complaint = maker.intake("service_quality", complained_about=gm)
    cs = maker["cs_director"]
    services.complaint_accept(actor=cs, complaint=complaint)
    services.complaint_transfer(actor=cs, complaint=complaint)
    with pytest.raises(Recused):
        services.complaint_transfer_decide(actor=gm, complaint=complaint, approve=True)
    complaint.refresh_from_db()
    assert complaint.stage == Stage.TRANSFER_REQUESTED
    entry = refusals("complaints.recused").get()
    assert entry.actor == gm and entry.changes["step"] == [None, "complaint_transfer_decide"]


def test_person_complained_about_never_receives_the_transfer(maker):
    pm = maker["production_manager"]
    complaint = maker.intake(complained_about=pm)
    cs = maker["cs_director"]
    services.complaint_accept(actor=cs, complaint=complaint)
    with pytest.raises(Recused):
        services.complaint_transfer(actor=cs, complaint=complaint)
    assert refusals("complaints.recused").count() == 1
    # Named to someone else in the position's stead, it goes through.
    services.complaint_transfer(actor=cs, complaint=complaint, receiver=maker["sales_manager"])
    complaint.refresh_from_db()
    assert complaint.transfer_receiver == maker["sales_manager"]


def test_person_complained_about_cannot_see_the_opinion(maker):
    complaint = to_investigation(maker, "service_quality")
    opinion(maker, complaint)
    complaint.complained_about = maker["cs_deputy"]
    complaint.save(update_fields=["complained_about"])
    with pytest.raises(Recused):
        services.complaint_opinions_read(actor=maker["cs_deputy"], complaint=complaint)
    assert refusals("complaints.recused").get().actor == maker["cs_deputy"]
    assert len(services.complaint_opinions_read(actor=maker["gm"], complaint=complaint)) == 1


def test_person_complained_about_cannot_register_against_themselves(maker):
    with pytest.raises(Recused):
        maker.intake(complained_about=maker["cs_director"])


# --- authority table -------------------------------------------------------------


def test_gm_approves_compensation_within_the_table(maker):
    complaint = to_investigation(maker, "service_quality")
    opinion(maker, complaint, compensation="20000")
    services.complaint_opinion_decide(actor=maker["gm"], complaint=complaint, approve=True)
    complaint.refresh_from_db()
    assert complaint.compensation_amount == Decimal("20000")


def test_compensation_over_the_gm_limit_is_refused(maker):
    complaint = to_investigation(maker, "service_quality")
    opinion(maker, complaint, compensation="20000.01")
    with pytest.raises(CompensationOverAuthority):
        services.complaint_opinion_decide(actor=maker["gm"], complaint=complaint, approve=True)
    complaint.refresh_from_db()
    assert complaint.stage == Stage.OPINION_SUBMITTED and complaint.compensation_amount is None
    assert refusals("complaints.compensation_over_authority").count() == 1


def test_thresholds_per_position_are_configurable(maker):
    # A site letting the VP (sales) approve: 2,000 yuan is within, 2,500 is not.
    vp = maker.position("vp_sales")
    vp.capabilities = [*vp.capabilities, "complaints.approve"]
    vp.save()
    complaint = to_investigation(maker, "service_quality")
    opinion(maker, complaint, compensation="2500")
    with pytest.raises(CompensationOverAuthority):
        services.complaint_opinion_decide(
            actor=maker["vp_sales"], complaint=complaint, approve=True
        )
    CompensationLimit.objects.filter(position=vp).update(max_amount=3000)
    services.complaint_opinion_decide(actor=maker["vp_sales"], complaint=complaint, approve=True)
    complaint.refresh_from_db()
    assert complaint.stage == Stage.OPINION_APPROVED


# --- shares and memo -------------------------------------------------------------


def test_shares_not_adding_up_are_refused(maker):
    complaint = to_investigation(maker)
    with pytest.raises(SharesNotHundred):
        memo(
            maker,
            complaint,
            shares=[
                {"kind": "department", "name": "生产部", "percent": "60"},
                {"kind": "supplier", "name": "供应商", "percent": "30"},
            ],
        )
    assert not hasattr(complaint, "memo") or complaint.memo is None
    assert refusals("complaints.shares_not_100").count() == 1


def test_quality_opinion_needs_the_confirmed_memo(maker):
    complaint = to_investigation(maker)
    with pytest.raises(MemoRequired):
        opinion(maker, complaint)
    memo(maker, complaint)
    opinion(maker, complaint)


# --- steps and rights --------------------------------------------------------------


def test_no_step_can_be_skipped(maker):
    cs = maker["cs_director"]
    complaint = maker.intake()
    with pytest.raises(StepOutOfOrder):
        services.complaint_transfer(actor=cs, complaint=complaint)
    services.complaint_accept(actor=cs, complaint=complaint)
    with pytest.raises(StepOutOfOrder):
        services.complaint_reply(
            actor=cs,
            complaint=complaint,
            reply_content="x",
            reply_method="phone",
            satisfaction="satisfied",
        )
    with pytest.raises(StepOutOfOrder):
        services.complaint_close(actor=cs, complaint=complaint)
    assert refusals("complaints.step_out_of_order").count() == 3
    complaint.refresh_from_db()
    assert complaint.stage == Stage.ACCEPTED


def test_transfer_needs_the_gm(maker):
    complaint = maker.intake()
    cs = maker["cs_director"]
    services.complaint_accept(actor=cs, complaint=complaint)
    services.complaint_transfer(actor=cs, complaint=complaint)
    with pytest.raises(StepForbidden):
        services.complaint_transfer_decide(actor=cs, complaint=complaint, approve=True)
    with pytest.raises(StepOutOfOrder):
        services.complaint_slip_sign(actor=cs, complaint=complaint)


def test_only_the_receiver_writes_the_opinion(maker):
    complaint = to_investigation(maker, "service_quality")
    with pytest.raises(StepForbidden):
        opinion(maker, complaint, actor=maker["vp_sales"])


def test_receiver_signs_after_the_sender(maker):
    cs, gm = maker["cs_director"], maker["gm"]
    complaint = maker.intake()
    services.complaint_accept(actor=cs, complaint=complaint)
    services.complaint_transfer(actor=cs, complaint=complaint)
    services.complaint_transfer_decide(actor=gm, complaint=complaint, approve=True)
    with pytest.raises(StepForbidden):
        services.complaint_slip_sign(actor=maker["production_manager"], complaint=complaint)


def test_refused_step_changes_nothing(maker):
    complaint = maker.intake(now=at("2026-03-02"))
    before = AuditEntry.objects.exclude(action="complaints.refused").count()
    with pytest.raises(StepForbidden):
        services.complaint_accept(actor=maker["production_manager"], complaint=complaint)
    assert AuditEntry.objects.exclude(action="complaints.refused").count() == before
    complaint.refresh_from_db()
    assert complaint.stage == Stage.REGISTERED
