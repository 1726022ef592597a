"""/api/v1/assessment: run, detail with linked lines, entries, sign-off, adjustments."""

from datetime import date

import pytest

from kefu.assessment.models import Scorecard, ScorecardItem, ScorecardLine
from kefu.assessment.services import scorecard_run
from kefu.assessment.tests.factories import telecom_site
from kefu.assessment.tests.test_services_scorecard import MARCH, march_records
from kefu.core.tests.api_support import Api, assert_error, audit_mark, audit_since

pytestmark = pytest.mark.django_db


@pytest.fixture
def telecom(xlm):
    template = telecom_site(xlm)
    march_records(xlm)
    items = {i.code: i for i in ScorecardItem.objects.filter(section__template=template)}
    return xlm, template, items


def rows():
    return Scorecard.objects.count(), ScorecardLine.objects.count()


def refused(call, status, code):
    before, mark = rows(), audit_mark()
    body = assert_error(call(), status, code)
    assert rows() == before and audit_since(mark) == []
    return body


def test_run_list_and_detail_show_the_same_numbers(telecom, django_assert_max_num_queries):
    xlm, template, _items = telecom
    api = Api(xlm["cs_director"])
    response = api.post("/assessment/scorecards/run", {"template_id": template.pk, "month": MARCH})
    assert response.status_code == 200, response.json()
    [card] = response.json()
    assert (card["total"], card["max_total"], card["status"]) == ("76.00", "95.00", "draft")
    with django_assert_max_num_queries(12):
        listed = api.get("/assessment/scorecards", {"month": "2026-03-01"}).json()
    assert [c["id"] for c in listed["items"]] == [card["id"]]
    with django_assert_max_num_queries(14):
        detail = api.get(f"/assessment/scorecards/{card['id']}").json()
    tickets = next(s for s in detail["sections"] if s["code"] == "tickets")
    eoms = next(i for i in tickets["items"] if i["code"] == "eoms_timeliness")
    assert (eoms["count"], eoms["deducted"], eoms["forfeited"]) == (6, "10.00", True)
    assert {line["source_type"] for line in eoms["lines"]} == {"ticket"}
    assert all(line["source_url"].startswith("/desk/") for line in eoms["lines"])
    average = next(i for i in tickets["items"] if i["code"] == "average_handling")
    assert average["figure"]["average_hours"] == 18.8


def test_entry_sign_off_and_adjustment(telecom):
    xlm, template, items = telecom
    [card] = scorecard_run(actor=None, template=template, month=MARCH)
    api = Api(xlm["cs_director"])
    response = api.post(
        f"/assessment/scorecards/{card.pk}/entries",
        {
            "item_id": items["confidentiality"].pk,
            "points": "8",
            "reason": "测试数据外泄",
            "approver_id": xlm["gm"].pk,
        },
    )
    assert response.status_code == 201, response.json()
    assert (response.json()["points"], response.json()["approved_by"]["id"]) == (
        "8.00",
        xlm["gm"].pk,
    )
    signed = Api(xlm["gm"]).post(f"/assessment/scorecards/{card.pk}/sign-off").json()
    assert (signed["status"], signed["total"]) == ("signed_off", "68.00")
    response = api.post(
        f"/assessment/scorecards/{card.pk}/adjustments",
        {"points": "2", "reason": "回访已按时完成", "approver_id": xlm["gm"].pk},
    )
    assert response.status_code == 201
    assert api.get(f"/assessment/scorecards/{card.pk}").json()["total"] == "70.00"


def test_errors_are_coded_and_change_nothing(telecom, pmc):
    xlm, template, items = telecom
    [card] = scorecard_run(actor=None, template=template, month=MARCH)
    api = Api(xlm["cs_director"])
    THIS = date.today().replace(day=1)
    entry = {"item_id": items["confidentiality"].pk, "reason": "x", "approver_id": xlm["gm"].pk}
    refused(
        lambda: api.post(f"/assessment/scorecards/{card.pk}/entries", {**entry, "points": "20"}),
        400,
        "assessment.points_out_of_range",
    )
    refused(
        lambda: api.post(f"/assessment/scorecards/{card.pk}/entries", {**entry, "reason": ""}),
        400,
        "assessment.reason_required",
    )
    refused(
        lambda: api.post(f"/assessment/scorecards/{card.pk}/sign-off"),
        403,
        "assessment.not_allowed",
    )
    refused(
        lambda: api.post(f"/assessment/scorecards/{card.pk}/adjustments", {**entry, "points": 1}),
        409,
        "assessment.scorecard_not_signed_off",
    )
    refused(
        lambda: api.post("/assessment/scorecards/run", {"template_id": template.pk, "month": THIS}),
        400,
        "assessment.month_not_over",
    )  # fmt: skip
    other = Api(pmc["cs_director"])
    run = {"template_id": template.pk, "month": MARCH}
    refused(
        lambda: other.get(f"/assessment/scorecards/{card.pk}"),
        404,
        "assessment.scorecard_not_found",
    )
    refused(
        lambda: other.post("/assessment/scorecards/run", run),
        404,
        "assessment.template_not_found",
    )  # fmt: skip


def test_a_person_sees_their_own_card_and_the_sites_card(telecom):
    xlm, template, _items = telecom
    [card] = scorecard_run(actor=None, template=template, month=MARCH)
    # the site's (team's) card is visible to the people of the site
    assert (
        Api(xlm["production_manager"]).get(f"/assessment/scorecards/{card.pk}").status_code == 200
    )
