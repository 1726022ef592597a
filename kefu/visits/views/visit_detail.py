"""A return visit's page: the record, its attempts, and the visit form (htmx)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kefu.core.selectors import audit_timeline
from kefu.visits import rules, services
from kefu.visits.forms import (
    VisitAssignForm,
    VisitCancelForm,
    VisitRecordForm,
    VisitRescheduleForm,
)
from kefu.visits.models import ReturnVisit
from kefu.visits.selectors import (
    access_visit,
    scale_for,
    visit_grant,
    visit_record_grant,
)
from kefu.visits.views.common import invalid_form


@login_required
@require_GET
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = access_visit(request.user, pk)
    return render(request, "visits/visit_detail.html", panel_context(request, visit))


@login_required
@require_POST
def visit_record_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Record one attempt: reached (with satisfaction) or not reached."""
    visit = access_visit(request.user, pk)
    form = VisitRecordForm(request.POST, scale=scale_for(visit.site_id))
    if not form.is_valid():
        raise invalid_form(form)
    visit = services.visit_record(actor=request.user, visit=visit, **form.cleaned_data)
    if visit.status == "done":
        messages.success(request, _("The return visit was recorded."))
    elif visit.status == "not_reached":
        messages.warning(request, _("The customer was not reached; no attempts are left."))
    else:
        messages.success(
            request,
            _("The customer was not reached; the visit is due again on %(day)s.")
            % {"day": visit.due_on.isoformat()},
        )
    return panel_response(request, visit.pk)


@login_required
@require_POST
def visit_assign_view(request: HttpRequest, pk: int) -> HttpResponse:
    visit = access_visit(request.user, pk)
    form = VisitAssignForm(request.POST, site=visit.site)
    if not form.is_valid():
        raise invalid_form(form)
    services.visit_assign(actor=request.user, visit=visit, **form.cleaned_data)
    messages.success(request, _("The visitor was changed."))
    return panel_response(request, visit.pk)


@login_required
@require_POST
def visit_reschedule_view(request: HttpRequest, pk: int) -> HttpResponse:
    visit = access_visit(request.user, pk)
    form = VisitRescheduleForm(request.POST)
    if not form.is_valid():
        raise invalid_form(form)
    services.visit_reschedule(actor=request.user, visit=visit, **form.cleaned_data)
    messages.success(request, _("The visit was moved."))
    return panel_response(request, visit.pk)


@login_required
@require_POST
def visit_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    visit = access_visit(request.user, pk)
    form = VisitCancelForm(request.POST)
    if not form.is_valid():
        raise invalid_form(form)
    services.visit_cancel(actor=request.user, visit=visit, **form.cleaned_data)
    messages.success(request, _("The visit was cancelled."))
    return panel_response(request, visit.pk)


def panel_response(request: HttpRequest, pk: int) -> HttpResponse:
    """The re-rendered panel for htmx (with the flash message), else a redirect."""
    visit = access_visit(request.user, pk)
    if not request.htmx:
        return redirect(visit)
    return render(request, "visits/_visit_panel.html", {**panel_context(request, visit), "oob": 1})


def panel_context(request: HttpRequest, visit: ReturnVisit) -> dict[str, Any]:
    now = timezone.now()
    scale = scale_for(visit.site_id)
    can_manage = visit_grant(request.user, visit.site, now) is not None
    return {
        "visit": visit,
        "timing": rules.timing(visit.due_on, timezone.localdate(now)) if visit.is_open else "",
        "can_record": visit.is_open and visit_record_grant(request.user, visit, now) is not None,
        "can_manage": visit.is_open and can_manage,
        "record_form": VisitRecordForm(scale=scale),
        "assign_form": VisitAssignForm(
            site=visit.site,
            initial={"visitor": visit.visitor_id, "visitor_position": visit.visitor_position_id},
        ),
        "attempts": visit.attempt_log.select_related("actor"),
        "follow_ups": visit.follow_ups.all(),
        "timeline": audit_timeline(visit),
        "scale": scale,
    }
