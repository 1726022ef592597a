"""Complaint handling's write path: one function per step of seed 002 §4.1.

A complaint is a desk ``Ticket`` (type 投诉) plus a ``Complaint``; the desk's
lifecycle services move the ticket (register, accept, reject, assign, start,
reply, close, reopen) and keep its SLA clocks (first_response,
handling_opinion, closure …), and these services run the complaint's own steps
around them. Each step: one transaction, the complaint row locked, the stage
checked (no step can be skipped, ``rules.STEP_SOURCES``), the actor's right
checked through the policy's capability for the step (their own position or as
deputy, recorded "on behalf of"), recusal of the person complained about
(seed 000 L551), one ``ComplaintStep`` and one audit entry.

Rule refusals (``logged`` errors) are also written to the audit trail as
``complaints.refused`` and to the log, after the refused step rolled back.
"""

import functools
import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.complaints import notices, rules
from kefu.complaints.errors import (
    AlreadySigned,
    BadAmount,
    CompensationOverAuthority,
    FieldRequired,
    MemoRequired,
    NotAnswerable,
    NoticeDone,
    PolicyMissing,
    PresetUnknown,
    ReasonRequired,
    ReceiverInvalid,
    Recused,
    SharesNotHundred,
    StepForbidden,
    StepOutOfOrder,
    TriggerUnknown,
    VisitNotDue,
)
from kefu.complaints.models import (
    CompensationLimit,
    Complaint,
    ComplaintNotice,
    ComplaintPolicy,
    ComplaintStep,
    HandlingOpinion,
    NoticeKind,
    OpinionStatus,
    PartyKind,
    PenaltyEntry,
    QualityMemo,
    ResponsibilityShare,
    Stage,
    TransferSlip,
    VisitState,
)
from kefu.core.errors import KefuError
from kefu.core.services import audit_record
from kefu.customers.models import Customer
from kefu.desk import services as desk
from kefu.desk.models import Category, Channel, RequestType, Ticket
from kefu.org.models import Capability, Department, Position, Site, User
from kefu.org.selectors import (
    ActingPosition,
    acting_positions,
    capability_grant,
    position_recipient,
    user_site_ids,
)

log = logging.getLogger(__name__)
OPINION_DECISION_FIELDS = ["status", "decided_by", "decided_at", "decision_note", "updated_at"]
F = TypeVar("F", bound=Callable[..., Any])


# --- plumbing ------------------------------------------------------------------


def refusals_logged(func: F) -> F:
    """Write a refused rule (a ``logged`` error) to the audit trail and the log.

    Runs outside the step's transaction, so the refusal stays recorded while
    the step itself changed nothing.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KefuError as exc:
            if getattr(exc, "logged", False):
                _refusal_record(func.__name__, exc, kwargs)
            raise

    return wrapper  # type: ignore[return-value]


def _refusal_record(name: str, exc: KefuError, kwargs: dict[str, Any]) -> None:
    actor = kwargs.get("actor")
    complaint = kwargs.get("complaint")
    site = complaint.site if complaint is not None else kwargs.get("site")
    target = complaint or site
    log.warning(
        "complaint step refused: %s by %s on %s: %s",
        name,
        getattr(actor, "pk", None),
        getattr(target, "pk", None),
        exc.code,
    )
    if target is None:
        return
    audit_record(
        actor=actor,
        action="complaints.refused",
        target=target,
        site=site,
        changes={"step": [None, name], "code": [None, exc.code]},
        note=str(exc.message),
    )


def policy_for(site: Site) -> ComplaintPolicy:
    policy = ComplaintPolicy.objects.filter(site=site).first()
    if policy is None:
        raise PolicyMissing()
    return policy


def _lock(complaint: Complaint) -> Complaint:
    return (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("ticket", "site", "ticket__category")
        .get(pk=complaint.pk)
    )


def _recusal(actor: User, complaint: Complaint) -> None:
    """seed 000 L551: the person complained about takes no part."""
    if complaint.complained_about_id and actor.pk == complaint.complained_about_id:
        raise Recused()


def _grant(
    actor: User, complaint: Complaint, step: str, at: datetime, policy: ComplaintPolicy
) -> ActingPosition:
    _recusal(actor, complaint)
    capability = policy.step_capabilities.get(step) or rules.DEFAULT_STEP_CAPABILITIES[step]
    grant = capability_grant(user=actor, site=complaint.site, capability=capability, at=at)
    if grant is None:
        raise StepForbidden()
    return grant


def _stage(complaint: Complaint, step: str) -> None:
    if not rules.step_allowed(step, complaint.stage):
        raise StepOutOfOrder()


def _begin(
    actor: User, complaint: Complaint, step: str, now: datetime | None
) -> tuple[Complaint, ComplaintPolicy, ActingPosition, datetime]:
    at = now or timezone.now()
    complaint = _lock(complaint)
    policy = policy_for(complaint.site)
    grant = _grant(actor, complaint, step, at, policy)
    _stage(complaint, step)
    return complaint, policy, grant, at


def _record(
    complaint: Complaint,
    step: str,
    *,
    actor: User | None,
    on_behalf_of: User | None,
    at: datetime,
    before_stage: str,
    note: str = "",
    data: dict[str, Any] | None = None,
    due_at: datetime | None = None,
) -> ComplaintStep:
    """Save the complaint's changed stage and write the step and its audit entry."""
    record = ComplaintStep.objects.create(
        complaint=complaint,
        step=step,
        actor=actor,
        on_behalf_of=on_behalf_of,
        at=at,
        due_at=due_at,
        note=note,
        data=data or {},
    )
    changes: dict[str, list[Any]] = {}
    if before_stage != complaint.stage:
        changes["stage"] = [before_stage, complaint.stage]
    for key, value in (data or {}).items():
        changes[key] = [None, value]
    audit_record(
        actor=actor,
        on_behalf_of=on_behalf_of,
        action=f"complaints.{step}",
        target=complaint,
        site=complaint.site,
        at=at,
        changes=changes,
        note=note,
    )
    return record


