"""Demo complaints at the furniture maker, walked through the services.

Called by ``kefu.core.demo.build_demo`` after the desk's requests: the site
gets the complaint preset (``furniture_maker``), holders for the warning
report's positions (品牌事业部, 法务部), and a few complaints at each step with
explicit ``now=`` values in the last days: two to accept (one registered by the
deputy while the 客服主任 was away), one major complaint (return demanded,
media) with its 24 h warning report, one waiting for the 总经理, one slip
signed by the sender only, investigations, an opinion to approve, one to reply,
one replied with its visit due, a product-quality complaint closed with its
memo and both signatures, one answered at intake and one not accepted.
"""

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from kefu.complaints import services
from kefu.complaints.models import Complaint
from kefu.customers.models import Customer
from kefu.desk.models import Category, Channel, Ticket
from kefu.org.models import Position, PositionAssignment, Site, User
from kefu.org.services import absence_declare

EXTRA_PEOPLE = [("fengli", "冯丽", "brand_head"), ("jiangtao", "江涛", "legal_head")]

CASES: list[dict[str, Any]] = [
    {"category": "product_quality", "subject": "床垫中部塌陷", "to": "registered"},
    {"category": "service_quality", "subject": "安装师傅态度差", "to": "registered", "deputy": 1},
    {
        "category": "product_quality",
        "subject": "床架焊点开裂, 客户要求退货并联系媒体",
        "to": "accepted",
        "major": ["return_exchange", "media"],
    },
    {"category": "packaging", "subject": "到货外包装破损", "to": "transfer_requested"},
    {"category": "service_quality", "subject": "订单状态不更新", "to": "transfer_approved"},
    {"category": "product_quality", "subject": "沙发海绵回弹差", "to": "investigating"},
    {"category": "suggestion", "subject": "建议增加1.2米规格", "to": "opinion_submitted"},
    {"category": "packaging", "subject": "缺少配件", "to": "opinion_approved"},
    {"category": "service_quality", "subject": "售后电话无人接听", "to": "replied"},
    {"category": "product_quality", "subject": "床垫弹簧异响", "to": "closed"},
]
ORDER = [
    "registered",
    "accepted",
    "transfer_requested",
    "transfer_approved",
    "investigating",
    "opinion_submitted",
    "opinion_approved",
    "replied",
    "closed",
]


def build_complaints_demo(
    *,
    site: Site,
    people: dict[str, list[User]],
    customers: list[Customer],
    password: str,
    now: datetime,
) -> list[Complaint]:
    services.complaint_preset_apply(actor=None, site=site, key="furniture_maker")
    for username, name, code in EXTRA_PEOPLE:
        user = User.objects.create(username=username, display_name=name, password=password)
        PositionAssignment.objects.create(
            user=user, position=Position.objects.get(site=site, code=code)
        )
        people.setdefault(code, []).append(user)
    cs = people["cs_director"][0]
    # Numbers follow registration order (seed 002 L50): the demo's complaints are
    # registered after the desk's last one, a second apart, and walked on in the
    # time left before ``now``.
    latest = (
        Ticket.objects.filter(site=site, request_type__code="complaint")
        .order_by("-received_at")
        .values_list("received_at", flat=True)
        .first()
    )
    start = max(latest or now - timedelta(hours=3), now - timedelta(hours=3)) + timedelta(seconds=1)
    span = (now - timedelta(minutes=1)) - (start + timedelta(minutes=1))
    absence_declare(
        actor=cs,
        holder=cs,
        position=Position.objects.get(site=site, code="cs_director"),
        deputy=people["cs_deputy"][0],
        starts_at=start - timedelta(seconds=1),
        ends_at=start + timedelta(seconds=len(CASES)),
        reason="外出培训",
    )

    def clock(i: int) -> Callable[[int], datetime]:
        return lambda n: start + timedelta(minutes=1) + span * n / 9 + timedelta(seconds=i)

    made = []
    for i, case in enumerate(CASES):
        at = start + timedelta(seconds=i)
        made.append(_walk(site, people, customers[i % len(customers)], case, at, clock(i)))
    n = len(CASES)
    made.append(_answered(site, people, customers[-1], start + timedelta(seconds=n)))
    made.append(
        _not_accepted(site, people, customers[-2], start + timedelta(seconds=n + 1), clock(n))
    )
    return made


