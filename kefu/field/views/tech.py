"""The technician's phone pages (390 px, large touch targets): today's orders,
one order with arrive, work, parts, swaps, photos, signature and complete.

Plain forms and redirects (no script needed to send); ``static/js/field.js``
keeps every form's fields in sessionStorage until the server confirms it
(``?sent=<form>``), draws the signature and checks a photo's size first.
"""

import base64
import binascii

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kefu.field import services
from kefu.field.forms import CompleteForm, PartForm, PhotoForm, SwapForm, WorkForm
from kefu.field.models import FeeItem
from kefu.field.selectors import access_order, technician_orders
from kefu.field.services.onsite import photo_limit
from kefu.field.views.common import invalid_form


def _sent(order, form_id: str) -> HttpResponse:
    return redirect(f"{reverse('field:tech_order', args=[order.pk])}?sent={form_id}")


@login_required
@require_GET
def tech_orders(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    return render(
        request,
        "field/tech_orders.html",
        {"orders": technician_orders(request.user, now=now), "now": now},
    )


@login_required
@require_GET
def tech_order(request: HttpRequest, pk: int) -> HttpResponse:
    order = access_order(request.user, pk)
    context = {
        "order": order,
        "fee_items": FeeItem.objects.filter(site=order.site, is_active=True),
        "parts": list(order.parts.all()),
        "swaps": list(order.swaps.all()),
        "photos": list(order.photos.all()),
        "photo_limit": photo_limit(),
        "sent": request.GET.get("sent", ""),
        "mine": order.technician_id == request.user.pk,
    }
    return render(request, "field/tech_order.html", context)


@login_required
@require_POST
def tech_arrive(request: HttpRequest, pk: int) -> HttpResponse:
    order = services.order_arrive(actor=request.user, order=access_order(request.user, pk))
    messages.success(request, _("Arrival recorded."))
    return _sent(order, "arrive")


@login_required
@require_POST
def tech_work(request: HttpRequest, pk: int) -> HttpResponse:
    order = access_order(request.user, pk)
    form = WorkForm(request.POST)
    if not form.is_valid():
        raise invalid_form(form)
    services.order_work_record(actor=request.user, order=order, **form.cleaned_data)
    messages.success(request, _("The work was recorded."))
    return _sent(order, "work")


@login_required
@require_POST
def tech_part(request: HttpRequest, pk: int) -> HttpResponse:
    order = access_order(request.user, pk)
    form = PartForm(request.POST, site=order.site)
    if not form.is_valid():
        raise invalid_form(form)
    services.order_part_add(actor=request.user, order=order, **form.cleaned_data)
    messages.success(request, _("The part was recorded."))
    return _sent(order, "part")


@login_required
@require_POST
def tech_swap(request: HttpRequest, pk: int) -> HttpResponse:
    order = access_order(request.user, pk)
    form = SwapForm(request.POST)
    if not form.is_valid():
        raise invalid_form(form)
    services.order_swap_record(actor=request.user, order=order, **form.cleaned_data)
    messages.success(request, _("The swap was recorded."))
    return _sent(order, "swap")


@login_required
@require_POST
def tech_photo(request: HttpRequest, pk: int) -> HttpResponse:
    order = access_order(request.user, pk)
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        raise invalid_form(form)
    services.order_photo_add(actor=request.user, order=order, upload=form.cleaned_data["photo"])
    messages.success(request, _("The photo was added."))
    return _sent(order, "photo")


def signature_bytes(data_url: str) -> bytes | None:
    """The PNG of a canvas ``data:image/png;base64,…`` URL, or None."""
    prefix = "data:image/png;base64,"
    if not data_url or not data_url.startswith(prefix):
        return None
    try:
        return base64.b64decode(data_url[len(prefix) :], validate=True)
    except (binascii.Error, ValueError):
        return None


@login_required
@require_POST
def tech_complete(request: HttpRequest, pk: int) -> HttpResponse:
    order = access_order(request.user, pk)
    form = CompleteForm(request.POST)
    if not form.is_valid():
        raise invalid_form(form)
    data = form.cleaned_data
    order = services.order_complete(
        actor=request.user,
        order=order,
        signature=signature_bytes(data["signature"]),
        signed_by=data["signed_by"],
        invoice_number=data["invoice_number"],
        cash_collected=data["cash_collected"],
    )
    messages.success(request, _("The order was completed. Thank you!"))
    return _sent(order, "complete")
