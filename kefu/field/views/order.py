"""An order's page for the desk and the dispatcher: details, timeline, approve,
refuse, dispatch, cancel, cash received."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kefu.core.actions import action_label
from kefu.core.selectors import audit_timeline
from kefu.desk.selectors import site_assignee
from kefu.field import rules, services
from kefu.field.forms import DispatchForm, ReasonForm
from kefu.field.selectors import (
    access_order,
    technicians_for,
    user_field_capabilities,
)
from kefu.field.views.common import back, invalid_form


@login_required
@require_GET
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    order = access_order(request.user, pk)
    now = timezone.now()
    context = {
        "order": order,
        "caps": user_field_capabilities(request.user, order.site, now),
        "technicians": technicians_for(order.site),
        "parts": list(order.parts.all()),
        "swaps": list(order.swaps.all()),
        "photos": list(order.photos.all()),
        "follow_ups": list(order.follow_ups.all()),
        "timeline": [(e, action_label(e.action)) for e in audit_timeline(order)],
        "reply_state": rules.sla_state(order.reply_due, order.approved_at, now),
        "onsite_state": rules.sla_state(order.onsite_due, order.arrived_at, now),
        "cash_flagged": rules.cash_flagged(
            collected=order.cash_collected,
            due_at=order.cash_due_at,
            handed_at=order.cash_handed_at,
            now=now,
        ),
    }
    return render(request, "field/order_detail.html", context)


@login_required
@require_POST
def order_approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    order = services.order_approve(actor=request.user, order=access_order(request.user, pk))
    messages.success(request, _("The order was approved."))
    return redirect(order)


@login_required
@require_POST
def order_reject_view(request: HttpRequest, pk: int) -> HttpResponse:
    order = access_order(request.user, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        raise invalid_form(form)
    services.order_reject(actor=request.user, order=order, reason=form.cleaned_data["reason"])
    messages.success(request, _("The order was refused."))
    return redirect(order)


@login_required
@require_POST
def order_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    order = access_order(request.user, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        raise invalid_form(form)
    services.order_cancel(actor=request.user, order=order, reason=form.cleaned_data["reason"])
    messages.success(request, _("The order was cancelled."))
    return redirect(order)


@login_required
@require_POST
def order_dispatch_view(request: HttpRequest, pk: int) -> HttpResponse:
    order = access_order(request.user, pk)
    form = DispatchForm(request.POST)
    if not form.is_valid():
        raise invalid_form(form)
    services.order_dispatch(
        actor=request.user,
        order=order,
        technician=site_assignee(order.site, form.cleaned_data["technician"]),
        scheduled_at=form.cleaned_data["scheduled_at"],
    )
    messages.success(request, _("The order was dispatched."))
    return redirect(back(request, order.get_absolute_url()))


@login_required
@require_POST
def order_cash_view(request: HttpRequest, pk: int) -> HttpResponse:
    order = access_order(request.user, pk)
    services.order_cash_hand_over(actor=request.user, order=order)
    messages.success(request, _("The cash was received by finance."))
    return redirect(back(request, order.get_absolute_url()))
