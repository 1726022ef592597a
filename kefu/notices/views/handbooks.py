"""Handbooks handed out against acknowledgement (seed 004 L25, L71, L179): the
editions, the record per unit and customer, and handing one to a new customer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kefu.customers.models import Customer
from kefu.notices import services
from kefu.notices.forms import HandOutForm, ReceiptFilterForm
from kefu.notices.selectors import (
    ReceiptFilters,
    access_notice,
    handbook_list_for,
    handbook_receipts_for,
)
from kefu.notices.views.register import _invalid


@login_required
@require_GET
def handbook_list(request: HttpRequest) -> HttpResponse:
    """The handbook editions and who received which, when, acknowledged how."""
    form = ReceiptFilterForm(request.GET)
    building = form.cleaned_data["building"].strip() if form.is_valid() else ""
    receipts = handbook_receipts_for(request.user, ReceiptFilters(building=building))
    return render(
        request,
        "notices/handbook_list.html",
        {
            "form": form,
            "editions": handbook_list_for(request.user)[:50],
            "page_obj": Paginator(receipts, 50).get_page(request.GET.get("page")),
        },
    )


@login_required
@require_POST
def handbook_hand_out_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Hand a sent handbook to one more customer (a new tenant at move-in)."""
    notice = access_notice(request.user, pk)
    form = HandOutForm(request.POST, customers=Customer.objects.filter(site=notice.site))
    if not form.is_valid():
        raise _invalid(form)
    services.handbook_hand_out(
        actor=request.user, notice=notice, customer=form.cleaned_data["customer"]
    )
    messages.success(request, _("The handbook was handed out; the acknowledgement is due."))
    return redirect(notice)
