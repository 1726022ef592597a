"""Site presets and recurring notices: the monthly fire-safety chain, greetings.

seed 000 L43: each month the fire-safety inspection notice goes to tenants,
the inspection report becomes a form and a rectification letter goes to the
tenants concerned, with a follow-up deadline (configurable: the seed gives
none) on the site's working calendar. seed 000 L59: special-weather alerts
and holiday greetings, sent on working days.
"""

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from kefu.calendar.selectors import work_calendar_for
from kefu.core.services import audit_record
from kefu.customers.models import Customer
from kefu.notices import errors, rules
from kefu.notices.models import (
    Audience,
    DeliveryMethod,
    Greeting,
    GreetingOccasion,
    InspectionFinding,
    InspectionReport,
    Notice,
    NoticeKind,
    NoticeSettings,
    NoticeStatus,
    NoticeTemplate,
)
from kefu.notices.policies import DRAFT, PRESETS, RECORD
from kefu.notices.selectors import overdue_letters
from kefu.notices.services.workflow import (
    _now,
    audience_pairs,
    lock_notice,
    notice_draft,
    require,
)
from kefu.org.models import Position, Site, User


def notice_preset_apply(*, actor: User | None, site: Site, key: str) -> NoticeSettings:
    """Give the site's positions their notice capabilities and set its numbers."""
    preset = PRESETS.get(key)
    if preset is None:
        raise errors.PresetUnknown(fields={"key": [key]})
    with transaction.atomic():
        config, _ = NoticeSettings.objects.select_for_update().get_or_create(site=site)
        for name, value in preset["settings"].items():
            setattr(config, name, value)
        config.preset_key = key
        config.save()
        for code, capabilities in preset["capabilities"].items():
            position = Position.objects.select_for_update().filter(site=site, code=code).first()
            if position is None:
                continue
            held = list(position.capabilities or [])
            missing = [c for c in capabilities if c not in held]
            if missing:
                position.capabilities = held + missing
                position.save(update_fields=["capabilities", "updated_at"])
        audit_record(
            actor=actor, action="notices.preset_applied", target=config, site=site, note=key
        )
    return config


def inspection_report_record(
    *,
    actor: User | None,
    notice: Notice,
    inspected_on: date,
    findings: list[tuple[Customer, str]],
    summary: str = "",
    now: datetime | None = None,
) -> InspectionReport:
    """Turn the fire-safety inspection into a form (seed 000 L43 检查报告形成表单)."""
    at = _now(now)
    require(actor, notice.site, RECORD, errors.NotAllowedToRecord, at)
    if notice.kind != NoticeKind.FIRE_SAFETY:
        raise errors.NotFireSafety()
    with transaction.atomic():
        notice = lock_notice(notice)
        if notice.status not in (NoticeStatus.SENT, NoticeStatus.SIGNED_OFF):
            raise errors.NotSent()
        if InspectionReport.objects.filter(notice=notice).exists():
            raise errors.InspectionExists()
        report = InspectionReport.objects.create(
            notice=notice, inspected_on=inspected_on, inspector=actor, summary=summary
        )
        rows = {c.pk: (c, text.strip()) for c, text in findings if text.strip()}
        InspectionFinding.objects.bulk_create(
            [
                InspectionFinding(report=report, customer=c, finding=text)
                for c, text in rows.values()
                if c.site_id == notice.site_id
            ]
        )
        audit_record(
            actor=actor,
            action="notices.inspection_recorded",
            target=notice,
            site=notice.site,
            at=at,
            note=str(len(rows)),
        )
    return report


def rectification_letter_draft(
    *,
    actor: User | None,
    report: InspectionReport,
    template: NoticeTemplate | None = None,
    now: datetime | None = None,
) -> Notice:
    """Draft the 整改函 to the tenants with findings (seed 000 L43).

    It follows the fire-safety notice and goes through the same approval and
    seal; its follow-up deadline is set on the working calendar when issued
    (``NoticeSettings.rectification_working_days``).
    """
    findings = list(report.findings.select_related("customer"))
    if not findings:
        raise errors.NoFindings()
    site = report.notice.site
    lines = "\n".join(f"{f.customer.name}: {f.finding}" for f in findings)
    body = (
        template.body
        if template
        else "{{ tenant }}:\n\n"
        + f"{report.notice.title}\n{lines}\n\n"
        + "请于 {{ follow_up_due }} 前完成整改。\n\n{{ site }} {{ issued_on }}"
    )
    return notice_draft(
        actor=actor,
        site=site,
        template=template,
        title=template.title if template else f"整改函 · {report.notice.title}",
        body=body,
        kind=NoticeKind.RECTIFICATION,
        audience=Audience.LIST,
        customers=[f.customer for f in findings],
        delivery=report.notice.delivery,
        deliverer=report.notice.deliverer,
        is_major=report.notice.is_major,
        parent=report.notice,
        now=now,
    )