def _save(complaint: Complaint, *fields: str) -> None:
    complaint.save(update_fields=sorted({"stage", "updated_at", *fields}))


def _amount(value: Any, field: str) -> Decimal | None:
    try:
        return rules.parse_amount(value)
    except ValueError:
        raise BadAmount(fields={field: [str(BadAmount.default_message)]}) from None


def _required(**values: Any) -> None:
    missing = [k for k, v in values.items() if not (str(v).strip() if v is not None else "")]
    if missing:
        raise FieldRequired(fields={k: [str(FieldRequired.default_message)] for k in missing})


def _holders(site: Site, codes: list[str], at: datetime) -> list[User]:
    """Who receives work for the positions ``codes`` now (deputies for the absent)."""
    users = []
    for position in Position.objects.filter(site=site, code__in=codes).order_by("pk"):
        user, _holder = position_recipient(position=position, at=at)
        if user is not None:
            users.append(user)
    return users


def _cs_director(complaint: Complaint, at: datetime) -> list[User]:
    """The 客服主任 who registered the complaint (or whom the deputy stood in for)."""
    ticket = complaint.ticket
    return [ticket.received_for or ticket.received_by]


# --- configuration -------------------------------------------------------------


@transaction.atomic
def complaint_preset_apply(*, actor: User | None, site: Site, key: str) -> ComplaintPolicy:
    """Set a site up with the complaint preset ``key`` (``kefu.complaints.policies``).

    Idempotent. Applies the desk preset of the same key (types, categories,
    routing) and its SLA policy if the site has none, adds the positions the
    preset needs, grants each position its step capabilities, fills the
    authority table, and adds the closure clock (seed 000 L345: 7 days) to the
    site's SLA policy when it has none for complaints.
    """
    from kefu.complaints.policies import PRESETS
    from kefu.desk.models import SlaTarget

    preset = PRESETS.get(key)
    if preset is None:
        raise PresetUnknown(fields={"preset": [key]})
    desk.site_desk_preset_apply(actor=actor, site=site, key=key)
    sla_policy = desk.sla_active_policy(site) or desk.site_sla_preset_apply(
        actor=actor, site=site, key=key
    )
    if not SlaTarget.objects.filter(
        policy=sla_policy, clock="closure", request_type_code__in=["", "complaint"]
    ).exists():
        SlaTarget.objects.create(
            policy=sla_policy,
            clock="closure",
            kind="calendar_days",
            amount=preset["policy"]["closure_days"],
            request_type_code="complaint",
            sort_order=99,
        )
    departments = {}
    for code, name in preset["departments"]:
        departments[code], _new = Department.objects.get_or_create(
            site=site, code=code, defaults={"name": name}
        )
    for code, name, dept in preset["positions"]:
        Position.objects.get_or_create(
            site=site, code=code, defaults={"name": name, "department": departments[dept]}
        )
    for code, capabilities in preset["capabilities"].items():
        position = Position.objects.filter(site=site, code=code).first()
        if position is None:
            continue
        held = list(position.capabilities or [])
        missing = [c for c in capabilities if c not in held]
        if missing:
            position.capabilities = held + missing
            position.save(update_fields=["capabilities", "updated_at"])
    for code, amount in preset["authority"]:
        position = Position.objects.filter(site=site, code=code).first()
        if position is not None:
            CompensationLimit.objects.get_or_create(
                site=site, position=position, defaults={"max_amount": amount}
            )
    policy, created = ComplaintPolicy.objects.get_or_create(
        site=site, defaults={"preset_key": key, **preset["policy"]}
    )
    audit_record(
        actor=actor,
        action="complaints.preset_applied",
        target=site,
        site=site,
        note=key,
        changes={"complaint_policy": [None, policy.pk]} if created else {},
    )
    return policy


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


