"""Intake, acceptance and classification, major-complaint notices."""

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.complaints import notices, rules
from kefu.complaints.errors import (
    FieldRequired,
    NotAnswerable,
    ReasonRequired,
    Recused,
    StepForbidden,
    TriggerUnknown,
)
from kefu.complaints.models import (
    Complaint,
    ComplaintPolicy,
    NoticeKind,
    Stage,
)
from kefu.complaints.services.base import (
    _begin,
    _holders,
    _record,
    _save,
    policy_for,
    refusals_logged,
)
from kefu.customers.models import Customer
from kefu.desk import services as desk
from kefu.desk.models import Category, Channel, RequestType, Ticket
from kefu.org.models import Position, Site, User
from kefu.org.selectors import (
    capability_grant,
    position_recipient,
    user_site_ids,
)

# --- intake ----------------------------------------------------------------------


def _previous_complaints(ticket: Ticket) -> int:
    if ticket.customer_id is None:
        return 0
    return (
        Complaint.objects.filter(site=ticket.site, ticket__customer_id=ticket.customer_id)
        .exclude(ticket=ticket)
        .count()
    )


@refusals_logged
@transaction.atomic
def complaint_intake(
    *,
    actor: User,
    site: Site,
    channel: Channel,
    category: Category,
    subject: str,
    content: str,
    occurred_at: datetime | None,
    occurred_place: str,
    customer: Customer | None = None,
    contact_name: str = "",
    contact_phone: str = "",
    is_serious: bool = False,
    complained_about: User | None = None,
    answer: str = "",
    answer_method: str = "",
    satisfaction: str = "",
    customer_words: str = "",
    now: datetime | None = None,
) -> Complaint:
    """Register a complaint on 《客户投诉登记及跟踪处理记录表单》 (seed 002 L46–62).

    Only the 客服主任 or the deputy registers (the desk's designated registrars,
    seed 002 L40); the number is YYMMDDNNN (L50); time, place and content are
    required (L54). With ``answer`` an answerable complaint (抱怨, L60, L70) is
    answered at once and closed, recorded as such.
    """
    at = now or timezone.now()
    policy = policy_for(site)
    if complained_about is not None and actor.pk == complained_about.pk:
        raise Recused()
    if complained_about is not None and site.pk not in user_site_ids(complained_about):
        raise FieldRequired(fields={"complained_about": ["?"]})
    capability = policy.step_capabilities.get("intake") or "complaints.intake"
    if capability_grant(user=actor, site=site, capability=capability, at=at) is None:
        raise StepForbidden()
    answer = (answer or "").strip()
    if answer and category.code not in policy.answerable_categories:
        raise NotAnswerable(fields={"answer": [str(NotAnswerable.default_message)]})
    request_type = RequestType.objects.get(site=site, code="complaint")
    ticket = desk.ticket_register(
        actor=actor,
        site=site,
        request_type=request_type,
        channel=channel,
        category=category,
        subject=subject,
        content=content,
        customer=customer,
        contact_name=contact_name,
        contact_phone=contact_phone,
        occurred_at=occurred_at,
        occurred_place=occurred_place,
        is_serious=is_serious,
        now=at,
    )
    complaint = Complaint.objects.create(
        ticket=ticket, site=site, stage=Stage.REGISTERED, complained_about=complained_about
    )
    _record(
        complaint,
        "intake",
        actor=actor,
        on_behalf_of=ticket.received_for,
        at=at,
        before_stage="",
        data={"number": ticket.number},
    )
    if answer:
        desk.ticket_accept(actor=actor, ticket=ticket, now=at)
        desk.ticket_reply(
            actor=actor, ticket=ticket, reply_content=answer, reply_method=answer_method, now=at
        )
        desk.ticket_close(actor=actor, ticket=ticket, note=_("Answered at intake."), now=at)
        ticket.refresh_from_db()
        complaint.stage = Stage.CLOSED
        complaint.answered_at_intake = True
        complaint.reply_method = answer_method.strip()
        complaint.reply_satisfaction = satisfaction
        complaint.customer_words = customer_words.strip()
        _save(
            complaint, "answered_at_intake", "reply_method", "reply_satisfaction", "customer_words"
        )
        _record(
            complaint,
            "answered_at_intake",
            actor=actor,
            on_behalf_of=ticket.received_for,
            at=at,
            before_stage=Stage.REGISTERED,
            note=answer,
        )
    return complaint


# --- acceptance and classification -------------------------------------------------


