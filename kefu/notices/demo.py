"""Demo notices at the property centre (seed 000 [TEN] L41–59, L753; seed 004 L71).

Called by ``kefu.core.demo.build_demo`` through the services with explicit
past ``now=`` values: last month's fire-safety notice went to the tenants of
1栋, was signed off by all of them, inspected, and its rectification letter
is out with a follow-up deadline — one finding found rectified, the others
overdue and chased; this month's fire-safety notice is out and half signed
off (some on paper, scanned back; some by link); a water-cut notice waits for
the leader and another for the 客服主任 to send it; the next holiday's
greeting is scheduled; a birthday greeting went out a few days ago and
another is scheduled; the 《业主/租户手册》 was handed to the tenants of 1栋
and later to a new tenant, most of them acknowledged.
"""

import random
from datetime import date, datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kefu.calendar.selectors import work_calendar_for
from kefu.customers.services import customer_update
from kefu.notices import rules, services
from kefu.notices.models import (
    Audience,
    DeliveryMethod,
    GreetingOccasion,
    Notice,
    NoticeKind,
    NoticeSettings,
    NoticeTemplate,
    SignMethod,
)
from kefu.notices.services.workflow import audience_pairs
from kefu.org.models import Site, User

BUILDING = "1栋"
FIRE_BODY = (
    "尊敬的{{ tenant }}({{ unit }}):\n"
    "为做好消防安全工作,本中心将会同安全部于{{ starts_on }}至{{ ends_on }}"
    "对各租户进行月度消防安全检查,内容包括灭火器、消防通道、电气线路等,请予配合。\n"
    "如有疑问请致电服务热线 {{ hotline }}。\n"
    "{{ site }}\n{{ issued_on }}"
)
WATER_BODY = (
    "尊敬的{{ tenant }}:\n因市政管网维修,{{ building }}将于{{ starts_on }}停水一天,"
    "请提前做好储水准备。不便之处,敬请谅解。\n{{ site }} {{ issued_on }}"
)
FINDINGS = ["灭火器压力不足,需更换", "消防通道堆放杂物", "电源插座超负荷使用"]
HANDBOOK_BODY = (
    "尊敬的{{ tenant }}({{ unit }}):\n"
    "欢迎入驻!随函交付《业主/租户手册》(2026版)一册,内容包括水电费分摊计算方法、"
    "电梯及扶梯的使用、空调供应时间及加时空调费、装修手续及退租程序等。\n"
    "请阅读后签收确认。如有疑问请致电服务热线 {{ hotline }}。\n{{ site }} {{ issued_on }}"
)

# The smallest PNG: the "scanned" signed strip of the paper sign-offs.
SCAN = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def _templates(site: Site) -> tuple[NoticeTemplate, NoticeTemplate]:
    fire, _ = NoticeTemplate.objects.get_or_create(
        site=site,
        code="fire_safety",
        defaults={
            "name": "月度消防安全检查通知",
            "kind": NoticeKind.FIRE_SAFETY,
            "title": "关于开展月度消防安全检查的通知",
            "body": FIRE_BODY,
            "is_major": True,
        },
    )
    water, _ = NoticeTemplate.objects.get_or_create(
        site=site,
        code="water_cut",
        defaults={
            "name": "停水通知",
            "kind": NoticeKind.NOTICE,
            "title": "停水通知",
            "body": WATER_BODY,
        },
    )
    return fire, water


def _sealed(site, people, template, at, **kwargs):
    security, gm = people["security_captain"][0], people["gm"][0]
    notice = services.notice_draft(actor=security, site=site, template=template, now=at, **kwargs)
    services.notice_approve(actor=gm, notice=notice, now=at + timedelta(hours=2))
    services.notice_seal_apply(actor=security, notice=notice, now=at + timedelta(hours=3))
    return services.notice_seal_approve(actor=gm, notice=notice, now=at + timedelta(hours=4))


