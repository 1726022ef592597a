"""Credit services on the seed's distributor (seed 000 篇五, L273–315)."""

import io

import pytest
from openpyxl import Workbook

from kefu.accounts import errors, selectors, services
from kefu.accounts.imports import read_workbook
from kefu.accounts.models import (
    ContractKind,
    CreditEntry,
    EntryKind,
    ShipmentRequest,
    ShipmentStatus,
)
from kefu.accounts.tests.factories import at, d
from kefu.assessment.models import LedgerEntry
from kefu.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def counts():
    return (
        ShipmentRequest.objects.count(),
        CreditEntry.objects.count(),
        AuditEntry.objects.count(),
        LedgerEntry.objects.count(),
    )


def record(dist, account, kind, day, fen, ref=""):
    return services.credit_entry_record(
        actor=dist["sales_clerk"],
        account=account,
        kind=kind,
        occurred_on=d(day),
        amount_fen=fen,
        reference=ref,
    )


def request(dist, account, fen, day="2026-03-10", **kw):
    return services.shipment_request(
        actor=kw.pop("actor", dist["sales_clerk"]),
        account=account,
        amount_fen=fen,
        invoice_date=d(day),
        now=at(day),
        **kw,
    )


@pytest.fixture
def acc(dist):
    """Limit 3,000.00 yuan on 10 March (shipped 20 Feb), balance 0 (paid 25 Feb)."""
    account = dist.account(code="zhangsan")
    record(dist, account, EntryKind.SHIPMENT, "2026-02-20", 300_000, "FP-1")
    record(dist, account, EntryKind.PAYMENT, "2026-02-25", 300_000, "HK-1")
    return account


# --- eligibility: seed 000 L275–279, each of the three missing ---------------------


def test_eligibility_all_three_present(dist, acc):
    assert selectors.eligibility(acc, today=d("2026-03-10")).eligible


def test_eligibility_missing_customer_file_id_copy(dist):
    account = dist.account(id_copy_on_file=False)
    e = selectors.eligibility(account, today=d("2026-03-10"))
    assert e.missing == ["customer_file"]


def test_eligibility_reads_the_id_copy_from_the_linked_customer_file(dist):
    from kefu.files.models import ChecklistItem, CustomerFile, FileItem, FileKind

    kind = FileKind.objects.create(site=dist.site, code="dealer", name="经销商档案")
    item = ChecklistItem.objects.create(kind=kind, code="id_copy", label="开户人身份证复印件")
    account = dist.account(id_copy_on_file=True)
    file = CustomerFile.objects.create(
        site=dist.site, kind=kind, number="K1", customer=account.customer
    )
    line = FileItem.objects.create(file=file, item=item, present=False)
    account.customer_file = file
    assert selectors.eligibility(account, today=d("2026-03-10")).missing == ["customer_file"]
    line.present = True
    line.save()
    assert selectors.eligibility(account, today=d("2026-03-10")).eligible


def test_eligibility_missing_contract_or_settlement_agreement(dist):
    no_contract = dist.account(contract_kind=ContractKind.NONE)
    no_settlement = dist.account(settlement_agreement=False)
    for account in (no_contract, no_settlement):
        assert selectors.eligibility(account, today=d("2026-03-10")).missing == ["contract"]


def test_eligibility_missing_prior_year_cleared(dist):
    account = dist.account()
    record(dist, account, EntryKind.SHIPMENT, "2025-12-20", 100_000)
    record(dist, account, EntryKind.PAYMENT, "2026-01-15", 99_999)
    assert selectors.eligibility(account, today=d("2026-03-10")).missing == ["prior_year_cleared"]


# --- the shipment check --------------------------------------------------------------


def test_within_the_limit_is_allowed_and_recorded(dist, acc):
    shipment = request(dist, acc, 300_000)
    assert shipment.status == ShipmentStatus.ALLOWED and shipment.way == "within"
    assert shipment.limit_fen == 300_000 and shipment.entry.amount_fen == 300_000
    assert AuditEntry.objects.filter(action="accounts.shipment_checked").count() == 1


def test_over_the_limit_is_refused_then_signed_first_then_last(dist, acc):
    request(dist, acc, 300_000)  # uses the whole limit
    refused = request(dist, acc, 99_999)
    assert refused.status == ShipmentStatus.REFUSED and refused.refusal == "over_limit"
    assert not CreditEntry.objects.filter(shipment=refused).exists()
    first = services.shipment_sign_over_limit(
        actor=dist["regional_manager"], shipment=refused, now=at("2026-03-10", "11:00")
    )
    assert first.way == "first_over" and first.signer == dist["regional_manager"]
    second = request(dist, acc, 50_000)
    last = services.shipment_sign_over_limit(
        actor=dist["regional_manager"], shipment=second, now=at("2026-03-10", "12:00")
    )
    assert last.way == "last_over"
    third = request(dist, acc, 100)
    before = counts()
    with pytest.raises(errors.OverLimitExhausted):
        services.shipment_sign_over_limit(
            actor=dist["regional_manager"], shipment=third, now=at("2026-03-10", "13:00")
        )
    assert counts() == before


