"""Demo reports: a monthly scheduled report for the property centre.

Called by ``kefu.core.demo.build_demo`` after the requests and visits are
played: the monthly report is scheduled for the 总经理 and the 客服主任 (seed
000 §6: the monthly report by the 10th) and the last three finished months are
generated as on the 10th of the following month, so the inbox and the bell
have them.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from kefu.org.models import Position, Site, User
from kefu.reports import rules, services
from kefu.reports.models import ReportSchedule


def build_reports_demo(*, site: Site, people: dict[str, list[User]], now: datetime) -> None:
    schedule, _created = ReportSchedule.objects.get_or_create(
        site=site, period=rules.MONTHLY, defaults={"note": "每月10日前"}
    )
    schedule.recipients.set(Position.objects.filter(site=site, code__in=["gm", "cs_director"]))
    tz = timezone.get_current_timezone()
    month = rules.previous_period(rules.MONTHLY, timezone.localtime(now).date())[0]
    for _ in range(3):
        generated = datetime.combine(month + timedelta(days=40), time(9), tzinfo=tz)
        generated = min(generated.replace(day=10), now)
        services.report_generate(
            actor=None,
            site=site,
            period=rules.MONTHLY,
            day=month,
            schedule=schedule,
            now=generated,
        )
        month = rules.previous_period(rules.MONTHLY, month)[0]
