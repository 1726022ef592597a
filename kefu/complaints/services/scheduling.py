"""Scheduling the return visit here and in the visits app."""

from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.complaints import notices, rules
from kefu.complaints.models import (
    Complaint,
    ComplaintPolicy,
    NoticeKind,
    QualityMemo,
    VisitState,
)
from kefu.complaints.services.base import (
    _cs_director,
    _memo_category,
    _record,
    _save,
)
from kefu.org.models import User


def _visit_schedule(
    complaint: Complaint, policy: ComplaintPolicy, actor: User | None, at: datetime
) -> None:
    """Schedule the return visit (seed 002 L156–158) here and in the visits app."""
    memo_category = _memo_category(complaint, policy)
    memo = QualityMemo.objects.filter(complaint=complaint).first()
    replied = complaint.ticket.replied_at
    due = rules.visit_due_on(
        memo_category=memo_category,
        replied_on=timezone.localdate(replied) if replied else None,
        delivered_on=memo.delivered_on if memo else None,
        days_after_reply=policy.visit_days_after_reply,
        days_after_delivery=policy.visit_days_after_delivery,
    )
    reason = "repair_delivered" if memo_category else "complaint_reply"
    _set_visit(complaint, due, actor, at, reason)


def _set_visit(
    complaint: Complaint, due: date | None, actor: User | None, at: datetime, reason: str
) -> None:
    if due is None:
        complaint.visit_state = VisitState.WAITING_DELIVERY
        _save(complaint, "visit_state")
        return
    complaint.visit_state, complaint.visit_due_on = VisitState.SCHEDULED, due
    _save(complaint, "visit_state", "visit_due_on")
    _record(
        complaint,
        "visit_scheduled",
        actor=actor,
        on_behalf_of=None,
        at=at,
        before_stage=complaint.stage,
        data={"due_on": due.isoformat(), "reason": reason},
    )
    ticket = complaint.ticket
    notices.send(
        site=complaint.site,
        complaint=complaint,
        kind=NoticeKind.VISIT_DUE,
        users=_cs_director(complaint, at),
        subject=_("Return visit for complaint %(number)s on %(day)s")
        % {"number": ticket.number, "day": due.isoformat()},
        due_at=timezone.make_aware(datetime.combine(due, datetime.max.time())),
        now=at,
    )
    try:
        from kefu.visits.services import visit_schedule
    except ImportError:  # the visits app is not there: the notice is the to-do
        return
    visit_schedule(
        actor=None,
        site=complaint.site,
        reason=reason,
        due_on=due,
        customer=ticket.customer,
        ticket=ticket,
        note=ticket.number,
    )
