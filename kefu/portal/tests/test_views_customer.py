"""The customer's pages: scan → verify → report → my requests (issue 13)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from kefu.core.models import AuditEntry
from kefu.desk.models import Category, Ticket
from kefu.desk.services import ticket_comment
from kefu.portal.models import PortalPhoto, PortalRequest
from kefu.portal.tests.conftest import HOTLINE
from kefu.portal.tests.helpers import png, report, sign_in

pytestmark = pytest.mark.django_db


def strip_csrf(content: bytes) -> bytes:
    content = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)
    return re.sub(rb'name="next" value="[^"]+"', b"", content)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_landing_asks_for_the_number_and_shows_service_numbers(client, portal):
    response = client.get(reverse("portal:landing", args=[portal.unit_link.code]))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="phone"' in body
    assert HOTLINE in body and "0755-88887777" in body  # seed 000 L69
    assert "3栋 1201" in body  # the unit from the code


def test_unknown_link_is_not_found(client, portal):
    response = client.get(reverse("portal:landing", args=["nope"]))
    assert response.status_code == 404
    assert b"portal.link_not_found" in response.content


def test_report_a_repair_with_a_photo_and_the_unit_prefilled(client, portal, sms):
    sign_in(client, portal, sms)
    category = Category.objects.get(site=portal.site, code="plumbing_electric")
    response = report(
        client,
        portal.unit_link,
        request_type="repair",
        category=str(category.pk),
        content="厨房水管漏水",
        photos=[png()],
    )
    assert response.status_code == 302
    ticket = Ticket.objects.get(channel__code="portal")
    assert ticket.unit == portal.unit and ticket.customer == portal.customer
    assert ticket.contact_phone == "13800138000"
    assert ticket.request_type.code == "repair"
    assert PortalRequest.objects.get(ticket=ticket).identity_confirmed
    photo = PortalPhoto.objects.get(ticket=ticket)
    assert photo.content_type == "image/png"
    page = client.get(response["Location"])
    assert ticket.number in page.content.decode()
    assert client.get(reverse("portal:photo", args=[photo.pk])).status_code == 200


def test_unknown_number_marks_identity_unconfirmed(client, portal, sms):
    sign_in(client, portal, sms, phone="13700137000")
    report(client, portal.site_link)
    portal_request = PortalRequest.objects.get()
    assert not portal_request.identity_confirmed
    assert portal_request.ticket.customer is None


def test_a_fake_photo_is_refused_and_nothing_is_registered(client, portal, sms):
    from django.core.files.uploadedfile import SimpleUploadedFile

    sign_in(client, portal, sms)
    tickets, audits = Ticket.objects.count(), AuditEntry.objects.count()
    fake = SimpleUploadedFile("x.png", b"<svg onload=alert(1)>", content_type="image/png")
    response = report(client, portal.unit_link, photos=[fake])
    assert response.status_code == 400
    assert b"portal.photo_invalid" in response.content
    assert (Ticket.objects.count(), AuditEntry.objects.count()) == (tickets, audits)


def test_a_photo_over_the_size_limit_is_refused(client, portal, sms):
    portal.settings.photo_max_bytes = 50
    portal.settings.save()
    sign_in(client, portal, sms)
    response = report(client, portal.unit_link, photos=[png(size=(64, 64))])
    assert response.status_code == 400
    assert Ticket.objects.count() == 0


def test_report_needs_a_verified_number(client, portal):
    response = report(client, portal.unit_link)
    assert response.status_code == 401
    assert Ticket.objects.count() == 0


def test_changing_the_number_in_the_url_never_leaks(portal, sms):
    # issue 13: the same answer for "no such request" and "not yours"
    mine = sign_in(Client(), portal, sms)
    report(mine, portal.unit_link, content="我的请求")
    theirs = sign_in(Client(), portal, sms, phone="13900139000")
    report(theirs, portal.site_link, content="别人的秘密")
    my_ticket, their_ticket = Ticket.objects.order_by("pk")
    other = mine.get(reverse("portal:my_request", args=[their_ticket.number]))
    missing = mine.get(reverse("portal:my_request", args=["999999999"]))
    assert other.status_code == missing.status_code == 404
    assert strip_csrf(other.content) == strip_csrf(missing.content)
    assert "别人的秘密" not in other.content.decode()
    for action in ("info", "urge", "withdraw", "rate"):
        response = mine.post(
            reverse("portal:my_request_action", args=[their_ticket.number, action]),
            {"text": "x", "kind": "reply", "score": "5"},
        )
        assert response.status_code == 404
    listing = mine.get(reverse("portal:my_requests")).content.decode()
    assert my_ticket.number in listing and their_ticket.number not in listing


def test_public_timeline_hides_internal_notes_and_names(client, portal, pmc, sms):
    sign_in(client, portal, sms)
    report(client, portal.unit_link, content="门禁坏了")
    ticket = Ticket.objects.get()
    ticket_comment(actor=pmc["cs_director"], ticket=ticket, note="内部意见:处罚保安老张")
    page = client.get(reverse("portal:my_request", args=[ticket.number])).content.decode()
    assert "门禁坏了" in page
    assert "内部意见" not in page and "老张" not in page
    assert str(pmc["cs_director"]) not in page and "portal-" not in page


def test_add_information_urge_and_withdraw(client, portal, sms):
    sign_in(client, portal, sms)
    report(client, portal.unit_link)
    ticket = Ticket.objects.get()
    url = lambda action: reverse("portal:my_request_action", args=[ticket.number, action])  # noqa: E731
    assert client.post(url("info"), {"text": "下午三点后在家"}).status_code == 302
    assert client.post(url("urge")).status_code == 302
    ticket.refresh_from_db()
    assert ticket.urge_count == 1  # 催办 counted on the desk side
    again = client.post(url("urge"))
    assert again.status_code == 429  # once a day per request
    assert client.post(url("withdraw")).status_code == 302
    page = client.get(reverse("portal:my_request", args=[ticket.number])).content.decode()
    assert "下午三点后在家" in page
    assert client.post(url("info"), {"text": "再补充"}).status_code == 409


def test_every_customer_page_is_rate_limited(client, portal):
    from datetime import timedelta
    from unittest import mock

    from django.utils import timezone

    portal.settings.requests_per_minute = 3
    portal.settings.save()
    url = reverse("portal:landing", args=[portal.site_link.code])
    start = timezone.now().replace(second=10)  # well inside one minute's window
    with mock.patch("kefu.portal.views.common.timezone.now", return_value=start):
        codes = [client.get(url).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    later = start + timedelta(minutes=1)
    with mock.patch("kefu.portal.views.common.timezone.now", return_value=later):
        assert client.get(url).status_code == 200  # the next minute's window


def test_english_pages(client, portal):
    client.cookies["django_language"] = "en"
    response = client.get(
        reverse("portal:landing", args=[portal.site_link.code]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200


def test_no_inline_script_or_style(client, portal, sms):
    # CSP-ready: script-src 'self', style-src 'self'
    sign_in(client, portal, sms)
    report(client, portal.unit_link)
    ticket = Ticket.objects.get()
    for url in (
        reverse("portal:landing", args=[portal.unit_link.code]),
        reverse("portal:my_requests"),
        reverse("portal:my_request", args=[ticket.number]),
    ):
        body = client.get(url).content.decode()
        assert "<script" not in body and "<style" not in body and "style=" not in body
        assert "onclick" not in body and "javascript:" not in body


def test_query_budgets(client, portal, sms, django_assert_max_num_queries):
    sign_in(client, portal, sms)
    for n in range(3):
        report(client, portal.unit_link, content=f"第{n}个问题", photos=[png()])
    ticket = Ticket.objects.first()
    with django_assert_max_num_queries(8):
        assert client.get(reverse("portal:my_requests")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("portal:my_request", args=[ticket.number])).status_code == 200
    with django_assert_max_num_queries(8):
        assert (
            client.get(reverse("portal:landing", args=[portal.unit_link.code])).status_code == 200
        )
