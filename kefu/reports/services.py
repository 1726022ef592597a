"""Writes of the reports app: generating a period's report into the inbox.

``report_generate`` freezes the KPI figures of one site and period into a
``GeneratedReport`` (once per site, period and start: a second run returns
the first), audits it and, after commit, notifies the schedule's recipients
through ``kefu.notify`` (the one notification path). ``reports_run_due`` is the
background run: every active schedule gets its last complete period (seed 000
§6: the daily report by 09:30, the monthly one by the 10th).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.core.services import audit_record
from kefu.org.models import PositionAssignment, Site
from kefu.reports import rules
from kefu.reports.errors import ReportPeriodUnknown
from kefu.reports.exports import kpis_json
from kefu.reports.models import GeneratedReport, ReportSchedule
from kefu.reports.selectors import kpis_for_sites


def report_generate(
    *,
    actor: Any,
    site: Site,
    period: str,
    day: date,
    schedule: ReportSchedule | None = None,
    now: datetime | None = None,
) -> GeneratedReport:
    """The report of the period containing ``day`` for ``site`` (idempotent)."""
    if period not in rules.PERIODS:
        raise ReportPeriodUnknown()
    now = now or timezone.now()
    start, end = rules.period_bounds(period, day)
    existing = GeneratedReport.objects.filter(site=site, period=period, starts_on=start).first()
    if existing is not None:
        return existing
    figures = kpis_json(kpis_for_sites([site.pk], period=period, day=start, now=now))
    try:
        with transaction.atomic():
            report = GeneratedReport.objects.create(
                site=site,
                period=period,
                starts_on=start,
                ends_on=end,
                figures=figures,
                generated_at=now,
            )
            audit_record(
                actor=actor,
                action="reports.report_generated",
                target=report,
                site=site,
                at=now,
                changes={"period": [None, period], "starts_on": [None, str(start)]},
            )
            if schedule is not None:
                recipients = [
                    a.user
                    for a in PositionAssignment.objects.filter(
                        position__in=schedule.recipients.all()
                    ).select_related("user")
                ]
                transaction.on_commit(lambda: _notify(report, recipients))
    except IntegrityError:  # another worker generated it first
        return GeneratedReport.objects.get(site=site, period=period, starts_on=start)
    return report


def _notify(report: GeneratedReport, users: list) -> None:
    from kefu.notify.services import notify

    notify(
        site=report.site,
        users=users,
        kind="reports.generated",
        subject=_("%(site)s: the %(period)s report from %(start)s")
        % {
            "site": report.site,
            "period": report.get_period_display(),
            "start": report.starts_on.isoformat(),
        },
        link=report.get_absolute_url(),
        dedupe_key=f"reports.generated:{report.pk}",
    )


def reports_run_due(*, now: datetime | None = None) -> int:
    """Generate the last complete period of every active schedule; returns how many new."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    made = 0
    for schedule in ReportSchedule.objects.filter(is_active=True).select_related("site"):
        start, _end = rules.previous_period(schedule.period, today)
        if GeneratedReport.objects.filter(
            site=schedule.site, period=schedule.period, starts_on=start
        ).exists():
            continue
        report_generate(
            actor=None,
            site=schedule.site,
            period=schedule.period,
            day=start,
            schedule=schedule,
            now=now,
        )
        made += 1
    return made
