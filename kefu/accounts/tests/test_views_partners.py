"""Partner pages: the grade is absent from the HTML for roles without the right (L367)."""

import pytest
from django.test import Client
from django.utils import timezone

from kefu.accounts.models import PartnerVisit
from kefu.accounts.tests.factories import admitted_partner

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    c = Client(headers={"accept-language": "zh-hans"})
    c.force_login(user)
    return c


def test_grade_absent_from_pages_without_the_right(dist, django_assert_max_num_queries):
    partner = admitted_partner(dist, grade="A")
    unit = client_for(dist["partner_unit"])
    with django_assert_max_num_queries(20):
        listed = unit.get("/business/partners/").content.decode()
    with django_assert_max_num_queries(25):
        detail = unit.get(f"/business/partners/{partner.pk}/").content.decode()
    for html in (listed, detail):
        assert "宏建劳务" in html and "data-grade" not in html and "等级" not in html
    office = client_for(dist["partner_office"])
    assert "data-grade>A<" in office.get("/business/partners/").content.decode()
    assert "data-grade>A<" in office.get(f"/business/partners/{partner.pk}/").content.decode()


def test_visit_form_and_schedule(dist):
    partner = admitted_partner(dist, grade="B")
    unit = client_for(dist["partner_unit"])
    r = unit.post(
        f"/business/partners/{partner.pk}/visit/",
        {"visited_on": timezone.localdate().isoformat(), "visitors": "张工", "next_moves": "投标"},
    )
    assert r.status_code == 302 and PartnerVisit.objects.count() == 1
    page = unit.get("/business/partners/schedule/")
    assert page.status_code == 200 and "宏建劳务" in page.content.decode()
