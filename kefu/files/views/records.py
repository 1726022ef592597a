"""Pages of imports, the list export and retention with destruction."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kefu.files import selectors, services
from kefu.files.forms import ImportForm
from kefu.files.imports import HEADERS, ROW_MESSAGES
from kefu.files.models import ImportJob, ImportStatus
from kefu.files.views.common import (
    PAGE_SIZE,
    TempFile,
    client_address,
    filtered_files,
    form_error,
)


@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    """Upload a customer import; the recent imports of the user's sites."""
    sites = selectors.keeper_sites(request.user)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, sites=sites)
        if not form.is_valid():
            raise form_error(form)
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
    _form, files = filtered_files(request)
    path, _count = services.files_export(
        actor=request.user, files=files, origin=client_address(request)
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = FileResponse(
        TempFile(path, "rb"),
        as_attachment=True,
        filename=f"customer-files-{stamp}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    return response


@login_required
@require_GET
def retention_list(request: HttpRequest) -> HttpResponse:
    """What each record kind is kept for; files and recordings past retention (with their
    destruction requests), complaint records past retention, the destruction records."""
    today = timezone.localdate()
    expired = selectors.expired_files(request.user, today=today)
    page = Paginator(expired, PAGE_SIZE).get_page(request.GET.get("page"))
    recordings = selectors.expired_recordings_for(request.user, today=today)
    complaints = selectors.expired_complaint_records_for(request.user, today=today)
    context = {
        "page_obj": page,
        "rules": selectors.retention_rules_for(request.user),
        "recordings": recordings[:50],
        "recording_count": recordings.count(),
        "complaints": complaints[:50],
        "complaint_count": complaints.count(),
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
