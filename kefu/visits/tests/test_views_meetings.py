"""Meeting and coverage pages and their API (seed 000 L39, L57, L63)."""

from datetime import date

import pytest

from kefu.core.tests.api_support import Api, assert_error
from kefu.desk.models import Ticket
from kefu.visits.models import TenantMeeting
from kefu.visits.services import meeting_record, tenant_visit_record, visit_plan_create
from kefu.visits.tests.factories import resident


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def tenants(pmc):
    return [
        resident(
            actor=pmc["cs_clerk"], site=pmc.site, name=f"租户{n}", number=f"{n}", role="tenant"
        )
        for n in range(1, 6)
    ]


def test_meeting_pages(client, pmc, tenants, django_assert_max_num_queries):
    client.force_login(pmc["cs_clerk"])
    response = client.post(
        "/visits/meetings/",
        {
            "site": pmc.site.pk,
            "kind": "quarterly",
            "held_on": "2026-03-28",
            "title": "第一季度租户大会",
            "attendees": [t.pk for t in tenants[:3]],
            "suggestions": "增加访客车位\n\n延长空调供应时间",
        },
    )
    assert response.status_code == 302
    meeting = TenantMeeting.objects.get()
    with django_assert_max_num_queries(20):
        html = client.get(f"/visits/meetings/{meeting.pk}/").content.decode()
    assert "增加访客车位" in html and "租户1" in html
    assert Ticket.objects.filter(channel__code="meeting").count() == 2
    with django_assert_max_num_queries(20):
        assert "第一季度租户大会" in client.get("/visits/meetings/").content.decode()


def test_coverage_page_lists_the_not_yet_visited(
    client, pmc, tenants, django_assert_max_num_queries
):
    tenant_visit_record(actor=pmc["cs_clerk"], customer=tenants[0], visited_on=date(2026, 1, 5))
    visit_plan_create(actor=pmc["cs_clerk"], site=pmc.site, year=2026)
    client.force_login(pmc["cs_clerk"])
    with django_assert_max_num_queries(20):
        html = client.get(f"/visits/coverage/?site={pmc.site.pk}&year=2026").content.decode()
    assert "Visited: 1 of 5 tenants (20.0%)" in html
    assert "租户2" in html


def test_meeting_api(pmc, tenants):
    api = Api(pmc["cs_clerk"])
    created = api.post(
        "/visits/meetings",
        {
            "site_id": pmc.site.pk,
            "held_on": "2026-06-27",
            "title": "第二季度租户大会",
            "attendee_ids": [t.pk for t in tenants],
            "suggestions": [{"customer_id": tenants[0].pk, "text": "垃圾分类点太远"}],
        },
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["attendee_count"] == 5 and body["suggestions"][0]["ticket_number"]
    assert api.get(f"/visits/meetings/{body['id']}").json()["title"] == "第二季度租户大会"
    assert len(api.get("/visits/meetings").json()) == 1


def test_meeting_api_errors(pmc, xlm, tenants):
    api = Api(pmc["cs_clerk"])
    before = TenantMeeting.objects.count()
    assert_error(
        api.post(
            "/visits/meetings", {"site_id": pmc.site.pk, "held_on": "2026-06-27", "title": " "}
        ),
        400,
        "visits.meeting_title_required",
    )
    assert_error(
        Api(pmc["technician"]).post(
            "/visits/meetings", {"site_id": pmc.site.pk, "held_on": "2026-06-27", "title": "x"}
        ),
        403,
        "visits.forbidden",
    )
    assert TenantMeeting.objects.count() == before
    meeting = meeting_record(
        actor=pmc["cs_clerk"],
        site=pmc.site,
        kind="extra",
        held_on=date(2026, 1, 2),
        title="t",
        attendees=[],
    )
    assert_error(
        Api(xlm["cs_director"]).get(f"/visits/meetings/{meeting.pk}"),
        404,
        "visits.meeting_not_found",
    )


def test_coverage_and_plan_api(pmc, tenants):
    api = Api(pmc["cs_clerk"])
    plan = api.post("/visits/plans", {"site_id": pmc.site.pk, "year": 2026})
    assert plan.status_code == 201 and plan.json()["planned"] == 5
    assert_error(
        api.post("/visits/plans", {"site_id": pmc.site.pk, "year": 2026}), 409, "visits.plan_exists"
    )
    visit = api.post(
        "/visits/tenant-visits", {"customer_id": tenants[1].pk, "visited_on": "2026-02-03"}
    )
    assert visit.status_code == 201
    figures = api.get("/visits/coverage", {"site": pmc.site.pk, "year": 2026}).json()
    assert (figures["tenants"], figures["visited"], figures["met"]) == (5, 1, 1)
    assert len(figures["not_visited"]) == 4
