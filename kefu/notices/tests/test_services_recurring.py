"""Recurring notices: the monthly fire-safety chain, greetings on the working calendar."""

from datetime import date, datetime

import pytest

from kefu.notices import errors, rules, services
from kefu.notices.models import (
    Greeting,
    GreetingOccasion,
    Notice,
    NoticeKind,
    NoticeSettings,
    NoticeStatus,
)
from kefu.notices.tests.factories import SH, NoticeTemplateFactory, sealed_notice
from kefu.notify.models import Delivery


def _approve_and_seal(pmc, notice, at):
    services.notice_approve(actor=pmc["gm"], notice=notice, now=at)
    services.notice_seal_apply(actor=pmc["cs_clerk"], notice=notice, now=at)
    return services.notice_seal_approve(actor=pmc["gm"], notice=notice, now=at)


def test_fire_safety_chain_with_follow_up_deadline(pmc, people):
    """seed 000 L43: notice → inspection report → 整改函 with a follow-up deadline.

    Inspection on Mon 2026-09-28, letter sent Tue 09-29 with 5 working days
    (the site's setting; the seed gives none): 09-30, 10-08, 10-09, Sat 10-10
    (调休 make-up day) and Mon 10-12 — National Day (10-01..07) is skipped.
    """
    sent_at = datetime(2026, 9, 25, 9, 0, tzinfo=SH)
    fire = sealed_notice(pmc, at=sent_at)
    services.notice_issue(actor=pmc["cs_director"], notice=fire, now=sent_at)
    zhang, li, _wang = people.customers
    report = services.inspection_report_record(
        actor=pmc["security_captain"],
        notice=fire,
        inspected_on=date(2026, 9, 28),
        findings=[(zhang, "灭火器过期"), (li, "疏散通道堆放杂物"), (_wang, "")],
        now=datetime(2026, 9, 28, 16, 0, tzinfo=SH),
    )
    assert report.findings.count() == 2
    letter_at = datetime(2026, 9, 29, 10, 0, tzinfo=SH)
    letter = services.rectification_letter_draft(
        actor=pmc["cs_clerk"], report=report, now=letter_at
    )
    assert (letter.kind, letter.parent, letter.status) == (
        NoticeKind.RECTIFICATION,
        fire,
        NoticeStatus.DRAFT,
    )
    with pytest.raises(errors.NotSealed):
        services.notice_issue(actor=pmc["cs_director"], notice=letter, now=letter_at)
    _approve_and_seal(pmc, letter, letter_at)
    services.notice_issue(actor=pmc["cs_director"], notice=letter, now=letter_at)
    letter.refresh_from_db()
    assert letter.follow_up_due.astimezone(SH).date() == date(2026, 10, 12)
    assert set(letter.recipients.values_list("customer__name", flat=True)) == {"张三", "李四"}
    body = letter.recipients.get(customer=zhang).body
    assert "灭火器过期" in body and "2026年10月12日" in body
    assert list(services.overdue_rectifications(now=datetime(2026, 10, 13, 9, tzinfo=SH))) == [
        letter
    ]
    assert not services.overdue_rectifications(now=datetime(2026, 10, 12, 9, tzinfo=SH)).exists()


def test_inspection_refused_for_other_notices_and_twice(pmc, people):
    letter = sealed_notice(pmc, kind=NoticeKind.NOTICE)
    services.notice_issue(actor=pmc["cs_director"], notice=letter)
    with pytest.raises(errors.NotFireSafety):
        services.inspection_report_record(
            actor=pmc["security_captain"], notice=letter, inspected_on=date(2026, 3, 3), findings=[]
        )
    fire = sealed_notice(pmc)
    with pytest.raises(errors.NotSent):
        services.inspection_report_record(
            actor=pmc["security_captain"], notice=fire, inspected_on=date(2026, 3, 3), findings=[]
        )
    services.notice_issue(actor=pmc["cs_director"], notice=fire)
    report = services.inspection_report_record(
        actor=pmc["security_captain"], notice=fire, inspected_on=date(2026, 3, 3), findings=[]
    )
    with pytest.raises(errors.InspectionExists):
        services.inspection_report_record(
            actor=pmc["security_captain"], notice=fire, inspected_on=date(2026, 3, 3), findings=[]
        )
    with pytest.raises(errors.NoFindings):
        services.rectification_letter_draft(actor=pmc["cs_clerk"], report=report)
    with pytest.raises(errors.NotAllowedToRecord):
        services.inspection_report_record(
            actor=pmc["technician"], notice=fire, inspected_on=date(2026, 3, 3), findings=[]
        )