def _sign(recipients, clerk, rng, at, share: float) -> None:
    for index, recipient in enumerate(recipients):
        if rng.random() >= share:
            continue
        when = at + timedelta(hours=2 + index)
        if index % 2:
            # by link: through the portal, with the verified number, where it is open
            portal = services.signs_in_portal(recipient) and recipient.customer.phone
            services.notice_recipient_sign_off(
                recipient=recipient,
                method=SignMethod.PORTAL if portal else SignMethod.LINK,
                verified_phone=recipient.customer.phone if portal else "",
                address="113.88.12.7",
                now=when,
            )
        else:
            services.notice_recipient_paper_record(
                actor=clerk,
                recipient=recipient,
                signer_name=recipient.customer.name,
                signed_copy=SimpleUploadedFile(f"sign-{recipient.pk}.png", SCAN),
                now=when,
            )


def _tenants(site: Site):
    """``(tenant, unit)`` of every tenant of the site, as a site-wide notice sees them."""
    return audience_pairs(Notice(site=site, audience=Audience.SITE))


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, datetime.min.time(), timezone.get_current_timezone()).replace(
        hour=hour
    )


def _chase_letter(site: Site, people, report, letter_at: datetime, now: datetime) -> None:
    """One finding found rectified two days after the letter; the overdue rest chased
    on the last working day (the daily run's work)."""
    first = report.findings.order_by("pk").first()
    if first is not None:
        services.finding_rectified_record(
            actor=people["security_captain"][0],
            finding=first,
            note="复查:已更换灭火器",
            now=letter_at + timedelta(days=2),
        )
    calendar = work_calendar_for(site)
    day = timezone.localdate(now)
    while not calendar.is_working_day(day):
        day -= timedelta(days=1)
    services.rectifications_chase_overdue(now=min(_at(day, 9), now))


def _birthdays(site: Site, people, now: datetime) -> None:
    """Two tenants' birthdays: three days ago (greeted that morning) and in two days."""
    clerk = people["cs_clerk"][0]
    today = timezone.localdate(now)
    pairs = _tenants(site)
    for (customer, _unit), offset in zip(pairs[-2:], (-3, 2), strict=False):
        day = today + timedelta(days=offset)
        customer_update(actor=clerk, customer=customer, birthday=date(1984, day.month, day.day))
    past = _at(today - timedelta(days=3), 8)
    services.birthday_greetings_schedule(now=past)
    services.greetings_send_due(now=past)
    services.birthday_greetings_schedule(now=now)


def _handbook(site: Site, people, now: datetime) -> None:
    """The 《业主/租户手册》 handed to 1栋's tenants and later to a new tenant of 2栋."""
    clerk, director = people["cs_clerk"][0], people["cs_director"][0]
    template, _ = NoticeTemplate.objects.get_or_create(
        site=site,
        code="handbook",
        defaults={
            "name": "《业主/租户手册》交付签收",
            "kind": NoticeKind.HANDBOOK,
            "title": "《业主/租户手册》(2026版)",
            "body": HANDBOOK_BODY,
        },
    )
    at = now - timedelta(days=20)
    edition = _sealed(
        site, people, template, at, audience=Audience.BUILDING, building=BUILDING,
        kind=NoticeKind.HANDBOOK,
    )  # fmt: skip
    services.notice_issue(actor=director, notice=edition, now=at + timedelta(hours=5))
    recipients = list(edition.recipients.select_related("customer").order_by("pk"))
    _sign(recipients[:-1], clerk, random.Random(4), at + timedelta(days=1), share=1.1)
    newcomer = next(
        (c for c, unit in _tenants(site) if unit is not None and unit.building != BUILDING), None
    )
    if newcomer is not None:
        services.handbook_hand_out(
            actor=clerk, notice=edition, customer=newcomer, now=now - timedelta(days=2)
        )


