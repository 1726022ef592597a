"""Demo field service: the GPS vendor's orders in every state, and the
property centre's repair requests carried out by its one technician.

Called by ``kefu.core.demo.build_demo``; built through the services with
explicit past ``now=`` values and ``random.Random(2026)``:

- the GPS-terminal vendor (seed 001 [GPS]): a clerk, the GPS-division manager,
  two technicians and finance; terminals with per-product warranty rules and a
  parts price list; orders awaiting approval, approved, refused, dispatched
  (one overdue), on site, completed with cash not yet handed over (flagged),
  closed after a satisfied return visit, cancelled, an installation order,
  terminal and SIM swaps, and a follow-up order after an unsatisfied visit;
- the property centre (seed 000 [TEN]): work orders from its 报修 requests,
  all given to its technician (徐军) — dispatched, on site and completed.
"""

from __future__ import annotations

import io
import random
from datetime import date, datetime, timedelta

from django.contrib.auth.models import Group
from django.db.models import Q

from kefu.customers.models import Customer
from kefu.customers.services import customer_create
from kefu.desk.models import Ticket
from kefu.field import services
from kefu.field.models import FeeItem, Product, WarrantyRule, WorkOrder
from kefu.org.models import Position, PositionAssignment, Site, User
from kefu.visits.services import visit_record

FIELD_SITE_CODE = "gps"

GPS_PEOPLE = [
    ("sunli", "孙丽", "cs_clerk", False),
    ("liugang", "刘刚", "gps_manager", True),
    ("zhangwei", "张伟", "technician", False),
    ("wangpeng", "王鹏", "technician", False),
    ("zhaojing", "赵静", "finance", False),
]
FLEETS = [
    ("顺达物流有限公司", "京A"),
    ("安捷货运", "京B"),
    ("华通客运", "冀C"),
    ("恒信租车", "京N"),
    ("北方冷链", "津A"),
]
PROBLEMS = [
    "终端不定位,平台显示离线",
    "指示灯不亮,疑似供电故障",
    "定位漂移严重",
    "SIM卡欠费停机后无法上线",
    "报警按钮失灵",
]


def _png_signature(rng: random.Random) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (300, 120), (0, 0, 0, 0))
    points = [(20 + i * 40, 60 + rng.randint(-25, 25)) for i in range(7)]
    ImageDraw.Draw(image).line(points, fill=(0, 0, 0, 255), width=3)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def build_field_demo(
    *,
    superuser: User,
    password: str,
    group: Group,
    centre: Site,
    centre_people: dict[str, list[User]],
    now: datetime,
) -> Site:
    """The GPS vendor's site and orders, and the property centre's repair orders."""
    rng = random.Random(2026)
    gps = _gps_site(superuser, password, group)
    _gps_orders(gps, rng, now)
    services.field_preset_apply(actor=superuser, site=centre, key="property_centre")
    _centre_orders(centre, centre_people, rng, now)
    return gps


def _gps_site(superuser: User, password: str, group: Group) -> Site:
    site = Site.objects.create(
        code=FIELD_SITE_CODE, name="星联GPS事业部", kind="field_service", hotline="400-800-1234"
    )
    services.field_preset_apply(actor=superuser, site=site, key="gps_vendor")
    for username, name, code, is_staff in GPS_PEOPLE:
        user = User.objects.create(
            username=username, display_name=name, password=password, is_staff=is_staff
        )
        if is_staff:
            user.groups.add(group)
        PositionAssignment.objects.create(
            user=user, position=Position.objects.get(site=site, code=code)
        )
    t100 = Product.objects.create(site=site, code="t100", name="车载GPS终端", model_name="XL-T100")
    t200 = Product.objects.create(
        site=site, code="t200", name="冷链温控定位终端", model_name="XL-T200"
    )
    WarrantyRule.objects.create(site=site, product=t100, months=12, seed="kefu demo")
    WarrantyRule.objects.create(site=site, product=t200, months=24, seed="kefu demo")
    for code, name, kind, price in [
        ("antenna", "GPS天线", "part", "60.00"),
        ("harness", "电源线束", "part", "45.00"),
        ("board", "主板", "part", "380.00"),
        ("sim", "物联网SIM卡", "part", "30.00"),
        ("callout", "上门服务费", "labour", "50.00"),
    ]:
        FeeItem.objects.create(site=site, code=code, name=name, kind=kind, price=price)
    return site