# --- transfer ----------------------------------------------------------------------


def _site_position(site: Site, position: Position | None) -> Position | None:
    if position is not None and position.site_id != site.pk:
        raise ReceiverInvalid(fields={"position": [str(ReceiverInvalid.default_message)]})
    return position


@refusals_logged
@transaction.atomic
def complaint_transfer(
    *,
    actor: User,
    complaint: Complaint,
    position: Position | None = None,
    receiver: User | None = None,
    summary: str = "",
    now: datetime | None = None,
) -> Complaint:
    """The 客服主任 names the department and position by responsibility and signs
    (seed 002 L62); by default the category's owner and whoever holds it now (the
    deputy when the holder is absent). The person complained about can never
    receive it (seed 000 L551). With the policy's approval the 总经理 decides next."""
    complaint, policy, grant, at = _begin(actor, complaint, "transfer", now)
    ticket = complaint.ticket
    position = _site_position(complaint.site, position) or ticket.handling_position
    if position is None:
        raise ReceiverInvalid(fields={"position": [str(ReceiverInvalid.default_message)]})
    if receiver is None:
        receiver, _holder = position_recipient(position=position, at=at)
    if receiver is None or not receiver.is_active:
        raise ReceiverInvalid(fields={"receiver": [str(ReceiverInvalid.default_message)]})
    if complaint.site_id not in user_site_ids(receiver):
        raise ReceiverInvalid(fields={"receiver": [str(ReceiverInvalid.default_message)]})
    if receiver.pk == complaint.complained_about_id:
        raise Recused(fields={"receiver": [str(Recused.default_message)]})
    before = complaint.stage
    slip = TransferSlip.objects.create(
        complaint=complaint,
        to_position=position,
        sender=actor,
        receiver=receiver,
        summary=(summary or "").strip() or ticket.subject,
    )
    complaint.transfer_position = position
    complaint.transfer_receiver = receiver
    if policy.transfer_needs_approval:
        complaint.stage = Stage.TRANSFER_REQUESTED
        notices.send(
            site=complaint.site,
            complaint=complaint,
            kind=NoticeKind.APPROVAL_NEEDED,
            users=[
                u
                for u in _approvers(complaint, policy, at)
                if u.pk != complaint.complained_about_id
            ],
            subject=_("Approve the transfer of complaint %(number)s") % {"number": ticket.number},
            now=at,
        )
    else:
        complaint.stage = Stage.TRANSFER_APPROVED
    _save(complaint, "transfer_position", "transfer_receiver")
    _record(
        complaint,
        "transfer",
        actor=actor,
        on_behalf_of=grant.on_behalf_of,
        at=at,
        before_stage=before,
        data={"slip": slip.pk, "position": position.code, "receiver": receiver.pk},
    )
    return complaint


def _approvers(complaint: Complaint, policy: ComplaintPolicy, at: datetime) -> list[User]:
    capability = policy.step_capabilities.get("transfer_decide") or "complaints.approve"
    codes = [
        p.code
        for p in Position.objects.filter(site=complaint.site)
        if capability in (p.capabilities or [])
    ]
    return _holders(complaint.site, codes, at)


