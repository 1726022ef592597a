"""notify(): one notice per person and key, an outbox per channel, sent once."""

import threading

import pytest
from django.core import mail
from django.db import connection

from kefu.core.errors import KefuError
from kefu.notify import services
from kefu.notify.models import Delivery, DeliveryStatus, Notification
from kefu.notify.senders import sender_for
from kefu.org.tests.factories import UserFactory


@pytest.fixture
def people(xlm):
    chen, zhao = xlm["cs_director"], xlm["gm"]
    chen.email, chen.phone = "chen@example.com", "13800000001"
    zhao.email = "zhao@example.com"
    chen.save()
    zhao.save()
    return xlm, chen, zhao


def test_one_notice_per_recipient_with_an_outbox_row_per_channel(people):
    xlm, chen, zhao = people
    notes = services.notify(
        site=xlm.site,
        users=[chen, zhao, chen],
        kind="test.hello",
        subject="你好",
        channels=("inapp", "email", "sms"),
    )
    assert [n.recipient for n in notes] == [chen, zhao]
    rows = Delivery.objects.order_by("notification__recipient_id", "channel")
    assert sorted((d.notification.recipient.username, d.channel, d.status) for d in rows) == [
        ("chen_cs", "email", "pending"),
        ("chen_cs", "sms", "pending"),
        ("zhao_gm", "email", "pending"),
        ("zhao_gm", "sms", "skipped"),  # no phone number
    ]


def test_the_same_dedupe_key_never_makes_a_second_notice(people):
    xlm, chen, _ = people
    first = services.notify(site=xlm.site, users=[chen], kind="k", subject="s", dedupe_key="x:1")
    again = services.notify(site=xlm.site, users=[chen], kind="k", subject="s", dedupe_key="x:1")
    assert first[0].pk == again[0].pk
    assert Notification.objects.count() == 1 and Delivery.objects.count() == 1


def test_inactive_users_are_skipped(people):
    xlm, chen, _ = people
    chen.is_active = False
    chen.save()
    assert services.notify(site=xlm.site, users=[chen], kind="k", subject="s") == []


def test_unknown_channel_is_refused_and_nothing_written(people):
    xlm, chen, _ = people
    with pytest.raises(KefuError) as info:
        services.notify(site=xlm.site, users=[chen], kind="k", subject="s", channels=["fax"])
    assert info.value.code == "notify.unknown_channel"
    assert Notification.objects.count() == 0


def test_the_outbox_is_sent_once_and_marked(people, outbox):
    xlm, chen, zhao = people
    services.notify(
        site=xlm.site, users=[chen, zhao], kind="k", subject="超时", channels=("email", "sms")
    )
    assert services.deliveries_send() == 3
    assert sorted((m["channel"], m["address"]) for m in outbox) == [
        ("email", "chen@example.com"),
        ("email", "zhao@example.com"),
        ("sms", "13800000001"),
    ]
    assert services.deliveries_send() == 0
    assert len(outbox) == 3
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent", "skipped"}


def test_a_failing_address_is_retried_then_failed(people, outbox):
    from kefu.notify.senders.memory import MemorySender

    xlm, chen, _ = people
    MemorySender.fail_for.add("chen@example.com")
    services.notify(site=xlm.site, users=[chen], kind="k", subject="s")
    for _ in range(services.MAX_ATTEMPTS):
        assert services.deliveries_send() == 0
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == services.MAX_ATTEMPTS
    assert "cannot reach" in delivery.last_error


def test_email_goes_through_django_s_email_backend(people, settings):
    settings.KEFU_NOTIFY_SENDERS = ["kefu.notify.senders.email.EmailSender"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    xlm, chen, _ = people
    services.notify(site=xlm.site, users=[chen], kind="k", subject="投诉超时", body="100912099")
    services.deliveries_send()
    assert [(m.subject, m.to) for m in mail.outbox] == [("投诉超时", ["chen@example.com"])]


def test_senders_are_chosen_by_channel_from_settings(settings):
    settings.KEFU_NOTIFY_SENDERS = [
        "kefu.notify.senders.email.EmailSender",
        "kefu.notify.senders.console.ConsoleSender",
    ]
    assert type(sender_for("sms")).__name__ == "ConsoleSender"
    assert type(sender_for("email")).__name__ == "EmailSender"
    settings.KEFU_NOTIFY_SENDERS = []
    with pytest.raises(KefuError) as info:
        sender_for("sms")
    assert info.value.code == "notify.no_sender"


def test_mark_read_and_all_read(people):
    xlm, chen, _ = people
    a, _b = (services.notify(site=xlm.site, users=[chen], kind="k", subject=s)[0] for s in "ab")
    services.notification_mark_read(actor=chen, notification=a)
    a.refresh_from_db()
    assert a.read_at is not None
    assert services.notification_mark_all_read(actor=chen) == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.concurrency
def test_concurrent_notify_with_one_key_makes_one_notice():
    if connection.vendor != "postgresql":
        pytest.skip("row locking needs PostgreSQL")
    from kefu.org.tests.factories import SiteFactory

    site = SiteFactory(code="race")
    user = UserFactory(username="race_user", email="r@example.com")
    barrier = threading.Barrier(8)
    errors = []

    def worker():
        try:
            barrier.wait()
            services.notify(site=site, users=[user], kind="k", subject="s", dedupe_key="race:1")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert Notification.objects.filter(dedupe_key="race:1").count() == 1
    assert Delivery.objects.count() == 1
