"""Tracking rectification (seed 000 L43): findings found rectified, and the daily
chase of letters past their follow-up deadline through the notify outbox."""

from datetime import date, datetime

import pytest

from kefu.core.models import AuditEntry
from kefu.notices import errors, rules, services
from kefu.notices.models import InspectionFinding
from kefu.notices.tests.factories import SH, sent_rectification_letter
from kefu.notify.models import Notification


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 10, day, hour, tzinfo=SH)


def reminders(**filters):
    return Notification.objects.filter(kind="notices.rectification_overdue", **filters)


def test_an_overdue_letter_is_chased_once_a_day_on_working_days(pmc, people):
    """Due Mon 2026-10-12: overdue from Tue 10-13; chased once that day (the second
    run sends nothing), again on Wed 10-14, not on Sat 10-17, again on Mon 10-19."""
    letter = sent_rectification_letter(pmc, people)
    assert letter.follow_up_due.astimezone(SH).date() == date(2026, 10, 12)
    assert services.rectifications_chase_overdue(now=at(12, 18)) == 0  # not yet overdue
    assert services.rectifications_chase_overdue(now=at(13)) == 1
    assert services.rectifications_chase_overdue(now=at(13, 16)) == 0
    # The inspector (安全部) and the sender get a notice; each tenant with an open
    # finding a message on the letter's channel (SMS for a paper letter).
    staff = reminders(recipient__isnull=False)
    assert set(staff.values_list("recipient__username", flat=True)) == {
        pmc["security_captain"].username,
        pmc["cs_director"].username,
    }
    tenants = reminders(recipient__isnull=True)
    assert tenants.count() == 2
    assert {d.channel for n in tenants for d in n.deliveries.all()} == {"sms"}
    assert "2026年10月12日" in tenants.first().subject

    zhang = InspectionFinding.objects.get(customer=people.customers[0])
    services.finding_rectified_record(
        actor=pmc["security_captain"], finding=zhang, note="已更换灭火器", now=at(13, 17)
    )
    assert services.rectifications_chase_overdue(now=at(14)) == 1
    assert reminders(recipient__isnull=True).count() == 3  # only 李四 again
    assert services.rectifications_chase_overdue(now=at(17)) == 0  # Saturday
    assert services.rectifications_chase_overdue(now=at(19)) == 1
    letter.refresh_from_db()
    assert (letter.follow_up_reminders, letter.follow_up_reminded_on) == (3, date(2026, 10, 19))
    assert AuditEntry.objects.filter(action="notices.rectification_chased").count() == 3


def test_a_letter_whose_findings_are_all_rectified_is_no_longer_overdue(pmc, people):
    letter = sent_rectification_letter(pmc, people)
    assert list(services.overdue_rectifications(now=at(13))) == [letter]
    for finding in InspectionFinding.objects.all():
        services.finding_rectified_record(
            actor=pmc["security_captain"], finding=finding, now=at(12)
        )
    assert not services.overdue_rectifications(now=at(13)).exists()
    assert services.rectifications_chase_overdue(now=at(13)) == 0
    assert not reminders().exists()


def test_recording_a_finding_rectified_is_idempotent(pmc, people):
    sent_rectification_letter(pmc, people)
    finding = InspectionFinding.objects.order_by("pk").first()
    first = services.finding_rectified_record(
        actor=pmc["security_captain"], finding=finding, note="复查合格", now=at(9)
    )
    again = services.finding_rectified_record(
        actor=pmc["cs_clerk"], finding=finding, note="x", now=at(10)
    )
    assert (again.rectified_at, again.rectified_by, again.rectified_note) == (
        first.rectified_at,
        pmc["security_captain"],
        "复查合格",
    )
    assert AuditEntry.objects.filter(action="notices.finding_rectified").count() == 1


def test_only_who_records_may_record_a_rectification(pmc, people):
    sent_rectification_letter(pmc, people)
    finding = InspectionFinding.objects.order_by("pk").first()
    before = AuditEntry.objects.count()
    with pytest.raises(errors.NotAllowedToRecord):
        services.finding_rectified_record(actor=pmc["technician"], finding=finding)
    finding.refresh_from_db()
    assert finding.rectified_at is None and AuditEntry.objects.count() == before


def test_the_chase_rule():
    kwargs = {"today": date(2026, 10, 13), "is_working_day": True}
    assert rules.rectification_chase_due(reminded_on=None, **kwargs)
    assert rules.rectification_chase_due(reminded_on=date(2026, 10, 12), **kwargs)
    assert not rules.rectification_chase_due(reminded_on=date(2026, 10, 13), **kwargs)
    assert not rules.rectification_chase_due(
        today=date(2026, 10, 17), reminded_on=None, is_working_day=False
    )
