"""Demo guest visits: a class-a visit with an urged need, a closed class-d visit,
bookings today and tomorrow for the reception calendar.

Called by ``kefu.core.demo.build_demo`` through the services with explicit
past ``now=`` values (seed 003 §5, seed 000 §3.25).
"""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from kefu.guests import services
from kefu.guests.models import GuestClass
from kefu.org.models import Department, Site, User


def _at(now: datetime, days: int, hour: int) -> datetime:
    day = timezone.localtime(now).date() + timedelta(days=days)
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


def build_guests_demo(*, site: Site, people: dict[str, list[User]], now: datetime) -> None:
    rng = random.Random(2026)
    director, gm = people["cs_director"][0], people["gm"][0]
    services.guest_preset_apply(actor=None, site=site, key="company_reception")
    classes = {c.code: c for c in GuestClass.objects.filter(site=site)}
    engineering = Department.objects.get(site=site, code="engineering")

    # A class-a visit ten days ago: over the cap, approved; a need urged after its deadline.
    start = _at(now, -10, 10)
    visit = services.visit_book(
        actor=director, site=site, guest_name="王建华", company="华润置地(济南)有限公司",
        purpose="考察物业服务并洽谈整栋租赁", channel="email", starts_at=start,
        ends_at=start + timedelta(hours=2), place="一号会议室", headcount=4,
        guest_class=classes["a"], host=gm, agenda="参观大堂及设备房;洽谈租赁条件",
        bring_documents="营业执照复印件、授权委托书", now=start - timedelta(days=5),
    )  # fmt: skip
    services.visit_verify(actor=director, visit=visit, now=start - timedelta(days=4))
    services.visit_confirm(actor=director, visit=visit, now=start - timedelta(days=4, hours=-1))
    for item in ["background", "materials", "room", "catering", "staff"]:
        services.visit_prep_mark(actor=director, visit=visit, item=item,
                                 now=start - timedelta(days=1))  # fmt: skip
    services.visit_receive(
        actor=director, visit=visit, met_by="钱志强、周敏",
        needs_heard="希望增加访客车位;询问加时空调费标准",
        content="介绍物业服务内容,参观设备房,初步洽谈租赁面积", now=start + timedelta(hours=2),
    )  # fmt: skip
    services.visit_depart(
        actor=director, visit=visit, next_contact_at=_at(now, 4, 10),
        next_contact_method="电话回访", now=start + timedelta(hours=2, minutes=10),
    )  # fmt: skip
    services.visit_spend_record(actor=director, visit=visit, total="2480",
                                now=start + timedelta(hours=3))  # fmt: skip
    services.visit_spend_decide(actor=gm, visit=visit, approve=True, note="重要客户,同意",
                                now=start + timedelta(hours=5))  # fmt: skip
    services.urging_hand(
        actor=director, site=site, visit=visit, kind="need", content="增加访客车位",
        department=engineering, working_days=3, now=start + timedelta(hours=3),
    )  # fmt: skip
    services.urging_hand(
        actor=director, site=site, visit=visit, kind="question",
        content="加时空调费标准及计费方式(现场未能答复)", department=engineering,
        working_days=1, now=start + timedelta(hours=3),
    )  # fmt: skip
    services.urging_urge_overdue(now=now - timedelta(minutes=5))

    # A closed class-d visit a month ago.
    start = _at(now, -30, 15)
    visit = services.visit_book(
        actor=director, site=site, guest_name="李明", company="", purpose="咨询商铺租赁",
        channel="phone", starts_at=start, ends_at=start + timedelta(hours=1), place="接待室",
        headcount=2, guest_class=classes["d"], host=director, now=start - timedelta(days=2),
    )  # fmt: skip
    services.visit_verify(actor=director, visit=visit, now=start - timedelta(days=2))
    services.visit_confirm(actor=director, visit=visit, now=start - timedelta(days=1))
    services.visit_receive(actor=director, visit=visit, met_by="周敏", now=start)
    services.visit_spend_record(actor=director, visit=visit, total="120", now=start)
    services.visit_depart(actor=director, visit=visit, next_contact_at=start + timedelta(days=7),
                          next_contact_method="微信", now=start + timedelta(hours=1))  # fmt: skip
    services.visit_close(actor=director, visit=visit, satisfaction=rng.choice([4, 5]),
                         note="接待热情", now=start + timedelta(days=1))  # fmt: skip

    # Bookings for the calendar: today and tomorrow.
    for days, hour, name, code, place in [
        (0, 14, "张红", "b", "一号会议室"),
        (0, 16, "赵刚", "c", "二号会议室"),
        (1, 9, "刘洋", "c", "一号会议室"),
    ]:
        start = _at(now, days, hour)
        visit = services.visit_book(
            actor=director, site=site, guest_name=name, company="山东高速集团", purpose="商务洽谈",
            channel="online", starts_at=start, ends_at=start + timedelta(hours=1), place=place,
            headcount=rng.randint(2, 8), guest_class=classes[code], host=director,
            now=now - timedelta(days=2),
        )  # fmt: skip
        services.visit_verify(actor=director, visit=visit, now=now - timedelta(days=1))
