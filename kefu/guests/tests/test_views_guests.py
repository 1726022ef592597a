"""The reception pages: calendar, booking, the visit page's steps, urging list, report."""

import pytest
from django.test import Client

from kefu.guests.models import GuestVisit
from kefu.guests.tests.factories import book, guest_class, reception_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(pmc):
    reception_site(pmc)
    return pmc


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_calendar_shows_the_day_per_room(site, django_assert_max_num_queries):
    visit = book(site)
    client = _client(site["cs_director"])
    with django_assert_max_num_queries(15):
        response = client.get("/guests/", {"day": "2026-06-18"})
    assert response.status_code == 200
    assert visit.guest_name in response.content.decode()
    assert "一号会议室" in response.content.decode()


def test_book_through_the_page(site):
    client = _client(site["cs_director"])
    assert client.get(f"/guests/book/{site.site.pk}/").status_code == 200
    response = client.post(
        f"/guests/book/{site.site.pk}/",
        {
            "guest_name": "张经理",
            "purpose": "考察",
            "channel": "online",
            "starts_at": "2026-06-18T14:00",
            "ends_at": "2026-06-18T15:00",
            "place": "二号会议室",
            "headcount": 2,
            "guest_class": guest_class(site.site, "c").pk,
        },
    )
    assert response.status_code == 302
    assert GuestVisit.objects.filter(guest_name="张经理").exists()


def test_visit_page_steps_and_letter(site, django_assert_max_num_queries):
    visit = book(site)
    client = _client(site["cs_director"])
    with django_assert_max_num_queries(25):
        assert client.get(visit.get_absolute_url()).status_code == 200
    assert client.post(f"/guests/visits/{visit.pk}/verify/", {}).status_code == 302
    assert client.post(f"/guests/visits/{visit.pk}/confirm/", {}).status_code == 302
    response = client.get(f"/guests/visits/{visit.pk}/letter.pdf")
    assert response["Content-Type"] == "application/pdf"
    response = client.post(f"/guests/visits/{visit.pk}/change/", {"place": "三号会议室"})
    assert response.status_code == 409
    assert "consent" in response.content.decode() or "同意" in response.content.decode()


def test_urging_list_and_report_pages(site):
    client = _client(site["cs_director"])
    assert client.get("/guests/urging/").status_code == 200
    assert client.get("/guests/urging/", {"status": "all"}).status_code == 200
    assert client.get("/guests/report/").status_code == 200
