"""Pages of files: the list, a file, its checklist and scans, the hand-over register."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kefu.files import selectors, services
from kefu.files.forms import (
    AccessApplyForm,
    DocumentForm,
    ExportForm,
    GradeForm,
    HandoverForm,
    ItemCheckForm,
    LoanForm,
)
from kefu.files.models import ItemDefect
from kefu.files.views.common import (
    PAGE_SIZE,
    TempFile,
    client_address,
    filtered_files,
    form_error,
)


@login_required
@require_GET
def file_list(request: HttpRequest) -> HttpResponse:
    """A site's files; classified ones show only that they exist, personal data masked."""
    form, files = filtered_files(request)
    page = Paginator(files, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.file_rows(request.user, page.object_list)
    kinds = selectors.kind_list_for(request.user).only("code", "name", "site")
    may_manage = bool(selectors.sites_with(request.user, selectors.MANAGE))
    may_grade = bool(selectors.sites_with_any(request.user, selectors.GRADE, selectors.MANAGE))
    context = {
        "form": form,
        "page_obj": page,
        "rows": rows,
        "kinds": kinds,
        "may_manage": may_manage,
        "may_grade": may_grade,
    }
    return render(request, "files/file_list.html", context)


@login_required
@require_GET
def file_detail(request: HttpRequest, pk: int) -> HttpResponse:
    file = selectors.access_file(request.user, pk)
    view = services.file_view(actor=request.user, file=file, origin=client_address(request))
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
        ),
        "apply_form": AccessApplyForm(),
        "may_export": view.readable and selectors.may_export(request.user, file),
        "may_disclose": selectors.may_export(request.user, file, purpose="disclose"),
        "grade": _grade_context(request, file, view.readable),
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
        raise form_error(form)
    services.file_item_check(actor=request.user, file_item=item, **form.cleaned_data)
    messages.success(request, _("The checklist item was recorded."))
    return redirect("files:file_detail", pk=file.pk)


@login_required
@require_POST
def file_document_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    file = selectors.access_file(request.user, pk)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        raise form_error(form)
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
        actor=request.user, file=file, document_id=document_id, origin=client_address(request)
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
        raise form_error(form)
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


def _grade_context(request: HttpRequest, file, readable: bool) -> dict:
    """The file's grade, its scheme, its history and (for graders) the grading form."""
    scheme = selectors.grading_scheme_for(file.site)
    may_grade = readable and selectors.may(request.user, file.site_id, selectors.GRADE)
    return {
        "scheme": scheme.describe(),
        "grades": list(scheme.grades),
        "history": list(selectors.grade_history(file)[:10]) if readable else [],
        "form": GradeForm(
            initial={
                "grade": file.grade,
                "annual_value": (file.annual_value_fen or 0) / 100,
                "credit_rating": file.credit_rating or "normal",
            }
        )
        if may_grade and file.status != "destroyed"
        else None,
    }


@login_required
@require_POST
def file_export_one(request: HttpRequest, pk: int) -> FileResponse:
    """One file as a .zip (copy/export or disclosure): approved, stamped, audited."""
    file = selectors.access_file(request.user, pk)
    form = ExportForm(request.POST)
    if not form.is_valid():
        raise form_error(form)
    export = services.file_export(
        actor=request.user,
        file=file,
        purpose=form.cleaned_data["purpose"],
        origin=client_address(request),
    )
    return FileResponse(
        TempFile(export.path, "rb"),
        as_attachment=True,
        filename=export.filename,
        content_type="application/zip",
    )
