"""Pages of the monthly fire-safety chain (seed 000 L43): the fire-safety notices,
a notice's inspection report with its findings and their rectification, and the
rectification letters with their follow-up deadlines (overdue ones first).

Thin: a form, one selector or one service, a page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kefu.notices import services
from kefu.notices.errors import InspectionNotFound
from kefu.notices.forms import FindingRectifiedForm, InspectionForm, RectificationFilterForm
from kefu.notices.models import NoticeKind, NoticeStatus
from kefu.notices.policies import DRAFT, RECORD
from kefu.notices.selectors import (
    RectificationFilters,
    access_finding,
    access_inspection,
    access_notice,
    fire_safety_list_for,
    inspection_findings,
    is_overdue,
    may,
    notice_recipients,
    rectification_list_for,
)
from kefu.notices.views.register import _invalid


@login_required
@require_GET
def fire_safety_list(request: HttpRequest) -> HttpResponse:
    """Every month's fire-safety notice: sign-offs, inspection, findings, letters."""
    page = Paginator(fire_safety_list_for(request.user), 24).get_page(request.GET.get("page"))
    return render(request, "notices/fire_safety_list.html", {"page_obj": page})


def _report_or_none(notice):
    try:
        return access_inspection(notice)
    except InspectionNotFound:
        return None


@login_required
@require_http_methods(["GET", "POST"])
def inspection_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A fire-safety notice's inspection: the form (one finding per tenant), then the
    report with each finding's rectification and the rectification letter."""
    notice = access_notice(request.user, pk)
    recipients = list(notice_recipients(notice))
    form = InspectionForm(request.POST or None, recipients=recipients)
    if request.method == "POST":
        if not form.is_valid():
            raise _invalid(form)
        services.inspection_report_record(
            actor=request.user,
            notice=notice,
            inspected_on=form.cleaned_data["inspected_on"],
            summary=form.cleaned_data["summary"],
            findings=form.findings(),
        )
        messages.success(request, _("The inspection report was recorded."))
        return redirect("notices:inspection", pk=notice.pk)
    report = _report_or_none(notice)
    sent = notice.status in (NoticeStatus.SENT, NoticeStatus.SIGNED_OFF)
    return render(
        request,
        "notices/inspection.html",
        {
            "notice": notice,
            "report": report,
            "findings": list(inspection_findings(report)) if report else [],
            "form": form,
            "may_inspect": report is None
            and sent
            and notice.kind == NoticeKind.FIRE_SAFETY
            and may(request.user, notice.site, RECORD),
            "may_record": may(request.user, notice.site, RECORD),
            "may_draft": may(request.user, notice.site, DRAFT),
            "letters": notice.follow_ups.filter(kind=NoticeKind.RECTIFICATION),
            "rectified_form": FindingRectifiedForm(),
        },
    )


@login_required
@require_POST
def rectification_draft_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Draft the 整改函 to the tenants with findings (seed 000 L43)."""
    report = access_inspection(access_notice(request.user, pk))
    letter = services.rectification_letter_draft(actor=request.user, report=report)
    messages.success(request, _("The rectification letter was drafted."))
    return redirect(letter)


@login_required
@require_POST
def finding_rectified_view(request: HttpRequest, pk: int, finding_id: int) -> HttpResponse:
    """The re-inspection found one defect rectified."""
    notice = access_notice(request.user, pk)
    finding = access_finding(notice, finding_id)
    form = FindingRectifiedForm(request.POST)
    if not form.is_valid():
        raise _invalid(form)
    services.finding_rectified_record(
        actor=request.user, finding=finding, note=form.cleaned_data["note"]
    )
    messages.success(request, _("The rectification was recorded."))
    return redirect("notices:inspection", pk=notice.pk)


@login_required
@require_GET
def rectification_list(request: HttpRequest) -> HttpResponse:
    """Rectification letters by deadline; the overdue ones are flagged (and chased daily)."""
    form = RectificationFilterForm(request.GET)
    overdue = form.is_valid() and form.cleaned_data["overdue"]
    now = timezone.now()
    letters = rectification_list_for(request.user, RectificationFilters(overdue=overdue), now=now)
    page = Paginator(letters, 25).get_page(request.GET.get("page"))
    for letter in page:
        letter.overdue = is_overdue(letter, now)
        letter.findings_rectified = letter.findings_total - letter.findings_open
    overdue_count = rectification_list_for(
        request.user, RectificationFilters(overdue=True), now=now
    ).count()
    return render(
        request,
        "notices/rectification_list.html",
        {"form": form, "page_obj": page, "overdue_count": overdue_count},
    )
