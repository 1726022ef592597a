"""Transfer: the 客服主任's request, the 总经理's approval and the dual-signed slip."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.complaints import notices
from kefu.complaints.errors import (
    AlreadySigned,
    ReasonRequired,
    ReceiverInvalid,
    Recused,
    StepOutOfOrder,
)
from kefu.complaints.models import (
    Complaint,
    ComplaintPolicy,
    NoticeKind,
    Stage,
    TransferSlip,
)
from kefu.complaints.services.base import (
    _begin,
    _grant,
    _holders,
    _lock,
    _record,
    _recusal,
    _save,
    _stage,
    policy_for,
    refusals_logged,
)
from kefu.desk import services as desk
from kefu.org.models import Position, Site, User
from kefu.org.selectors import (
    position_recipient,
    user_site_ids,
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