def current_slip(complaint: Complaint) -> TransferSlip | None:
    return complaint.slips.order_by("-id").first()


@refusals_logged
@transaction.atomic
def complaint_transfer_decide(
    *,
    actor: User,
    complaint: Complaint,
    approve: bool,
    note: str = "",
    now: datetime | None = None,
) -> Complaint:
    """总经理审批 of the transfer (seed 002 L62); refused, it goes back to the
    客服主任 to route again (a reason is required)."""
    complaint, _policy, grant, at = _begin(actor, complaint, "transfer_decide", now)
    before = complaint.stage
    slip = current_slip(complaint)
    note = (note or "").strip()
    if approve:
        slip.approved_by = actor
        slip.approved_at = at
        slip.save(update_fields=["approved_by", "approved_at", "updated_at"])
        complaint.stage = Stage.TRANSFER_APPROVED
        notices.send(
            site=complaint.site,
            complaint=complaint,
            kind=NoticeKind.SLIP_TO_SIGN,
            users=[slip.sender, slip.receiver],
            subject=_("Sign the transfer slip of complaint %(number)s")
            % {"number": complaint.ticket.number},
            now=at,
        )
    else:
        if not note:
            raise ReasonRequired(fields={"note": [str(ReasonRequired.default_message)]})
        complaint.stage = Stage.ACCEPTED
    _save(complaint)
    _record(
        complaint,
        "transfer_approved" if approve else "transfer_refused",
        actor=actor,
        on_behalf_of=grant.on_behalf_of,
        at=at,
        before_stage=before,
        note=note,
    )
    return complaint


@refusals_logged
@transaction.atomic
def complaint_slip_sign(
    *, actor: User, complaint: Complaint, name: str = "", now: datetime | None = None
) -> Complaint:
    """Confirm 《客户投诉转交处理联系单》: the sender first, then the receiver, each
    with name and time (seed 002 L64 "双方签字确认"). The sender's signature
    assigns the request to the receiver; the receiver's starts the investigation
    and archives the slip with the complaint."""
    at = now or timezone.now()
    complaint = _lock(complaint)
    _recusal(actor, complaint)
    _stage(complaint, "slip_sign")
    policy = policy_for(complaint.site)
    slip = current_slip(complaint)
    before = complaint.stage
    ticket = complaint.ticket
    name = (name or "").strip() or str(actor)
    if slip.sender_signed_at is None:
        grant = _grant(actor, complaint, "slip_sign", at, policy)
        if actor.pk == slip.receiver_id:
            raise StepOutOfOrder()
        slip.sender_name, slip.sender_signed_at = name, at
        slip.save(update_fields=["sender_name", "sender_signed_at", "updated_at"])
        desk.ticket_assign(actor=actor, ticket=ticket, assignee=slip.receiver, now=at)
        step, on_behalf = "slip_signed_sender", grant.on_behalf_of
    else:
        if actor.pk != slip.receiver_id:
            raise AlreadySigned()
        slip.receiver_name, slip.receiver_signed_at = name, at
        slip.archived_at = at
        slip.save(
            update_fields=["receiver_name", "receiver_signed_at", "archived_at", "updated_at"]
        )
        desk.ticket_start(actor=actor, ticket=ticket, now=at)
        ticket.refresh_from_db()
        complaint.stage = Stage.INVESTIGATING
        notices.send(
            site=complaint.site,
            complaint=complaint,
            kind=NoticeKind.OPINION_DUE,
            users=[actor],
            subject=_("Handling opinion due for complaint %(number)s") % {"number": ticket.number},
            due_at=ticket.handling_opinion_due,
            now=at,
        )
        step, on_behalf = "slip_signed_receiver", None
    _save(complaint)
    _record(
        complaint,
        step,
        actor=actor,
        on_behalf_of=on_behalf,
        at=at,
        before_stage=before,
        data={"name": name},
    )
    return complaint


# --- investigation -------------------------------------------------------------------


