"""The dispatcher's board, a new order, swap history search, cash reconciliation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kefu.customers.selectors import access_customer
from kefu.desk.selectors import access_ticket
from kefu.field import services
from kefu.field.forms import OrderCreateForm
from kefu.field.selectors import (
    board_for,
    cash_reconciliation,
    swap_history,
    user_field_capabilities,
)
from kefu.field.views.common import chosen_site, invalid_form
from kefu.org.selectors import site_list_for


@login_required
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    """Waiting for approval, approved and not dispatched, per technician today
    (or this week), overdue first."""
    site = chosen_site(request.user, request.GET.get("site"))
    now = timezone.now()
    week = request.GET.get("view") == "week"
    context = {
        "site": site,
        "sites": site_list_for(request.user),
        "week": week,
        "now": now,
        "board": board_for(request.user, site, now=now, week=week) if site else None,
        "caps": user_field_capabilities(request.user, site, now) if site else set(),
    }
    return render(request, "field/board.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def order_create_view(request: HttpRequest) -> HttpResponse:
    """A new 《维修服务单》/《安装任务派工单》, directly or from a desk request."""
    ticket_id = request.GET.get("ticket")
    ticket = access_ticket(request.user, ticket_id) if ticket_id else None
    if request.method == "POST":
        form = OrderCreateForm(request.POST)
        if not form.is_valid():
            raise invalid_form(form)
        data = form.cleaned_data
        customer = access_customer(request.user, data.pop("customer"))
        order = services.order_create(
            actor=request.user,
            site=customer.site,
            customer=customer,
            ticket=ticket,
            **data,
        )
        created = _("Work order %(number)s was created.") % {"number": order.number}
        messages.success(request, created)
        return redirect(order)
    initial = {"kind": "repair", "urgency": "normal"}
    if ticket is not None:
        initial.update(
            customer=ticket.customer_id,
            address=ticket.occurred_place or (str(ticket.unit) if ticket.unit else ""),
            contact_phone=ticket.contact_phone,
            problem=ticket.content,
        )
    elif request.GET.get("customer"):
        customer = access_customer(request.user, request.GET["customer"])
        initial.update(customer=customer.pk, contact_phone=customer.phone)
    form = OrderCreateForm(initial=initial)
    return render(request, "field/order_form.html", {"form": form, "ticket": ticket})


@login_required
@require_GET
def swap_search(request: HttpRequest) -> HttpResponse:
    """Terminal and SIM history: every swap by old or new number."""
    number = request.GET.get("number", "").strip()
    swaps = list(swap_history(request.user, number)[:200]) if number else []
    return render(request, "field/swaps.html", {"number": number, "swaps": swaps})


@login_required
@require_GET
def cash_list(request: HttpRequest) -> HttpResponse:
    """The reconciliation list: cash collected, handed over or not (flagged)."""
    site = chosen_site(request.user, request.GET.get("site"))
    now = timezone.now()
    orders = cash_reconciliation(request.user, site, now=now) if site else []
    context = {
        "site": site,
        "sites": site_list_for(request.user),
        "orders": orders,
        "caps": user_field_capabilities(request.user, site, now) if site else set(),
    }
    return render(request, "field/cash.html", context)