def test_monthly_fire_safety_notice_is_drafted_once_a_month(pmc, people):
    """seed 000 L43 每月: one draft per site and month on the configured day."""
    config = NoticeSettings.objects.get(site=pmc.site)
    config.fire_safety_template = NoticeTemplateFactory(site=pmc.site)
    config.fire_safety_day = 2
    config.save()
    assert services.fire_safety_notice_draft_due(now=datetime(2026, 3, 1, 8, tzinfo=SH)) == 0
    assert services.fire_safety_notice_draft_due(now=datetime(2026, 3, 2, 8, tzinfo=SH)) == 1
    assert services.fire_safety_notice_draft_due(now=datetime(2026, 3, 20, 8, tzinfo=SH)) == 0
    assert services.fire_safety_notice_draft_due(now=datetime(2026, 4, 2, 8, tzinfo=SH)) == 1
    months = Notice.objects.filter(kind=NoticeKind.FIRE_SAFETY).values_list("period", "status")
    assert sorted(months) == [(date(2026, 3, 1), "draft"), (date(2026, 4, 1), "draft")]


def test_spring_festival_greeting_goes_out_the_working_day_before(pmc, people):
    """2026 Spring Festival: off 02-15..02-23; Saturday 02-14 is a 调休 workday, so the
    greeting goes out on 02-14, not Friday 02-13 (seed 000 L59 节假日对租户进行问候)."""
    greeting = services.greeting_schedule(
        actor=pmc["cs_clerk"],
        site=pmc.site,
        occasion=GreetingOccasion.HOLIDAY,
        holiday_on=date(2026, 2, 15),
        text="新春快乐,阖家幸福!",
        now=datetime(2026, 2, 2, 9, tzinfo=SH),
    )
    assert greeting.send_on == date(2026, 2, 14)
    assert services.greetings_send_due(now=datetime(2026, 2, 13, 9, tzinfo=SH)) == 0
    assert services.greetings_send_due(now=datetime(2026, 2, 14, 9, tzinfo=SH)) == 1
    assert services.greetings_send_due(now=datetime(2026, 2, 14, 10, tzinfo=SH)) == 0
    sms = Delivery.objects.filter(notification__kind="notices.greeting.holiday", channel="sms")
    assert sms.count() == 3
    greeting.refresh_from_db()
    assert greeting.sent_count == 3


def test_national_day_greeting_and_weather_alert_on_a_sunday(pmc, people):
    """National Day 2026 (off 10-01..07): the working day before is Wed 09-30.
    A typhoon alert asked for on Sunday 2026-03-08 goes out Monday 03-09."""
    national = services.greeting_schedule(
        actor=pmc["cs_clerk"],
        site=pmc.site,
        occasion=GreetingOccasion.HOLIDAY,
        holiday_on=date(2026, 10, 1),
        text="国庆快乐",
    )
    assert national.send_on == date(2026, 9, 30)
    alert = services.greeting_schedule(
        actor=pmc["cs_clerk"],
        site=pmc.site,
        occasion=GreetingOccasion.WEATHER,
        send_on=date(2026, 3, 8),
        text="台风预警:请关好门窗。",
    )
    assert alert.send_on == date(2026, 3, 9)


def test_greeting_errors_change_nothing(pmc):
    before = Greeting.objects.count()
    with pytest.raises(errors.GreetingDateRequired):
        services.greeting_schedule(
            actor=pmc["cs_clerk"], site=pmc.site, occasion=GreetingOccasion.HOLIDAY, text="x"
        )
    with pytest.raises(errors.NotAllowedToDraft):
        services.greeting_schedule(
            actor=pmc["technician"], site=pmc.site, occasion=GreetingOccasion.WEATHER, text="x"
        )
    assert Greeting.objects.count() == before


def test_holiday_start_finds_the_spring_festival():
    from kefu.calendar.selectors import default_work_calendar

    calendar = default_work_calendar()
    assert rules.holiday_start(calendar, date(2026, 2, 10)) == date(2026, 2, 15)
    assert rules.working_day_before(calendar, date(2026, 2, 15)) == date(2026, 2, 14)


def test_run_due_task_wraps_the_services(pmc, people):
    from kefu.notices.tasks import notices_run_due_task

    assert notices_run_due_task.func() == {
        "fire_safety_drafted": 0,
        "birthdays_scheduled": 0,
        "greetings_sent": 0,
        "rectifications_chased": 0,
    }