def _handler_check(actor: User, complaint: Complaint, at: datetime) -> None:
    """Only the receiver of the transfer, or whoever acts in the receiving
    position (a deputy), writes the opinion (seed 002 P3)."""
    if actor.is_superuser or actor.pk == complaint.ticket.assignee_id:
        return
    for acting in acting_positions(user=actor, site=complaint.site, at=at):
        if acting.position.pk == complaint.transfer_position_id:
            return
    raise StepForbidden()


def _memo_category(complaint: Complaint, policy: ComplaintPolicy) -> bool:
    category = complaint.ticket.category
    return category is not None and category.code in policy.memo_categories


@refusals_logged
@transaction.atomic
def complaint_memo_save(
    *,
    actor: User,
    complaint: Complaint,
    facts: str,
    repair_cost: Any,
    shares: list[dict[str, Any]],
    repair_deadline: date | None = None,
    customer_confirmed: bool = False,
    now: datetime | None = None,
) -> QualityMemo:
    """《客户产品质量投诉处理备忘单》 (seed 002 L108–116): on-site facts,
    responsibility shares between departments, supplier and customer that must
    add up to exactly 100 %, and the repair cost split by them to the fen
    (``rules.split_cost``, largest remainder); confirmed with the customer and
    countersigned."""
    complaint, policy, grant, at = _begin(actor, complaint, "memo", now)
    if not _memo_category(complaint, policy):
        raise StepOutOfOrder()
    _required(facts=facts)
    cost = _amount(repair_cost, "repair_cost")
    if cost is None:
        raise BadAmount(fields={"repair_cost": [str(BadAmount.default_message)]})
    parsed = []
    for i, share in enumerate(shares or []):
        kind = share.get("kind")
        if kind not in PartyKind.values:
            raise SharesNotHundred(fields={f"shares.{i}.kind": ["?"]})
        try:
            percent = rules.parse_amount(share.get("percent"))
        except ValueError:
            percent = None
        department = share.get("department")
        if department is not None and department.site_id != complaint.site_id:
            raise SharesNotHundred(fields={f"shares.{i}.department": ["?"]})
        name = (share.get("name") or "").strip() or (department.name if department else "")
        if percent is None or not name:
            raise SharesNotHundred(fields={f"shares.{i}": ["?"]})
        parsed.append((kind, department, name, percent))
    percents = [p for _k, _d, _n, p in parsed]
    if not rules.shares_valid(percents):
        raise SharesNotHundred(
            fields={"shares": [str(SharesNotHundred.default_message)]},
        )
    parts = rules.split_cost(rules.yuan_to_fen(cost), percents)
    memo, _new = QualityMemo.objects.select_for_update().get_or_create(
        complaint=complaint, defaults={"facts": facts.strip(), "repair_cost": cost}
    )
    memo.facts, memo.repair_cost, memo.repair_deadline = facts.strip(), cost, repair_deadline
    if customer_confirmed and not memo.customer_confirmed:
        memo.customer_confirmed, memo.countersigned_by, memo.completed_at = True, actor, at
    memo.save()
    memo.shares.all().delete()
    ResponsibilityShare.objects.bulk_create(
        ResponsibilityShare(
            memo=memo,
            kind=kind,
            department=department,
            name=name,
            percent=percent,
            cost_fen=fen,
            sort_order=i,
        )
        for i, ((kind, department, name, percent), fen) in enumerate(
            zip(parsed, parts, strict=True)
        )
    )
    _record(
        complaint,
        "memo",
        actor=actor,
        on_behalf_of=grant.on_behalf_of,
        at=at,
        before_stage=complaint.stage,
        data={
            "repair_cost": str(cost),
            "shares": [[n, str(p), fen] for (_k, _d, n, p), fen in zip(parsed, parts, strict=True)],
            "customer_confirmed": memo.customer_confirmed,
        },
    )
    return memo


@refusals_logged
@transaction.atomic
def complaint_delivery_record(
    *, actor: User, complaint: Complaint, delivered_on: date, now: datetime | None = None
) -> Complaint:
    """The repaired product was delivered (seed 002 L122); once replied, the
    return visit is scheduled for the day after (L156)."""
    complaint, policy, grant, at = _begin(actor, complaint, "delivery", now)
    memo = QualityMemo.objects.filter(complaint=complaint).first()
    if memo is None:
        raise MemoRequired()
    if delivered_on is None:
        raise FieldRequired(fields={"delivered_on": [str(FieldRequired.default_message)]})
    memo.delivered_on = delivered_on
    memo.save(update_fields=["delivered_on", "updated_at"])
    _record(
        complaint,
        "delivery",
        actor=actor,
        on_behalf_of=grant.on_behalf_of,
        at=at,
        before_stage=complaint.stage,
        data={"delivered_on": delivered_on.isoformat()},
    )
    if complaint.visit_state == VisitState.WAITING_DELIVERY:
        _visit_schedule(complaint, policy, actor, at)
    return complaint


