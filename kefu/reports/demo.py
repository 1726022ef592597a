"""Demo reports: the named reports of the property centre and its inbox.

Called by ``kefu.core.demo.build_demo`` after the requests and visits are
played. Three of the seeds' named reports are scheduled at the property centre
for its 总经理 and 客服主任 (``presets.PRESETS``): the complaint statistics by the
10th (seed 000 L347), the tracking table daily at 09:30 for the day before
yesterday and the month's test table on the 30th (seed 002 L200). The complaint
statistics of the last three finished months are generated as on their named
dates, then the background run generates the latest occurrence of the others,
so the inbox, the named-reports page and the bell have them.
"""

from datetime import datetime, timedelta

from django.utils import timezone

from kefu.org.models import Site, User
from kefu.reports import rules, services


def build_reports_demo(*, site: Site, people: dict[str, list[User]], now: datetime) -> None:
    monthly = services.report_schedule_preset_apply(
        actor=None, site=site, key="complaint_statistics", now=now
    )
    for key in ("tracking_daily", "test_table_monthly"):
        services.report_schedule_preset_apply(actor=None, site=site, key=key, now=now)
    local = timezone.localtime(now)
    for _ in range(3):
        run_at, start, _end = rules.schedule_occurrence(
            monthly.period, monthly.run_day, monthly.run_time, monthly.lag, local
        )
        services.report_generate(
            actor=None,
            site=site,
            period=monthly.period,
            day=start,
            schedule=monthly,
            due_at=run_at,
            now=min(run_at, now),
        )
        local = run_at - timedelta(seconds=1)  # the named date before
    services.reports_run_due(now=now)
