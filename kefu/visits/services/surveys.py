"""Satisfaction surveys (满意度调查): targets, answers and corrective actions.

At least one comprehensive satisfaction survey a year (seed 000 L119; seed
001 L349), the property variant an opinion survey of the tenants (seed 000
L249); below the company's target, corrective and preventive action (seed 000
L121; seed 001 L351), each with an owner and a due date.
"""

import secrets
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from kefu.core.services import audit_record, diff, snapshot
from kefu.customers.models import Customer, OccupancyRole, UnitOccupancy
from kefu.org.models import User
from kefu.org.selectors import user_site_ids
from kefu.visits.errors import (
    ActionInvalid,
    AlreadyAnswered,
    AnswerInvalid,
    CampaignNotOpen,
    CampaignState,
    LinkExpired,
    SiteMismatch,
    VisitForbidden,
)
from kefu.visits.models import (
    ActionStatus,
    CampaignStatus,
    CorrectiveAction,
    Question,
    QuestionKind,
    SurveyAnswer,
    SurveyCampaign,
    SurveyTarget,
    TargetRule,
)
from kefu.visits.rules import Scale
from kefu.visits.selectors import SURVEY_CAPABILITIES, scale_for, visit_grant

ROLES_BY_RULE = {
    TargetRule.ALL_OCCUPANTS: [OccupancyRole.OWNER, OccupancyRole.TENANT],
    TargetRule.OWNERS: [OccupancyRole.OWNER],
    TargetRule.TENANTS: [OccupancyRole.TENANT],
    TargetRule.NONE: [],
}


def _grant(actor: User, campaign: SurveyCampaign, at: datetime):
    grant = visit_grant(actor, campaign.site, at, SURVEY_CAPABILITIES)
    if grant is None:
        raise VisitForbidden()
    return grant


def _lock(campaign: SurveyCampaign) -> SurveyCampaign:
    return SurveyCampaign.objects.select_for_update().select_related("site").get(pk=campaign.pk)


def new_token() -> str:
    """An unguessable link token (192 random bits)."""
    return secrets.token_urlsafe(24)


@transaction.atomic
def campaign_open(
    *, actor: User, campaign: SurveyCampaign, now: datetime | None = None
) -> SurveyCampaign:
    """Open a draft survey: freeze the site's scale and build the target list
    from its rule (every current owner/tenant of the site's units)."""
    at = now or timezone.now()
    campaign = _lock(campaign)
    grant = _grant(actor, campaign, at)
    if campaign.status != CampaignStatus.DRAFT:
        raise CampaignState()
    before = snapshot(campaign, ["status", "opens_on"])
    campaign.scale = scale_for(campaign.site).as_dict()
    campaign.status = CampaignStatus.OPEN
    campaign.opens_on = campaign.opens_on or timezone.localdate(at)
    campaign.save(update_fields=["scale", "status", "opens_on", "updated_at"])
    added = _build_targets(campaign)
    audit_record(
        actor=actor,
        on_behalf_of=grant.on_behalf_of,
        action="visits.campaign_opened",
        target=campaign,
        site=campaign.site,
        at=at,
        changes=diff(before, snapshot(campaign, ["status", "opens_on"])),
        note=f"targets: {added}",
    )
    return campaign


def _build_targets(campaign: SurveyCampaign) -> int:
    roles = ROLES_BY_RULE.get(campaign.target_rule, [])
    occupancies = (
        UnitOccupancy.objects.filter(unit__site=campaign.site, role__in=roles)
        .select_related("unit")
        .order_by("unit__building", "unit__number", "id")
    )
    have = set(campaign.targets.values_list("customer_id", flat=True))
    new = []
    for occupancy in occupancies:
        if occupancy.customer_id in have:
            continue
        have.add(occupancy.customer_id)
        new.append(
            SurveyTarget(
                campaign=campaign,
                customer_id=occupancy.customer_id,
                unit=occupancy.unit,
                token=new_token(),
            )
        )
    SurveyTarget.objects.bulk_create(new, batch_size=500)
    return len(new)


