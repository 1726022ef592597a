"""Demo tenant meetings and the visit plan at the property centre (seed 000 L39, L57, L63).

Called from ``build_visits_demo``: the last finished quarter's all-tenant
meeting with most tenants present and three suggestions turned into desk
requests, and this year's visit plan carried out for its first 60% (the
tenants planned into months 1–7 were visited in their month).
"""

import random
from datetime import date, datetime

from django.utils import timezone

from kefu.org.models import Site, User
from kefu.visits import services
from kefu.visits.models import MeetingKind, VisitPlanItem
from kefu.visits.selectors import tenants_of

SUGGESTIONS = [
    "希望增加访客临时车位",
    "电梯高峰期等待时间太长",
    "夏季空调供应时间希望延长到晚上九点",
]
TOPICS = "消防安全检查安排;停车管理;物业服务满意度调查结果"
PLAN_DONE_SHARE = 0.6


def build_meetings_demo(*, site: Site, people: dict[str, list[User]], now: datetime) -> None:
    rng = random.Random(2026)
    clerk = people["cs_clerk"][0]
    today = timezone.localdate(now)
    tenants = list(tenants_of(site))
    if not tenants:
        return
    quarter_start_month = 3 * ((today.month - 1) // 3) + 1
    held_on = date(today.year, quarter_start_month, 1)
    held_on = date(held_on.year - (held_on.month == 1), (held_on.month - 2) % 12 + 1, 25)
    present = [t for t in tenants if rng.random() < 0.7]
    services.meeting_record(
        actor=clerk,
        site=site,
        kind=MeetingKind.QUARTERLY,
        held_on=held_on,
        title=f"{held_on.year}年第{(held_on.month - 1) // 3 + 1}季度全体租户大会",
        topics=TOPICS,
        attendees=present,
        suggestions=[(rng.choice(present or tenants), text) for text in SUGGESTIONS],
        now=timezone.make_aware(datetime.combine(held_on, datetime.min.time())).replace(hour=16),
    )
    services.visit_plan_create(actor=clerk, site=site, year=today.year, now=now)
    done_until = round(12 * PLAN_DONE_SHARE)
    for item in VisitPlanItem.objects.filter(site=site, year=today.year, month__lte=done_until):
        day = date(today.year, item.month, rng.randint(3, 26))
        if day >= today:
            continue
        services.tenant_visit_record(
            actor=clerk,
            customer=item.customer,
            visited_on=day,
            note="上门拜访,了解经营情况",
            now=now,
        )