def test_one_third_boundary_on_sign_off_changes_nothing(dist, acc):
    # seed 000 L297: limit 3,000.00 → 1,000.00 exactly is not below 1/3
    request(dist, acc, 300_000)
    at_third = request(dist, acc, 100_000)
    before = counts()
    with pytest.raises(errors.OverThird):
        services.shipment_sign_over_limit(
            actor=dist["regional_manager"], shipment=at_third, now=at("2026-03-10", "11:00")
        )
    assert counts() == before
    assert ShipmentRequest.objects.get(pk=at_third.pk).status == ShipmentStatus.REFUSED


def test_only_the_regional_manager_signs_off(dist, acc):
    request(dist, acc, 300_000)
    refused = request(dist, acc, 10_000)
    before = counts()
    with pytest.raises(errors.CannotSignOverLimit):
        services.shipment_sign_over_limit(
            actor=dist["sales_clerk"], shipment=refused, now=at("2026-03-10")
        )
    assert counts() == before


def test_sign_off_of_an_allowed_request_is_a_conflict(dist, acc):
    allowed = request(dist, acc, 1000)
    with pytest.raises(errors.ShipmentNotRefused):
        services.shipment_sign_over_limit(
            actor=dist["regional_manager"], shipment=allowed, now=at("2026-03-10")
        )


def test_prepay_then_ship_needs_a_recovery_plan(dist, acc):
    # seed 000 L301: 先汇款后依款开票发货,并制定超授信额货款回笼计划
    request(dist, acc, 300_000)
    record(dist, acc, EntryKind.SHIPMENT, "2026-03-10", 10_000)  # now over the limit
    before = counts()
    with pytest.raises(errors.RecoveryPlanRequired):
        request(dist, acc, 200_000, prepaid_fen=200_000)
    assert counts() == before
    shipment = request(dist, acc, 200_000, prepaid_fen=200_000, recovery_plan="3月底前回款")
    assert shipment.status == ShipmentStatus.ALLOWED and shipment.way == "prepaid"


def test_customer_without_credit_pays_before_invoicing(dist):
    # seed 000 L287
    account = dist.account(contract_kind=ContractKind.NONE)
    refused = request(dist, account, 10_000)
    assert refused.refusal == "no_credit"
    cash = request(dist, account, 10_000, prepaid_fen=10_000, recovery_plan="现款提货")
    assert cash.way == "cash"


def test_past_term_only_with_the_sales_department(dist):
    # seed 000 L289: shipped 1 Feb, unpaid on 10 March (37 days)
    account = dist.account()
    record(dist, account, EntryKind.SHIPMENT, "2026-02-01", 100_000)
    refused = request(dist, account, 1000)
    assert refused.refusal == "past_term"
    with pytest.raises(errors.WrongRefusal):
        services.shipment_sign_over_limit(
            actor=dist["regional_manager"], shipment=refused, now=at("2026-03-10")
        )
    with pytest.raises(errors.CannotApprovePastTerm):
        services.shipment_approve_past_term(
            actor=dist["regional_manager"], shipment=refused, now=at("2026-03-10")
        )
    approved = services.shipment_approve_past_term(
        actor=dist["sales_director"], shipment=refused, now=at("2026-03-10")
    )
    assert approved.status == ShipmentStatus.ALLOWED and approved.way == "past_term"


def test_bad_amount_changes_nothing(dist, acc):
    before = counts()
    with pytest.raises(errors.AmountInvalid):
        request(dist, acc, 0)
    assert counts() == before


def test_duplicate_reference_is_a_conflict(dist, acc):
    before = counts()
    with pytest.raises(errors.EntryDuplicate):
        record(dist, acc, EntryKind.SHIPMENT, "2026-03-01", 5, "FP-1")
    assert counts() == before


def test_direct_shipment_over_the_limit_is_flagged_unapproved(dist, acc):
    # seed 000 L307: 开手工票或不开票发货
    inside = record(dist, acc, EntryKind.SHIPMENT, "2026-03-05", 300_000)
    outside = record(dist, acc, EntryKind.SHIPMENT, "2026-03-05", 1)  # same day, limit 3,000
    assert not inside.unapproved_over_limit and outside.unapproved_over_limit


# --- month-end recovery: seed 000 L307, L313 ----------------------------------------