@refusals_logged
@transaction.atomic
def complaint_opinion_submit(
    *,
    actor: User,
    complaint: Complaint,
    investigation: str,
    opinion: str,
    penalty_person: User | None = None,
    penalty_amount: Any = None,
    compensation_amount: Any = None,
    now: datetime | None = None,
) -> HandlingOpinion:
    """The category owner's 投诉调查处理意见 (seed 002 L86, L96, L128, L138, L146),
    with an optional proposed penalty (person, amount) and compensation. A
    product-quality complaint needs its confirmed memo first (L108–116)."""
    complaint, policy, grant, at = _begin(actor, complaint, "opinion", now)
    _handler_check(actor, complaint, at)
    _required(investigation=investigation, opinion=opinion)
    penalty = _amount(penalty_amount, "penalty_amount")
    compensation = _amount(compensation_amount, "compensation_amount")
    if (penalty_person is None) != (not penalty):
        raise FieldRequired(fields={"penalty_person": ["?"], "penalty_amount": ["?"]})
    if penalty_person is not None and complaint.site_id not in user_site_ids(penalty_person):
        raise FieldRequired(fields={"penalty_person": ["?"]})
    if _memo_category(complaint, policy):
        memo = QualityMemo.objects.filter(complaint=complaint).first()
        if memo is None or not memo.customer_confirmed:
            raise MemoRequired()
    before = complaint.stage
    ticket = complaint.ticket
    record = HandlingOpinion.objects.create(
        complaint=complaint,
        author=actor,
        author_for=grant.on_behalf_of,
        investigation=investigation.strip(),
        opinion=opinion.strip(),
        penalty_person=penalty_person,
        penalty_amount=penalty,
        compensation_amount=compensation,
        submitted_at=at,
        due_at=ticket.handling_opinion_due,
    )
    data = {"opinion": record.pk, "on_time": _on_time(at, ticket.handling_opinion_due)}
    if policy.opinion_needs_approval:
        complaint.stage = Stage.OPINION_SUBMITTED
        _save(complaint)
        _record(
            complaint,
            "opinion",
            actor=actor,
            on_behalf_of=grant.on_behalf_of,
            at=at,
            before_stage=before,
            data=data,
            due_at=ticket.handling_opinion_due,
        )
        notices.send(
            site=complaint.site,
            complaint=complaint,
            kind=NoticeKind.APPROVAL_NEEDED,
            users=[
                u
                for u in _approvers(complaint, policy, at)
                if u.pk != complaint.complained_about_id
            ],
            subject=_("Approve the handling opinion of complaint %(number)s")
            % {"number": ticket.number},
            now=at,
        )
    else:
        complaint.stage = Stage.OPINION_SUBMITTED
        _record(
            complaint,
            "opinion",
            actor=actor,
            on_behalf_of=grant.on_behalf_of,
            at=at,
            before_stage=before,
            data=data,
            due_at=ticket.handling_opinion_due,
        )
        _opinion_approve(complaint, record, actor, grant, at)
    return record


def _on_time(at: datetime, due: datetime | None) -> bool | None:
    return None if due is None else at <= due


def _approval_limits(actor: User, site: Site, at: datetime) -> list[Decimal]:
    positions = [a.position.pk for a in acting_positions(user=actor, site=site, at=at)]
    return list(
        CompensationLimit.objects.filter(site=site, position_id__in=positions).values_list(
            "max_amount", flat=True
        )
    )


