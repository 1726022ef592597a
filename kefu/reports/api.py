"""API of the reports app under /api/v1/reports: the KPI figures the dashboard shows,
the records behind one figure and the generated reports of the inbox."""

from datetime import date, datetime, time
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from kefu.core.api import ERRORS, paginate
from kefu.core.schemas import Day, PageOut, PageQuery
from kefu.reports import rules
from kefu.reports.errors import ReportNotFound
from kefu.reports.exports import kpis_json
from kefu.reports.models import GeneratedReport
from kefu.reports.selectors import (
    drilldown,
    kpis_for,
    named_reports_for,
    record_url,
    report_site_ids,
)

router = Router(tags=["reports"])


class KpiQuery(Schema):
    period: Literal["daily", "weekly", "monthly", "yearly"] = "monthly"
    day: Day | None = Field(None, description="Any day of the period; default the last one.")
    site: int | None = None


class KpiOut(Schema):
    period: str
    start: date
    end: date
    site_ids: list[int]
    figures: dict[str, dict[str, Any]]
    counts: dict[str, list[dict[str, Any]]]
    ontime: list[dict[str, Any]]
    reception: dict[str, Any]
    handover: list[dict[str, Any]]


class RecordsQuery(KpiQuery, PageQuery):
    metric: str
    dimension: str | None = None
    value: int | None = None


class RecordOut(Schema):
    id: int
    number: str | None = None
    name: str | None = Field(None, description="A tenant's name (face-to-face coverage).")
    site_id: int
    url: str | None = None

    @staticmethod
    def resolve_number(obj: Any) -> str | None:
        return getattr(obj, "number", None)

    @staticmethod
    def resolve_name(obj: Any) -> str | None:
        return obj.name if obj._meta.model_name == "customer" else None

    @staticmethod
    def resolve_url(obj: Any) -> str | None:
        return record_url(obj)


class RecordPage(PageOut):
    items: list[RecordOut]


class GeneratedOut(Schema):
    id: int
    site_id: int
    schedule_id: int | None = None
    period: str
    starts_on: date
    ends_on: date
    generated_at: Any
    due_at: datetime | None = Field(None, description="The named date it was generated for.")
    figures: dict[str, Any]


class ReportScheduleOut(Schema):
    """A named report of a site (seed 000 L347 by the 10th, seed 002 L200 daily 09:30 …)."""

    id: int
    site_id: int
    code: str
    name: str
    preset_key: str
    period: str
    run_day: int | None
    run_month: int | None = Field(None, description="A yearly report's month (empty: January).")
    run_time: time
    lag: int = Field(description="Periods back: 1 the last complete one, 0 the current to date.")
    is_active: bool
    named_date: str
    covers: str
    next_run: datetime
    recipients: list[str] = Field(description="Position codes.")
    last_report_id: int | None = None


def _day(query: KpiQuery) -> date:
    return query.day or rules.previous_period(query.period, timezone.localdate())[0]


@router.get("/kpis", response={200: KpiOut, **ERRORS})
def kpis(request: HttpRequest, params: Query[KpiQuery]):
    """Every KPI figure of the period (the same numbers as the dashboard)."""
    result = kpis_for(request.auth, period=params.period, day=_day(params), site_id=params.site)
    return kpis_json(result)


@router.get("/kpis/records", response={200: RecordPage, **ERRORS})
def kpi_records(request: HttpRequest, params: Query[RecordsQuery]):
    """The records behind one figure (drill-down)."""
    qs = drilldown(
        request.auth,
        metric=params.metric,
        period=params.period,
        day=_day(params),
        site_id=params.site,
        dimension=params.dimension,
        value=params.value,
    )
    return paginate(qs, params)


@router.get("/generated", response={200: list[GeneratedOut], **ERRORS})
def generated_list(request: HttpRequest):
    """The scheduled reports generated for the user's sites (the inbox), newest first."""
    return list(GeneratedReport.objects.filter(site_id__in=report_site_ids(request.auth))[:100])


@router.get("/generated/{int:pk}", response={200: GeneratedOut, **ERRORS})
def generated_detail(request: HttpRequest, pk: int):
    report = GeneratedReport.objects.filter(
        pk=pk, site_id__in=report_site_ids(request.auth)
    ).first()
    if report is None:
        raise ReportNotFound()
    return report


@router.get("/schedules", response={200: list[ReportScheduleOut], **ERRORS})
def schedule_list(request: HttpRequest):
    """The named reports of the user's sites: when each is generated, what it covers,
    the next run and the latest report (the named-reports page)."""
    return [
        {
            "id": n.schedule.pk,
            "site_id": n.schedule.site_id,
            "code": n.schedule.code,
            "name": n.schedule.name,
            "preset_key": n.schedule.preset_key,
            "period": n.schedule.period,
            "run_day": n.schedule.run_day,
            "run_month": n.schedule.run_month,
            "run_time": n.schedule.run_time,
            "lag": n.schedule.lag,
            "is_active": n.schedule.is_active,
            "named_date": n.named_date,
            "covers": n.covers,
            "next_run": n.next_run,
            "recipients": [p.code for p in n.schedule.recipients.all()],
            "last_report_id": n.last.pk if n.last else None,
        }
        for n in named_reports_for(request.auth)
    ]
