"""/api/v1/guests: booking through the urging record, and each error code."""

import pytest

from kefu.core.tests.api_support import Api, assert_error, audit_mark, audit_since
from kefu.guests.models import GuestVisit, UrgingItem, VisitChange
from kefu.guests.tests.factories import book, guest_class, reception_site
from kefu.org.models import Department

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(pmc):
    reception_site(pmc)
    return pmc


def rows():
    return GuestVisit.objects.count(), VisitChange.objects.count(), UrgingItem.objects.count()


def test_book_confirm_receive_and_hand_a_need(site, django_assert_max_num_queries):
    api = Api(site["cs_director"])
    response = api.post(
        "/guests/visits",
        {
            "site_id": site.site.pk,
            "guest_class_id": guest_class(site.site, "a").pk,
            "guest_name": "王总",
            "company": "华润置地",
            "purpose": "商务洽谈",
            "channel": "email",
            "starts_at": "2026-06-18T10:00:00",
            "ends_at": "2026-06-18T12:00:00",
            "place": "一号会议室",
            "headcount": 6,
            "host_id": site["gm"].pk,
        },
    )
    assert response.status_code == 201, response.json()
    visit = response.json()
    assert (visit["status"], visit["escorts"]) == ("requested", 2)
    pk = visit["id"]
    assert api.post(f"/guests/visits/{pk}/verify").status_code == 200
    assert api.post(f"/guests/visits/{pk}/confirm").json()["status"] == "confirmed"
    response = api.post(f"/guests/visits/{pk}/spend", {"total": "3600.00"})
    assert response.json()["spend_status"] == "pending"  # 600/人 > 500 (seed 000 L221)
    response = api.post(f"/guests/visits/{pk}/receive", {"met_by": "钱总"})
    assert response.json()["status"] == "held"
    eng = Department.objects.get(site=site.site, code="engineering")
    response = api.post(
        f"/guests/visits/{pk}/needs",
        {"kind": "question", "content": "停车位能否增加?", "department_id": eng.pk},
    )
    assert response.status_code == 201, response.json()
    with django_assert_max_num_queries(12):
        listing = api.get("/guests/urging", {"status": "open"}).json()
    assert listing["count"] == 1
    with django_assert_max_num_queries(12):
        assert api.get("/guests/visits").json()["count"] == 1
    assert api.get("/guests/report").json()["open_urging"] == 1


def test_change_without_consent_is_409_and_changes_nothing(site):
    visit = book(site)
    api = Api(site["cs_director"])
    before, mark = rows(), audit_mark()
    assert_error(
        api.post(f"/guests/visits/{visit.pk}/change", {"place": "二号会议室"}),
        409,
        "guests.consent_required",
    )
    assert rows() == before
    assert [e.action for e in audit_since(mark)] == ["guests.refused"]
    visit.refresh_from_db()
    assert visit.place == "一号会议室"


def test_step_out_of_order_is_409(site):
    visit = book(site)
    before, mark = rows(), audit_mark()
    assert_error(
        Api(site["cs_director"]).post(f"/guests/visits/{visit.pk}/confirm"),
        409,
        "guests.step_out_of_order",
    )
    assert rows() == before and audit_since(mark) == []


def test_technician_may_not_verify_403(site):
    visit = book(site)
    mark = audit_mark()
    assert_error(
        Api(site["technician"]).post(f"/guests/visits/{visit.pk}/verify"), 403, "guests.forbidden"
    )
    assert audit_since(mark) == []


def test_other_sites_visit_is_404(site, xlm):
    visit = book(site)
    assert_error(
        Api(xlm["cs_director"]).get(f"/guests/visits/{visit.pk}"), 404, "guests.visit_not_found"
    )


def test_bad_times_are_400(site):
    before = rows()
    response = Api(site["cs_director"]).post(
        "/guests/visits",
        {
            "site_id": site.site.pk,
            "guest_class_id": guest_class(site.site, "d").pk,
            "guest_name": "李先生",
            "purpose": "参观",
            "channel": "phone",
            "starts_at": "2026-06-18T10:00:00",
            "ends_at": "2026-06-18T09:00:00",
            "place": "大堂",
            "headcount": 1,
        },
    )
    assert_error(response, 400, "guests.bad_value")
    assert rows() == before
