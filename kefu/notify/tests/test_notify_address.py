"""``notify_address``: a message to a customer's phone or email through the one outbox."""

import pytest

from kefu.notify.errors import UnknownChannel
from kefu.notify.models import Delivery, DeliveryStatus, Notification
from kefu.notify.services import notify_address
from kefu.org.tests.factories import SiteFactory


@pytest.mark.django_db
def test_one_message_per_dedupe_key_without_a_bell():
    site = SiteFactory()
    first = notify_address(
        site=site, channel="sms", address="13900000001", kind="k", subject="s", dedupe_key="d1"
    )
    again = notify_address(
        site=site, channel="sms", address="13900000001", kind="k", subject="s", dedupe_key="d1"
    )
    assert first.pk == again.pk
    assert first.recipient is None and not first.in_app
    delivery = Delivery.objects.get(notification=first)
    assert (delivery.channel, delivery.address, delivery.status) == (
        "sms",
        "13900000001",
        DeliveryStatus.PENDING,
    )


@pytest.mark.django_db
def test_no_address_is_skipped_and_unknown_channel_refused():
    site = SiteFactory()
    note = notify_address(site=site, channel="email", address="", kind="k", subject="s")
    assert Delivery.objects.get(notification=note).status == DeliveryStatus.SKIPPED
    before = Notification.objects.count()
    with pytest.raises(UnknownChannel):
        notify_address(site=site, channel="fax", address="1", kind="k", subject="s")
    assert Notification.objects.count() == before
