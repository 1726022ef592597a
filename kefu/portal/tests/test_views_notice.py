"""Notices signed off by link with a verified phone (seed 000 L51, L53; issue 13).

The tenant opens the link from the SMS, proves the number with the portal's
one-time code and confirms receipt; the notices register shows who, when and
from which verified number. "No such notice" and "not yours" answer alike.
"""

import re

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from kefu.core.models import AuditEntry
from kefu.customers.models import Contact
from kefu.notices import services as notices
from kefu.notices.models import Audience, DeliveryMethod, NoticeRecipient, NoticeStatus
from kefu.notices.tests.factories import sealed_notice
from kefu.notify.models import Delivery
from kefu.portal.tests.conftest import code_of
from kefu.portal.tests.test_views_customer import strip_csrf

pytestmark = pytest.mark.django_db

WANG, LI = "13800138000", "13900139000"


@pytest.fixture
def notice(pmc, portal):
    """A sealed notice sent by SMS to 王女士 and 李先生 (the 客服主任 sends, seed 002 L76)."""
    notices.notice_preset_apply(actor=None, site=pmc.site, key="property_centre")
    for user in pmc.users.values():
        user.refresh_from_db()
    sealed = sealed_notice(
        pmc,
        audience=Audience.LIST,
        customers=[portal.customer, portal.other],
        delivery=DeliveryMethod.SMS,
    )
    return notices.notice_issue(actor=pmc["cs_director"], notice=sealed)


def copy_of(notice, customer) -> NoticeRecipient:
    return notice.recipients.get(customer=customer)


def link_of(notice, customer) -> str:
    """The link the tenant's SMS carries (the path part)."""
    body = Delivery.objects.get(
        notification__kind="notices.issue", address=customer.phone
    ).notification.body
    return re.search(r"/p/notice/[^/\s]+/", body).group(0)


def verify_by_link(client, link: str, sms, phone: str = WANG):
    client.post(link + "code/", {"phone": phone})
    return client.post(link + "verify/", {"phone": phone, "code": code_of(sms, phone)})


def test_the_sms_carries_the_portal_link(notice, portal):
    link = link_of(notice, portal.customer)
    recipient = copy_of(notice, portal.customer)
    assert notices.recipient_for_token(link.split("/")[3]).pk == recipient.pk
    assert notices.sign_off_path(recipient).startswith("/p/notice/")


