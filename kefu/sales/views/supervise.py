"""The supervisor's tools: make-up rights, swaps ([K]), closing the day, register
corrections ([E] L89) and penalties of the preset."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kefu.sales import services
from kefu.sales.errors import SalesInvalid, SalesNotFound
from kefu.sales.forms import parse_yuan
from kefu.sales.models import CorrectionStatus, VisitCorrection
from kefu.sales.policies import MakeupReason, PenaltyKind
from kefu.sales.selectors import access_site_user, access_visit, consultants_at, penalties_for
from kefu.sales.views.common import current_site, site_context


@login_required
def supervise(request: HttpRequest) -> HttpResponse:
    site = current_site(request)
    context = {
        **site_context(request, site),
        "consultants": consultants_at(site),
        "makeup_reasons": [(k, MakeupReason.LABELS[k]) for k in MakeupReason.ALL],
        "penalty_kinds": [(k, PenaltyKind.LABELS[k]) for k in PenaltyKind.ALL],
        "corrections": VisitCorrection.objects.filter(
            visit__site=site, status=CorrectionStatus.PENDING
        ).select_related("visit__customer", "requested_by"),
        "penalties": penalties_for(site)[:20],
    }
    return render(request, "sales/supervise.html", context)


@login_required
@require_POST
def supervise_action(request: HttpRequest, action: str) -> HttpResponse:
    site = current_site(request)
    post, actor = request.POST, request.user
    if action == "makeup":
        services.queue_grant_makeup(
            actor=actor,
            site=site,
            consultant=access_site_user(site, post.get("consultant")),
            reason=post.get("reason", ""),
        )
    elif action == "swap":
        services.queue_swap(
            actor=actor,
            site=site,
            a=access_site_user(site, post.get("a")),
            b=access_site_user(site, post.get("b")),
        )
    elif action == "close":
        services.queue_close(actor=actor, site=site, day=timezone.localdate())
    elif action == "correction":
        visit = access_visit(actor, post.get("visit"))
        field = post.get("field", "")
        value: object = post.get("value", "")
        if field == "first_visit":
            value = value in ("1", "true", "on", "yes")
        services.visit_correction_request(
            actor=actor, visit=visit, changes={field: value}, reason=post.get("reason", "")
        )
    elif action in ("approve", "reject"):
        correction = VisitCorrection.objects.filter(
            pk=post.get("correction"), visit__site=site
        ).first()
        if correction is None:
            raise SalesNotFound()
        services.visit_correction_decide(
            actor=actor, correction=correction, approve=action == "approve"
        )
    elif action == "penalty":
        amounts = {
            key: parse_yuan(post.get(key, "") or "0")
            for key in ("day_wage_fen", "month_wage_fen", "month_commission_fen")
        }
        if None in amounts.values():
            raise SalesInvalid(code="invalid")
        services.penalty_record(
            actor=actor,
            site=site,
            consultant=access_site_user(site, post.get("consultant")),
            kind=post.get("kind", ""),
            reason=post.get("reason", "").strip() or "-",
            points=int(post.get("points") or 0) if (post.get("points") or "0").isdigit() else 0,
            **amounts,
        )
    else:
        raise SalesNotFound()
    messages.success(request, _("Saved."))
    return redirect(f"{reverse('sales:supervise')}?site={site.pk}")
