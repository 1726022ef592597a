"""The hotline's fast intake form: who may register what, caller lookup, one transaction."""

import re

import pytest
from django.utils import timezone

from kefu.core.models import AuditEntry
from kefu.customers.models import Customer, Unit
from kefu.customers.services import customer_create, unit_create
from kefu.desk.models import Category, Channel, NumberCounter, RequestType, Ticket

URL = "/desk/new/"


@pytest.fixture(autouse=True)
def english(settings):
    """Assertions read the English texts; the page follows LANGUAGE_CODE without a cookie."""
    settings.LANGUAGE_CODE = "en"


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Ticket, Customer, Unit, AuditEntry, NumberCounter))


@pytest.fixture
def complaint_form(xlm):
    """A valid xlm complaint about product quality (routed to 生产部经理)."""
    complaint = RequestType.objects.get(site=xlm.site, code="complaint")
    return {
        "site": xlm.site.pk,
        "request_type": complaint.pk,
        "category": Category.objects.get(request_type=complaint, code="product_quality").pk,
        "channel": Channel.objects.get(site=xlm.site, code="phone").pk,
        "urgency": "urgent",
        "subject": "床垫弹簧断裂",
        "content": "经销商反映一批床垫弹簧断裂",
        "occurred_at": "2010-09-10T10:00",
        "occurred_place": "哈尔滨门店",
        "contact_phone": "13912345678",
        "recording_ref": "rec-0001",
    }


def test_form_offers_only_types_the_user_may_register(xlm, client):
    # seed 002 L40: complaints are registered only by the 客服主任 (or a deputy).
    client.force_login(xlm["cs_deputy"])
    deputy_types = [t.code for t in client.get(URL).context["form"].types]
    client.force_login(xlm["cs_director"])
    director_types = [t.code for t in client.get(URL).context["form"].types]
    assert deputy_types == ["enquiry"]
    assert director_types == ["complaint", "enquiry"]


def test_form_shows_where_each_category_is_routed(xlm, client):
    client.force_login(xlm["cs_director"])
    html = client.get(URL).content.decode()
    assert re.search(r"产品质量</span>\s*<span class=\"routed\">routed to 生产部经理", html)
    assert "routed to 仓储物流主任" in html


def test_register_for_a_picked_customer_opens_the_record(xlm, client, complaint_form):
    customer = customer_create(
        actor=xlm["cs_director"], site=xlm.site, kind="dealer", name="哈尔滨经销商", phone=""
    )
    client.force_login(xlm["cs_director"])
    response = client.post(URL, {**complaint_form, "customer": customer.pk}, follow=True)
    ticket = Ticket.objects.get()
    assert response.redirect_chain == [(f"/desk/{ticket.pk}/", 302)]
    # seed 002 L50: YYMMDDNNN, the first complaint of the year today.
    today = timezone.localdate().strftime("%y%m%d")
    assert ticket.number == f"{today}001"
    html = response.content.decode()
    assert f"Request {ticket.number} registered." in html
    assert f'id="ticket-number">{ticket.number}<' in html
    assert (ticket.customer, ticket.urgency, ticket.recording_ref) == (
        customer,
        "urgent",
        "rec-0001",
    )
    assert ticket.handling_position.name == "生产部经理"


def test_register_with_a_new_customer_creates_both(xlm, client, complaint_form):
    client.force_login(xlm["cs_director"])
    before = counts()
    new = {
        "new_customer": "on",
        "new_name": "刘女士",
        "new_kind": "buyer",
        "new_building": "3栋",
        "new_unit_number": "1502",
    }
    response = client.post(URL, {**complaint_form, **new})
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    customer = ticket.customer
    assert (customer.name, customer.kind, customer.phone) == ("刘女士", "buyer", "13912345678")
    assert str(ticket.unit) == "3栋-1502"
    assert [str(u) for u in customer.units.all()] == ["3栋-1502"]
    after = counts()
    assert (after[0] - before[0], after[1] - before[1], after[2] - before[2]) == (1, 1, 1)


def test_a_refused_registration_keeps_nothing(xlm, client, complaint_form):
    # seed 002 L54: a complaint states time and place; the service refuses
    # after the new customer was created, and the whole submit is rolled back.
    client.force_login(xlm["cs_director"])
    unit_create(actor=xlm["cs_director"], site=xlm.site, building="1栋", number="101")
    before = counts()
    data = {**complaint_form, "occurred_at": "", "occurred_place": ""}
    data |= {"new_customer": "on", "new_name": "刘女士", "new_building": "9栋"}
    data |= {"new_unit_number": "901"}
    response = client.post(URL, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "A complaint must state the time and place of the event." in html
    assert "desk.time_place_required" in html
    assert 'value="刘女士"' in html  # the clerk's input is kept
    assert counts() == before


def test_a_bad_phone_is_a_field_error_and_keeps_nothing(xlm, client, complaint_form):
    client.force_login(xlm["cs_director"])
    before = counts()
    response = client.post(URL, {**complaint_form, "contact_phone": "87654321"})
    assert response.status_code == 400
    assert response.context["form"].errors["contact_phone"] == [
        "A landline number must include its area code, e.g. 010-12345678."
    ]
    assert counts() == before


def test_a_category_of_another_type_is_refused(xlm, client, complaint_form):
    enquiry = RequestType.objects.get(site=xlm.site, code="enquiry")
    client.force_login(xlm["cs_director"])
    before = counts()
    response = client.post(URL, {**complaint_form, "request_type": enquiry.pk})
    assert response.status_code == 400
    assert "desk.config_mismatch" in response.content.decode()
    assert "category" in response.context["form"].errors
    assert counts() == before


def test_a_deputy_cannot_post_a_complaint(xlm, client, complaint_form):
    client.force_login(xlm["cs_deputy"])
    before = counts()
    response = client.post(URL, complaint_form)
    assert response.status_code == 400
    assert "request_type" in response.context["form"].errors
    assert counts() == before


def test_another_sites_intake_is_not_found(xlm, pmc, client, complaint_form):
    client.force_login(pmc["cs_director"])
    assert client.get(URL, {"site": xlm.site.pk}).status_code == 404
    before = counts()
    response = client.post(URL, complaint_form)
    assert response.status_code == 404
    assert "org.site_not_found" in response.content.decode()
    assert counts() == before


def test_a_customer_of_another_site_cannot_be_attached(xlm, pmc, client, complaint_form):
    stranger = customer_create(actor=None, site=pmc.site, kind="tenant", name="外人")
    client.force_login(xlm["cs_director"])
    before = counts()
    response = client.post(URL, {**complaint_form, "customer": stranger.pk})
    assert response.status_code == 400
    assert "customer" in response.context["form"].errors
    assert counts() == before
