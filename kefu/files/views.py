"""Pages of the customer-files app under /files/: list, file page, the hand-over register."""

import contextlib
import io
import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kefu.core.actions import action_label
from kefu.core.errors import InvalidInput
from kefu.files import selectors, services
from kefu.files.forms import (
    AccessApplyForm,
    AccessDecideForm,
    DocumentForm,
    FileFilterForm,
    HandoverForm,
    ImportForm,
    ItemCheckForm,
    LoanDecideForm,
    LoanForm,
    LoanReturnForm,
)
from kefu.files.imports import HEADERS, ROW_MESSAGES
from kefu.files.models import Confidentiality, ImportJob, ImportStatus, ItemDefect

PAGE_SIZE = 25


def _invalid(form) -> InvalidInput:
    fields = {name: [str(m) for m in errors] for name, errors in form.errors.items()}
    return InvalidInput(_("Check the entered values."), fields=fields)


def _origin(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _filtered(request: HttpRequest):
    """The list's filters from the query string, and the files they select."""
    form = FileFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    files = selectors.file_list_for(
        request.user,
        status=data.get("status", ""),
        kind_code=data.get("kind", ""),
        query=data.get("q", ""),
        missing_only=bool(data.get("missing")),
    )
    return form, files


@login_required
@require_GET
def file_list(request: HttpRequest) -> HttpResponse:
    """A site's files; classified ones show only that they exist, personal data masked."""
    form, files = _filtered(request)
    page = Paginator(files, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.file_rows(request.user, page.object_list)
    kinds = selectors.kind_list_for(request.user).only("code", "name", "site")
    may_manage = bool(selectors.sites_with(request.user, selectors.MANAGE))
    context = {
        "form": form,
        "page_obj": page,
        "rows": rows,
        "kinds": kinds,
        "may_manage": may_manage,
    }
    return render(request, "files/file_list.html", context)


@login_required
@require_GET
def file_detail(request: HttpRequest, pk: int) -> HttpResponse:
    file = selectors.access_file(request.user, pk)
    view = services.file_view(actor=request.user, file=file, origin=_origin(request))
    site_id = file.site_id
    may_keep = selectors.may(request.user, site_id, selectors.KEEP)
    context = {
        "file": file,
        "view": view,
        "row": selectors.file_row(request.user, file, readable=view.readable),
        "may_keep": may_keep,
        "keeper_sites": {site_id} if may_keep else set(),
        "defects": ItemDefect.choices,
        "handovers": list(selectors.handover_register_for(file.site).filter(file=file)),
        "applications": list(
            file.access_applications.filter(applicant=request.user).select_related("decided_by")[:5]
        )
        if file.is_classified
        else [],
        "apply_form": AccessApplyForm() if not view.readable else None,
        "loan_form": LoanForm() if view.readable and file.status == "open" else None,
        "loans": list(selectors.loan_list_for(request.user).filter(file=file)[:10]),
    }
    return render(request, "files/file_detail.html", context)


@login_required
@require_POST
def file_item_check_view(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    file = selectors.access_file(request.user, pk)
    item = selectors.access_file_item(file, item_id)
    form = ItemCheckForm(request.POST)
    if not form.is_valid():
        raise _invalid(form)
    services.file_item_check(actor=request.user, file_item=item, **form.cleaned_data)
    messages.success(request, _("The checklist item was recorded."))
    return redirect("files:file_detail", pk=file.pk)


@login_required
@require_POST
def file_document_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    file = selectors.access_file(request.user, pk)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        raise _invalid(form)
    item_id = form.cleaned_data.get("item")
    item = selectors.access_file_item(file, item_id) if item_id else None
    services.file_document_add(
        actor=request.user,
        file=file,
        upload=form.cleaned_data["scan"],
        title=form.cleaned_data.get("title", ""),
        file_item=item,
    )
    messages.success(request, _("The scan was stored."))
    return redirect("files:file_detail", pk=file.pk)


@login_required
@require_GET
def file_document_view(request: HttpRequest, pk: int, document_id: int) -> FileResponse:
    """A scan, if the reader may read its level; classified reads are recorded."""
    file = selectors.access_file(request.user, pk)
    document = services.file_document_read(
        actor=request.user, file=file, document_id=document_id, origin=_origin(request)
    )
    response = FileResponse(document.scan.open("rb"), content_type=document.content_type)
    response["Content-Disposition"] = f'inline; filename="{document.scan.name.rsplit("/", 1)[-1]}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def handover_register_view(request: HttpRequest, pk: int) -> HttpResponse:
    file = selectors.access_file(request.user, pk)
    form = HandoverForm(request.POST)
    if not form.is_valid():
        raise _invalid(form)
    line = services.handover_register(actor=request.user, file=file, **form.cleaned_data)
    if line.incomplete:
        messages.warning(request, _("Registered as 资料不齐: the missing items are listed."))
    else:
        messages.success(request, _("The hand-over was registered."))
    return redirect("files:file_detail", pk=file.pk)


@login_required
@require_POST
def handover_receive_view(request: HttpRequest, pk: int) -> HttpResponse:
    line = selectors.access_handover(request.user, pk)
    services.handover_receive(actor=request.user, handover=line)
    messages.success(request, _("Receipt confirmed."))
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("files:handover_list")


@login_required
@require_GET
def handover_list(request: HttpRequest) -> HttpResponse:
    """《用户档案签收薄》 of the user's sites; the keeper confirms the open lines here."""
    pending = request.GET.get("pending") == "1"
    lines = selectors.handover_register_for(user=request.user, pending_only=pending)
    page = Paginator(lines, PAGE_SIZE).get_page(request.GET.get("page"))
    keeper_sites = selectors.sites_with(request.user, selectors.KEEP)
    context = {"page_obj": page, "pending": pending, "keeper_sites": keeper_sites}
    return render(request, "files/handover_list.html", context)


@login_required
@require_POST
def access_apply_view(request: HttpRequest, pk: int) -> HttpResponse:
    file = selectors.access_file(request.user, pk)
    form = AccessApplyForm(request.POST)
    if not form.is_valid():
        raise _invalid(form)
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
        raise _invalid(form)
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
            "file": numbers.get(e.target_id) if e.action != "files.exported" else None,
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
        raise _invalid(form)
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
        raise _invalid(form)
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
        raise _invalid(form)
    services.loan_return(actor=request.user, loan=loan, **form.cleaned_data)
    messages.success(request, _("The return was recorded."))
    return redirect("files:loan_list")


@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    """Upload a customer import; the recent imports of the user's sites."""
    sites = selectors.keeper_sites(request.user)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, sites=sites)
        if not form.is_valid():
            raise _invalid(form)
        site = next(s for s in sites if str(s.pk) == form.cleaned_data["site"])
        job = services.import_upload(
            actor=request.user, site=site, upload=form.cleaned_data["source"]
        )
        return redirect("files:import_detail", pk=job.pk)
    jobs = selectors.import_list_for(request.user)[:20]
    context = {
        "form": ImportForm(sites=sites) if sites else None,
        "jobs": jobs,
        "headers": list(HEADERS),
    }
    return render(request, "files/import_list.html", context)


def _import_context(job: ImportJob) -> dict:
    errors = [{**e, "message": str(ROW_MESSAGES.get(e["code"], e["code"]))} for e in job.errors]
    busy = job.status in (ImportStatus.UPLOADED, ImportStatus.CHECKING, ImportStatus.RUNNING)
    return {"job": job, "errors": errors, "busy": busy}


@login_required
@require_GET
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.access_import(request.user, pk)
    return render(request, "files/import_detail.html", _import_context(job))


@login_required
@require_GET
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar, polled by htmx while the worker checks or writes."""
    job = selectors.access_import(request.user, pk)
    context = _import_context(job)
    response = render(request, "files/_import_progress.html", context)
    if not context["busy"]:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def import_commit_view(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.access_import(request.user, pk)
    services.import_commit(actor=request.user, job=job)
    return redirect("files:import_detail", pk=job.pk)


@login_required
@require_GET
def file_export(request: HttpRequest) -> FileResponse:
    """The filtered list as .xlsx, streamed; masked like the list, audited."""
    _form, files = _filtered(request)
    path, _count = services.files_export(actor=request.user, files=files)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = FileResponse(
        _TempFile(path, "rb"),
        as_attachment=True,
        filename=f"customer-files-{stamp}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    return response


class _TempFile(io.FileIO):
    """A file that deletes itself once the response has streamed it."""

    def close(self) -> None:
        name = self.name
        super().close()
        with contextlib.suppress(OSError):
            os.unlink(name)


@login_required
@require_GET
def retention_list(request: HttpRequest) -> HttpResponse:
    """Files whose retention ended, destruction requests and the destruction records."""
    today = timezone.localdate()
    expired = selectors.expired_files(request.user, today=today)
    page = Paginator(expired, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "records": selectors.destruction_list_for(request.user)[:50],
        "approver_sites": selectors.sites_with(request.user, selectors.APPROVE_DESTRUCTION),
    }
    return render(request, "files/retention.html", context)


@login_required
@require_POST
def destruction_request_view(request: HttpRequest, pk: int) -> HttpResponse:
    file = selectors.access_file(request.user, pk)
    services.destruction_request(
        actor=request.user, file=file, reason=request.POST.get("reason", "")[:200]
    )
    messages.success(request, _("The destruction was requested."))
    return redirect("files:retention_list")


@login_required
@require_POST
def destruction_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.access_destruction(request.user, pk)
    services.destruction_decide(
        actor=request.user, destruction=record, approve=request.POST.get("decision") == "approve"
    )
    messages.success(request, _("The destruction request was decided."))
    return redirect("files:retention_list")
