"""Each preset runs start to finish; no skipped approval, no missing item; money once."""

from decimal import Decimal

import pytest

from kefu.core.models import AuditEntry
from kefu.procedures.errors import (
    AlreadyRefunded,
    AmountRequired,
    ApprovalRequired,
    ItemMissing,
    NotAllowedHere,
    StepNotCurrent,
)
from kefu.procedures.models import MoneyKind, MoneyRecord, ProcedureItem, ProcedureStatus
from kefu.procedures.presets import PRESETS
from kefu.procedures.services import (
    procedure_item_mark,
    procedure_money_record,
    procedure_refund,
    procedure_step_complete,
)
from kefu.procedures.tests.factories import (
    at,
    fill_item,
    property_site,
    run_all,
    run_step,
    start,
    unit_of,
)

pytestmark = pytest.mark.django_db
CODES = [t.code for t in PRESETS["property_centre"].templates]


@pytest.fixture
def site(pmc):
    property_site(pmc)
    return pmc


def _ready_unit(site):
    """A unit whose move-in (with its contract deposit) is done."""
    unit, customer = unit_of(site)
    run_all(site, start(site, "move_in", unit, customer))
    return unit, customer


@pytest.mark.parametrize("code", CODES)
def test_each_preset_runs_start_to_finish(site, code):
    unit, customer = _ready_unit(site) if code == "move_out" else unit_of(site)
    procedure = run_all(site, start(site, code, unit, customer))
    assert procedure.status == ProcedureStatus.DONE and procedure.finished_at is not None
    assert not ProcedureItem.objects.filter(
        step__procedure=procedure, required=True, done_at=None
    ).exists()


@pytest.mark.parametrize("code", CODES)
def test_each_preset_refuses_to_finish_with_a_missing_item(site, code):
    unit, customer = _ready_unit(site) if code == "move_out" else unit_of(site)
    procedure = start(site, code, unit, customer)
    last_with_items = (
        procedure.steps.filter(items__required=True).order_by("-order").distinct().first()
    )
    while procedure.current_order < last_with_items.order:
        procedure = run_step(site, procedure)
    missing = last_with_items.items.filter(required=True).last()
    audits = AuditEntry.objects.count()
    with pytest.raises(ItemMissing) as error:
        run_step(site, procedure, skip=missing.code)
    assert missing.code in error.value.fields
    procedure.refresh_from_db()
    assert procedure.status == ProcedureStatus.OPEN
    assert procedure.current_order == last_with_items.order
    # the items filled before the refusal stay; the refused completion wrote nothing more
    assert AuditEntry.objects.filter(action__startswith="procedures.step").count() <= audits


def test_approval_cannot_be_skipped(site):
    # 二装: the deposit step done, the approval must come before the inspections
    unit, customer = unit_of(site)
    procedure = start(site, "decoration", unit, customer)
    procedure = run_step(site, procedure)  # application
    procedure = run_step(site, procedure)  # deposit
    with pytest.raises(ApprovalRequired):
        procedure_step_complete(actor=site["cs_director"], procedure=procedure)
    later = ProcedureItem.objects.get(step__procedure=procedure, code="site_briefing")
    with pytest.raises(StepNotCurrent):
        procedure_item_mark(actor=site["cs_director"], procedure=procedure, item=later)


def test_deposit_recorded_and_refunded_once_only(site):
    unit, customer = unit_of(site)
    procedure = start(site, "decoration", unit, customer)
    while procedure.steps.get(order=procedure.current_order).code != "refund":
        procedure = run_step(site, procedure)
    deposit = MoneyRecord.objects.get(procedure=procedure, kind=MoneyKind.DEPOSIT)
    # priced from the published schedule: 装修押金 5000元/户
    assert (deposit.amount, deposit.recorded_by) == (Decimal("5000.00"), site["cs_director"])
    item = ProcedureItem.objects.get(step__procedure=procedure, code="deposit_refund")
    refund = procedure_refund(actor=site["cs_director"], procedure=procedure, item=item,
                              deposit=deposit, receipt_number="TK-001")  # fmt: skip
    assert refund.amount == deposit.amount and refund.refund_of == deposit
    before = (MoneyRecord.objects.count(), AuditEntry.objects.count())
    with pytest.raises(AlreadyRefunded):
        procedure_refund(actor=site["cs_director"], procedure=procedure, item=item,
                         deposit=deposit, receipt_number="TK-002")  # fmt: skip
    assert (MoneyRecord.objects.count(), AuditEntry.objects.count()) == before


def test_paid_service_priced_from_the_fee_schedule(site):
    unit, customer = unit_of(site)
    procedure = start(site, "paid_service", unit, customer)
    item = ProcedureItem.objects.get(step__procedure=procedure, code="service")
    from kefu.procedures.models import FeeItem

    fee = FeeItem.objects.get(site=site.site, code="lamp_replace")  # 20元/个
    record = procedure_money_record(actor=site["cs_clerk"], procedure=procedure, item=item,
                                    fee=fee, quantity=3, receipt_number="F-1")  # fmt: skip
    assert record.amount == Decimal("60.00")


def test_money_items_need_an_amount_and_receipt(site):
    unit, customer = unit_of(site)
    procedure = run_step(site, start(site, "move_in", unit, customer))
    item = ProcedureItem.objects.get(step__procedure=procedure, code="contract_deposit")
    with pytest.raises(AmountRequired):
        procedure_item_mark(actor=site["cs_clerk"], procedure=procedure, item=item)


def test_only_the_steps_position_acts(site):
    # 交房 is the 工程主管's step: the 维修技工 may not tick its items
    unit, customer = unit_of(site)
    procedure = start(site, "move_in", unit, customer)
    for _ in range(3):
        procedure = run_step(site, procedure)
    item = ProcedureItem.objects.get(step__procedure=procedure, code="inspection")
    with pytest.raises(NotAllowedHere):
        procedure_item_mark(actor=site["technician"], procedure=procedure, item=item)
    fill_item(site, procedure, item)


def test_step_deadline_on_the_working_calendar(site):
    # 装修审批 3 working days from Thu 2026-06-18: 06-19 端午 holiday → due Wed 06-24
    unit, customer = unit_of(site)
    procedure = start(site, "decoration", unit, customer, now=at(2026, 6, 18, 9))
    procedure = run_step(site, procedure, now=at(2026, 6, 18, 9))
    procedure = run_step(site, procedure, now=at(2026, 6, 18, 10))
    approval = procedure.steps.get(code="approval")
    assert approval.due_at == at(2026, 6, 24, 18)
