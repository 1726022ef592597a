"""One-time codes and portal sessions (issue 13: 6 digits, 5 minutes, 5 tries, limits)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kefu.core.models import AuditEntry
from kefu.notify.senders.memory import MemorySender
from kefu.portal.errors import CodeInvalid, CodeTriesExhausted, PhoneInvalid, RateLimited
from kefu.portal.models import PhoneCode, PortalSession, RateEvent
from kefu.portal.services import phone_code_send, phone_code_verify
from kefu.portal.tests.conftest import code_of

pytestmark = pytest.mark.django_db

ADDR = "10.0.0.7"


def send(portal, phone="13800138000", at=None, addr=ADDR):
    return phone_code_send(settings=portal.settings, phone=phone, client_address=addr, now=at)


def verify(portal, code, phone="13800138000", at=None, addr=ADDR):
    return phone_code_verify(
        settings=portal.settings, phone=phone, code=code, client_address=addr, now=at
    )


def test_code_sent_by_sms_and_only_its_hash_stored(portal, sms):
    row = send(portal)
    code = code_of(sms, "13800138000")
    assert len(code) == 6
    assert code not in row.code_hash and row.code_hash != code
    assert row.expires_at - row.created_at <= timedelta(minutes=5, seconds=1)
    assert AuditEntry.objects.filter(action="portal.code_sent").count() == 1


def test_right_code_opens_a_session_linked_to_the_customer(portal, sms):
    send(portal)
    session = verify(portal, code_of(sms, "13800138000"))
    assert session.customer == portal.customer
    assert session.phone == "13800138000"
    assert session.expires_at > timezone.now()


def test_unknown_number_opens_a_session_without_customer(portal, sms):
    send(portal, phone="13700137000")
    session = verify(portal, code_of(sms, "13700137000"), phone="13700137000")
    assert session.customer is None


def test_code_expires_after_five_minutes(portal, sms):
    start = timezone.now()
    send(portal, at=start)
    with pytest.raises(CodeInvalid):
        verify(portal, code_of(sms, "13800138000"), at=start + timedelta(minutes=5))
    assert PortalSession.objects.count() == 0


def test_at_most_five_tries_then_even_the_right_code_fails(portal, sms):
    send(portal)
    code = code_of(sms, "13800138000")
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        with pytest.raises(CodeInvalid):
            verify(portal, wrong)
    assert PhoneCode.objects.get().tries == 5  # the failed tries were committed
    with pytest.raises(CodeTriesExhausted):
        verify(portal, code)
    assert PortalSession.objects.count() == 0


def test_code_is_single_use(portal, sms):
    send(portal)
    code = code_of(sms, "13800138000")
    verify(portal, code)
    with pytest.raises(CodeInvalid):
        verify(portal, code)
    assert PortalSession.objects.count() == 1


def test_rate_limit_per_number(portal, sms):
    # 5 codes per number per hour (the site's setting)
    for _ in range(5):
        send(portal)
    codes, events = PhoneCode.objects.count(), RateEvent.objects.count()
    with pytest.raises(RateLimited):
        send(portal, addr="10.0.0.8")
    assert (PhoneCode.objects.count(), RateEvent.objects.count()) == (codes, events)
    # an hour later the number may ask again
    send(portal, at=timezone.now() + timedelta(hours=1, seconds=1))


def test_rate_limit_per_client_address(portal, sms):
    portal.settings.codes_per_address_hour = 3
    portal.settings.save()
    for n in range(3):
        send(portal, phone=f"1370013700{n}")
    with pytest.raises(RateLimited):
        send(portal, phone="13700137009")
    assert PhoneCode.objects.count() == 3


def test_bad_number_changes_nothing(portal, sms):
    audits = AuditEntry.objects.count()
    with pytest.raises(PhoneInvalid):
        send(portal, phone="12345")
    with pytest.raises(PhoneInvalid):
        send(portal, phone="0755-12345678")  # a landline receives no SMS
    assert PhoneCode.objects.count() == 0 and AuditEntry.objects.count() == audits
    assert sms.flush() == [] and MemorySender.outbox == []
