"""A request's page: the record, its timeline, and the actions the user may take.

Actions, comments and edits post via htmx and get the panel back re-rendered;
a refused action raises a coded ``KefuError`` that the error middleware shows
in ``#flash``. Without htmx each post redirects back to the page.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from kefu.core.errors import InvalidInput
from kefu.desk.forms import TicketActionForm, TicketCommentForm, TicketEditForm
from kefu.desk.models import Ticket
from kefu.desk.selectors import (
    access_ticket,
    ticket_actions_for,
    ticket_edit_allowed,
    ticket_sla_for,
)
from kefu.desk.services import (
    ticket_apply,
    ticket_pause,
    ticket_resume,
    ticket_update,
    ticket_urge,
)
from kefu.desk.services import ticket_comment as comment_add
from kefu.desk.views.timeline import timeline_rows
from kefu.org.selectors import acting_positions, position_recipient

DONE_MESSAGES = {
    "accept": gettext_lazy("The request was accepted."),
    "reject": gettext_lazy("The request was rejected."),
    "assign": gettext_lazy("The request was assigned."),
    "start": gettext_lazy("Work on the request has started."),
    "reply": gettext_lazy("The reply was recorded."),
    "close": gettext_lazy("The request was closed."),
    "reopen": gettext_lazy("The request was reopened."),
}


@login_required
@require_GET
def ticket_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ticket = access_ticket(request.user, pk)
    return render(request, "desk/ticket_detail.html", panel_context(request, ticket))


@login_required
@require_POST
def ticket_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Apply one transition (accept, reject, assign, start, reply, close, reopen)."""
    ticket = access_ticket(request.user, pk)
    form = TicketActionForm(request.POST, site=ticket.site)
    if not form.is_valid():
        raise invalid_form(form)
    ticket_apply(actor=request.user, ticket=ticket, action=action, **form.cleaned_data)
    messages.success(request, DONE_MESSAGES.get(action, _("Saved.")))
    return panel_response(request, ticket.pk)


@login_required
@require_POST
def ticket_comment(request: HttpRequest, pk: int) -> HttpResponse:
    ticket = access_ticket(request.user, pk)
    form = TicketCommentForm(request.POST)
    if not form.is_valid():
        raise invalid_form(form)
    comment_add(actor=request.user, ticket=ticket, note=form.cleaned_data["note"])
    messages.success(request, _("The comment was added."))
    return panel_response(request, ticket.pk)


@login_required
@require_POST
def ticket_edit(request: HttpRequest, pk: int) -> HttpResponse:
    ticket = access_ticket(request.user, pk)
    form = TicketEditForm(request.POST, ticket=ticket)
    if not form.is_valid():
        raise invalid_form(form)
    ticket_update(actor=request.user, ticket=ticket, **form.cleaned_data)
    messages.success(request, _("The details were saved."))
    return panel_response(request, ticket.pk)


@login_required
@require_POST
def ticket_pause_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Stop the clocks while the request waits on the customer."""
    ticket = access_ticket(request.user, pk)
    ticket_pause(actor=request.user, ticket=ticket, reason=request.POST.get("reason", ""))
    messages.success(request, _("The clocks are paused while the request waits on the customer."))
    return panel_response(request, ticket.pk)


@login_required
@require_POST
def ticket_resume_view(request: HttpRequest, pk: int) -> HttpResponse:
    ticket = access_ticket(request.user, pk)
    ticket_resume(actor=request.user, ticket=ticket)
    messages.success(request, _("The clocks run again."))
    return panel_response(request, ticket.pk)


@login_required
@require_POST
def ticket_urge_view(request: HttpRequest, pk: int) -> HttpResponse:
    """催办: urge the request."""
    ticket = access_ticket(request.user, pk)
    ticket_urge(actor=request.user, ticket=ticket, note=request.POST.get("note", ""))
    messages.success(request, _("The request was urged."))
    return panel_response(request, ticket.pk)


def panel_response(request: HttpRequest, pk: int) -> HttpResponse:
    """The re-rendered panel for htmx (with the flash message), else a redirect."""
    ticket = access_ticket(request.user, pk)
    if not request.htmx:
        return redirect(ticket)
    return render(request, "desk/_ticket_panel.html", {**panel_context(request, ticket), "oob": 1})


def panel_context(request: HttpRequest, ticket: Ticket) -> dict[str, Any]:
    at = timezone.now()
    routed_to = (None, None)
    if ticket.handling_position_id:
        routed_to = position_recipient(position=ticket.handling_position, at=at)
    # read once for both questions below
    positions = acting_positions(user=request.user, site=ticket.site, at=at)
    return {
        "ticket": ticket,
        "actions": ticket_actions_for(request.user, ticket, at, positions),
        "action_form": TicketActionForm(site=ticket.site),
        "routed_to": routed_to,
        "can_edit": ticket_edit_allowed(request.user, ticket, at, positions),
        "edit_form": TicketEditForm(ticket=ticket),
        "comment_form": TicketCommentForm(),
        "timeline": timeline_rows(ticket),
        "sla": ticket_sla_for(ticket, at),
    }


def invalid_form(form: Any) -> InvalidInput:
    """A form's errors as the coded ``invalid`` error the middleware shows in #flash."""
    fields = {name: [str(m) for m in errors] for name, errors in form.errors.items()}
    return InvalidInput(_("Check the entered values."), fields=fields)
