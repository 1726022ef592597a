"""The one penalty ledger: amounts from rules, doubling, idempotency, audit."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from kefu.assessment.errors import LedgerRuleUnknown
from kefu.assessment.models import LedgerEntry, LedgerStatus
from kefu.assessment.policies import DoubleFromNth, LedgerRule, register_ledger_rules
from kefu.assessment.services import ledger_entry_record
from kefu.core.models import AuditEntry

SH = ZoneInfo("Asia/Shanghai")
GROUP = "test.after_sales_file"

# seed 000 L187–193 (F3, F4, F5, F5a; E2: from the 3rd in a month doubled)
register_ledger_rules(
    [
        LedgerRule("test.f3", "F3", amount_fen=5000, repeat=DoubleFromNth(3), group=GROUP),
        LedgerRule("test.f4", "F4", amount_fen=5000, repeat=DoubleFromNth(3), group=GROUP),
        LedgerRule("test.f5", "F5", amount_fen=2000, repeat=DoubleFromNth(3), group=GROUP),
        LedgerRule("test.f5a", "F5a", amount_fen=5000, repeat=DoubleFromNth(3), group=GROUP),
        LedgerRule("test.decided", "decided"),
    ]
)


def _record(site, person, rule, day, **kwargs):
    return ledger_entry_record(
        actor=None,
        site=site,
        person=person,
        rule=rule,
        occurred_at=datetime(2026, 3, day, 10, tzinfo=SH),
        **kwargs,
    )


def test_worked_example_totals_270_in_a_month(pmc):
    # seed 000 L777: F3 50 + F5 20 + F4 50×2 + F5a 50×2 = 270
    advisor = pmc["technician"]
    entries = [
        _record(pmc.site, advisor, rule, day)
        for rule, day in (("test.f3", 2), ("test.f5", 5), ("test.f4", 9), ("test.f5a", 20))
    ]
    assert [e.amount_fen for e in entries] == [5000, 2000, 10000, 10000]
    assert [e.multiplier for e in entries] == [1, 1, 2, 2]
    assert sum(e.amount_fen for e in entries) == 27000


def test_doubling_restarts_each_month(pmc):
    advisor = pmc["technician"]
    for day in (2, 3, 4):
        _record(pmc.site, advisor, "test.f3", day)
    april = ledger_entry_record(
        actor=None,
        site=pmc.site,
        person=advisor,
        rule="test.f3",
        occurred_at=datetime(2026, 4, 1, 9, tzinfo=SH),
    )
    assert (april.occurrence, april.multiplier, april.amount_fen) == (1, 1, 5000)


def test_waived_entries_do_not_count_toward_doubling(pmc):
    advisor = pmc["technician"]
    first = _record(pmc.site, advisor, "test.f3", 2)
    LedgerEntry.objects.filter(pk=first.pk).update(status=LedgerStatus.WAIVED)
    _record(pmc.site, advisor, "test.f3", 3)
    third = _record(pmc.site, advisor, "test.f3", 4)
    assert third.multiplier == 1


def test_amount_decided_on_the_source_and_audited(pmc):
    entry = _record(pmc.site, pmc["technician"], "test.decided", 2, amount_fen=12345)
    assert entry.amount_fen == 12345
    audit = AuditEntry.objects.get(action="assessment.ledger_entry_recorded", target_id=entry.pk)
    assert audit.changes["amount_fen"] == [None, 12345]


def test_dedupe_key_makes_recording_idempotent(pmc):
    first = _record(pmc.site, pmc["technician"], "test.f3", 2, dedupe_key="file:1:f3")
    again = _record(pmc.site, pmc["technician"], "test.f3", 2, dedupe_key="file:1:f3")
    assert again.pk == first.pk
    assert LedgerEntry.objects.count() == 1


def test_unknown_rule_is_refused_and_nothing_written(pmc):
    with pytest.raises(LedgerRuleUnknown):
        _record(pmc.site, pmc["technician"], "test.nope", 2)
    assert LedgerEntry.objects.count() == 0