def test_month_end_recovery_puts_the_last_shipment_on_the_signer_once(dist, acc):
    rm = dist["regional_manager"]
    request(dist, acc, 300_000)
    first = request(dist, acc, 60_000)
    services.shipment_sign_over_limit(actor=rm, shipment=first, now=at("2026-03-10"))
    last = request(dist, acc, 40_000)
    services.shipment_sign_over_limit(actor=rm, shipment=last, now=at("2026-03-10", "15:00"))
    # paid 3,000 + 600 by the month end: oldest first, so the last 400.00 stays unpaid
    record(dist, acc, EntryKind.PAYMENT, "2026-03-30", 360_000)
    with pytest.raises(errors.MonthNotOver):
        services.recovery_run(
            actor=None, site=dist.site, month=d("2026-03-01"), now=at("2026-03-31")
        )
    entries = services.recovery_run(
        actor=None, site=dist.site, month=d("2026-03-01"), now=at("2026-04-01", "02:00")
    )
    assert [(e.person, e.rule, e.amount_fen) for e in entries] == [
        (rm, "accounts.over_limit_unrecovered", 40_000)
    ]
    again = services.recovery_run(
        actor=None, site=dist.site, month=d("2026-03-01"), now=at("2026-04-02")
    )
    assert [e.pk for e in again] == [e.pk for e in entries]
    assert LedgerEntry.objects.count() == 1


def test_month_end_recovery_unapproved_batch_on_three_posts(dist, acc):
    record(dist, acc, EntryKind.SHIPMENT, "2026-03-05", 300_000)
    record(dist, acc, EntryKind.SHIPMENT, "2026-03-05", 100_000)  # no request, no sign-off
    record(dist, acc, EntryKind.PAYMENT, "2026-03-20", 300_000)
    entries = services.recovery_run(
        actor=None, site=dist.site, month=d("2026-03-01"), now=at("2026-04-01")
    )
    assert sorted((e.person.username, e.amount_fen) for e in entries) == [
        ("logistics_specialist", 33_334),
        ("market_head", 33_333),
        ("warehouse_keeper", 33_333),
    ]
    assert {e.rule for e in entries} == {"accounts.over_limit_unapproved"}
    services.recovery_run(actor=None, site=dist.site, month=d("2026-03-01"), now=at("2026-04-02"))
    assert LedgerEntry.objects.count() == 3


# --- import ---------------------------------------------------------------------------


def workbook(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["客户编码", "类型", "日期", "金额", "单号"])
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_import_records_each_row_once(dist, acc):
    data = workbook(
        [
            ["zhangsan", "发货", "2026-03-02", "1,200.50", "FP-9"],
            ["zhangsan", "回款", d("2026-03-03"), 200, "HK-9"],
        ]
    )
    rows = read_workbook(data)
    assert services.credit_entries_import(actor=dist["sales_clerk"], site=dist.site, rows=rows) == {
        "created": 2,
        "skipped": 0,
    }
    assert CreditEntry.objects.get(reference="FP-9").amount_fen == 120_050
    again = services.credit_entries_import(actor=dist["sales_clerk"], site=dist.site, rows=rows)
    assert again == {"created": 0, "skipped": 2}


def test_import_of_a_bad_workbook_changes_nothing(dist, acc):
    before = counts()
    with pytest.raises(errors.ImportInvalid):
        read_workbook(b"not a workbook")
    with pytest.raises(errors.ImportInvalid):
        read_workbook(workbook([["zhangsan", "发货", "yesterday", 1, "X"]]))
    rows = read_workbook(workbook([["nobody", "发货", "2026-03-02", 1, "X"]]))
    with pytest.raises(errors.ImportInvalid):
        services.credit_entries_import(actor=dist["sales_clerk"], site=dist.site, rows=rows)
    assert counts() == before


def test_background_run_recovers_last_month_and_archives_once_per_period(dist, acc):
    from kefu.accounts.models import CreditSetting
    from kefu.accounts.services.periodic import accounts_run_due
    from kefu.accounts.tests.factories import admitted_partner

    rm = dist["regional_manager"]
    request(dist, acc, 300_000)
    for fen in (60_000, 30_000):  # first, then last over-limit shipment, both unpaid
        signed = request(dist, acc, fen)
        services.shipment_sign_over_limit(actor=rm, shipment=signed, now=at("2026-03-10"))
    admitted_partner(dist, grade="A")
    written = accounts_run_due(now=at("2026-04-01", "03:00"))
    setting = CreditSetting.objects.get(site=dist.site)
    assert (setting.recovered_month, setting.snapshot_period) == (d("2026-03-01"), "2026H1")
    assert written == 2  # the signer's entry for the last shipment, the A partner's archive
    assert LedgerEntry.objects.get().amount_fen == 30_000
    assert accounts_run_due(now=at("2026-04-01", "03:01")) == 0


def test_refused_over_limit_shipment_notifies_the_regional_manager(
    dist, acc, django_capture_on_commit_callbacks
):
    from kefu.notify.models import Notification

    request(dist, acc, 300_000)
    with django_capture_on_commit_callbacks(execute=True):
        refused = request(dist, acc, 10_000)
    [notice] = Notification.objects.filter(kind="accounts.shipment_refused")
    assert notice.recipient == dist["regional_manager"]
    assert str(refused.account_id) in notice.link
