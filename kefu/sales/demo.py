"""Demo data of the sales office: 悦府售楼处 under preset [B], built through the services.

Six consultants, a receptionist, a supervisor, a sales manager, a site manager
and finance. A week of past days (tables, walk-ins, register lines, deals), and
today: the order compiled, turns given, one consultant out on personal business,
a 撞单 flagged in the register, a 70/30 deal with a deposit and an open dispute.
Only the site, users and positions are written directly (configuration).
"""

import random
from datetime import datetime, timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from kefu.org.models import Position, PositionAssignment, Site, User
from kefu.sales import services as svc
from kefu.sales.models import Reception
from kefu.sales.policies import AbsenceKind, Role, SplitRule

SALES_SITE_CODE = "yuefu"
CONSULTANTS = [
    ("yf_zhangwei", "张伟"),
    ("yf_wangfang", "王芳"),
    ("yf_lina", "李娜"),
    ("yf_liuyang", "刘洋"),
    ("yf_chenjie", "陈杰"),
    ("yf_zhaomin", "赵敏"),
]
STAFF = [
    ("yf_front", "孙前台", "receptionist", "前台", Role.RECEPTIONIST, False),
    ("yf_supervisor", "周主管", "supervisor", "销售主管", Role.SUPERVISOR, True),
    ("yf_manager", "吴经理", "sales_manager", "销售经理", Role.SALES_MANAGER, True),
    ("yf_sitemgr", "郑经理", "site_manager", "案场经理", Role.SITE_MANAGER, False),
    ("yf_finance", "钱会计", "finance", "财务", Role.FINANCE, False),
]
BUYERS = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
INTENTS = ["3栋 89㎡ 三房", "5栋 120㎡ 四房", "2栋 76㎡ 两房", "8栋 143㎡ 四房"]


def build_sales_demo(*, superuser: User, password: str, group: Group, now: datetime) -> Site:
    rng = random.Random(2027)
    site = Site.objects.create(
        code=SALES_SITE_CODE, name="悦府售楼处", kind="sales_office", hotline="0755-86001234"
    )
    consultant_pos = Position.objects.create(site=site, code="consultant", name="置业顾问")
    consultants = []
    for username, name in CONSULTANTS:
        user = User.objects.create(username=username, display_name=name, password=password)
        PositionAssignment.objects.create(user=user, position=consultant_pos)
        consultants.append(user)
    staff, roles = {}, {"consultant": Role.CONSULTANT}
    for username, name, code, title, role, is_staff in STAFF:
        position = Position.objects.create(site=site, code=code, name=title)
        user = User.objects.create(
            username=username, display_name=name, password=password, is_staff=is_staff
        )
        if is_staff:
            user.groups.add(group)
        PositionAssignment.objects.create(user=user, position=position)
        staff[code] = user
        roles[code] = role
    svc.site_sales_setup(actor=superuser, site=site, preset="b", roles=roles)
    phones = iter(f"13{rng.randint(500000000, 999999999)}" for _ in range(10_000))
    for back in range(7, 0, -1):
        _past_day(site, staff, consultants, rng, phones, now - timedelta(days=back))
    _today(site, staff, consultants, rng, phones, now)
    return site


def _walk_in(site, staff, rng, phones, at: datetime, closer_deal: bool = False) -> Reception:
    reception = svc.queue_next(actor=staff["receptionist"], site=site, now=at)
    svc.visit_register(
        actor=staff["receptionist"],
        site=site,
        consultant=reception.receiver,
        name=f"{rng.choice(BUYERS)}{'先生' if rng.random() < 0.5 else '女士'}",
        phone=next(phones),
        intent=rng.choice(INTENTS),
        reception=reception,
        now=at + timedelta(minutes=2),
    )
    return reception


def _past_day(site, staff, consultants, rng, phones, day_now: datetime) -> None:
    start = timezone.localtime(day_now).replace(hour=9, minute=0, second=0, microsecond=0)
    order = consultants[:]
    rng.shuffle(order)
    svc.queue_compile(
        actor=staff["supervisor"],
        site=site,
        day=timezone.localdate(start),
        order={"main": order},
        now=start - timedelta(minutes=30),
    )
    for i in range(rng.randint(4, 8)):
        at = start + timedelta(minutes=50 * i)
        reception = _walk_in(site, staff, rng, phones, at)
        svc.reception_finish(
            actor=staff["receptionist"], reception=reception, now=at + timedelta(minutes=40)
        )
        if rng.random() < 0.25:
            visit = reception.visit_set.get()
            deal = svc.deal_subscribe(
                actor=reception.receiver,
                site=site,
                customer=visit.customer,
                unit=f"{rng.randint(1, 8)}-{rng.randint(2, 30):02d}{rng.randint(1, 4):02d}",
                closer=reception.receiver,
                commission_fen=rng.randint(8_000, 30_000) * 100,
                price_fen=rng.randint(150, 400) * 1_000_000,
                now=at + timedelta(minutes=45),
            )
            svc.deposit_record(
                actor=staff["finance"],
                deal=deal,
                kind="small",
                amount_fen=2_000_000,
                receipt_no=f"YF{deal.pk:05d}",
                now=at + timedelta(minutes=50),
            )
    svc.queue_close(
        actor=staff["supervisor"],
        site=site,
        day=timezone.localdate(start),
        now=start + timedelta(hours=9),
    )


def _today(site, staff, consultants, rng, phones, now: datetime) -> None:
    zhang, wang, _li, liu, chen, _zhao = consultants
    svc.queue_compile(
        actor=staff["supervisor"],
        site=site,
        day=timezone.localdate(now),
        order={"main": consultants},
        now=now,
    )
    first = _walk_in(site, staff, rng, phones, now)
    svc.reception_finish(actor=staff["receptionist"], reception=first, now=now)
    svc.queue_absence_start(
        actor=wang, site=site, consultant=wang, kind=AbsenceKind.PERSONAL, now=now
    )
    _walk_in(site, staff, rng, phones, now)  # 李娜: 王芳 is away
    # 撞单: a buyer 张伟 registered comes back and is registered to 刘洋 as well.
    owned = first.visit_set.get()
    svc.visit_register(
        actor=staff["receptionist"],
        site=site,
        consultant=liu,
        name=owned.customer.name,
        phone=owned.customer.phone,
        first_visit=False,
        note="客户称第一次来, 前台登记后发现已登记",
        confirm_collision=True,
        now=now,
    )
    # A deal closed by 陈杰 while the owner 张伟 was busy: 70/30 ([B] L44).
    deal = svc.deal_subscribe(
        actor=chen,
        site=site,
        customer=owned.customer,
        unit="3-1502",
        closer=chen,
        commission_fen=2_345_678,
        price_fen=312_000_000,
        split_rule=SplitRule.OWNER_ABSENT_70_30,
        now=now,
    )
    svc.deposit_record(
        actor=staff["finance"],
        deal=deal,
        kind="large",
        amount_fen=10_000_000,
        receipt_no="YF-D-0001",
        now=now,
    )
    svc.dispute_file(
        actor=liu,
        site=site,
        customer=owned.customer,
        deal=deal,
        against=zhang,
        statement="客户上周只拿了资料和名片, 今天由我接待并讲解两小时, 申请按3:7分成。",
        now=now,
    )
