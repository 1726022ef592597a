"""/api/v1/visits: list, schedule, record, hand-over; each error code changes nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kefu.core.tests.api_support import Api, assert_error, audit_mark, audit_since
from kefu.visits.models import ReturnVisit, VisitAttempt
from kefu.visits.tests.factories import resident, schedule


@pytest.fixture
def owner(pmc):
    return resident(actor=pmc["cs_clerk"], site=pmc.site)


def visit_rows() -> tuple[int, int]:
    return ReturnVisit.objects.count(), VisitAttempt.objects.count()


def refused(call, status: int, code: str):
    before, mark = visit_rows(), audit_mark()
    body = assert_error(call(), status, code)
    assert visit_rows() == before and audit_since(mark) == []
    return body


def test_schedule_and_list(pmc, owner):
    api = Api(pmc["cs_clerk"])
    today = timezone.localdate()
    response = api.post(
        "/visits",
        {
            "site_id": pmc.site.pk,
            "reason": "repair_delivered",
            "due_on": today.isoformat(),
            "customer_id": owner.pk,
            "note": "回访维修",
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["customer"]["id"], body["satisfied"]) == ("due", owner.pk, None)
    listed = api.get("/visits", {"bucket": "today"}).json()
    assert [v["id"] for v in listed["items"]] == [body["id"]]
    assert api.get("/visits", {"bucket": "overdue"}).json()["count"] == 0


def test_record_reached_and_not_reached(pmc, owner):
    api = Api(pmc["cs_clerk"])
    visit = schedule(actor=pmc["cs_clerk"], customer=owner, due_on=timezone.localdate())
    mark = audit_mark()
    body = api.post(f"/visits/{visit.pk}/record", {"reached": False}).json()
    assert body["status"] == "due" and body["attempts"] == 1
    assert body["due_on"] > timezone.localdate().isoformat()
    body = api.post(
        f"/visits/{visit.pk}/record",
        {"reached": True, "satisfaction": 2, "customer_words": "还是漏水"},
    ).json()
    assert (body["status"], body["satisfied"], body["satisfaction_label"]) == (
        "done",
        False,
        "不满意",
    )
    assert [e.action for e in audit_since(mark)] == [
        "visits.visit_recorded",
        "visits.visit_recorded",
        "visits.visit_scheduled",  # the follow-up: until the customer is satisfied
    ]


def test_record_errors(pmc, xlm, owner):
    visit = schedule(actor=pmc["cs_clerk"], customer=owner, due_on=timezone.localdate())
    api = Api(pmc["cs_clerk"])
    refused(
        lambda: api.post(f"/visits/{visit.pk}/record", {"reached": True}),
        400,
        "visits.satisfaction_required",
    )
    refused(
        lambda: api.post(f"/visits/{visit.pk}/record", {"reached": True, "satisfaction": 9}),
        400,
        "visits.satisfaction_invalid",
    )
    refused(
        lambda: Api(pmc["technician"]).post(
            f"/visits/{visit.pk}/record", {"reached": True, "satisfaction": 5}
        ),
        403,
        "visits.forbidden",
    )
    refused(
        lambda: Api(xlm["cs_director"]).post(f"/visits/{visit.pk}/record", {"reached": False}),
        404,
        "visits.visit_not_found",
    )
    api.post(f"/visits/{visit.pk}/cancel", {"reason": "搬离"})
    refused(
        lambda: api.post(f"/visits/{visit.pk}/record", {"reached": False}),
        409,
        "visits.visit_closed",
    )
    refused(lambda: api.post(f"/visits/{visit.pk}/record", {}), 422, "invalid")


def test_schedule_errors(pmc, xlm, owner):
    api = Api(pmc["cs_clerk"])
    base = {"site_id": pmc.site.pk, "reason": "other", "due_on": "2030-01-01"}
    refused(lambda: api.post("/visits", base), 400, "visits.customer_required")
    refused(lambda: api.post("/visits", {**base, "reason": "x"}), 422, "invalid")
    refused(
        lambda: api.post("/visits", {**base, "customer_id": owner.pk, "anchor_on": "2030-02-01"}),
        400,
        "visits.due_date_invalid",
    )
    refused(
        lambda: Api(xlm["cs_director"]).post("/visits", {**base, "customer_id": owner.pk}),
        404,
        "org.site_not_found",
    )
    refused(
        lambda: Api(pmc["technician"]).post("/visits", {**base, "customer_id": owner.pk}),
        403,
        "visits.forbidden",
    )


def test_handover_schedule_and_its_conflict(pmc, owner):
    api = Api(pmc["cs_director"])
    unit = owner.units.get()
    body = {"customer_id": owner.pk, "unit_id": unit.pk, "handed_over_on": "2026-01-31"}
    response = api.post("/visits/handover", body)
    assert response.status_code == 201
    assert [(v["reason"], v["due_on"]) for v in response.json()] == [
        ("handover_15d", "2026-02-15"),
        ("handover_1m", "2026-02-28"),
        ("handover_3m", "2026-04-30"),
        ("handover_6m", "2026-07-31"),
    ]
    refused(lambda: api.post("/visits/handover", body), 409, "visits.handover_exists")


def test_reschedule(pmc, owner):
    visit = schedule(
        actor=pmc["cs_clerk"], customer=owner, due_on=timezone.localdate() + timedelta(1)
    )
    body = (
        Api(pmc["cs_director"])
        .post(f"/visits/{visit.pk}/reschedule", {"due_on": "2031-03-03", "note": "客户出差"})
        .json()
    )
    assert body["due_on"] == "2031-03-03"
