"""Pages of confidentiality: access applications, the access log, loans of the paper file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kefu.core.actions import action_label
from kefu.files import selectors, services
from kefu.files.forms import (
    AccessApplyForm,
    AccessDecideForm,
    LoanDecideForm,
    LoanForm,
    LoanReturnForm,
)
from kefu.files.models import Confidentiality
from kefu.files.views.common import PAGE_SIZE, form_error


@login_required
@require_POST
def access_apply_view(request: HttpRequest, pk: int) -> HttpResponse:
    file = selectors.access_file(request.user, pk)
    form = AccessApplyForm(request.POST)
    if not form.is_valid():
        raise form_error(form)
    services.access_apply(actor=request.user, file=file, **form.cleaned_data)
    messages.success(request, _("The application was sent to the approver."))
    return redirect("files:file_detail", pk=file.pk)


@login_required
@require_GET
def access_list(request: HttpRequest) -> HttpResponse:
    """Applications to decide (approvers) and the user's own applications."""
    context = {
        "to_decide": selectors.access_applications_for(request.user, to_decide=True),
        "mine": selectors.access_applications_for(request.user),
        "decide_form": AccessDecideForm(),
    }
    return render(request, "files/access_list.html", context)


@login_required
@require_POST
def access_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.access_application_for(request.user, pk)
    form = AccessDecideForm(request.POST)
    if not form.is_valid():
        raise form_error(form)
    data = form.cleaned_data
    services.access_decide(
        actor=request.user,
        application=application,
        approve=data["decision"] == "approve",
        days=data["days"],
        note=data["note"],
    )
    messages.success(request, _("The application was decided."))
    return redirect("files:access_list")


@login_required
@require_GET
def access_log(request: HttpRequest) -> HttpResponse:
    """The file manager's review: every classified read, export and refusal."""
    entries = selectors.access_log_for(request.user, action=request.GET.get("action", ""))
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    numbers = selectors.files_of_entries(page.object_list)
    levels = dict(Confidentiality.choices)
    rows = [
        {
            "entry": e,
            "file": numbers.get(e.pk),
            "label": action_label(e.action),
            "level": levels.get((e.changes.get("level") or [None, ""])[1], ""),
            "origin": (e.changes.get("from") or [None, ""])[1],
        }
        for e in page.object_list
    ]
    actions = [(code, action_label(code)) for code in selectors.TRACE_ACTIONS]
    context = {"page_obj": page, "rows": rows, "actions": actions}
    return render(request, "files/access_log.html", context)


@login_required
@require_POST
def loan_request_view(request: HttpRequest, pk: int) -> HttpResponse:
    file = selectors.access_file(request.user, pk)
    form = LoanForm(request.POST)
    if not form.is_valid():
        raise form_error(form)
    services.loan_request(actor=request.user, file=file, **form.cleaned_data)
    messages.success(request, _("The loan was requested."))
    return redirect("files:file_detail", pk=file.pk)


@login_required
@require_GET
def loan_list(request: HttpRequest) -> HttpResponse:
    """《客户资料外借登记册》: open loans, the overdue list, or everything."""
    show = request.GET.get("show", "open")
    loans = selectors.loan_list_for(
        request.user,
        open_only=show == "open",
        overdue_at=timezone.now() if show == "overdue" else None,
    )
    page = Paginator(loans, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "show": show,
        "now": timezone.now(),
        "approver_sites": selectors.sites_with(request.user, selectors.APPROVE_LOAN),
        "keeper_sites": selectors.sites_with(request.user, selectors.KEEP),
    }
    return render(request, "files/loan_list.html", context)


@login_required
@require_POST
def loan_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    loan = selectors.access_loan(request.user, pk)
    form = LoanDecideForm(request.POST)
    if not form.is_valid():
        raise form_error(form)
    services.loan_decide(
        actor=request.user,
        loan=loan,
        approve=form.cleaned_data["decision"] == "approve",
        note=form.cleaned_data["note"],
    )
    messages.success(request, _("The loan was decided."))
    return redirect("files:loan_list")


@login_required
@require_POST
def loan_return_view(request: HttpRequest, pk: int) -> HttpResponse:
    loan = selectors.access_loan(request.user, pk)
    form = LoanReturnForm(request.POST)
    if not form.is_valid():
        raise form_error(form)
    services.loan_return(actor=request.user, loan=loan, **form.cleaned_data)
    messages.success(request, _("The return was recorded."))
    return redirect("files:loan_list")
