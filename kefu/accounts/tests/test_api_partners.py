"""/api/v1/accounts/partners: the hidden grade, admission steps, visits, grade changes."""

import pytest
from django.utils import timezone

from kefu.accounts import services
from kefu.accounts.models import GradeChange, Partner, PartnerVisit
from kefu.accounts.tests.factories import COMPLETE_FORM, admitted_partner, at
from kefu.core.tests.api_support import Api, assert_error, audit_mark, audit_since

pytestmark = pytest.mark.django_db


def rows():
    return Partner.objects.count(), GradeChange.objects.count(), PartnerVisit.objects.count()


def refused(call, status, code):
    before, mark = rows(), audit_mark()
    body = assert_error(call(), status, code)
    assert rows() == before and audit_since(mark) == []
    return body


def test_grade_is_absent_for_roles_without_the_right(dist, django_assert_max_num_queries):
    # seed 000 L367: 分级结果为公司内部使用,不对合作伙伴公开
    partner = admitted_partner(dist, grade="A")
    unit = Api(dist["partner_unit"])
    with django_assert_max_num_queries(12):
        listed = unit.get("/accounts/partners").json()
    assert "grade" not in listed[0]
    detail = unit.get(f"/accounts/partners/{partner.pk}").json()
    assert "grade" not in detail and detail["name"] == "宏建劳务"
    assert "grade" not in Api(dist["sales_clerk"]).get(f"/accounts/partners/{partner.pk}").json()
    office = Api(dist["partner_office"]).get(f"/accounts/partners/{partner.pk}").json()
    assert office["grade"] == "A"
    assert Api(dist["market_development"]).get("/accounts/partners").json()[0]["grade"] == "A"
    refused(
        lambda: unit.get(f"/accounts/partners/{partner.pk}/snapshots"),
        404,
        "accounts.partner_not_found",
    )


def test_admission_through_the_api(dist):
    unit = Api(dist["partner_unit"])
    created = unit.post(
        "/accounts/partners",
        {
            "site_id": dist.site.pk,
            "name": "远大安装",
            "responsible_unit_id": dist.unit.pk,
            **COMPLETE_FORM,
        },
    )
    assert created.status_code == 201 and created.json()["form_missing"] == []
    pid = created.json()["id"]
    unit.post(
        f"/accounts/partners/{pid}/onsite-check",
        {
            "checked_on": "2026-01-05",
            "address": "confirmed",
            "staff": "unclear",
            "equipment": "confirmed",
        },
    )
    refused(
        lambda: unit.post(f"/accounts/partners/{pid}/submit"), 409, "accounts.onsite_not_qualified"
    )
    unit.post(
        f"/accounts/partners/{pid}/onsite-check",
        {
            "checked_on": "2026-01-06",
            "address": "confirmed",
            "staff": "confirmed",
            "equipment": "confirmed",
        },
    )
    assert unit.post(f"/accounts/partners/{pid}/submit").json()["status"] == "submitted"
    refused(
        lambda: unit.post(f"/accounts/partners/{pid}/initial-check", {"admit": True, "grade": "C"}),
        403,
        "accounts.cannot_manage_partners",
    )
    office = Api(dist["partner_office"])
    admitted = office.post(f"/accounts/partners/{pid}/initial-check", {"admit": True, "grade": "C"})
    assert admitted.json()["grade"] == "C" and admitted.json()["status"] == "admitted"
    refused(
        lambda: unit.post(
            "/accounts/partners",
            {"site_id": dist.site.pk, "name": "远大安装", "responsible_unit_id": dist.unit.pk},
        ),
        409,
        "accounts.partner_name_taken",
    )


def test_visit_and_grade_change_through_the_api(dist):
    partner = admitted_partner(dist, grade="C")
    unit = Api(dist["partner_unit"])
    visit = unit.post(
        f"/accounts/partners/{partner.pk}/visits",
        {"visited_on": timezone.localdate(), "visitors": "张工", "updates": {"reputation": "良好"}},
    )
    assert visit.status_code == 201 and visit.json()["updates"] == {"reputation": ["", "良好"]}
    refused(
        lambda: unit.post(
            f"/accounts/partners/{partner.pk}/visits",
            {"visited_on": timezone.localdate(), "visitors": "张工", "updates": {"grade": "A"}},
        ),
        400,
        "invalid",
    )
    due = unit.get("/accounts/partners/visits-due").json()
    assert [d["kind"] for d in due] == ["unit"]
    change = unit.post(
        f"/accounts/partners/{partner.pk}/grade-changes", {"to_grade": "B", "reason": "中标"}
    ).json()
    refused(
        lambda: unit.post(f"/accounts/grade-changes/{change['id']}/decide", {"approve": True}),
        404,
        "accounts.grade_change_not_found",
    )
    Api(dist["partner_office"]).post(
        f"/accounts/grade-changes/{change['id']}/decide", {"approve": True}
    )
    done = Api(dist["market_development"]).post(
        f"/accounts/grade-changes/{change['id']}/decide", {"approve": True}
    )
    assert done.json()["status"] == "decided"
    services.partner_snapshots_take(actor=None, site=dist.site, now=at("2026-06-30"))
    snaps = Api(dist["partner_office"]).get(f"/accounts/partners/{partner.pk}/snapshots").json()
    assert [s["grade"] for s in snaps] == ["B"]
