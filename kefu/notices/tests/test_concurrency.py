"""Races on one notice: the notice row lock keeps sign-offs and sending single."""

import pytest
from django.db import connection

from kefu.core.models import AuditEntry
from kefu.core.tests.concurrency import race
from kefu.notices import errors, services
from kefu.notices.models import Notice, NoticeRecipient, NoticeStatus, SignMethod
from kefu.notices.tests.factories import T0, sealed_notice


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_concurrent_confirmations_sign_off_once(pmc, people):
    """A tenant taps the link twice and the clerk records paper at once: one sign-off."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are exercised on PostgreSQL")
    notice = sealed_notice(pmc)
    services.notice_issue(actor=pmc["cs_director"], notice=notice, now=T0)
    recipient = notice.recipients.order_by("pk").first()
    results, failures = race(
        lambda i: services.notice_recipient_sign_off(
            recipient=NoticeRecipient.objects.get(pk=recipient.pk),
            method=SignMethod.LINK,
            address=f"10.0.0.{i}",
        ),
        4,
    )
    assert not failures
    assert len({r.signed_from for r in results}) == 1
    assert AuditEntry.objects.filter(action="notices.recipient_signed_off").count() == 1


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_concurrent_sends_issue_once(pmc, people):
    """Two sends of one sealed notice at once: one set of copies, one coded refusal."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are exercised on PostgreSQL")
    notice = sealed_notice(pmc)
    results, failures = race(
        lambda i: services.notice_issue(
            actor=pmc["cs_director"], notice=Notice.objects.get(pk=notice.pk)
        ),
        2,
    )
    assert len(results) == 1 and len(failures) == 1
    assert isinstance(failures[0], errors.NotSealed)
    assert NoticeRecipient.objects.filter(notice=notice).count() == 3
    assert Notice.objects.get(pk=notice.pk).status == NoticeStatus.SENT


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_concurrent_chases_remind_once_a_day(pmc, people):
    """Two workers run the daily chase of an overdue rectification letter at once:
    one reminder, one audit entry (the letter row lock; seed 000 L43)."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are exercised on PostgreSQL")
    from datetime import datetime

    from kefu.notices.tests.factories import SH, sent_rectification_letter
    from kefu.notify.models import Notification

    letter = sent_rectification_letter(pmc, people)
    when = datetime(2026, 10, 13, 9, tzinfo=SH)
    results, failures = race(lambda i: services.rectifications_chase_overdue(now=when), 3)
    assert not failures and sum(results) == 1
    letter.refresh_from_db()
    assert letter.follow_up_reminders == 1
    assert AuditEntry.objects.filter(action="notices.rectification_chased").count() == 1
    assert (
        Notification.objects.filter(
            kind="notices.rectification_overdue", recipient__isnull=True
        ).count()
        == 2
    )


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_concurrent_birthday_runs_schedule_once(pmc, people):
    """Two workers schedule the week's birthdays at once: one greeting per birthday."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are exercised on PostgreSQL")
    from datetime import date, datetime

    from kefu.customers.services import customer_update
    from kefu.notices.models import Greeting
    from kefu.notices.tests.factories import SH

    customer_update(actor=None, customer=people.customers[0], birthday=date(1980, 2, 20))
    when = datetime(2026, 2, 16, 8, tzinfo=SH)
    results, failures = race(lambda i: services.birthday_greetings_schedule(now=when), 3)
    assert not failures and sum(results) == 1
    assert Greeting.objects.count() == 1