def test_sign_off_by_link_with_a_verified_phone(client, notice, portal, pmc, sms):
    link = link_of(notice, portal.customer)
    first = client.get(link)
    html = first.content.decode()
    # before the number is proved, nothing of the tenant's copy is shown
    assert first.status_code == 200 and 'id="phone-form"' in html
    assert "王女士" not in html and notice.title not in html
    verified = verify_by_link(client, link, sms)
    assert verified.status_code == 302 and verified["Location"] == link
    page = client.get(link).content.decode()
    assert notice.title in page and "王女士" in page and 'id="notice-sign-form"' in page
    response = client.post(link + "sign/", REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302 and response["Location"] == link + "?done=1"
    recipient = copy_of(notice, portal.customer)
    assert (recipient.sign_method, recipient.verified_phone, recipient.signer_name) == (
        "portal",
        WANG,
        "王女士",
    )
    assert recipient.signed_from == "10.1.2.3" and recipient.signed_at is not None
    assert AuditEntry.objects.filter(
        action="notices.recipient_signed_off", target_id=notice.pk
    ).exists()
    assert 'id="signed"' in client.get(link).content.decode()
    # the notices register shows who, how and from which verified number
    clerk = Client()
    clerk.force_login(pmc["cs_clerk"])
    row = clerk.get(notice.get_absolute_url()).content.decode()
    row = row[row.index(f'id="recipient-{recipient.pk}"') :][:800]
    assert "王女士" in row and WANG in row


def test_a_second_confirmation_changes_nothing(client, notice, portal, sms):
    link = link_of(notice, portal.customer)
    verify_by_link(client, link, sms)
    client.post(link + "sign/")
    first = copy_of(notice, portal.customer)
    audits = AuditEntry.objects.count()
    assert client.post(link + "sign/").status_code == 302
    again = copy_of(notice, portal.customer)
    assert again.signed_at == first.signed_at and AuditEntry.objects.count() == audits


def test_the_last_sign_off_closes_the_notice(notice, portal, sms):
    for customer, phone in ((portal.customer, WANG), (portal.other, LI)):
        client = Client()
        link = link_of(notice, customer)
        verify_by_link(client, link, sms, phone)
        client.post(link + "sign/")
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.SIGNED_OFF


def test_not_yours_answers_like_no_such_notice(notice, portal, sms):
    # issue 13: the same answer for "no such notice" and "not yours"
    theirs = link_of(notice, portal.customer)
    li = Client()
    verify_by_link(li, link_of(notice, portal.other), sms, LI)
    other = li.get(theirs)
    missing = li.get("/p/notice/1.abc:1:xyz/")
    assert other.status_code == missing.status_code == 404
    assert strip_csrf(other.content) == strip_csrf(missing.content)
    assert b"portal.notice_not_found" in other.content
    assert b'id="use-another-number"' in other.content  # sign out, try another number
    assert "尊敬的王女士" not in other.content.decode()
    assert li.post(theirs + "sign/").status_code == 404
    assert copy_of(notice, portal.customer).signed_at is None


def test_a_number_proved_on_the_wrong_link_is_not_found(notice, portal, sms):
    link = link_of(notice, portal.customer)
    client = Client()
    assert verify_by_link(client, link, sms, LI).status_code == 302
    assert client.get(link).status_code == 404
    assert client.post(link + "sign/").status_code == 404
    assert copy_of(notice, portal.customer).signed_at is None


def test_a_contact_of_the_tenant_signs_for_them(notice, portal, sms):
    Contact.objects.create(customer=portal.customer, name="王先生", phone="13700137000")
    client = Client()
    link = link_of(notice, portal.customer)
    verify_by_link(client, link, sms, "13700137000")
    client.post(link + "sign/")
    recipient = copy_of(notice, portal.customer)
    assert (recipient.signer_name, recipient.verified_phone) == ("王先生", "13700137000")


def test_expired_or_altered_links_are_not_found(client, notice, portal, sms):
    recipient = copy_of(notice, portal.customer)
    old = signing.TimestampSigner(salt="kefu.notices.sign_off")
    old.timestamp = lambda: signing.b62_encode(1_000_000_000)
    expired = old.sign(f"{recipient.pk}.{recipient.token_nonce}")
    link = link_of(notice, portal.customer)
    verify_by_link(client, link, sms)
    for bad in (f"/p/notice/{expired}/", link[:-2] + "x/"):
        response = client.get(bad)
        assert response.status_code == 404 and b"portal.notice_not_found" in response.content
        assert client.post(bad + "sign/").status_code == 404
    assert copy_of(notice, portal.customer).signed_at is None


def test_signing_needs_a_verified_phone(client, notice, portal):
    link = link_of(notice, portal.customer)
    response = client.post(link + "sign/")
    assert response.status_code == 401 and b"portal.not_verified" in response.content
    assert copy_of(notice, portal.customer).signed_at is None


def test_the_notices_link_page_sends_the_tenant_to_the_portal(client, notice, portal):
    recipient = copy_of(notice, portal.customer)
    token = notices.recipient_token(recipient)
    old_page = reverse("notices:sign_off", args=[token])
    for response in (client.get(old_page), client.post(old_page, {"signer_name": "冒名"})):
        assert response.status_code == 302
        assert response["Location"] == reverse("portal:notice", args=[token])
    assert copy_of(notice, portal.customer).signed_at is None


def test_a_site_without_the_portal_keeps_the_link_page(notice, portal):
    portal.settings.is_enabled = False
    portal.settings.save()
    recipient = copy_of(notice, portal.customer)
    assert notices.sign_off_path(recipient).startswith("/notices/sign/")


def test_notice_pages_are_rate_limited(client, notice, portal):
    portal.settings.requests_per_minute = 2
    portal.settings.save()
    link = link_of(notice, portal.customer)
    assert [client.get(link).status_code for _ in range(3)] == [200, 200, 429]


def test_notice_pages_have_no_inline_script_or_style(client, notice, portal, sms):
    link = link_of(notice, portal.customer)
    pages = [client.get(link).content.decode()]
    verify_by_link(client, link, sms)
    pages.append(client.get(link).content.decode())
    client.post(link + "sign/")
    pages.append(client.get(link + "?done=1").content.decode())
    for body in pages:
        assert "<script" not in body and "<style" not in body and "style=" not in body
        assert "onclick" not in body and "javascript:" not in body
