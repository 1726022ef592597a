"""Demo return visits and a satisfaction survey at the property centre.

Called by ``kefu.core.demo.build_demo`` after the requests are played; built
through the services with explicit ``now=`` values, like the rest of the demo:

- a return visit after every replied repair (the next day) and complaint
  (15 days later), recorded where the day has passed: most customers
  satisfied, some not reached (re-tried on the next working day), one repair
  unsatisfied (a follow-up visit is due, seed 004 L373); the rest are due
  today, overdue or upcoming on the work list;
- the hand-over schedule (15 days, 1, 3, 6 months, seed 004) of a newly
  handed-over owner, the first visit done;
- the yearly satisfaction survey (seed 000 L119, L249) of every owner and
  tenant, with a third of the answers in and a corrective action (问题整改).
"""

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from kefu.customers.models import Customer, UnitOccupancy
from kefu.desk.models import Ticket
from kefu.org.models import Position, Site, User
from kefu.visits import services
from kefu.visits.demo_meetings import build_meetings_demo
from kefu.visits.models import (
    Question,
    QuestionKind,
    Questionnaire,
    ReturnVisit,
    SurveyCampaign,
    VisitSettings,
)

COMMENTS = {
    5: ("师傅上门很及时,问题已彻底解决", "非常满意,谢谢你们"),
    4: ("已修好,使用正常", "还行,下次希望早点来"),
    3: ("基本解决,偶尔还有小问题", "一般吧"),
    2: ("还是有点漏水,需要再看看", "修了两次还没好"),
}
QUESTIONS = [
    "客服中心的服务态度",
    "报修处理的及时性",
    "维修质量",
    "小区环境卫生",
    "安全秩序维护",
]
OPEN_QUESTION = "您对物业服务还有哪些意见和建议?"
SUGGESTIONS = ["电梯高峰期等待时间太长", "希望增加夜间巡逻", "垃圾清运再及时一些", "", ""]


def build_visits_demo(*, site: Site, people: dict[str, list[User]], now: datetime) -> None:
    """All visits demo data of one property centre (``people`` by position code)."""
    rng = random.Random(2026)
    director, clerk = people["cs_director"][0], people["cs_clerk"][0]
    VisitSettings.objects.create(
        site=site, default_visitor_position=Position.objects.get(site=site, code="cs_clerk")
    )
    _ticket_visits(site, clerk, rng, now)
    _handover(site, clerk, now)
    _survey(site, director, clerk, people["engineering_supervisor"][0], rng, now)
    build_meetings_demo(site=site, people=people, now=now)


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _ticket_visits(site: Site, clerk: User, rng: random.Random, now: datetime) -> None:
    """A visit after each replied repair and complaint; record those already due."""
    today = timezone.localdate(now)
    tickets = Ticket.objects.filter(
        site=site,
        request_type__code__in=["repair", "complaint"],
        replied_at__isnull=False,
        customer__isnull=False,
    ).order_by("replied_at", "id")
    unsatisfied_left, flag_one = 1, True
    for ticket in tickets:
        replied_on = timezone.localdate(ticket.replied_at)
        if ticket.request_type.code == "repair":
            reason, due = "repair_delivered", services.visit_after_delivery_due(site, replied_on)
        else:
            reason, due = "complaint_reply", services.visit_after_reply_due(site, replied_on)
        visit = services.visit_schedule(
            actor=clerk,
            site=site,
            reason=reason,
            due_on=due,
            ticket=ticket,
            anchor_on=replied_on,
            now=ticket.replied_at,
        )
        if due >= today - timedelta(days=1) or rng.random() < 0.12:
            continue  # on the work list: today, overdue or upcoming
        if rng.random() < 0.15:
            # not reached; the first such customer is never reached (flagged)
            while visit.status == "due" and visit.due_on < today:
                visit = services.visit_record(
                    actor=clerk,
                    visit=visit,
                    reached=False,
                    comment="电话无人接听",
                    now=_at(visit.due_on, 10),
                )
                if not flag_one:
                    break
            flag_one = False
            if visit.status != "due" or visit.due_on >= today:
                continue
        score = rng.choice([5, 5, 5, 4, 4, 4, 3])
        if unsatisfied_left and reason == "repair_delivered" and due > today - timedelta(days=20):
            score, unsatisfied_left = 2, 0
        comment, words = COMMENTS[score]
        services.visit_record(
            actor=clerk,
            visit=visit,
            reached=True,
            satisfaction=score,
            comment=comment,
            customer_words=words,
            now=_at(visit.due_on, 15),
        )


