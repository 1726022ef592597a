"""Writes of the reports app: named report schedules and generating reports into the inbox.

``report_generate`` freezes the KPI figures of one site and period into a
``GeneratedReport`` (once per schedule and period, or once per site, period
and start without a schedule: a second run returns the first), audits it and,
after commit, notifies the schedule's recipients through ``kefu.notify`` (the
one notification path). ``reports_run_due`` is the background run: every
active schedule gets its latest named occurrence (``rules.schedule_occurrence``:
the complaint statistics by the 10th, seed 000 L347; the tracking table daily
at 09:30, seed 002 L200; the month's test table on the 30th). Schedules come
from the seeds' presets (``report_schedule_preset_apply``) and are edited in
the admin.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.core.services import audit_record
from kefu.org.models import Position, PositionAssignment, Site
from kefu.reports import rules
from kefu.reports.errors import ReportPeriodUnknown, SchedulePresetUnknown
from kefu.reports.exports import kpis_json
from kefu.reports.models import GeneratedReport, ReportSchedule
from kefu.reports.presets import PRESETS
from kefu.reports.selectors import kpis_for_sites


def report_generate(
    *,
    actor: Any,
    site: Site,
    period: str,
    day: date,
    schedule: ReportSchedule | None = None,
    due_at: datetime | None = None,
    now: datetime | None = None,
) -> GeneratedReport:
    """The report of the period containing ``day`` for ``site``. Idempotent: once per
    schedule and period; without a schedule, the site's report of that period that
    exists already (scheduled or not), else a new unscheduled one."""
    if period not in rules.PERIODS:
        raise ReportPeriodUnknown()
    now = now or timezone.now()
    start, end = rules.period_bounds(period, day)
    same = (
        GeneratedReport.objects.filter(schedule=schedule, starts_on=start)
        if schedule is not None
        else GeneratedReport.objects.filter(site=site, period=period, starts_on=start)
    ).order_by("id")
    existing = same.first()
    if existing is not None:
        return existing
    figures = kpis_json(kpis_for_sites([site.pk], period=period, day=start, now=now))
    try:
        with transaction.atomic():
            report = GeneratedReport.objects.create(
                site=site,
                schedule=schedule,
                period=period,
                starts_on=start,
                ends_on=end,
                figures=figures,
                generated_at=now,
                due_at=due_at,
            )
            audit_record(
                actor=actor,
                action="reports.report_generated",
                target=report,
                site=site,
                at=now,
                changes={
                    "period": [None, period],
                    "starts_on": [None, str(start)],
                    "schedule": [None, schedule.code if schedule else None],
                },
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
        return same.first()
    return report


def _notify(report: GeneratedReport, users: list) -> None:
    from kefu.notify.services import notify

    notify(
        site=report.site,
        users=users,
        kind="reports.generated",
        subject=_("%(site)s: %(name)s from %(start)s")
        % {
            "site": report.site,
            "name": report.schedule.name
            if report.schedule and report.schedule.name
            else report.get_period_display(),
            "start": report.starts_on.isoformat(),
        },
        link=report.get_absolute_url(),
        dedupe_key=f"reports.generated:{report.pk}",
    )


def reports_run_due(*, now: datetime | None = None) -> int:
    """Generate the latest named occurrence of every active schedule that is not
    generated yet (``rules.schedule_occurrence``); returns how many are new."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    made = 0
    for schedule in ReportSchedule.objects.filter(is_active=True).select_related("site"):
        run_at, start, _end = rules.schedule_occurrence(
            schedule.period,
            schedule.run_day,
            schedule.run_time,
            schedule.lag,
            local,
            run_month=schedule.run_month,
        )
        if GeneratedReport.objects.filter(schedule=schedule, starts_on=start).exists():
            continue
        report_generate(
            actor=None,
            site=schedule.site,
            period=schedule.period,
            day=start,
            schedule=schedule,
            due_at=run_at,
            now=now,
        )
        made += 1
    return made


def report_schedule_preset_apply(
    *,
    actor: Any,
    site: Site,
    key: str,
    code: str | None = None,
    now: datetime | None = None,
) -> ReportSchedule:
    """Schedule the seed's named report ``key`` at ``site`` as ``code`` (default: the
    key), sent to the preset's positions the site has. Idempotent: an existing
    schedule of that code is kept as the admin left it."""
    preset = PRESETS.get(key)
    if preset is None:
        raise SchedulePresetUnknown(fields={"preset": [key]})
    now = now or timezone.now()
    with transaction.atomic():
        schedule, created = ReportSchedule.objects.get_or_create(
            site=site,
            code=code or preset.key,
            defaults={
                "name": preset.name,
                "preset_key": preset.key,
                "period": preset.period,
                "run_day": preset.run_day,
                "run_time": preset.run_time,
                "lag": preset.lag,
                "note": preset.seed[:200],
            },
        )
        if created:
            schedule.recipients.set(Position.objects.filter(site=site, code__in=preset.recipients))
            audit_record(
                actor=actor,
                action="reports.schedule_created",
                target=schedule,
                site=site,
                at=now,
                changes={"preset": [None, key], "code": [None, schedule.code]},
            )
    return schedule
