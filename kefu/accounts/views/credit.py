"""Credit pages: the account list, the account page, the shipment check, recovery."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kefu.accounts import selectors, services
from kefu.accounts.forms import EntryForm, ImportForm, MonthForm, ShipmentForm
from kefu.accounts.imports import read_workbook
from kefu.accounts.models import CreditEntry
from kefu.core.errors import InvalidInput
from kefu.org.selectors import access_site, site_list_for


def _invalid(form) -> InvalidInput:
    fields = {name: [str(m) for m in errors] for name, errors in form.errors.items()}
    return InvalidInput(_("Check the entered values."), fields=fields)


@login_required
@require_GET
def account_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    accounts = list(selectors.account_list_for(request.user)[:200])
    rows = [(a, selectors.credit_status(a, today=today)) for a in accounts]
    sites = [
        s for s in site_list_for(request.user) if selectors.may(request.user, s, "accounts.credit")
    ]
    return render(
        request,
        "accounts/account_list.html",
        {"rows": rows, "import_sites": sites, "import_form": ImportForm()},
    )


@login_required
@require_GET
def account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account = selectors.access_account(request.user, pk)
    today = timezone.localdate()
    context = {
        "account": account,
        "status": selectors.credit_status(account, today=today),
        "shipments": selectors.shipment_list_for(request.user, account=account)[:50],
        "entries": CreditEntry.objects.filter(account=account).order_by("-occurred_on", "-id")[:50],
        "ship_form": ShipmentForm(initial={"invoice_date": today}),
        "entry_form": EntryForm(initial={"occurred_on": today}),
        "may_ship": selectors.may(request.user, account.site, "accounts.ship"),
        "may_credit": selectors.may(request.user, account.site, "accounts.credit"),
        "may_sign": selectors.may(request.user, account.site, "accounts.sign_over_limit"),
        "may_past_term": selectors.may(request.user, account.site, "accounts.approve_past_term"),
    }
    return render(request, "accounts/account_detail.html", context)


@login_required
@require_POST
def shipment_request_view(request: HttpRequest, pk: int) -> HttpResponse:
    account = selectors.access_account(request.user, pk)
    form = ShipmentForm(request.POST)
    if not form.is_valid():
        raise _invalid(form)
    shipment = services.shipment_request(
        actor=request.user, account=account, now=timezone.now(), **form.service_kwargs()
    )
    if shipment.status == "allowed":
        messages.success(request, _("The shipment is within the rules and may go out."))
    else:
        messages.error(
            request,
            _("The shipment was refused: %(reason)s") % {"reason": shipment.get_refusal_display()},
        )
    return redirect("accounts:account_detail", pk=account.pk)


@login_required
@require_POST
def shipment_sign_view(request: HttpRequest, shipment_id: int) -> HttpResponse:
    shipment = selectors.access_shipment(request.user, shipment_id)
    services.shipment_sign_over_limit(actor=request.user, shipment=shipment, now=timezone.now())
    messages.success(request, _("The over-limit shipment was signed off and may go out."))
    return redirect("accounts:account_detail", pk=shipment.account_id)


@login_required
@require_POST
def shipment_past_term_view(request: HttpRequest, shipment_id: int) -> HttpResponse:
    shipment = selectors.access_shipment(request.user, shipment_id)
    services.shipment_approve_past_term(actor=request.user, shipment=shipment, now=timezone.now())
    messages.success(request, _("Credit past the term was approved; the shipment may go out."))
    return redirect("accounts:account_detail", pk=shipment.account_id)


@login_required
@require_POST
def entry_record_view(request: HttpRequest, pk: int) -> HttpResponse:
    account = selectors.access_account(request.user, pk)
    form = EntryForm(request.POST)
    if not form.is_valid():
        raise _invalid(form)
    services.credit_entry_record(actor=request.user, account=account, **form.service_kwargs())
    messages.success(request, _("The entry was recorded."))
    return redirect("accounts:account_detail", pk=account.pk)


@login_required
@require_POST
def import_view(request: HttpRequest, site_id: int) -> HttpResponse:
    site = access_site(request.user, site_id)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        raise _invalid(form)
    rows = read_workbook(form.cleaned_data["file"].read())
    result = services.credit_entries_import(actor=request.user, site=site, rows=rows)
    messages.success(
        request,
        _("%(created)d entries imported, %(skipped)d already recorded.") % result,
    )
    return redirect("accounts:account_list")


def _last_month(today: date) -> date:
    return (today.replace(day=1) - timezone.timedelta(days=1)).replace(day=1)


@login_required
def recovery(request: HttpRequest, site_id: int) -> HttpResponse:
    """The month-end recovery list; POST runs it into the penalty ledger (L307, L313)."""
    site = access_site(request.user, site_id)
    form = MonthForm(request.POST or request.GET or None)
    month = form.cleaned_data["month"] if form.is_valid() else _last_month(timezone.localdate())
    if request.method == "POST":
        if not form.is_valid():
            raise _invalid(form)
        entries = services.recovery_run(
            actor=request.user, site=site, month=month, now=timezone.now()
        )
        messages.success(request, _("%(n)d ledger entries for the month.") % {"n": len(entries)})
        return redirect(f"{request.path}?month={month:%Y-%m}")
    return render(
        request,
        "accounts/recovery.html",
        {
            "site": site,
            "month": month,
            "form": MonthForm(initial={"month": month}),
            "rows": selectors.month_end_rows(site, month=month),
            "may_recover": selectors.may(request.user, site, "accounts.recover"),
        },
    )
