"""Two approvers at once: the complaint row lock lets exactly one decision through."""

import pytest

from kefu.assessment.models import LedgerEntry
from kefu.complaints import services
from kefu.complaints.errors import StepOutOfOrder
from kefu.complaints.models import Complaint, ComplaintStep, Stage
from kefu.core.tests.concurrency import race
from kefu.org.tests.factories import UserFactory


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_concurrent_opinion_approvals_record_one_decision(xlm):
    """Four 总经理 holders approve the same opinion at once: one approval, one
    penalty in the ledger, three coded refusals (the stage moved on)."""
    from kefu.complaints.tests.conftest import maker as make_maker

    maker = make_maker.__wrapped__(xlm)
    gms = [maker["gm"]] + [
        UserFactory(username=f"gm{i}", positions=[maker.position("gm")]) for i in range(3)
    ]
    cs = maker["cs_director"]
    complaint = maker.intake("grievance")
    services.complaint_accept(actor=cs, complaint=complaint)
    services.complaint_transfer(actor=cs, complaint=complaint)
    services.complaint_transfer_decide(actor=gms[0], complaint=complaint, approve=True)
    services.complaint_slip_sign(actor=cs, complaint=complaint)
    services.complaint_slip_sign(actor=maker["vp_sales"], complaint=complaint)
    services.complaint_opinion_submit(
        actor=maker["vp_sales"],
        complaint=complaint,
        investigation="销售经理未传达返利政策",
        opinion="罚款50元",
        penalty_person=maker["sales_manager"],
        penalty_amount="50",
    )
    results, errors = race(
        lambda i: services.complaint_opinion_decide(
            actor=gms[i], complaint=Complaint.objects.get(pk=complaint.pk), approve=True
        ),
        len(gms),
    )
    assert len(results) == 1
    assert len(errors) == 3 and all(isinstance(e, StepOutOfOrder) for e in errors)
    assert Complaint.objects.get(pk=complaint.pk).stage == Stage.OPINION_APPROVED
    assert (
        LedgerEntry.objects.filter(rule="complaints.opinion_penalty").count() == 1
    )  # seed 002 L82-86: 50 yuan on the 销售经理
    assert ComplaintStep.objects.filter(step="opinion_approved").count() == 1