def build_notices_demo(*, site: Site, people: dict[str, list[User]], now: datetime) -> None:
    rng = random.Random(2026)
    director, clerk = people["cs_director"][0], people["cs_clerk"][0]
    services.notice_preset_apply(actor=None, site=site, key="property_centre")
    fire, water = _templates(site)
    NoticeSettings.objects.filter(site=site).update(fire_safety_template=fire)
    calendar = work_calendar_for(site)
    today = timezone.localdate(now)
    this_month, last_month = today.replace(day=1), (today.replace(day=1) - timedelta(days=1))
    last_month = last_month.replace(day=1)
    tz = timezone.get_current_timezone()

    # Last month: sent, all signed, inspected, rectification letter out.
    at = datetime.combine(last_month + timedelta(days=2), datetime.min.time(), tz).replace(hour=9)
    old = _sealed(
        site, people, fire, at, audience=Audience.BUILDING, building=BUILDING,
        deliverer=clerk, period=last_month, kind=NoticeKind.FIRE_SAFETY,
        starts_on=(at + timedelta(days=5)).date(), ends_on=(at + timedelta(days=6)).date(),
    )  # fmt: skip
    services.notice_issue(actor=director, notice=old, now=at + timedelta(hours=5))
    recipients = list(old.recipients.select_related("customer").order_by("pk"))
    _sign(recipients, clerk, rng, at + timedelta(hours=6), share=1.1)
    report = services.inspection_report_record(
        actor=people["security_captain"][0],
        notice=old,
        inspected_on=(at + timedelta(days=6)).date(),
        findings=[(r.customer, FINDINGS[i]) for i, r in enumerate(recipients[:3])],
        summary=f"共检查 {len(recipients)} 户,3 户存在隐患。",
        now=at + timedelta(days=6, hours=8),
    )
    letter_at = at + timedelta(days=7)
    letter = services.rectification_letter_draft(actor=clerk, report=report, now=letter_at)
    services.notice_approve(actor=people["gm"][0], notice=letter, now=letter_at)
    services.notice_seal_apply(actor=clerk, notice=letter, now=letter_at + timedelta(hours=1))
    services.notice_seal_approve(
        actor=people["gm"][0], notice=letter, now=letter_at + timedelta(hours=2)
    )
    services.notice_issue(actor=director, notice=letter, now=letter_at + timedelta(hours=3))
    _chase_letter(site, people, report, letter_at, now)

    # This month: sent on the first working day, half signed off.
    first = this_month
    while not calendar.is_working_day(first):
        first += timedelta(days=1)
    at = min(
        datetime.combine(first, datetime.min.time(), tz).replace(hour=9), now - timedelta(hours=8)
    )
    current = _sealed(
        site, people, fire, at, audience=Audience.BUILDING, building=BUILDING,
        deliverer=clerk, period=this_month, kind=NoticeKind.FIRE_SAFETY,
        starts_on=(at + timedelta(days=3)).date(), ends_on=(at + timedelta(days=4)).date(),
    )  # fmt: skip
    services.notice_issue(actor=director, notice=current, now=at + timedelta(hours=5))
    recipients = list(current.recipients.select_related("customer").order_by("pk"))
    half = recipients[: len(recipients) // 2]
    _sign(half, clerk, rng, at + timedelta(hours=6), share=1.1)

    # A water-cut notice waiting for the leader, another waiting to be sent by SMS.
    services.notice_draft(
        actor=people["engineering_supervisor"][0], site=site, template=water,
        audience=Audience.BUILDING, building="2栋", starts_on=today + timedelta(days=7),
        now=now - timedelta(hours=3),
    )  # fmt: skip
    _sealed(
        site, people, water, now - timedelta(days=1), audience=Audience.BUILDING,
        building="3栋", delivery=DeliveryMethod.SMS, starts_on=today + timedelta(days=5),
    )  # fmt: skip

    # The next holiday's greeting, the working day before it.
    holiday = rules.holiday_start(calendar, today + timedelta(days=1), limit_days=200)
    if holiday is not None:
        services.greeting_schedule(
            actor=clerk,
            site=site,
            occasion=GreetingOccasion.HOLIDAY,
            holiday_on=holiday,
            text="节日将至,祝您节日快乐,阖家幸福!——" + site.name,
            now=now,
        )
    _birthdays(site, people, now)
    _handbook(site, people, now)
