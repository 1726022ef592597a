"""The front-desk board (full screen, polls every 3 s) and the receptionist's phone page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from kefu.sales import services
from kefu.sales.errors import SalesInvalid
from kefu.sales.forms import AbsenceForm, FinishForm
from kefu.sales.selectors import (
    access_reception,
    access_site_user,
    board_for,
    consultants_at,
    groups_of,
)
from kefu.sales.views.common import current_site, site_context


@login_required
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    site = current_site(request)
    context = {**site_context(request, site), "board": board_for(site, timezone.localdate())}
    return render(request, "sales/board.html", context)


@login_required
@require_GET
def board_partial(request: HttpRequest) -> HttpResponse:
    site = current_site(request)
    context = {**site_context(request, site), "board": board_for(site, timezone.localdate())}
    return render(request, "sales/_board.html", context)


def _desk_context(request: HttpRequest, site) -> dict:
    return {
        **site_context(request, site),
        "board": board_for(site, timezone.localdate()),
        "absence_form": AbsenceForm(site=site),
        "finish_form": FinishForm(),
        "consultants": consultants_at(site),
        "groups": groups_of(site),
    }


def _desk_reply(request: HttpRequest, site) -> HttpResponse:
    if request.htmx:
        return render(request, "sales/_desk_panel.html", _desk_context(request, site))
    return redirect(f"{reverse('sales:desk')}?site={site.pk}")


@login_required
@require_GET
def desk(request: HttpRequest) -> HttpResponse:
    site = current_site(request)
    return render(request, "sales/desk.html", _desk_context(request, site))


@login_required
@require_POST
def next_press(request: HttpRequest) -> HttpResponse:
    """One tap: the next walk-in goes to the head of the order."""
    site = current_site(request)
    group = groups_of(site).filter(code=request.POST.get("group", "")).first()
    designated = request.POST.get("designated")
    services.queue_next(
        actor=request.user,
        site=site,
        group=group,
        designated=access_site_user(site, designated) if designated else None,
    )
    return _desk_reply(request, site)


@login_required
@require_POST
def finish(request: HttpRequest, pk: int) -> HttpResponse:
    reception = access_reception(request.user, pk)
    form = FinishForm(request.POST)
    if not form.is_valid():
        raise SalesInvalid(code="invalid")
    services.reception_finish(
        actor=request.user,
        reception=reception,
        kind=form.cleaned_data["kind"],
        makeup_reason=form.cleaned_data["makeup_reason"],
    )
    return _desk_reply(request, reception.queue.site)


@login_required
@require_POST
def absence(request: HttpRequest) -> HttpResponse:
    site = current_site(request)
    form = AbsenceForm(request.POST, site=site)
    if not form.is_valid():
        raise SalesInvalid(code="invalid")
    services.queue_absence_start(
        actor=request.user,
        site=site,
        consultant=form.cleaned_data["consultant"],
        kind=form.cleaned_data["kind"],
        substitute=access_site_user(site, request.POST["substitute"])
        if request.POST.get("substitute")
        else None,
    )
    return _desk_reply(request, site)


@login_required
@require_POST
def back(request: HttpRequest) -> HttpResponse:
    site = current_site(request)
    consultant = access_site_user(site, request.POST.get("consultant"))
    services.queue_absence_end(actor=request.user, site=site, consultant=consultant)
    return _desk_reply(request, site)


@login_required
@require_POST
def compile_today(request: HttpRequest) -> HttpResponse:
    """The supervisor's table for today: the consultants in the order posted (or by name)."""
    site = current_site(request)
    ids = request.POST.getlist("consultant")
    people = [access_site_user(site, i) for i in ids] if ids else list(consultants_at(site))
    group = groups_of(site).first()
    services.queue_compile(
        actor=request.user, site=site, day=timezone.localdate(), order={group.code: people}
    )
    return _desk_reply(request, site)


@login_required
@require_POST
def check_in(request: HttpRequest) -> HttpResponse:
    """Morning arrival ([E] L86): joins today's order at the tail."""
    site = current_site(request)
    consultant = access_site_user(site, request.POST.get("consultant") or request.user.pk)
    group = groups_of(site).filter(code=request.POST.get("group", "")).first()
    services.queue_check_in(actor=request.user, site=site, consultant=consultant, group=group)
    return _desk_reply(request, site)
