"""Concurrent refunds and urging scans: row locks and the unique refund link
let exactly one through (threads; meaningful on PostgreSQL)."""

import pytest

from kefu.core.tests.concurrency import race
from kefu.guests.models import UrgingEntry
from kefu.guests.services import urging_hand, urging_urge_overdue
from kefu.guests.tests.factories import at, reception_site
from kefu.org.models import Department
from kefu.procedures.errors import AlreadyRefunded
from kefu.procedures.models import MoneyKind, MoneyRecord, ProcedureItem
from kefu.procedures.services import procedure_refund
from kefu.procedures.tests.factories import property_site, run_step, start, unit_of


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_concurrent_refunds_of_one_deposit_refund_it_once(pmc):
    property_site(pmc)
    unit, customer = unit_of(pmc)
    procedure = start(pmc, "decoration", unit, customer)
    while procedure.steps.get(order=procedure.current_order).code != "refund":
        procedure = run_step(pmc, procedure)
    deposit = MoneyRecord.objects.get(procedure=procedure, kind=MoneyKind.DEPOSIT)
    item = ProcedureItem.objects.get(step__procedure=procedure, code="deposit_refund")
    results, errors = race(
        lambda i: procedure_refund(
            actor=pmc["cs_director"],
            procedure=procedure,
            item=item,
            deposit=deposit,
            receipt_number=f"TK-{i}",
        ),
        4,
    )
    assert len(results) == 1
    assert len(errors) == 3 and all(isinstance(e, AlreadyRefunded) for e in errors), errors
    assert MoneyRecord.objects.filter(refund_of=deposit).count() == 1


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_concurrent_urging_scans_urge_once(pmc):
    reception_site(pmc)
    item = urging_hand(
        actor=pmc["cs_director"], site=pmc.site, kind="need", content="增加访客车位",
        department=Department.objects.get(site=pmc.site, code="engineering"),
        working_days=1, now=at(2026, 6, 15, 10),
    )  # fmt: skip
    results, errors = race(lambda i: urging_urge_overdue(now=at(2026, 6, 17, 9)), 4)
    assert not errors, errors
    assert sum(results) == 1
    item.refresh_from_db()
    assert item.urge_count == 1
    assert UrgingEntry.objects.filter(item=item, kind="urged").count() == 1
