"""/api/v1/assessment/ledger: list, detail, approve, appeal, decide, the statement."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from kefu.assessment.models import LedgerEntry
from kefu.assessment.policies import LedgerRule, register_ledger_rules
from kefu.assessment.services import ledger_entry_record
from kefu.core.tests.api_support import Api, assert_error, audit_mark, audit_since

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")

# seed 002 L82–86: 50 yuan per grievance, approved by the 总经理
register_ledger_rules([LedgerRule("test.api", "policy grievance", amount_fen=5000)])


@pytest.fixture
def ledger(pmc):
    gm = pmc.position("gm")
    gm.capabilities = [*gm.capabilities, "assessment.approve"]
    gm.save(update_fields=["capabilities"])
    entries = [
        ledger_entry_record(
            actor=pmc["cs_director"],
            site=pmc.site,
            person=pmc[who],
            rule="test.api",
            occurred_at=datetime(2026, 3, day, 10, tzinfo=SH),
        )
        for who, day in (("technician", 2), ("technician", 9), ("security_captain", 5))
    ]
    return pmc, entries


def states():
    return list(LedgerEntry.objects.order_by("id").values_list("status", flat=True))


def refused(call, status, code):
    before, mark = states(), audit_mark()
    assert_error(call(), status, code)
    assert states() == before and audit_since(mark) == []


def test_list_detail_and_the_appeal_flow(ledger, django_assert_max_num_queries):
    pmc, (first, second, _other) = ledger
    gm, tech = Api(pmc["gm"]), Api(pmc["technician"])
    with django_assert_max_num_queries(12):
        listed = gm.get("/assessment/ledger", {"month": "2026-03-01"}).json()
    assert listed["count"] == 3
    mine = tech.get("/assessment/ledger").json()
    assert {e["id"] for e in mine["items"]} == {first.pk, second.pk}
    assert mine["items"][0]["department"]["name"] == "工程部"
    body = gm.post(f"/assessment/ledger/{first.pk}/approve").json()
    assert (body["status"], body["approved_by"]["id"]) == ("approved", pmc["gm"].pk)
    body = tech.post(f"/assessment/ledger/{first.pk}/appeal", {"reason": "客户已确认"}).json()
    assert body["status"] == "appealed"
    body = gm.post(
        f"/assessment/ledger/{first.pk}/decide", {"grant": True, "decision": "核实属实,免除"}
    ).json()
    assert (body["status"], body["appeal_decision"]) == ("waived", "核实属实,免除")
    assert tech.get(f"/assessment/ledger/{first.pk}").json()["status"] == "waived"


def test_the_statement_sums_approved_entries_per_person_and_department(ledger):
    pmc, (first, _second, other) = ledger
    gm = Api(pmc["gm"])
    gm.post(f"/assessment/ledger/{first.pk}/approve")
    gm.post(f"/assessment/ledger/{other.pk}/approve")
    rows = gm.get("/assessment/ledger/statement", {"month": "2026-03-01"}).json()
    by_name = {r["name"]: r for r in rows}
    tech = by_name[str(pmc["technician"])]
    assert (tech["entries"], tech["fines_fen"], tech["pending"]) == (1, 5000, 1)
    rows = gm.get(
        "/assessment/ledger/statement", {"month": "2026-03-01", "by": "department"}
    ).json()
    assert {r["name"]: r["fines_fen"] for r in rows} == {"工程部": 5000, "秩序维护部": 5000}


def test_ledger_errors_change_nothing(ledger, xlm):
    pmc, (first, _second, other) = ledger
    gm, tech = Api(pmc["gm"]), Api(pmc["technician"])
    refused(
        lambda: tech.get(f"/assessment/ledger/{other.pk}"), 404, "assessment.ledger_entry_not_found"
    )
    refused(
        lambda: Api(xlm["gm"]).post(f"/assessment/ledger/{first.pk}/approve"),
        404,
        "assessment.ledger_entry_not_found",
    )
    refused(
        lambda: tech.post(f"/assessment/ledger/{first.pk}/approve"), 403, "assessment.not_allowed"
    )
    refused(
        lambda: gm.post(f"/assessment/ledger/{first.pk}/appeal", {"reason": "x"}),
        403,
        "assessment.ledger_not_yours",
    )
    refused(
        lambda: tech.post(f"/assessment/ledger/{first.pk}/appeal", {"reason": " "}),
        400,
        "assessment.reason_required",
    )
    refused(
        lambda: gm.post(f"/assessment/ledger/{first.pk}/decide", {"grant": True, "decision": "x"}),
        409,
        "assessment.appeal_not_pending",
    )
    gm.post(f"/assessment/ledger/{first.pk}/approve")
    refused(
        lambda: gm.post(f"/assessment/ledger/{first.pk}/approve"),
        409,
        "assessment.ledger_not_proposed",
    )
    tech.post(f"/assessment/ledger/{first.pk}/appeal", {"reason": "申诉"})
    refused(
        lambda: tech.post(f"/assessment/ledger/{first.pk}/appeal", {"reason": "again"}),
        409,
        "assessment.ledger_not_appealable",
    )
