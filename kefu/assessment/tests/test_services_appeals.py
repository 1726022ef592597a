"""The ledger's approval and appeal: proposed → approved → appealed → upheld or waived."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from kefu.assessment.errors import (
    AssessmentNotAllowed,
    LedgerAppealNotPending,
    LedgerNotAppealable,
    LedgerNotYours,
    ReasonRequired,
)
from kefu.assessment.models import LedgerEntry
from kefu.assessment.policies import DoubleFromNth, LedgerRule, register_ledger_rules
from kefu.assessment.services import (
    ledger_appeal_decide,
    ledger_entry_appeal,
    ledger_entry_approve,
    ledger_entry_record,
)
from kefu.core.models import AuditEntry

SH = ZoneInfo("Asia/Shanghai")

# seed 002 L82–86: 50 yuan per policy-caused grievance, proposed by the 副总经理(销售)
# and approved by the 总经理; here with the monthly doubling of seed 000 L193.
register_ledger_rules(
    [LedgerRule("test.appeal", "policy grievance", amount_fen=5000, repeat=DoubleFromNth(2))]
)


@pytest.fixture
def entry(pmc):
    gm = pmc.position("gm")
    gm.capabilities = [*gm.capabilities, "assessment.approve"]
    gm.save(update_fields=["capabilities"])
    return ledger_entry_record(
        actor=pmc["cs_director"],
        site=pmc.site,
        person=pmc["technician"],
        rule="test.appeal",
        occurred_at=datetime(2026, 3, 2, 10, tzinfo=SH),
        reason="客户误解政策引起抱怨",
    )


def counts():
    return list(LedgerEntry.objects.values_list("status", flat=True)), AuditEntry.objects.count()


def refused(error, fn, **kwargs):
    before = counts()
    with pytest.raises(error):
        fn(**kwargs)
    assert counts() == before


def test_approve_then_appeal_granted_waives_and_stops_doubling(pmc, entry):
    entry = ledger_entry_approve(actor=pmc["gm"], entry=entry)
    assert (entry.status, entry.approved_by) == ("approved", pmc["gm"])
    entry = ledger_entry_appeal(actor=pmc["technician"], entry=entry, reason="客户已书面确认无误解")
    assert entry.status == "appealed"
    entry = ledger_appeal_decide(actor=pmc["gm"], entry=entry, grant=True, decision="核实属实,免除")
    assert (entry.status, entry.appeal_decided_by) == ("waived", pmc["gm"])
    # the waived entry no longer counts: the next one is the 1st of the month, not doubled
    second = ledger_entry_record(
        actor=None,
        site=pmc.site,
        person=pmc["technician"],
        rule="test.appeal",
        occurred_at=datetime(2026, 3, 9, 10, tzinfo=SH),
    )
    assert (second.occurrence, second.multiplier, second.amount_fen) == (1, 1, 5000)
    actions = AuditEntry.objects.filter(target_id=entry.pk, action__startswith="assessment.ledger")
    assert list(actions.values_list("action", flat=True)) == [
        "assessment.ledger_entry_recorded",
        "assessment.ledger_entry_approved",
        "assessment.ledger_entry_appealed",
        "assessment.ledger_appeal_decided",
    ]


def test_an_appeal_upheld_leaves_the_entry_approved(pmc, entry):
    entry = ledger_entry_appeal(actor=pmc["technician"], entry=entry, reason="不是我的责任")
    entry = ledger_appeal_decide(actor=pmc["gm"], entry=entry, grant=False, decision="维持处罚")
    assert (entry.status, entry.approved_by, entry.appeal_decision) == (
        "approved", pmc["gm"], "维持处罚",
    )  # fmt: skip
    refused(
        LedgerNotAppealable,
        ledger_entry_appeal,
        actor=pmc["technician"],
        entry=entry,
        reason="再申诉",
    )


def test_appeal_errors_change_nothing(pmc, entry):
    refused(LedgerNotYours, ledger_entry_appeal, actor=pmc["gm"], entry=entry, reason="x")
    refused(ReasonRequired, ledger_entry_appeal, actor=pmc["technician"], entry=entry, reason=" ")
    refused(
        LedgerAppealNotPending,
        ledger_appeal_decide,
        actor=pmc["gm"],
        entry=entry,
        grant=True,
        decision="x",
    )
    refused(AssessmentNotAllowed, ledger_entry_approve, actor=pmc["technician"], entry=entry)
    entry = ledger_entry_appeal(actor=pmc["technician"], entry=entry, reason="申诉")
    refused(
        ReasonRequired, ledger_appeal_decide, actor=pmc["gm"], entry=entry, grant=True, decision=""
    )
    refused(
        AssessmentNotAllowed,
        ledger_appeal_decide,
        actor=pmc["technician"],
        entry=entry,
        grant=True,
        decision="x",
    )