def fire_safety_notice_draft_due(*, now: datetime | None = None) -> int:
    """Draft this month's fire-safety notice at every site whose day has come.

    One per site and month (seed 000 L43 每月); a draft still needs the
    leader's approval and the seal before it can be sent.
    """
    at = _now(now)
    today = timezone.localdate(at)
    month = today.replace(day=1)
    created = 0
    for config in NoticeSettings.objects.filter(
        fire_safety_template__isnull=False, fire_safety_day__lte=today.day
    ).select_related("site", "fire_safety_template"):
        exists = Notice.objects.filter(
            site=config.site, kind=NoticeKind.FIRE_SAFETY, period=month
        ).exists()
        if exists:
            continue
        try:
            with transaction.atomic():
                notice_draft(
                    actor=None,
                    site=config.site,
                    template=config.fire_safety_template,
                    kind=NoticeKind.FIRE_SAFETY,
                    audience=Audience.SITE,
                    period=month,
                    now=at,
                )
        except IntegrityError:  # another worker drafted this month's notice first
            continue
        created += 1
    return created


def overdue_rectifications(*, now: datetime | None = None):
    """Rectification letters past their follow-up deadline with a finding still open."""
    return overdue_letters(now=_now(now))


def _greeting_day(
    calendar, *, occasion: str, holiday_on: date | None, send_on: date | None, today: date
) -> date:
    """The day a greeting goes out (seed 000 L59; L773)."""
    if occasion == GreetingOccasion.HOLIDAY:
        return rules.working_day_before(calendar, holiday_on)
    if occasion == GreetingOccasion.BIRTHDAY:
        return holiday_on  # on the birthday itself, working day or not (L773 过生日时)
    day = send_on or today
    for _ in range(60):
        if calendar.is_working_day(day):
            break
        day = date.fromordinal(day.toordinal() + 1)
    return day


def greeting_schedule(
    *,
    actor: User | None,
    site: Site,
    occasion: str,
    text: str,
    holiday_on: date | None = None,
    send_on: date | None = None,
    channel: str = DeliveryMethod.SMS,
    customer: Customer | None = None,
    now: datetime | None = None,
) -> Greeting:
    """Schedule a greeting or alert for the site's tenants, or one customer (seed 000 L59).

    A holiday greeting goes out the working day before the holiday on the
    site's calendar (2026 Spring Festival: Saturday 2026-02-14, a 调休 day); a
    birthday greeting (one customer; ``holiday_on`` is the birthday) on the
    birthday itself (seed 000 L753, L773), once per customer and birthday
    (``notices.greeting_exists``); otherwise on ``send_on`` moved to the next
    working day.
    """
    at = _now(now)
    require(actor, site, DRAFT, errors.NotAllowedToDraft, at)
    if not (text or "").strip():
        raise errors.TitleRequired(fields={"text": [str(errors.TitleRequired.default_message)]})
    if occasion in (GreetingOccasion.HOLIDAY, GreetingOccasion.BIRTHDAY) and holiday_on is None:
        raise errors.GreetingDateRequired(fields={"holiday_on": [""]})
    if occasion == GreetingOccasion.BIRTHDAY and customer is None:
        raise errors.GreetingCustomerRequired(
            fields={"customer": [str(errors.GreetingCustomerRequired.default_message)]}
        )
    if customer is not None and customer.site_id != site.pk:
        raise errors.RecipientNotFound()
    day = _greeting_day(
        work_calendar_for(site),
        occasion=occasion,
        holiday_on=holiday_on,
        send_on=send_on,
        today=timezone.localdate(at),
    )
    try:
        with transaction.atomic():
            greeting = Greeting.objects.create(
                site=site,
                occasion=occasion,
                holiday_on=holiday_on,
                send_on=day,
                channel=channel,
                text=text.strip(),
                customer=customer,
                created_by=actor,
            )
            audit_record(
                actor=actor,
                action="notices.greeting_scheduled",
                target=greeting,
                site=site,
                at=at,
                changes={"send_on": [None, day.isoformat()]},
            )
    except IntegrityError:  # the birthday greeting of that customer and day exists
        raise errors.GreetingExists() from None
    return greeting


def greetings_send_due(*, now: datetime | None = None) -> int:
    """Send every greeting whose day has come through the notify outbox, once."""
    from kefu.notify.services import notify_address

    at = _now(now)
    sent = 0
    due = Greeting.objects.filter(send_on__lte=timezone.localdate(at), sent_at__isnull=True)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            greeting = Greeting.objects.select_for_update().select_related("site").get(pk=pk)
            if greeting.sent_at is not None:
                continue
            if greeting.customer_id:
                customers = [greeting.customer]
            else:
                probe = Notice(site=greeting.site, audience=Audience.SITE)
                customers = [c for c, _ in audience_pairs(probe)]
            for customer in customers:
                address = customer.email if greeting.channel == "email" else customer.phone
                notify_address(
                    site=greeting.site,
                    channel=greeting.channel if greeting.channel != "paper" else "sms",
                    address=address,
                    kind=f"notices.greeting.{greeting.occasion}",
                    subject=greeting.get_occasion_display(),
                    body=greeting.text,
                    dedupe_key=f"notices.greeting.{greeting.pk}.{customer.pk}",
                )
            greeting.sent_at = at
            greeting.sent_count = len(customers)
            greeting.save(update_fields=["sent_at", "sent_count", "updated_at"])
            audit_record(
                actor=None,
                action="notices.greeting_sent",
                target=greeting,
                site=greeting.site,
                at=at,
                note=str(len(customers)),
            )
            sent += 1
    return sent