def _people(site: Site) -> dict[str, list[User]]:
    people: dict[str, list[User]] = {}
    for a in PositionAssignment.objects.filter(position__site=site).select_related(
        "user", "position"
    ):
        people.setdefault(a.position.code, []).append(a.user)
    return people


def _fleet_customers(site: Site, clerk: User, rng: random.Random) -> list[Customer]:
    customers = []
    for i, (name, prefix) in enumerate(FLEETS):
        customers.append(
            customer_create(
                actor=clerk,
                site=site,
                kind="dealer",
                name=name,
                phone=f"1391000{i:04d}",
                plate=f"{prefix}{rng.randint(10000, 99999)}",
            )
        )
    return customers


def _gps_orders(site: Site, rng: random.Random, now: datetime) -> None:
    people = _people(site)
    clerk, manager = people["cs_clerk"][0], people["gps_manager"][0]
    techs, finance = people["technician"], people["finance"][0]
    customers = _fleet_customers(site, clerk, rng)
    products = list(Product.objects.filter(site=site))
    fee_items = {f.code: f for f in FeeItem.objects.filter(site=site)}

    def new(day: int, i: int, **extra) -> WorkOrder:
        customer = customers[i % len(customers)]
        vehicle = customer.vehicles.first()
        product = products[i % len(products)]
        at = now - timedelta(days=day, hours=rng.randint(1, 6))
        values = {
            "address": f"北京市{rng.choice(['朝阳区', '丰台区', '大兴区'])}物流园{i + 1}号库",
            "contact_phone": customer.phone,
            "product": product,
            "purchase_date": (at - timedelta(days=rng.choice([120, 300, 500, 900]))).date(),
            "problem": PROBLEMS[i % len(PROBLEMS)],
            "vehicle": vehicle,
            "urgency": "urgent" if i % 4 == 0 else "normal",
        }
        values.update(extra)
        return services.order_create(
            actor=clerk, site=site, kind="repair", customer=customer, now=at, **values
        )

    def through(order: WorkOrder, step: str, tech: User) -> WorkOrder:
        at = order.received_at
        order = services.order_approve(actor=manager, order=order, now=at + timedelta(minutes=20))
        if step == "approved":
            return order
        order = services.order_dispatch(
            actor=manager, order=order, technician=tech, now=at + timedelta(minutes=40)
        )
        if step == "dispatched":
            return order
        order = services.order_arrive(actor=tech, order=order, now=at + timedelta(hours=5))
        return order

    def finish(order: WorkOrder, tech: User, swap: str = "") -> WorkOrder:
        done = order.received_at + timedelta(hours=7)
        services.order_part_add(
            actor=tech, order=order, fee_item=fee_items["antenna"], now=done - timedelta(hours=1)
        )
        if swap == "terminal":
            services.order_swap_record(
                actor=tech,
                order=order,
                kind="terminal",
                old_number=f"XL{rng.randint(10**7, 10**8 - 1)}",
                new_number=f"XL{rng.randint(10**7, 10**8 - 1)}",
                now=done - timedelta(minutes=30),
            )
        if swap == "sim":
            services.order_swap_record(
                actor=tech,
                order=order,
                kind="sim",
                old_number=f"14400{rng.randint(10**7, 10**8 - 1)}",
                new_number=f"14400{rng.randint(10**7, 10**8 - 1)}",
                now=done - timedelta(minutes=30),
            )
        order.refresh_from_db()
        return services.order_complete(
            actor=tech,
            order=order,
            signature=_png_signature(rng),
            signed_by=order.customer.name[:2] + "经理",
            invoice_number=f"FP{rng.randint(10**7, 10**8 - 1)}" if order.fee else "",
            work_done="检测终端,更换天线,平台复核定位正常",
            now=done,
        )

    # awaiting approval (one overdue for its reply), refused, cancelled
    new(0, 0)
    new(2, 1)
    services.order_reject(
        actor=manager,
        order=new(6, 2),
        reason="车辆已过户,请新车主来电",
        now=now - timedelta(days=6),
    )
    services.order_cancel(
        actor=manager,
        order=through(new(5, 3), "approved", techs[0]),
        reason="客户自行解决",
        now=now - timedelta(days=5) + timedelta(hours=2),
    )
    # approved, not dispatched; dispatched today; dispatched and overdue on site
    through(new(0, 4), "approved", techs[0])
    through(new(0, 5), "dispatched", techs[1])
    through(new(4, 6), "dispatched", techs[0])
    # on site
    through(new(0, 7), "on_site", techs[1])
    # completed: cash handed over, cash still with the technician (flagged), swaps
    for day, i, swap, hand in [(9, 8, "terminal", True), (6, 9, "sim", False), (1, 10, "", False)]:
        order = through(new(day, i, purchase_date=date(2020, 5, 1)), "on_site", techs[i % 2])
        order = finish(order, techs[i % 2], swap)
        if hand:
            services.order_cash_hand_over(
                actor=finance, order=order, now=order.completed_at + timedelta(hours=16)
            )
    # closed after a satisfied return visit; a follow-up after an unsatisfied one
    for day, i, satisfaction in [(12, 11, 5), (10, 12, 2)]:
        order = finish(through(new(day, i), "on_site", techs[0]), techs[0], "sim")
        at = order.completed_at
        visit_record(
            actor=clerk,
            visit=order.return_visit,
            reached=True,
            satisfaction=satisfaction,
            comment="定位恢复正常,很满意" if satisfaction > 3 else "第二天又离线了",
            now=at + timedelta(days=1, hours=2),
        )
        _after_visit(order, satisfaction, at + timedelta(days=1, hours=2))
    # an installation order for a new fleet vehicle
    services.order_create(
        actor=clerk,
        site=site,
        kind="installation",
        customer=customers[0],
        address="北京市顺义区空港物流园3号",
        contact_phone=customers[0].phone,
        product=products[0],
        problem="新购20台车辆安装车载终端",
        scheduled_at=now + timedelta(days=2),
        now=now - timedelta(hours=2),
    )


