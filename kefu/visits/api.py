"""API of return visits and satisfaction surveys under /api/v1/visits.

Ids in a body are resolved through the ``access_*`` selectors of their apps
(a foreign or missing id is a coded 404) and the services check that they
belong to the visit's site.
"""

from django.http import HttpRequest
from ninja import Query, Router
from ninja.responses import Status

from kefu.core.api import ERRORS, paginate
from kefu.customers.selectors import access_customer, access_unit
from kefu.desk.selectors import access_ticket, site_assignee
from kefu.org.selectors import access_site
from kefu.visits import services
from kefu.visits.api_meetings import add_meeting_routes
from kefu.visits.errors import CampaignNotFound
from kefu.visits.models import CorrectiveAction, Question, SurveyTarget
from kefu.visits.schemas import (
    ActionIn,
    ActionOut,
    ActionUpdateIn,
    AnswerIn,
    CampaignDetailOut,
    CampaignOut,
    CancelIn,
    HandoverIn,
    RecordIn,
    RescheduleIn,
    TargetOut,
    VisitIn,
    VisitOut,
    VisitPage,
    VisitQuery,
)
from kefu.visits.selectors import (
    access_campaign,
    access_visit,
    campaign_list_for,
    campaign_stats,
    visit_list_for,
)

router = Router(tags=["visits"])


@router.get("", response={200: VisitPage, **ERRORS})
def visit_list(request: HttpRequest, filters: Query[VisitQuery]):
    """The work list: open visits by due date (``bucket`` overdue/today/upcoming/...)."""
    if filters.site:
        access_site(request.auth, filters.site)
    return paginate(visit_list_for(request.auth, filters.to_filters()), filters)


@router.post("", response={201: VisitOut, **ERRORS})
def visit_schedule(request: HttpRequest, payload: VisitIn):
    """Schedule a return visit (e.g. 15 days after a complaint reply, seed 002 L158)."""
    actor = request.auth
    site = access_site(actor, payload.site_id)
    visit = services.visit_schedule(
        actor=actor,
        site=site,
        reason=payload.reason.value,
        due_on=payload.due_on,
        anchor_on=payload.anchor_on,
        customer=access_customer(actor, payload.customer_id) if payload.customer_id else None,
        ticket=access_ticket(actor, payload.ticket_id) if payload.ticket_id else None,
        unit=access_unit(actor, payload.unit_id) if payload.unit_id else None,
        visitor=site_assignee(site, payload.visitor_id) if payload.visitor_id else None,
        note=payload.note,
    )
    return Status(201, access_visit(actor, visit.pk))


@router.post("/handover", response={201: list[VisitOut], **ERRORS})
def handover_schedule(request: HttpRequest, payload: HandoverIn):
    """The hand-over visits: 15 days, 1, 3 and 6 months (seed 004 L271–275)."""
    actor = request.auth
    visits = services.handover_visits_schedule(
        actor=actor,
        customer=access_customer(actor, payload.customer_id),
        unit=access_unit(actor, payload.unit_id) if payload.unit_id else None,
        handed_over_on=payload.handed_over_on,
    )
    return Status(201, [access_visit(actor, v.pk) for v in visits])


@router.get("/surveys", response={200: list[CampaignOut], **ERRORS})
def campaign_list(request: HttpRequest):
    """Satisfaction survey campaigns of the caller's sites."""
    return list(campaign_list_for(request.auth).prefetch_related("questionnaire__questions"))


def _campaign_detail(campaign):
    """The campaign with its figures attached as ``stats`` for the schema."""
    stats = campaign_stats(campaign)
    campaign.stats = {
        **{k: getattr(stats, k) for k in ("targets", "answered", "response_rate")},
        "overall_average": stats.overall_average,
        "overall_satisfied_percent": stats.overall_satisfied_percent,
        "below_target": stats.below_target,
        "questions": [
            {
                "question_id": q.question.pk,
                "text": q.question.text,
                "answered": q.answered,
                "average": q.average,
                "satisfied_percent": q.satisfied_percent,
            }
            for q in stats.questions
        ],
    }
    return campaign


@router.get("/surveys/{campaign_id}", response={200: CampaignDetailOut, **ERRORS})
def campaign_detail(request: HttpRequest, campaign_id: int):
    """A survey with its response rate and average score per question."""
    return _campaign_detail(access_campaign(request.auth, campaign_id))


@router.post("/surveys/{campaign_id}/answers", response={201: TargetOut, **ERRORS})
def survey_answer(request: HttpRequest, campaign_id: int, payload: AnswerIn):
    """Enter a target's answers (staff); each target answers once."""
    campaign = access_campaign(request.auth, campaign_id)
    target = SurveyTarget.objects.filter(campaign=campaign, pk=payload.target_id).first()
    if target is None:
        raise CampaignNotFound()
    target = services.survey_answer(actor=request.auth, target=target, answers=payload.answers)
    return Status(201, SurveyTarget.objects.select_related("customer").get(pk=target.pk))


@router.post("/surveys/{campaign_id}/actions", response={201: ActionOut, **ERRORS})
def action_create(request: HttpRequest, campaign_id: int, payload: ActionIn):
    """问题整改: a corrective action with an owner and a due date."""
    campaign = access_campaign(request.auth, campaign_id)
    action = services.corrective_action_create(
        actor=request.auth,
        campaign=campaign,
        title=payload.title,
        owner=site_assignee(campaign.site, payload.owner_id),
        due_on=payload.due_on,
        measure=payload.measure,
        question=Question.objects.filter(pk=payload.question_id).first()
        if payload.question_id
        else None,
    )
    return Status(201, action)


@router.post("/surveys/{campaign_id}/actions/{action_id}", response={200: ActionOut, **ERRORS})
def action_update(request: HttpRequest, campaign_id: int, action_id: int, payload: ActionUpdateIn):
    campaign = access_campaign(request.auth, campaign_id)
    action = CorrectiveAction.objects.filter(campaign=campaign, pk=action_id).first()
    if action is None:
        raise CampaignNotFound()
    return services.corrective_action_update(
        actor=request.auth, action=action, status=payload.status.value, result=payload.result
    )


add_meeting_routes(router)  # before /{visit_id}, which would match "meetings"


@router.get("/{visit_id}", response={200: VisitOut, **ERRORS})
def visit_detail(request: HttpRequest, visit_id: int):
    return access_visit(request.auth, visit_id)


@router.post("/{visit_id}/record", response={200: VisitOut, **ERRORS})
def visit_record(request: HttpRequest, visit_id: int, payload: RecordIn):
    """Record an attempt: reached with satisfaction on the site's scale, or not reached
    (due again on the next working day until the site's maximum attempts)."""
    visit = access_visit(request.auth, visit_id)
    services.visit_record(actor=request.auth, visit=visit, **payload.dict())
    return access_visit(request.auth, visit.pk)


@router.post("/{visit_id}/reschedule", response={200: VisitOut, **ERRORS})
def visit_reschedule(request: HttpRequest, visit_id: int, payload: RescheduleIn):
    visit = access_visit(request.auth, visit_id)
    services.visit_reschedule(actor=request.auth, visit=visit, **payload.dict())
    return access_visit(request.auth, visit.pk)


@router.post("/{visit_id}/cancel", response={200: VisitOut, **ERRORS})
def visit_cancel(request: HttpRequest, visit_id: int, payload: CancelIn):
    visit = access_visit(request.auth, visit_id)
    services.visit_cancel(actor=request.auth, visit=visit, reason=payload.reason)
    return access_visit(request.auth, visit.pk)
