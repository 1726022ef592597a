"""Reply, return-visit result, reopening, closure and tracked items."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.complaints import notices
from kefu.complaints.errors import (
    FieldRequired,
    NoticeDone,
    ReasonRequired,
    StepForbidden,
    VisitNotDue,
)
from kefu.complaints.models import (
    Complaint,
    ComplaintNotice,
    NoticeKind,
    OpinionStatus,
    Stage,
    VisitState,
)
from kefu.complaints.services.base import (
    _begin,
    _cs_director,
    _grant,
    _lock,
    _record,
    _required,
    _save,
    _stage,
    policy_for,
    refusals_logged,
)
from kefu.complaints.services.handling import _on_time
from kefu.complaints.services.scheduling import _set_visit, _visit_schedule
from kefu.core.errors import KefuError
from kefu.core.services import audit_record
from kefu.desk import services as desk
from kefu.org.models import Capability, User
from kefu.org.selectors import (
    capability_grant,
)

# --- reply, visit, close --------------------------------------------------------------


@refusals_logged
@transaction.atomic
def complaint_reply(
    *,
    actor: User,
    complaint: Complaint,
    reply_content: str,
    reply_method: str,
    satisfaction: str,
    customer_words: str = "",
    now: datetime | None = None,
) -> Complaint:
    """The 客服主任 tells the customer the handling opinion and records how, the
    customer's satisfaction and their own words (seed 002 L150–152); the return
    visit is scheduled (L156–158)."""
    from kefu.complaints.models import Satisfaction

    complaint, policy, grant, at = _begin(actor, complaint, "reply", now)
    _required(reply_content=reply_content, reply_method=reply_method, satisfaction=satisfaction)
    if satisfaction not in Satisfaction.values:
        raise FieldRequired(fields={"satisfaction": ["?"]})
    before = complaint.stage
    opinion = complaint.opinions.filter(status=OpinionStatus.APPROVED).order_by("-id").first()
    desk.ticket_reply(
        actor=actor,
        ticket=complaint.ticket,
        reply_content=reply_content,
        reply_method=reply_method,
        result=opinion.opinion if opinion else "",
        now=at,
    )
    complaint.ticket.refresh_from_db()
    complaint.reply_method = reply_method.strip()
    complaint.reply_satisfaction = satisfaction
    complaint.customer_words = (customer_words or "").strip()
    complaint.stage = Stage.REPLIED
    _save(complaint, "reply_method", "reply_satisfaction", "customer_words")
    _record(
        complaint,
        "reply",
        actor=actor,
        on_behalf_of=grant.on_behalf_of,
        at=at,
        before_stage=before,
        note=reply_content.strip(),
        data={"satisfaction": satisfaction, "method": complaint.reply_method},
        due_at=complaint.ticket.reply_due,
    )
    _visit_schedule(complaint, policy, actor, at)
    return complaint


@refusals_logged
@transaction.atomic
def complaint_reopen(
    *, actor: User, complaint: Complaint, reason: str, now: datetime | None = None
) -> Complaint:
    """Back to handling after an unsatisfied visit (seed 004 L373 "直到客户满意为止",
    seed 002 [LAW] L320): the desk request reopens and the handler writes a
    new opinion, which is approved and replied again."""
    complaint, _policy, grant, at = _begin(actor, complaint, "visit", now)
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired(fields={"reason": [str(ReasonRequired.default_message)]})
    before = complaint.stage
    desk.ticket_reopen(actor=actor, ticket=complaint.ticket, reason=reason, now=at)
    complaint.stage = Stage.INVESTIGATING
    complaint.visit_state = VisitState.UNSATISFIED
    _save(complaint, "visit_state")
    _record(
        complaint,
        "reopened",
        actor=actor,
        on_behalf_of=grant.on_behalf_of,
        at=at,
        before_stage=before,
        note=reason,
    )
    ticket = complaint.ticket
    ticket.refresh_from_db()
    notices.send(
        site=complaint.site,
        complaint=complaint,
        kind=NoticeKind.REOPENED,
        users=[u for u in [ticket.assignee] if u is not None],
        subject=_("Complaint %(number)s reopened: the customer is not satisfied")
        % {"number": ticket.number},
        body=reason,
        now=at,
    )
    return complaint


@refusals_logged
def complaint_visit_result(
    *,
    actor: User,
    complaint: Complaint,
    satisfied: bool,
    note: str = "",
    from_visits_app: bool = False,
    now: datetime | None = None,
) -> Complaint:
    """A return visit's result (seed 002 L156–158). Satisfied: done. Not
    satisfied: handling reopens (policy), or another visit is scheduled, "until
    the customer is satisfied" (seed 004 L373).

    From the visits app (``from_visits_app``) the visitor need not hold the
    complaint's visit capability; if they may not reopen, the 客服主任 is told to.
    """
    at = now or timezone.now()
    with transaction.atomic():
        complaint = _lock(complaint)
        policy = policy_for(complaint.site)
        grant = None
        if not from_visits_app:
            grant = _grant(actor, complaint, "visit", at, policy)
        _stage(complaint, "visit")
        complaint.visit_count += 1
        complaint.visit_state = VisitState.SATISFIED if satisfied else VisitState.UNSATISFIED
        _save(complaint, "visit_count", "visit_state")
        _record(
            complaint,
            "visit",
            actor=actor,
            on_behalf_of=grant.on_behalf_of if grant else None,
            at=at,
            before_stage=complaint.stage,
            note=(note or "").strip(),
            data={"satisfied": satisfied, "visit_count": complaint.visit_count},
        )
        if satisfied:
            return complaint
        if not policy.reopen_on_unsatisfied_visit:
            _set_visit(
                complaint, timezone.localdate(at) + timedelta(days=1), actor, at, "complaint_reply"
            )
            return complaint
    reason = _("Return visit: the customer is not satisfied. %(note)s") % {"note": note or ""}
    try:
        return complaint_reopen(actor=actor, complaint=complaint, reason=reason, now=at)
    except KefuError:
        if not from_visits_app:
            raise
    notices.send(
        site=complaint.site,
        complaint=complaint,
        kind=NoticeKind.REOPENED,
        users=_cs_director(complaint, at),
        subject=_("Reopen complaint %(number)s: the customer is not satisfied")
        % {"number": complaint.ticket.number},
        body=note,
        now=at,
    )
    return complaint


@refusals_logged
@transaction.atomic
def complaint_close(
    *, actor: User, complaint: Complaint, note: str = "", now: datetime | None = None
) -> Complaint:
    """结案 within the site's closure limit (seed 000 L345: 7 days; the desk's
    closure clock). The reply must be given and the return visit scheduled."""
    complaint, _policy, grant, at = _begin(actor, complaint, "close", now)
    if complaint.visit_state not in (VisitState.SCHEDULED, VisitState.SATISFIED):
        raise VisitNotDue()
    before = complaint.stage
    ticket = complaint.ticket
    desk.ticket_close(actor=actor, ticket=ticket, note=note, now=at)
    ticket.refresh_from_db()
    complaint.stage = Stage.CLOSED
    _save(complaint)
    _record(
        complaint,
        "close",
        actor=actor,
        on_behalf_of=grant.on_behalf_of,
        at=at,
        before_stage=before,
        note=(note or "").strip(),
        data={"on_time": _on_time(at, ticket.closure_due)},
        due_at=ticket.closure_due,
    )
    return complaint


@transaction.atomic
def notice_done(
    *, actor: User, notice: ComplaintNotice, note: str = "", now: datetime | None = None
) -> ComplaintNotice:
    """Mark a tracked item done (e.g. the warning report was filed)."""
    at = now or timezone.now()
    notice = ComplaintNotice.objects.select_for_update().get(pk=notice.pk)
    if notice.done_at is not None:
        raise NoticeDone()
    if notice.recipient_id != actor.pk and not actor.is_superuser:
        allowed = any(
            capability_grant(user=actor, site=notice.site, capability=c, at=at)
            for c in ("complaints.accept", "complaints.approve", Capability.MANAGE)
        )
        if not allowed:
            raise StepForbidden()
    notice.done_at, notice.done_by = at, actor
    notice.save(update_fields=["done_at", "done_by", "updated_at"])
    audit_record(
        actor=actor,
        action="complaints.notice_done",
        target=notice.complaint or notice.site,
        site=notice.site,
        at=at,
        changes={"notice": [None, notice.pk], "kind": [None, notice.kind]},
        note=note,
    )
    return notice