def _after_visit(order: WorkOrder, satisfaction: int, at: datetime) -> None:
    """What the ``visit_recorded`` receiver does after commit (the demo runs in
    one transaction, so it is called here directly)."""
    from kefu.visits.models import ReturnVisit, VisitStatus
    from kefu.visits.services import visit_cancel

    order.refresh_from_db()
    if satisfaction > 3:
        services.order_close(actor=None, order=order, now=at)
        return
    services.order_follow_up_create(order=order, note="第二天又离线了", now=at)
    for follow in ReturnVisit.objects.filter(follows=order.return_visit, status=VisitStatus.DUE):
        visit_cancel(actor=None, visit=follow, reason=order.number, now=at)


def _centre_orders(
    site: Site, people: dict[str, list[User]], rng: random.Random, now: datetime
) -> None:
    """The property centre's 报修 requests become work orders for its technician."""
    clerk = people["cs_clerk"][0]
    supervisor = people["engineering_supervisor"][0]
    tech = people["technician"][0]
    tickets = list(
        Ticket.objects.filter(site=site, request_type__code="repair", customer__isnull=False)
        .filter(Q(received_at__lte=now - timedelta(hours=2)))
        .select_related("site", "customer", "unit")
        .order_by("-received_at")[:6]
    )
    for i, ticket in enumerate(tickets):
        at = max(ticket.received_at + timedelta(minutes=10), now - timedelta(days=20))
        address = ticket.occurred_place or (str(ticket.unit) if ticket.unit else site.name)
        order = services.order_from_ticket(actor=clerk, ticket=ticket, now=at, address=address)
        if i == 0:
            continue  # awaiting the engineering supervisor's approval
        order = services.order_approve(
            actor=supervisor, order=order, now=at + timedelta(minutes=15)
        )
        order = services.order_dispatch(
            actor=supervisor, order=order, technician=tech, now=at + timedelta(minutes=20)
        )
        if i == 1:
            continue  # dispatched
        order = services.order_arrive(actor=tech, order=order, now=at + timedelta(hours=2))
        if i == 2:
            continue  # on site
        services.order_complete(
            actor=tech,
            order=order,
            signature=_png_signature(rng),
            signed_by=ticket.customer.name,
            work_done="已更换损坏配件,试用正常",
            now=at + timedelta(hours=3),
        )