@refusals_logged
@transaction.atomic
def complaint_accept(
    *,
    actor: User,
    complaint: Complaint,
    accept: bool = True,
    reason: str = "",
    category: Category | None = None,
    is_serious: bool | None = None,
    major_triggers: list[str] | None = None,
    complained_about: User | None = None,
    now: datetime | None = None,
) -> Complaint:
    """受理 / 不受理 with a reason; classification, the serious flag and the
    major-complaint triggers (seed 002 L54–58; seed 000 L325, L557–559).

    A major complaint raises an immediate notice to the category owner (the
    department head) and the 总经理, and a tracked warning report to the brand
    division and legal due within the policy's hours (24 h).
    """
    complaint, policy, grant, at = _begin(actor, complaint, "accept", now)
    if complained_about is not None and actor.pk == complained_about.pk:
        raise Recused()
    before = complaint.stage
    ticket = complaint.ticket
    if not accept:
        reason = (reason or "").strip()
        if not reason:
            raise ReasonRequired(fields={"reason": [str(ReasonRequired.default_message)]})
        desk.ticket_reject(actor=actor, ticket=ticket, reason=reason, now=at)
        ticket.refresh_from_db()
        complaint.stage = Stage.NOT_ACCEPTED
        complaint.not_accepted_reason = reason
        _save(complaint, "not_accepted_reason")
        _record(
            complaint,
            "not_accepted",
            actor=actor,
            on_behalf_of=grant.on_behalf_of,
            at=at,
            before_stage=before,
            note=reason,
        )
        return complaint
    triggers = list(major_triggers or [])
    unknown = [t for t in triggers if t not in rules.MAJOR_TRIGGERS]
    if unknown:
        raise TriggerUnknown(fields={"major_triggers": unknown})
    changes: dict[str, Any] = {}
    if category is not None and category.pk != ticket.category_id:
        changes["category"] = category
    if is_serious is not None and is_serious != ticket.is_serious:
        changes["is_serious"] = is_serious
    if changes:
        desk.ticket_update(actor=actor, ticket=ticket, now=at, **changes)
        ticket.refresh_from_db()
    desk.ticket_accept(actor=actor, ticket=ticket, now=at)
    if complained_about is not None:
        complaint.complained_about = complained_about
    decision = rules.major_decision(
        triggers=triggers,
        enabled=policy.major_triggers,
        previous_complaints=_previous_complaints(ticket),
    )
    complaint.is_major = decision.is_major
    complaint.major_triggers = list(decision.triggers)
    complaint.stage = Stage.ACCEPTED
    _save(complaint, "is_major", "major_triggers", "complained_about")
    _record(
        complaint,
        "accept",
        actor=actor,
        on_behalf_of=grant.on_behalf_of,
        at=at,
        before_stage=before,
        data={
            "category": ticket.category.code if ticket.category else "",
            "is_serious": ticket.is_serious,
            "major_triggers": list(decision.triggers),
        },
    )
    if decision.is_major:
        _major_notices(complaint, policy, at)
    return complaint


def _major_notices(complaint: Complaint, policy: ComplaintPolicy, at: datetime) -> None:
    """seed 000 L557–559: tell the department head and the GM at once; the
    warning report to the brand division and legal is due within 24 h."""
    ticket = complaint.ticket
    heads = _holders(complaint.site, policy.major_notify_positions, at)
    if ticket.handling_position is not None:
        owner, _holder = position_recipient(position=ticket.handling_position, at=at)
        heads = [owner, *heads] if owner is not None else heads
    heads = [u for u in heads if u.pk != complaint.complained_about_id]
    subject = _("Major complaint %(number)s: %(subject)s") % {
        "number": ticket.number,
        "subject": ticket.subject,
    }
    notices.send(
        site=complaint.site,
        complaint=complaint,
        kind=NoticeKind.MAJOR_ALERT,
        users=heads,
        subject=subject,
        body=", ".join(complaint.major_triggers),
        dedupe_key=f"complaint:{complaint.pk}:major_alert",
        now=at,
    )
    labels = Position.objects.filter(
        site=complaint.site, code__in=policy.warning_positions
    ).values_list("department__name", flat=True)
    notices.send(
        site=complaint.site,
        complaint=complaint,
        kind=NoticeKind.WARNING_REPORT,
        recipient_label=" / ".join(n for n in labels if n),
        users=_holders(complaint.site, policy.warning_positions, at)[:1],
        subject=_("Warning report due: %(subject)s") % {"subject": subject},
        due_at=at + timedelta(hours=policy.warning_hours),
        dedupe_key=f"complaint:{complaint.pk}:warning_report",
        now=at,
    )