def _opinion_approve(
    complaint: Complaint,
    opinion: HandlingOpinion,
    actor: User,
    grant: ActingPosition,
    at: datetime,
    note: str = "",
) -> None:
    if not actor.is_superuser and not rules.may_approve_compensation(
        opinion.compensation_amount, _approval_limits(actor, complaint.site, at)
    ):
        raise CompensationOverAuthority()
    before = complaint.stage
    opinion.status = OpinionStatus.APPROVED
    opinion.decided_by, opinion.decided_at, opinion.decision_note = actor, at, note
    opinion.save(update_fields=OPINION_DECISION_FIELDS)
    if opinion.penalty_person_id and opinion.penalty_amount:
        PenaltyEntry.objects.create(
            site=complaint.site,
            complaint=complaint,
            opinion=opinion,
            person=opinion.penalty_person,
            amount=opinion.penalty_amount,
            proposed_by=opinion.author,
            approved_by=actor,
            approved_at=at,
        )
    complaint.compensation_amount = opinion.compensation_amount
    complaint.stage = Stage.OPINION_APPROVED
    _save(complaint, "compensation_amount")
    ticket = complaint.ticket
    _record(
        complaint,
        "opinion_approved",
        actor=actor,
        on_behalf_of=grant.on_behalf_of,
        at=at,
        before_stage=before,
        note=note,
        data={
            "opinion": opinion.pk,
            "compensation": str(opinion.compensation_amount or ""),
            "back_to_cs_on_time": _on_time(at, ticket.handling_opinion_due),
        },
        due_at=ticket.handling_opinion_due,
    )
    notices.send(
        site=complaint.site,
        complaint=complaint,
        kind=NoticeKind.REPLY_DUE,
        users=_cs_director(complaint, at),
        subject=_("Reply to the customer of complaint %(number)s") % {"number": ticket.number},
        due_at=ticket.reply_due,
        now=at,
    )


@refusals_logged
@transaction.atomic
def complaint_opinion_decide(
    *,
    actor: User,
    complaint: Complaint,
    approve: bool,
    note: str = "",
    now: datetime | None = None,
) -> Complaint:
    """总经理 approves the handling opinion, or returns it with a reason (seed 002
    L86, L96, L128). A compensation must be within the approver's line of the
    authority table (seed 000 L565). Approved, the opinion goes back to the
    客服主任 (its time against the handling-opinion deadline is recorded) and a
    proposed penalty enters the penalty ledger."""
    complaint, _policy, grant, at = _begin(actor, complaint, "opinion_decide", now)
    opinion = complaint.opinions.filter(status=OpinionStatus.SUBMITTED).order_by("-id").first()
    note = (note or "").strip()
    if approve:
        _opinion_approve(complaint, opinion, actor, grant, at, note)
        return complaint
    if not note:
        raise ReasonRequired(fields={"note": [str(ReasonRequired.default_message)]})
    before = complaint.stage
    opinion.status = OpinionStatus.RETURNED
    opinion.decided_by, opinion.decided_at, opinion.decision_note = actor, at, note
    opinion.save(update_fields=OPINION_DECISION_FIELDS)
    complaint.stage = Stage.INVESTIGATING
    _save(complaint)
    _record(
        complaint,
        "opinion_returned",
        actor=actor,
        on_behalf_of=grant.on_behalf_of,
        at=at,
        before_stage=before,
        note=note,
        data={"opinion": opinion.pk},
    )
    notices.send(
        site=complaint.site,
        complaint=complaint,
        kind=NoticeKind.OPINION_RETURNED,
        users=[opinion.author],
        subject=_("Handling opinion returned: %(number)s") % {"number": complaint.ticket.number},
        body=note,
        due_at=complaint.ticket.handling_opinion_due,
        now=at,
    )
    return complaint


@refusals_logged
def complaint_opinions_read(*, actor: User, complaint: Complaint) -> list[HandlingOpinion]:
    """The handling opinions, for anyone at the site except the person
    complained about (seed 000 L551); their attempt is refused and logged."""
    _recusal(actor, complaint)
    return list(
        complaint.opinions.select_related("author", "author_for", "penalty_person", "decided_by")
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


__all__ = [
    "complaint_accept",
    "complaint_close",
    "complaint_delivery_record",
    "complaint_intake",
    "complaint_memo_save",
    "complaint_opinion_decide",
    "complaint_opinion_submit",
    "complaint_opinions_read",
    "complaint_preset_apply",
    "complaint_reopen",
    "complaint_reply",
    "complaint_slip_sign",
    "complaint_transfer",
    "complaint_transfer_decide",
    "complaint_visit_result",
    "notice_done",
]