@transaction.atomic
def campaign_target_add(
    *, actor: User, campaign: SurveyCampaign, customer: Customer, now: datetime | None = None
) -> SurveyTarget:
    """Add one customer to a survey's target list (e.g. a dealer)."""
    at = now or timezone.now()
    campaign = _lock(campaign)
    grant = _grant(actor, campaign, at)
    if customer.site_id != campaign.site_id:
        raise SiteMismatch()
    if campaign.status == CampaignStatus.CLOSED:
        raise CampaignState()
    target = SurveyTarget.objects.filter(campaign=campaign, customer=customer).first()
    if target is not None:
        return target
    target = SurveyTarget.objects.create(
        campaign=campaign, customer=customer, unit=customer.units.first(), token=new_token()
    )
    audit_record(
        actor=actor,
        on_behalf_of=grant.on_behalf_of,
        action="visits.campaign_target_added",
        target=campaign,
        site=campaign.site,
        at=at,
        note=str(customer.pk),
    )
    return target


@transaction.atomic
def campaign_close(
    *, actor: User, campaign: SurveyCampaign, now: datetime | None = None
) -> SurveyCampaign:
    at = now or timezone.now()
    campaign = _lock(campaign)
    grant = _grant(actor, campaign, at)
    if campaign.status != CampaignStatus.OPEN:
        raise CampaignState()
    campaign.status = CampaignStatus.CLOSED
    campaign.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        on_behalf_of=grant.on_behalf_of,
        action="visits.campaign_closed",
        target=campaign,
        site=campaign.site,
        at=at,
        changes={"status": [CampaignStatus.OPEN, CampaignStatus.CLOSED]},
    )
    return campaign


def _clean_answers(
    questions: list[Question], scale: Scale, answers: dict[Any, Any]
) -> list[tuple[Question, int | None, str]]:
    """Validate ``{question_id: value}``; every required question answered."""
    by_id = {str(k): v for k, v in (answers or {}).items()}
    rows, errors = [], {}
    for q in questions:
        raw = by_id.get(str(q.pk))
        if q.kind == QuestionKind.SCALE:
            value = None
            if raw not in (None, ""):
                try:
                    value = int(raw)
                except (TypeError, ValueError):
                    value = -1
                if not scale.is_valid(value):
                    errors[str(q.pk)] = [str(AnswerInvalid.default_message)]
                    continue
            if value is None and q.required:
                errors[str(q.pk)] = [str(AnswerInvalid.default_message)]
                continue
            rows.append((q, value, ""))
        else:
            text = str(raw or "").strip()[:4000]
            if not text and q.required:
                errors[str(q.pk)] = [str(AnswerInvalid.default_message)]
                continue
            rows.append((q, None, text))
    if errors:
        raise AnswerInvalid(fields=errors)
    return rows


@transaction.atomic
def survey_answer(
    *,
    target: SurveyTarget,
    answers: dict[Any, Any],
    actor: User | None = None,
    now: datetime | None = None,
) -> SurveyTarget:
    """Record a target's answers, once: entered by staff (``actor``) or by the
    customer through their personal link (``actor=None``, before the link
    expires). The target row is locked; the answer's unique key is the last guard."""
    at = now or timezone.now()
    target = SurveyTarget.objects.select_for_update().get(pk=target.pk)
    campaign = SurveyCampaign.objects.select_related("site", "questionnaire").get(
        pk=target.campaign_id
    )
    grant = _grant(actor, campaign, at) if actor is not None else None
    if campaign.status != CampaignStatus.OPEN:
        raise CampaignNotOpen()
    if actor is None and campaign.closes_on and timezone.localdate(at) > campaign.closes_on:
        raise LinkExpired()
    if target.responded_at is not None:
        raise AlreadyAnswered()
    scale = Scale.from_dict(campaign.scale) if campaign.scale else scale_for(campaign.site)
    rows = _clean_answers(list(campaign.questionnaire.questions.all()), scale, answers)
    try:
        with transaction.atomic():
            SurveyAnswer.objects.bulk_create(
                [SurveyAnswer(target=target, question=q, score=s, text=t) for q, s, t in rows]
            )
    except IntegrityError:
        raise AlreadyAnswered() from None
    target.responded_at = at
    target.responded_via = "staff" if actor is not None else "link"
    target.entered_by = actor
    target.save(update_fields=["responded_at", "responded_via", "entered_by", "updated_at"])
    audit_record(
        actor=actor,
        on_behalf_of=grant.on_behalf_of if grant else None,
        action="visits.survey_answered",
        target=target,
        site=campaign.site,
        at=at,
        changes={"responded_via": [None, target.responded_via]},
    )
    return target


