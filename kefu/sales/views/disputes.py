"""Disputes (撞单/归属): file with a statement, escalate up the preset's path, decide."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kefu.sales import services
from kefu.sales.errors import SalesInvalid, SalesNotFound
from kefu.sales.forms import DecideForm, DisputeForm
from kefu.sales.policies import Role
from kefu.sales.selectors import access_dispute, disputes_for, find_buyer, site_policy
from kefu.sales.views.common import current_site, site_context


@login_required
def dispute_list(request: HttpRequest) -> HttpResponse:
    site = current_site(request)
    form = DisputeForm(request.POST or None, site=site)
    if request.method == "POST" and form.is_valid():
        customer = find_buyer(site, phone=form.cleaned_data["customer_phone"])
        if customer is None:
            raise SalesNotFound(_("No registered customer has this phone."))
        deal = customer.deal_set.exclude(status="cancelled").order_by("-subscribed_at").first()
        dispute = services.dispute_file(
            actor=request.user,
            site=site,
            customer=customer,
            deal=deal,
            against=form.cleaned_data["against"],
            statement=form.cleaned_data["statement"],
        )
        messages.success(request, _("Dispute filed."))
        return redirect("sales:dispute_detail", pk=dispute.pk)
    context = {**site_context(request, site), "form": form, "disputes": disputes_for(site)[:200]}
    return render(request, "sales/disputes.html", context)


@login_required
def dispute_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dispute = access_dispute(request.user, pk)
    site = dispute.site
    path = [(i, str(Role.LABELS[r])) for i, r in enumerate(dispute.path)]
    context = {
        **site_context(request, site),
        "dispute": dispute,
        "path": path,
        "entries": dispute.entries.select_related("author"),
        "decide_form": DecideForm(site=site, splits=site_policy(site).splits),
    }
    return render(request, "sales/dispute_detail.html", context)


@login_required
@require_POST
def dispute_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    dispute = access_dispute(request.user, pk)
    text = request.POST.get("text", "")
    if action == "statement":
        services.dispute_statement(actor=request.user, dispute=dispute, text=text)
    elif action == "escalate":
        services.dispute_escalate(actor=request.user, dispute=dispute, note=text)
    elif action == "decide":
        form = DecideForm(request.POST, site=dispute.site, splits=site_policy(dispute.site).splits)
        if not form.is_valid():
            raise SalesInvalid(code="invalid")
        services.dispute_decide(actor=request.user, dispute=dispute, **form.cleaned_data)
    else:
        raise SalesNotFound()
    messages.success(request, _("Saved."))
    return redirect("sales:dispute_detail", pk=dispute.pk)