def _walk(
    site: Site,
    people: dict[str, list[User]],
    customer: Customer,
    case: dict[str, Any],
    at: datetime,
    step: Callable[[int], datetime],
) -> Complaint:
    cs, gm = people["cs_director"][0], people["gm"][0]
    intake_actor = people["cs_deputy"][0] if case.get("deputy") else cs
    complaint = services.complaint_intake(
        actor=intake_actor,
        site=site,
        channel=Channel.objects.get(site=site, code="phone"),
        category=Category.objects.get(
            site=site, request_type__code="complaint", code=case["category"]
        ),
        subject=case["subject"],
        content=f"{customer.name}来电: {case['subject']}。",
        occurred_at=at - timedelta(days=1),
        occurred_place=customer.name,
        customer=customer,
        now=at,
    )
    target = ORDER.index(case["to"])

    if target >= 1:
        services.complaint_accept(
            actor=cs, complaint=complaint, major_triggers=case.get("major", []), now=step(1)
        )
    if target >= 2:
        services.complaint_transfer(actor=cs, complaint=complaint, now=step(2))
    if target >= 3:
        services.complaint_transfer_decide(actor=gm, complaint=complaint, approve=True, now=step(3))
        services.complaint_slip_sign(actor=cs, complaint=complaint, name=str(cs), now=step(3))
    if target < 4:
        return complaint
    complaint.refresh_from_db()
    receiver = complaint.transfer_receiver
    services.complaint_slip_sign(
        actor=receiver, complaint=complaint, name=str(receiver), now=step(4)
    )
    if case["category"] == "product_quality":
        services.complaint_memo_save(
            actor=receiver,
            complaint=complaint,
            facts="销售经理到现场核实: 弹簧与框架连接处断裂, 非人为损坏。",
            repair_cost="1280.50",
            shares=[
                {"kind": "department", "name": "生产部", "percent": "60"},
                {"kind": "supplier", "name": "弹簧供应商", "percent": "33.33"},
                {"kind": "customer", "name": customer.name, "percent": "6.67"},
            ],
            repair_deadline=timezone.localdate(at) + timedelta(days=5),
            customer_confirmed=target >= 5,
            now=step(4),
        )
    if target >= 5:
        services.complaint_opinion_submit(
            actor=receiver,
            complaint=complaint,
            investigation="已调查原因并与责任人面谈。",
            opinion="按备忘单返修并向客户致歉。",
            penalty_person=people["sales_manager"][0] if case["category"] == "grievance" else None,
            penalty_amount="50" if case["category"] == "grievance" else None,
            compensation_amount="200" if case["category"] == "product_quality" else None,
            now=step(5),
        )
    if target >= 6:
        services.complaint_opinion_decide(actor=gm, complaint=complaint, approve=True, now=step(6))
    if target >= 7:
        services.complaint_reply(
            actor=cs,
            complaint=complaint,
            reply_content="已告知客户处理意见。",
            reply_method="phone",
            satisfaction="satisfied",
            customer_words="希望以后不要再出现类似问题。",
            now=step(7),
        )
    if target >= 8:
        if case["category"] == "product_quality":
            services.complaint_delivery_record(
                actor=receiver,
                complaint=complaint,
                delivered_on=timezone.localdate(step(8)),
                now=step(8),
            )
        services.complaint_close(actor=cs, complaint=complaint, now=step(8))
    return complaint


def _category(site: Site, code: str) -> Category:
    return Category.objects.get(site=site, request_type__code="complaint", code=code)


def _answered(site: Site, people: dict[str, list[User]], customer: Customer, at) -> Complaint:
    return services.complaint_intake(
        actor=people["cs_director"][0],
        site=site,
        channel=Channel.objects.get(site=site, code="phone"),
        category=_category(site, "grievance"),
        subject="不了解新返利政策",
        content=f"{customer.name}不清楚本季度返利政策, 认为被少算返利。",
        occurred_at=at - timedelta(hours=3),
        occurred_place=customer.name,
        customer=customer,
        answer="已当场解释返利计算方法, 客户表示理解。",
        answer_method="phone",
        satisfaction="satisfied",
        customer_words="明白了, 谢谢。",
        now=at,
    )


def _not_accepted(
    site: Site, people: dict[str, list[User]], customer: Customer, at: datetime, step
) -> Complaint:
    cs = people["cs_director"][0]
    complaint = services.complaint_intake(
        actor=cs,
        site=site,
        channel=Channel.objects.get(site=site, code="written"),
        category=Category.objects.get(
            site=site, request_type__code="complaint", code="product_quality"
        ),
        subject="非本公司产品",
        content=f"{customer.name}转来的投诉涉及其他品牌床垫。",
        occurred_at=at - timedelta(days=2),
        occurred_place=customer.name,
        customer=customer,
        now=at,
    )
    services.complaint_accept(
        actor=cs,
        complaint=complaint,
        accept=False,
        reason="经核实非本公司产品, 已向客户说明。",
        now=step(1),
    )
    return complaint
