"""Investigation: the quality memo, the delivery, the handling opinion and its approval."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kefu.assessment.models import LedgerStatus
from kefu.assessment.services import ledger_entry_record
from kefu.complaints import notices, rules
from kefu.complaints.errors import (
    BadAmount,
    CompensationOverAuthority,
    FieldRequired,
    MemoRequired,
    ReasonRequired,
    SharesNotHundred,
    StepForbidden,
    StepOutOfOrder,
)
from kefu.complaints.ledger import OPINION_PENALTY_RULE
from kefu.complaints.models import (
    CompensationLimit,
    Complaint,
    HandlingOpinion,
    NoticeKind,
    OpinionStatus,
    PartyKind,
    QualityMemo,
    ResponsibilityShare,
    Stage,
    VisitState,
)
from kefu.complaints.services.base import (
    OPINION_DECISION_FIELDS,
    _amount,
    _begin,
    _cs_director,
    _memo_category,
    _record,
    _recusal,
    _required,
    _save,
    policy_for,
    refusals_logged,
)
from kefu.complaints.services.scheduling import _visit_schedule
from kefu.complaints.services.transfer import _approvers
from kefu.desk import services as desk_services
from kefu.org.models import Site, User
from kefu.org.selectors import (
    ActingPosition,
    acting_positions,
    user_site_ids,
)

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
        # seed 002 L82-86: the approved penalty goes to the one penalty ledger
        ledger_entry_record(
            actor=actor,
            site=complaint.site,
            person=opinion.penalty_person,
            rule=OPINION_PENALTY_RULE,
            occurred_at=at,
            source=opinion,
            amount_fen=int(opinion.penalty_amount * 100),
            status=LedgerStatus.APPROVED,
            proposed_by=opinion.author,
            approved_by=actor,
            dedupe_key=f"complaints.opinion:{opinion.pk}",
        )
    complaint.compensation_amount = opinion.compensation_amount
    complaint.stage = Stage.OPINION_APPROVED
    _save(complaint, "compensation_amount")
    # the approved opinion goes back to the 客服主任: the desk's clock stops here
    ticket = desk_services.ticket_opinion_received(
        actor=actor, ticket=complaint.ticket, grant=grant, now=at
    )
    complaint.ticket = ticket
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


def memo_category(complaint: Complaint) -> bool:
    """Whether the complaint's category needs the product-quality memo."""
    return _memo_category(complaint, policy_for(complaint.site))
