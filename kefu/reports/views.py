"""Pages of the reports app under /reports/: the KPI dashboard (a day, week, month or
year), its Excel and PDF, the records behind a figure and the inbox of scheduled
reports."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kefu.core.errors import InvalidInput
from kefu.files.models import HandedBy
from kefu.org.models import Site
from kefu.org.selectors import site_list_for
from kefu.reports import rules
from kefu.reports.errors import ReportNotFound
from kefu.reports.exports import (
    DIMENSION_LABELS,
    FIGURE_LABELS,
    FIGURE_RECORDS,
    chart_options,
    kpi_pdf,
    kpis_xlsx,
    pdf_filename,
    pdf_period,
    record_rows,
    records_xlsx_file,
)
from kefu.reports.forms import KpiForm, RecordsForm
from kefu.reports.models import GeneratedReport
from kefu.reports.selectors import (
    drilldown,
    kpis_for,
    named_reports_for,
    record_kind,
    report_site_ids,
    trend_for,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _params(form) -> tuple[str, date, int | None]:
    if not form.is_valid():
        fields = {name: [str(m) for m in errors] for name, errors in form.errors.items()}
        raise InvalidInput(_("Check the entered values."), fields=fields)
    data = form.cleaned_data
    period = data.get("period") or rules.MONTHLY
    day = data.get("day") or rules.previous_period(period, timezone.localdate())[0]
    return period, day, data.get("site")


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """The KPI dashboard: figures with targets, on-time per clock, counts, charts."""
    period, day, site = _params(KpiForm(request.GET))
    kpis = kpis_for(request.user, period=period, day=day, site_id=site)
    trend = trend_for(kpis)
    base = f"period={period}&day={kpis.start.isoformat()}" + (f"&site={site}" if site else "")
    figures = [
        {"key": k, "label": FIGURE_LABELS[k], "figure": f, "records": FIGURE_RECORDS[k]}
        for k, f in kpis.figures.items()
    ]
    counts = [
        {"key": d, "label": DIMENSION_LABELS[d], "rows": rows} for d, rows in kpis.counts.items()
    ]
    handover = [{**r, "label": HandedBy(r["department"]).label} for r in kpis.handover]
    context = {
        "form": KpiForm(request.GET or {"period": period}),
        "kpis": kpis,
        "handover": handover,
        "figures": figures,
        "counts": counts,
        "query": base,
        "sites": site_list_for(request.user),
        "site": site,
        "charts": chart_options(kpis, trend),
    }
    return render(request, "reports/dashboard.html", context)


@login_required
@require_GET
def dashboard_xlsx(request: HttpRequest) -> HttpResponse:
    period, day, site = _params(KpiForm(request.GET))
    kpis = kpis_for(request.user, period=period, day=day, site_id=site)
    response = HttpResponse(kpis_xlsx(kpis), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="kpi-{period}-{kpis.start}.xlsx"'
    return response


@login_required
@require_GET
def dashboard_pdf(request: HttpRequest) -> HttpResponse:
    """The printable monthly (or yearly) report in Chinese."""
    period, day, site = _params(KpiForm(request.GET))
    kpis = kpis_for(request.user, period=pdf_period(period), day=day, site_id=site)
    title = Site.objects.get(pk=site).name if site else "全部项目"
    body = kpi_pdf(kpis, title=title, trend=trend_for(kpis))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf_filename(kpis)}"'
    return response


def _records(request: HttpRequest):
    form = RecordsForm(request.GET)
    period, day, site = _params(form)
    data = form.cleaned_data
    return drilldown(
        request.user,
        metric=data["metric"],
        period=period,
        day=day,
        site_id=site,
        dimension=data.get("dimension") or None,
        value=data.get("value"),
    )


@login_required
@require_GET
def records(request: HttpRequest) -> HttpResponse:
    """The records behind one figure (drill-down), 50 a page, with an Excel export."""
    qs = _records(request)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reports/records.html",
        {"page_obj": page, "kind": record_kind(qs), "query": query.urlencode()},
    )


@login_required
@require_GET
def records_xlsx(request: HttpRequest) -> FileResponse:
    """The records behind a figure as Excel, streamed from a temporary file."""
    qs = _records(request)
    headers, rows = record_rows(record_kind(qs), qs)
    handle = records_xlsx_file([str(h) for h in headers], rows)
    return FileResponse(handle, as_attachment=True, filename="records.xlsx", content_type=XLSX)


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """The generated (scheduled) reports of the user's sites, newest first."""
    reports = GeneratedReport.objects.filter(
        site_id__in=report_site_ids(request.user)
    ).select_related("site", "schedule")
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    return render(request, "reports/inbox.html", {"page_obj": page})


@login_required
@require_GET
def inbox_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = (
        GeneratedReport.objects.filter(pk=pk, site_id__in=report_site_ids(request.user))
        .select_related("site", "schedule")
        .first()
    )
    if report is None:
        raise ReportNotFound()
    figures = [
        {"label": FIGURE_LABELS.get(k, k), **v}
        for k, v in report.figures.get("figures", {}).items()
    ]
    return render(request, "reports/inbox_detail.html", {"report": report, "figures": figures})


@login_required
@require_GET
def schedules(request: HttpRequest) -> HttpResponse:
    """The named reports of the user's sites: named date, what they cover, next, latest."""
    return render(request, "reports/schedules.html", {"named": named_reports_for(request.user)})
