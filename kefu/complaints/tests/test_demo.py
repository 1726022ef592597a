"""The complaints demo: complaints at each step at the furniture maker."""

import pytest

from kefu.complaints.models import Complaint, ComplaintNotice, NoticeKind, Stage


@pytest.mark.slow
def test_demo_has_complaints_at_each_step(demo):
    stages = set(Complaint.objects.values_list("stage", flat=True))
    assert stages == set(Stage.values)
    assert Complaint.objects.filter(is_major=True).count() == 1
    assert ComplaintNotice.objects.filter(kind=NoticeKind.WARNING_REPORT).count() == 1
    closed = Complaint.objects.get(stage=Stage.CLOSED, answered_at_intake=False)
    slip = closed.slips.get()
    assert slip.sender_signed_at and slip.receiver_signed_at
    assert sum(s.cost_fen for s in closed.memo.shares.all()) == 128050
    intake = Complaint.objects.filter(steps__step="intake", steps__on_behalf_of__isnull=False)
    assert intake.count() == 1  # registered by the deputy on the 客服主任's behalf
    assert Complaint.objects.filter(answered_at_intake=True).count() == 1
