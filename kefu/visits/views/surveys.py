"""Satisfaction survey pages: the list, a survey's results and targets, staff
entry of answers, corrective actions, the Excel export, and the customer's
own answer page reached through their personal link (no login)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kefu.visits import services
from kefu.visits.errors import CampaignNotFound, LinkNotFound
from kefu.visits.exports import campaign_workbook
from kefu.visits.forms import CorrectiveActionForm, CorrectiveActionUpdateForm
from kefu.visits.models import CorrectiveAction, SurveyTarget
from kefu.visits.rules import Scale
from kefu.visits.selectors import (
    access_campaign,
    campaign_list_for,
    campaign_stats,
    scale_for,
    target_by_token,
)
from kefu.visits.views.common import invalid_form


@login_required
@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "visits/campaign_list.html", {"campaigns": campaign_list_for(request.user)}
    )


@login_required
@require_GET
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = access_campaign(request.user, pk)
    targets = campaign.targets.select_related("customer", "unit").order_by(
        "responded_at", "unit__building", "unit__number", "id"
    )
    page = Paginator(targets, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "visits/campaign_detail.html",
        {
            "campaign": campaign,
            "stats": campaign_stats(campaign),
            "page_obj": page,
            "actions": campaign.corrective_actions.select_related("owner", "question"),
            "action_form": CorrectiveActionForm(site=campaign.site),
            "status_choices": CorrectiveActionUpdateForm().fields["status"].choices,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def campaign_open_view(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = access_campaign(request.user, pk)
    services.campaign_open(actor=request.user, campaign=campaign)
    messages.success(request, _("The survey is open and its target list was built."))
    return redirect(campaign)


@login_required
@require_POST
def campaign_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = access_campaign(request.user, pk)
    services.campaign_close(actor=request.user, campaign=campaign)
    messages.success(request, _("The survey is closed."))
    return redirect(campaign)


@login_required
@require_GET
def campaign_export(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = access_campaign(request.user, pk)
    response = HttpResponse(
        campaign_workbook(campaign),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="survey-{campaign.pk}.xlsx"'
    return response


def _scale(target: SurveyTarget) -> Scale:
    campaign = target.campaign
    return Scale.from_dict(campaign.scale) if campaign.scale else scale_for(campaign.site_id)


def _answers_from(request: HttpRequest) -> dict[str, str]:
    return {k[2:]: v for k, v in request.POST.items() if k.startswith("q_")}


@login_required
@require_http_methods(["GET", "POST"])
def target_answer(request: HttpRequest, pk: int, target_id: int) -> HttpResponse:
    """Staff enter the answers a customer gave by phone or on paper."""
    campaign = access_campaign(request.user, pk)
    target = (
        SurveyTarget.objects.select_related("customer", "unit", "campaign__site")
        .filter(campaign=campaign, pk=target_id)
        .first()
    )
    if target is None:
        raise CampaignNotFound()
    if request.method == "POST":
        services.survey_answer(actor=request.user, target=target, answers=_answers_from(request))
        messages.success(request, _("The answers were saved."))
        return redirect(campaign)
    return render(
        request,
        "visits/survey_answer.html",
        {
            "campaign": campaign,
            "target": target,
            "questions": campaign.questionnaire.questions.all(),
            "scale": _scale(target).choices(),
            "staff": True,
        },
    )


@login_required
@require_POST
def corrective_action_add(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = access_campaign(request.user, pk)
    form = CorrectiveActionForm(request.POST, site=campaign.site)
    if not form.is_valid():
        raise invalid_form(form)
    services.corrective_action_create(actor=request.user, campaign=campaign, **form.cleaned_data)
    messages.success(request, _("The corrective action was added."))
    return redirect(campaign)


@login_required
@require_POST
def corrective_action_change(request: HttpRequest, pk: int, action_id: int) -> HttpResponse:
    campaign = access_campaign(request.user, pk)
    action = CorrectiveAction.objects.filter(campaign=campaign, pk=action_id).first()
    if action is None:
        raise CampaignNotFound()
    form = CorrectiveActionUpdateForm(request.POST)
    if not form.is_valid():
        raise invalid_form(form)
    services.corrective_action_update(actor=request.user, action=action, **form.cleaned_data)
    messages.success(request, _("The corrective action was updated."))
    return redirect(campaign)


@require_http_methods(["GET", "POST"])
def public_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The customer's own page, reached by their personal link; no login.

    An unknown token is "not found"; an answered or expired link says so.
    """
    target = target_by_token(token)
    if target is None:
        raise LinkNotFound()
    campaign = target.campaign
    if request.method == "POST":
        services.survey_answer(target=target, answers=_answers_from(request))
        return render(request, "visits/survey_thanks.html", {"campaign": campaign})
    context = {
        "campaign": campaign,
        "target": target,
        "questions": campaign.questionnaire.questions.all(),
        "scale": _scale(target).choices(),
        "answered": target.responded_at is not None,
        "expired": bool(campaign.closes_on and timezone.localdate() > campaign.closes_on),
        "closed": campaign.status != "open",
    }
    return render(request, "visits/survey_answer.html", context)
