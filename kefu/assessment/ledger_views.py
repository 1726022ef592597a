"""Pages of the penalty ledger and the personal views under /assessment/.

The ledger with filters, one entry with its approval and appeal forms, the
monthly statement per person or department (Excel for payroll), "my
scorecard", the department head's view and the sign-off queue. Thin: forms
validate, ``access_*`` selectors fetch, one service call per POST.
"""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kefu.assessment import services
from kefu.assessment.exports import table_xlsx
from kefu.assessment.forms import AppealForm, DecideForm, LedgerFilterForm, StatementForm
from kefu.assessment.models import LedgerStatus, ScorecardStatus
from kefu.assessment.rules import month_start, previous_month
from kefu.assessment.selectors import (
    LedgerFilters,
    ScorecardFilters,
    access_ledger_entry,
    assessor_site_ids,
    headed_department_ids,
    ledger_list_for,
    ledger_source,
    ledger_statement,
    may_assess,
    scorecard_list_for,
)
from kefu.assessment.views import _invalid
from kefu.org.models import Site

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _month(value: date | None) -> date:
    return month_start(value) if value else previous_month(timezone.localdate())


@login_required
@require_GET
def ledger_list(request: HttpRequest) -> HttpResponse:
    form = LedgerFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    filters = LedgerFilters(**{k: v or None for k, v in data.items()})
    page = Paginator(ledger_list_for(request.user, filters), 50).get_page(request.GET.get("page"))
    return render(request, "assessment/ledger_list.html", {"form": form, "page_obj": page})


@login_required
@require_GET
def ledger_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = access_ledger_entry(request.user, pk)
    label, url = ledger_source(entry)
    may_approve = may_assess(request.user, entry.site, "assessment.approve")
    appealable = entry.person_id == request.user.pk and entry.status in (
        LedgerStatus.PROPOSED,
        LedgerStatus.APPROVED,
    )
    context = {
        "entry": entry,
        "source_label": label,
        "source_url": url,
        "may_approve": may_approve and entry.status == LedgerStatus.PROPOSED,
        "appeal_form": AppealForm() if appealable and not entry.appealed_at else None,
        "decide_form": DecideForm()
        if may_approve and entry.status == LedgerStatus.APPEALED
        else None,
    }
    return render(request, "assessment/ledger_detail.html", context)


@login_required
@require_POST
def ledger_approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    entry = access_ledger_entry(request.user, pk)
    services.ledger_entry_approve(actor=request.user, entry=entry)
    messages.success(request, _("The entry was approved."))
    return redirect("assessment:ledger_detail", pk=entry.pk)


@login_required
@require_POST
def ledger_appeal_view(request: HttpRequest, pk: int) -> HttpResponse:
    entry = access_ledger_entry(request.user, pk)
    form = AppealForm(request.POST)
    if not form.is_valid():
        raise _invalid(form)
    services.ledger_entry_appeal(actor=request.user, entry=entry, **form.cleaned_data)
    messages.success(request, _("Your appeal was filed."))
    return redirect("assessment:ledger_detail", pk=entry.pk)


@login_required
@require_POST
def ledger_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    entry = access_ledger_entry(request.user, pk)
    form = DecideForm(request.POST)
    if not form.is_valid():
        raise _invalid(form)
    services.ledger_appeal_decide(actor=request.user, entry=entry, **form.cleaned_data)
    messages.success(request, _("The appeal was decided."))
    return redirect("assessment:ledger_detail", pk=entry.pk)


def _statement(request: HttpRequest):
    form = StatementForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    month = _month(data.get("month"))
    by = data.get("by") or "person"
    rows = ledger_statement(request.user, month=month, site=data.get("site"), by=by)
    return form, month, by, rows


@login_required
@require_GET
def ledger_statement_view(request: HttpRequest) -> HttpResponse:
    form, month, by, rows = _statement(request)
    return render(
        request,
        "assessment/ledger_statement.html",
        {"form": form, "month": month, "by": by, "rows": rows, "query": request.GET.urlencode()},
    )


@login_required
@require_GET
def ledger_statement_export(request: HttpRequest) -> HttpResponse:
    """The statement for payroll: fines and pay deductions in yuan, points, pending."""
    _form, month, by, rows = _statement(request)
    headers = [
        _("Person") if by == "person" else _("Department"),
        _("Entries"),
        _("Fines (yuan)"),
        _("Pay deductions (yuan)"),
        _("Points"),
        _("Dismissal recommended"),
        _("Still open"),
    ]
    body = table_xlsx(
        f"{month:%Y-%m}",
        headers,
        (
            [r.name, r.entries, float(r.fines_yuan), float(r.pay_yuan), float(r.points),
             _("yes") if r.dismissal else "", r.pending]
            for r in rows
        ),
    )  # fmt: skip
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="ledger-{by}-{month:%Y-%m}.xlsx"'
    return response


@login_required
@require_GET
def my_scorecard(request: HttpRequest) -> HttpResponse:
    """A person's own month: their per-person cards and ledger entries, each linked."""
    form = StatementForm(request.GET or None)
    month = _month(form.cleaned_data.get("month") if form.is_valid() else None)
    cards = scorecard_list_for(request.user, ScorecardFilters(month=month)).filter(
        person=request.user
    )
    entries = ledger_list_for(request.user, LedgerFilters(month=month, person=request.user.pk))
    return render(
        request,
        "assessment/my_scorecard.html",
        {"form": form, "month": month, "cards": cards, "entries": entries},
    )


@login_required
@require_GET
def department_view(request: HttpRequest) -> HttpResponse:
    """The department head's month: the department's entries and its people's cards."""
    form = StatementForm(request.GET or None)
    month = _month(form.cleaned_data.get("month") if form.is_valid() else None)
    departments = headed_department_ids(request.user)
    entries = ledger_list_for(request.user, LedgerFilters(month=month)).filter(
        department_id__in=departments
    )
    cards = (
        scorecard_list_for(request.user, ScorecardFilters(month=month))
        .filter(person__assignments__position__department_id__in=departments)
        .distinct()
    )
    return render(
        request,
        "assessment/department.html",
        {"form": form, "month": month, "entries": entries, "cards": cards, "heads": departments},
    )


@login_required
@require_GET
def sign_off_list(request: HttpRequest) -> HttpResponse:
    """Draft months waiting for sign-off at the sites where the user approves."""
    sites = Site.objects.filter(pk__in=assessor_site_ids(request.user))
    approver_sites = {s.pk for s in sites if may_assess(request.user, s, "assessment.approve")}
    cards = scorecard_list_for(request.user, ScorecardFilters(status=ScorecardStatus.DRAFT)).filter(
        site_id__in=approver_sites
    )
    pending = ledger_list_for(request.user).filter(
        site_id__in=approver_sites,
        status__in=(LedgerStatus.PROPOSED, LedgerStatus.APPEALED),
    )
    return render(request, "assessment/sign_off.html", {"cards": cards, "pending": pending[:100]})