ACTION_FIELDS = ["title", "measure", "owner", "due_on", "status", "result", "question"]


@transaction.atomic
def corrective_action_create(
    *,
    actor: User,
    campaign: SurveyCampaign,
    title: str,
    owner: User | None,
    due_on: date | None,
    measure: str = "",
    question: Question | None = None,
    now: datetime | None = None,
) -> CorrectiveAction:
    """问题整改: a corrective action with an owner and a due date (seed 000 L121)."""
    at = now or timezone.now()
    grant = _grant(actor, campaign, at)
    title = (title or "").strip()
    errors = {}
    if not title:
        errors["title"] = [str(ActionInvalid.default_message)]
    if owner is None or campaign.site_id not in user_site_ids(owner):
        errors["owner"] = [str(ActionInvalid.default_message)]
    if not isinstance(due_on, date):
        errors["due_on"] = [str(ActionInvalid.default_message)]
    if question is not None and question.questionnaire_id != campaign.questionnaire_id:
        errors["question"] = [str(ActionInvalid.default_message)]
    if errors:
        raise ActionInvalid(fields=errors)
    action = CorrectiveAction.objects.create(
        campaign=campaign,
        question=question,
        title=title,
        measure=(measure or "").strip(),
        owner=owner,
        due_on=due_on,
    )
    audit_record(
        actor=actor,
        on_behalf_of=grant.on_behalf_of,
        action="visits.corrective_action_created",
        target=action,
        site=campaign.site,
        at=at,
        changes={k: [None, v] for k, v in snapshot(action, ACTION_FIELDS).items() if v},
    )
    return action


@transaction.atomic
def corrective_action_update(
    *,
    actor: User,
    action: CorrectiveAction,
    status: str,
    result: str = "",
    now: datetime | None = None,
) -> CorrectiveAction:
    """Move a corrective action on: in progress, done (with its result) or cancelled.
    The owner may update their own action."""
    at = now or timezone.now()
    action = (
        CorrectiveAction.objects.select_for_update()
        .select_related("campaign__site")
        .get(pk=action.pk)
    )
    grant = None
    if action.owner_id != actor.pk:
        grant = _grant(actor, action.campaign, at)
    if status not in ActionStatus.values:
        raise ActionInvalid(fields={"status": [str(ActionInvalid.default_message)]})
    if action.status in (ActionStatus.DONE, ActionStatus.CANCELLED):
        raise CampaignState()
    before = snapshot(action, ACTION_FIELDS)
    action.status = status
    action.result = (result or "").strip() or action.result
    action.done_at = at if status == ActionStatus.DONE else None
    action.save(update_fields=["status", "result", "done_at", "updated_at"])
    audit_record(
        actor=actor,
        on_behalf_of=grant.on_behalf_of if grant else None,
        action="visits.corrective_action_updated",
        target=action,
        site=action.campaign.site,
        at=at,
        changes=diff(before, snapshot(action, ACTION_FIELDS)),
    )
    return action
