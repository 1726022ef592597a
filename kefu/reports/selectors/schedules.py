"""The named reports of the user's sites: when each is sent, what it covers, the last one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kefu.reports import rules
from kefu.reports.models import GeneratedReport, ReportSchedule
from kefu.reports.selectors.kpis import report_site_ids


def describe_named_date(
    period: str, run_day: int | None, run_time: time, run_month: int | None = None
) -> str:
    """ "Every year on 15 January at 09:00", "every month on the 10th at 09:00",
    "every Monday at 09:30", "every day at 09:30"."""
    at = time_format(run_time, "H:i")
    if period == rules.YEARLY:
        month = MONTHS[run_month or 1]  # Django's own translated names, 1 = January
        return _("Every year on %(day)s %(month)s at %(time)s") % {
            "day": run_day or 1,
            "month": month,
            "time": at,
        }
    if period == rules.MONTHLY:
        return _("Every month on day %(day)s at %(time)s") % {"day": run_day or 1, "time": at}
    if period == rules.WEEKLY:
        day = WEEKDAYS[(run_day or 1) - 1]  # Django's own translated names, 0 = Monday
        return _("Every %(weekday)s at %(time)s") % {"weekday": day, "time": at}
    return _("Every day at %(time)s") % {"time": at}


def describe_coverage(period: str, lag: int) -> str:
    """ "The previous month", "the month to date", "2 days back"."""
    if lag == 0:
        return {
            rules.DAILY: _("today to date"),
            rules.WEEKLY: _("the week to date"),
            rules.MONTHLY: _("the month to date"),
            rules.YEARLY: _("the year to date"),
        }[period]
    if lag == 1:
        return {
            rules.DAILY: _("the previous day"),
            rules.WEEKLY: _("the previous week"),
            rules.MONTHLY: _("the previous month"),
            rules.YEARLY: _("the previous year"),
        }[period]
    units = {
        rules.DAILY: ngettext("%(n)s day back", "%(n)s days back", lag),
        rules.WEEKLY: ngettext("%(n)s week back", "%(n)s weeks back", lag),
        rules.MONTHLY: ngettext("%(n)s month back", "%(n)s months back", lag),
        rules.YEARLY: ngettext("%(n)s year back", "%(n)s years back", lag),
    }
    return units[period] % {"n": lag}


@dataclass
class NamedReport:
    schedule: ReportSchedule
    named_date: str
    covers: str
    next_run: datetime
    last: GeneratedReport | None


def schedules_for(user) -> QuerySet[ReportSchedule]:
    """The schedules of the user's sites, with the id of each one's latest report."""
    latest = GeneratedReport.objects.filter(schedule=OuterRef("pk")).order_by("-starts_on", "-id")
    return (
        ReportSchedule.objects.filter(site_id__in=report_site_ids(user))
        .select_related("site")
        .prefetch_related("recipients")
        .annotate(last_report_id=Subquery(latest.values("pk")[:1]))
        .order_by("site__name", "period", "code")
    )


def named_reports_for(user, *, now: datetime | None = None) -> list[NamedReport]:
    """Each schedule of the user's sites: its named date, what it covers, the next
    run and the latest generated report (a fixed number of queries)."""
    local = timezone.localtime(now or timezone.now())
    schedules = list(schedules_for(user))
    last = GeneratedReport.objects.in_bulk(
        [s.last_report_id for s in schedules if s.last_report_id]
    )
    return [
        NamedReport(
            schedule=s,
            named_date=describe_named_date(s.period, s.run_day, s.run_time, s.run_month),
            covers=describe_coverage(s.period, s.lag),
            next_run=rules.next_run(s.period, s.run_day, s.run_time, local, run_month=s.run_month),
            last=last.get(s.last_report_id),
        )
        for s in schedules
    ]
