"""Deals: subscriptions (认购), contracts (签约), deposits (finance only), the ledger."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kefu.org.models import User
from kefu.sales import services
from kefu.sales.errors import SalesInvalid, SalesNotFound
from kefu.sales.forms import DealForm, DepositForm, yuan_to_fen
from kefu.sales.models import Party
from kefu.sales.selectors import access_deal, deals_for, find_buyer, ledger_net, site_policy
from kefu.sales.views.common import current_site, site_context


@login_required
def deal_list(request: HttpRequest) -> HttpResponse:
    site = current_site(request)
    splits = site_policy(site).splits
    form = DealForm(request.POST or None, site=site, splits=splits)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        customer = find_buyer(site, phone=data["customer_phone"])
        if customer is None:
            raise SalesNotFound(_("No registered customer has this phone."))
        deal = services.deal_subscribe(
            actor=request.user,
            site=site,
            customer=customer,
            unit=data["unit"],
            closer=data["closer"],
            commission_fen=yuan_to_fen(data["commission"]),
            price_fen=yuan_to_fen(data["price"] or 0),
            split_rule=data["split_rule"],
            proxy_buyer=data["proxy_buyer"],
        )
        messages.success(request, _("Subscription recorded."))
        return redirect("sales:deal_detail", pk=deal.pk)
    context = {**site_context(request, site), "form": form, "deals": deals_for(site)[:200]}
    return render(request, "sales/deals.html", context)


@login_required
def deal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    deal = access_deal(request.user, pk)
    context = {
        **site_context(request, deal.site),
        "deal": deal,
        "deposit_form": DepositForm(),
        "lines": deal.ledger.select_related("consultant").order_by("batch", "id"),
        "net": _net_rows(deal),
        "deposits": deal.deposits.select_related("recorded_by"),
    }
    return render(request, "sales/deal_detail.html", context)


def _net_rows(deal) -> list[tuple[str, int]]:
    people = {u.pk: str(u) for u in User.objects.filter(pk__in=[k[1] for k in ledger_net(deal)])}
    labels = dict(Party.choices)
    return sorted(
        (
            (people.get(cid) or str(labels[party]), amount)
            for (party, cid), amount in ledger_net(deal).items()
        ),
        key=lambda row: -row[1],
    )


@login_required
@require_POST
def deal_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    deal = access_deal(request.user, pk)
    if action == "contract":
        services.deal_contract(actor=request.user, deal=deal)
    elif action == "claim":
        services.deal_claim(actor=request.user, deal=deal)
    elif action == "deposit":
        form = DepositForm(request.POST)
        if not form.is_valid():
            raise SalesInvalid(code="invalid")
        services.deposit_record(
            actor=request.user,
            deal=deal,
            kind=form.cleaned_data["kind"],
            amount_fen=yuan_to_fen(form.cleaned_data["amount"]),
            receipt_no=form.cleaned_data["receipt_no"],
        )
    else:
        raise SalesNotFound()
    messages.success(request, _("Saved."))
    return redirect(reverse("sales:deal_detail", args=[deal.pk]))