def _handover(site: Site, clerk: User, now: datetime) -> list[ReturnVisit]:
    """A new owner handed over 20 days ago: the 15-day visit done, three to come."""
    today = timezone.localdate(now)
    occupancy = (
        UnitOccupancy.objects.filter(unit__site=site, role="owner")
        .select_related("customer", "unit")
        .order_by("-unit__building", "-unit__number")
        .first()
    )
    handed_over = today - timedelta(days=20)
    visits = services.handover_visits_schedule(
        actor=clerk, occupancy=occupancy, handed_over_on=handed_over, now=_at(handed_over, 11)
    )
    services.visit_record(
        actor=clerk,
        visit=visits[0],
        reached=True,
        satisfaction=4,
        comment="搬家磕碰的墙面已修补",
        customer_words="入住顺利,门禁卡还差一张",
        now=_at(visits[0].due_on, 16),
    )
    return visits


def _survey(
    site: Site, director: User, clerk: User, engineer: User, rng: random.Random, now: datetime
) -> SurveyCampaign:
    today = timezone.localdate(now)
    questionnaire = Questionnaire.objects.create(
        site=site,
        name="业户满意度调查问卷",
        intro="尊敬的业户:为不断提高服务质量,请对我们的工作进行评价。",
    )
    for order, text in enumerate(QUESTIONS, 1):
        Question.objects.create(questionnaire=questionnaire, order=order, text=text)
    Question.objects.create(
        questionnaire=questionnaire,
        order=len(QUESTIONS) + 1,
        text=OPEN_QUESTION,
        kind=QuestionKind.TEXT,
        required=False,
    )
    campaign = SurveyCampaign.objects.create(
        site=site,
        questionnaire=questionnaire,
        name=f"{today.year}年度业户满意度调查",
        year=today.year,
        closes_on=today + timedelta(days=30),
        target_percent=90,
    )
    opened_at = now - timedelta(days=14)
    campaign = services.campaign_open(actor=director, campaign=campaign, now=opened_at)
    questions = list(questionnaire.questions.all())
    targets = list(campaign.targets.order_by("id"))
    for index, target in enumerate(targets):
        if rng.random() > 0.35:
            continue
        answers: dict[Any, Any] = {}
        for q in questions:
            if q.kind == QuestionKind.TEXT:
                answers[q.pk] = rng.choice(SUGGESTIONS)
            else:
                # repairs are the weak point this year
                low = 2 if q.order in (2, 3) else 3
                answers[q.pk] = rng.randint(low, 5)
        at = opened_at + timedelta(hours=2 + index)
        by_staff = index % 3 == 0
        services.survey_answer(
            target=target, answers=answers, actor=clerk if by_staff else None, now=at
        )
    services.corrective_action_create(
        actor=director,
        campaign=campaign,
        title="报修处理不够及时",
        measure="工程部增设夜间值班技工,报修30分钟内回复",
        owner=engineer,
        due_on=today + timedelta(days=21),
        question=questions[1],
        now=now - timedelta(hours=3),
    )
    return campaign


def demo_customer(site: Site) -> Customer | None:
    """The owner of the hand-over demo (for tests)."""
    visit = ReturnVisit.objects.filter(site=site, reason="handover_15d").first()
    return visit.customer if visit else None
