"""Factories and builders for notices tests (property centre, seed 000 [TEN])."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import factory

from kefu.customers.models import Customer, OccupancyRole, Unit, UnitOccupancy
from kefu.customers.tests.factories import CustomerFactory, UnitFactory
from kefu.notices import services
from kefu.notices.models import Notice, NoticeKind, NoticeTemplate
from kefu.org.tests.factories import SiteFactory

SH = ZoneInfo("Asia/Shanghai")
#: A Tuesday in 2026, working time.
T0 = datetime(2026, 3, 3, 9, 30, tzinfo=SH)

FIRE_BODY = (
    "尊敬的{{ tenant }}({{ unit }}):\n"
    "本中心将于{{ starts_on }}至{{ ends_on }}会同安全部进行本月消防安全检查,请予配合。\n"
    "{{ site }} {{ issued_on }}"
)


class NoticeTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NoticeTemplate

    site = factory.SubFactory(SiteFactory)
    code = factory.Sequence(lambda n: f"tpl{n}")
    name = "消防安全检查通知"
    kind = NoticeKind.FIRE_SAFETY
    title = "关于开展月度消防安全检查的通知"
    body = FIRE_BODY


@dataclass
class Tenants:
    customers: list[Customer]
    units: list[Unit]


def tenants(site, specs=(("1栋", "101", "张三"), ("1栋", "102", "李四"), ("2栋", "201", "王五"))):
    """Tenants living in units of ``site`` (one occupancy each, role tenant)."""
    customers, units = [], []
    for building, number, name in specs:
        unit = UnitFactory(site=site, building=building, number=number)
        customer = CustomerFactory(site=site, name=name, email=f"{number}@example.com")
        UnitOccupancy.objects.create(unit=unit, customer=customer, role=OccupancyRole.TENANT)
        customers.append(customer)
        units.append(unit)
    return Tenants(customers, units)


def sealed_notice(pmc, *, at=T0, **kwargs) -> Notice:
    """A notice drafted by the clerk, approved and sealed by the GM (ready to send)."""
    template = kwargs.pop("template", None) or NoticeTemplateFactory(site=pmc.site)
    notice = services.notice_draft(
        actor=pmc["cs_clerk"], site=pmc.site, template=template, now=at, **kwargs
    )
    services.notice_approve(actor=pmc["gm"], notice=notice, now=at)
    services.notice_seal_apply(actor=pmc["cs_clerk"], notice=notice, now=at)
    return services.notice_seal_approve(actor=pmc["gm"], notice=notice, now=at)


def sent_rectification_letter(pmc, people):
    """seed 000 L43: the fire-safety notice of 2026-09-25, inspected on Mon 09-28 with
    findings at 张三 and 李四, and the 整改函 sent on Tue 09-29 10:00 — due Mon
    2026-10-12 (5 working days; National Day skipped, Sat 10-10 a 调休 workday)."""
    from datetime import date

    sent_at = datetime(2026, 9, 25, 9, 0, tzinfo=SH)
    fire = sealed_notice(pmc, at=sent_at)
    services.notice_issue(actor=pmc["cs_director"], notice=fire, now=sent_at)
    zhang, li, _wang = people.customers
    report = services.inspection_report_record(
        actor=pmc["security_captain"],
        notice=fire,
        inspected_on=date(2026, 9, 28),
        findings=[(zhang, "灭火器过期"), (li, "疏散通道堆放杂物")],
        now=datetime(2026, 9, 28, 16, 0, tzinfo=SH),
    )
    letter_at = datetime(2026, 9, 29, 10, 0, tzinfo=SH)
    letter = services.rectification_letter_draft(
        actor=pmc["cs_clerk"], report=report, now=letter_at
    )
    services.notice_approve(actor=pmc["gm"], notice=letter, now=letter_at)
    services.notice_seal_apply(actor=pmc["cs_clerk"], notice=letter, now=letter_at)
    services.notice_seal_approve(actor=pmc["gm"], notice=letter, now=letter_at)
    return services.notice_issue(actor=pmc["cs_director"], notice=letter, now=letter_at)
