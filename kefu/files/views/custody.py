"""Pages of custody inspections (《客户档案保管检查记录》) and of grading."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kefu.files import selectors, services
from kefu.files.forms import GradeForm, InspectionForm, RepairForm, ReviewWindowForm
from kefu.files.models import FindingKind
from kefu.files.views.common import PAGE_SIZE, form_error
from kefu.org.models import Site


def _keeper_sites(request: HttpRequest) -> list[Site]:
    ids = selectors.sites_with(request.user, selectors.KEEP)
    return list(Site.objects.filter(pk__in=ids).order_by("code"))


@login_required
def inspection_list(request: HttpRequest) -> HttpResponse:
    """When each site's next half-yearly inspection is due, the inspections, and the form
    to record one (file keepers)."""
    sites = _keeper_sites(request)
    if request.method == "POST":
        form = InspectionForm(request.POST, sites=sites)
        if not form.is_valid():
            raise form_error(form)
        data = form.cleaned_data
        inspection = services.inspection_record(
            actor=request.user,
            site=next(s for s in sites if str(s.pk) == data["site"]),
            inspected_on=data["inspected_on"],
            scope=data["scope"],
            environment_ok=data["environment_ok"],
            note=data["note"],
            findings=[services.FindingInput(**row) for row in form.finding_rows()],
        )
        messages.success(request, _("The inspection was recorded."))
        return redirect("files:inspection_detail", pk=inspection.pk)
    today = timezone.localdate()
    inspections = selectors.inspection_list_for(request.user)
    context = {
        "schedule": selectors.inspection_schedule(request.user, today=today),
        "page_obj": Paginator(inspections, PAGE_SIZE).get_page(request.GET.get("page")),
        "form": InspectionForm(sites=sites, initial={"inspected_on": today}) if sites else None,
    }
    return render(request, "files/inspection_list.html", context)


@login_required
@require_GET
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.access_inspection(request.user, pk)
    context = {
        "inspection": inspection,
        "findings": list(inspection.findings.select_related("file", "repaired_by")),
        "may_keep": selectors.may(request.user, inspection.site_id, selectors.KEEP),
        "kinds": dict(FindingKind.choices),
    }
    return render(request, "files/inspection_detail.html", context)


@login_required
@require_POST
def finding_repair_view(request: HttpRequest, pk: int, finding_id: int) -> HttpResponse:
    inspection = selectors.access_inspection(request.user, pk)
    finding = selectors.access_finding(inspection, finding_id)
    form = RepairForm(request.POST)
    if not form.is_valid():
        raise form_error(form)
    services.finding_repair(
        actor=request.user,
        finding=finding,
        repair=form.cleaned_data["repair"],
        repaired_on=form.cleaned_data["repaired_on"],
    )
    messages.success(request, _("The repair was recorded."))
    return redirect("files:inspection_detail", pk=inspection.pk)


@login_required
@require_GET
def grading_list(request: HttpRequest) -> HttpResponse:
    """Graded files due for review within 30, 120 or 365 days (overdue first)."""
    window = ReviewWindowForm(request.GET)
    within = (window.cleaned_data.get("within") if window.is_valid() else None) or 120
    today = timezone.localdate()
    files = selectors.files_due_for_review(request.user, today=today, within_days=within)
    page = Paginator(files, PAGE_SIZE).get_page(request.GET.get("page"))
    sites = Site.objects.filter(pk__in={f.site_id for f in page.object_list})
    context = {
        "page_obj": page,
        "rows": selectors.file_rows(request.user, page.object_list),
        "within": within,
        "today": today,
        "schemes": [(s, selectors.grading_scheme_for(s).describe()) for s in sites],
    }
    return render(request, "files/grading_list.html", context)


@login_required
@require_POST
def file_grade_view(request: HttpRequest, pk: int) -> HttpResponse:
    file = selectors.access_file(request.user, pk)
    form = GradeForm(request.POST)
    if not form.is_valid():
        raise form_error(form)
    data = form.cleaned_data
    services.file_grade(
        actor=request.user,
        file=file,
        grade=data["grade"].upper(),
        annual_value_fen=int(data["annual_value"] * Decimal(100)),
        credit_rating=data["credit_rating"],
        reason=data["reason"],
    )
    messages.success(request, _("The grade was recorded."))
    return redirect("files:file_detail", pk=file.pk)
