"""The desk's portal pages: QR codes, the unit sticker sheet, matching identities."""

import pytest
from django.urls import reverse

from kefu.core.models import AuditEntry
from kefu.desk.models import Ticket
from kefu.portal.models import PortalLink, PortalRequest
from kefu.portal.tests.helpers import report, sign_in

pytestmark = pytest.mark.django_db


def test_link_list_shows_the_site_link_and_unconfirmed(client, portal, pmc, sms):
    sign_in(client, portal, sms, phone="13700137000")
    report(client, portal.site_link)
    client.force_login(pmc["cs_clerk"])
    body = client.get(reverse("portal:link_list")).content.decode()
    assert portal.site_link.code in body
    assert "13700137000" in body


def test_qr_code_is_an_svg_of_the_short_link(client, portal, pmc):
    client.force_login(pmc["cs_clerk"])
    response = client.get(reverse("portal:link_qr", args=[portal.site_link.pk]))
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<?xml") and b"<svg" in response.content


def test_other_sites_links_are_not_found(client, portal, xlm):
    client.force_login(xlm["cs_director"])
    response = client.get(reverse("portal:link_qr", args=[portal.site_link.pk]))
    assert response.status_code == 404


def test_sticker_sheet_is_a_pdf_with_every_unit(client, portal, pmc):
    from kefu.customers.tests.factories import UnitFactory

    UnitFactory(site=pmc.site, building="3栋", number="1202")
    client.force_login(pmc["cs_clerk"])
    response = client.get(reverse("portal:sticker_sheet", args=[pmc.site.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert PortalLink.objects.filter(site=pmc.site, unit__isnull=False).count() == 2


def test_match_files_the_request_under_the_customer(client, portal, pmc, sms):
    sign_in(client, portal, sms, phone="13700137000")
    report(client, portal.site_link)
    portal_request = PortalRequest.objects.get()
    client.force_login(pmc["cs_director"])
    response = client.post(
        reverse("portal:request_match", args=[portal_request.pk]),
        {"customer": str(portal.other.pk)},
    )
    assert response.status_code == 302
    portal_request.refresh_from_db()
    assert portal_request.identity_confirmed
    assert Ticket.objects.get().customer == portal.other
    assert portal.other.contacts.filter(phone="13700137000").exists()
    assert AuditEntry.objects.filter(action="portal.identity_matched").count() == 1


def test_match_with_another_sites_customer_changes_nothing(client, portal, pmc, xlm, sms):
    from kefu.customers.tests.factories import CustomerFactory

    sign_in(client, portal, sms, phone="13700137000")
    report(client, portal.site_link)
    portal_request = PortalRequest.objects.get()
    stranger = CustomerFactory(site=xlm.site)
    client.force_login(pmc["cs_director"])
    audits = AuditEntry.objects.count()
    response = client.post(
        reverse("portal:request_match", args=[portal_request.pk]), {"customer": str(stranger.pk)}
    )
    assert response.status_code == 400
    portal_request.refresh_from_db()
    assert not portal_request.identity_confirmed and AuditEntry.objects.count() == audits
