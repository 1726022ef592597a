"""The hotline's fast intake form (《訴求(需求)記錄表》 on screen)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kefu.core.errors import KefuError
from kefu.desk.forms import INTAKE_FIELD_ALIASES, TicketIntakeForm, add_service_error
from kefu.desk.models import Ticket
from kefu.desk.selectors import registrable_types_for
from kefu.desk.services import ticket_register, ticket_register_with_new_customer
from kefu.org.models import Site, User
from kefu.org.selectors import access_site, site_list_for


@login_required
@require_http_methods(["GET", "POST"])
def ticket_create(request: HttpRequest) -> HttpResponse:
    """GET shows the form for a site (``?site=``); POST registers and opens the record."""
    site = _intake_site(request)
    if site is None:
        return render(request, "desk/ticket_create.html", {"form": None})
    types = registrable_types_for(request.user, site)
    data = request.POST if request.method == "POST" else None
    form = TicketIntakeForm(data, user=request.user, site=site, types=types)
    if data is None:
        return render(request, "desk/ticket_create.html", {"form": form})
    if not form.is_valid():
        return render(request, "desk/ticket_create.html", {"form": form}, status=400)
    try:
        ticket = _register(request.user, site, form)
    except KefuError as exc:  # the service refused: nothing was created
        add_service_error(form, exc, INTAKE_FIELD_ALIASES)
        context = {"form": form, "error": exc}
        return render(request, "desk/ticket_create.html", context, status=exc.status)
    messages.success(request, _("Request %(number)s registered.") % {"number": ticket.number})
    return redirect(ticket)


def _intake_site(request: HttpRequest) -> Site | None:
    """The chosen site (404 if the user does not work there), else their first."""
    site_id = request.POST.get("site") or request.GET.get("site")
    if site_id:
        return access_site(request.user, site_id)
    return site_list_for(request.user).first()


def _register(user: User, site: Site, form: TicketIntakeForm) -> Ticket:
    new_customer = form.customer_kwargs()
    if new_customer is None:
        return ticket_register(actor=user, site=site, **form.ticket_kwargs())
    return ticket_register_with_new_customer(
        actor=user, site=site, **new_customer, **form.ticket_kwargs()
    )
