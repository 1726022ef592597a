"""Files, checklists, scans and 《用户档案签收薄》 with the seed's numbers."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from kefu.core.errors import KefuError
from kefu.core.models import AuditEntry
from kefu.files import selectors, services
from kefu.files.models import (
    CustomerFile,
    FileDocument,
    FileHandover,
    FileItem,
    FileStatus,
    FileViolation,
)
from kefu.files.tests.factories import at, complete_all, open_vehicle_file, vehicle_of


def counts():
    return (
        CustomerFile.objects.count(),
        FileItem.objects.count(),
        FileDocument.objects.count(),
        FileHandover.objects.count(),
        FileViolation.objects.count(),
        AuditEntry.objects.count(),
    )


def refused(code, fn, **kwargs):
    before = counts()
    with pytest.raises(KefuError) as info:
        fn(**kwargs)
    assert info.value.code == code
    assert counts() == before
    return info.value


# --- presets -------------------------------------------------------------------


def test_new_car_preset_has_the_twelve_items(dealer):
    # seed 000 L155–177: 新车档案构成 1)–12); the green card's landline needs its area code.
    items = list(dealer.new_car.items.order_by("position"))
    assert len(items) == 12
    assert items[0].code == "green_card" and "区号" in items[0].hint
    assert items[2].label == "销售合同原件"
    assert items[3].label.startswith("身份证复印件(需两面)")
    assert [i.required for i in items].count(False) == 1  # 12) particular customers only
    assert dealer.new_car.deadline_working_days == 3
    assert dealer.new_car.deadline_start == "delivery"


def test_after_sales_preset_has_the_surviving_items(dealer):
    # seed 000 L179–181: 接车单, 任务委托书, 结算单, 12项免费检查表
    labels = list(dealer.after_sales.items.order_by("position").values_list("label", flat=True))
    assert labels == ["接车单", "任务委托书", "结算单", "12项免费检查表"]
    assert dealer.after_sales.deadline_working_days == 1


def test_move_in_preset_for_a_property_site(pmc):
    # seed 004 P1–P4: tenancy contract, contract deposit, move-in papers
    kind = services.file_kind_preset_apply(actor=None, site=pmc.site, key="move_in")
    codes = set(kind.items.values_list("code", flat=True))
    assert {"lease_contract", "deposit_receipt", "move_in_forms"} <= codes
    assert kind.per_vehicle is False and kind.deadline_working_days is None


def test_preset_apply_is_idempotent_and_keeps_edits(dealer):
    item = dealer.new_car.items.get(code="delivery_photo")
    item.label = "交车照片(含客户)"
    item.save()
    services.file_kind_preset_apply(actor=None, site=dealer.site, key="new_car")
    assert dealer.new_car.items.count() == 12
    assert dealer.new_car.items.get(code="delivery_photo").label == "交车照片(含客户)"


def test_unknown_preset_is_refused(dealer):
    with pytest.raises(KefuError) as info:
        services.file_kind_preset_apply(actor=None, site=dealer.site, key="nope")
    assert info.value.code == "files.preset_unknown"


# --- opening files and deadlines ---------------------------------------------------


def test_new_car_deadline_crosses_national_day(dealer):
    # T5 (seed 000 L183): 3 working days after delivery. Delivered Tue 2025-09-30;
    # 1–8 Oct are off, Thu 9, Fri 10 and the make-up Saturday 11 Oct are worked.
    file = open_vehicle_file(
        dealer, dealer.new_car, "粤A10001", delivered_at=at("2025-09-30 10:00")
    )
    assert file.handover_due_at == at("2025-10-11 18:00")
    assert file.number == "NEW_CAR-000001"
    assert file.items.count() == 12


def test_after_sales_deadline_is_one_working_day_after_delivery(dealer):
    # T6 (seed 000 L179, L189): within 1 working day of delivery → Thu 9 Oct 2025.
    file = open_vehicle_file(
        dealer, dealer.after_sales, "粤A10002", delivered_at=at("2025-09-30 10:00")
    )
    assert file.handover_due_at == at("2025-10-09 18:00")


def test_deadline_can_count_from_the_sale(dealer):
    # T4 (seed 000 L153): "在銷售車3個工作日內" — configurable starting point.
    dealer.new_car.deadline_start = "sale"
    dealer.new_car.save()
    file = open_vehicle_file(
        dealer,
        dealer.new_car,
        "粤A10003",
        sold_at=at("2025-09-26 15:00"),
        delivered_at=at("2025-09-30 10:00"),
    )
    # Fri 26 Sep → Sun 28 Sep (make-up workday), Mon 29, Tue 30
    assert file.handover_due_at == at("2025-09-30 18:00")


def test_delivery_date_set_later_moves_the_deadline(dealer):
    file = open_vehicle_file(dealer, dealer.new_car, "粤A10004")
    assert file.handover_due_at is None
    file = services.file_update(
        actor=dealer["file_keeper"], file=file, delivered_at=at("2025-09-30 10:00")
    )
    assert file.handover_due_at == at("2025-10-11 18:00")
    audit = AuditEntry.objects.filter(action="files.file_updated", target_id=file.pk).get()
    assert "handover_due_at" in audit.changes


def test_one_file_per_vehicle_and_kind(dealer):
    # seed 000 L137: 一车一档
    file = open_vehicle_file(dealer, dealer.new_car, "粤A10005")
    refused(
        "files.file_exists",
        services.file_open,
        actor=None,
        site=dealer.site,
        kind=dealer.new_car,
        customer=file.customer,
        vehicle=file.vehicle,
    )
    # the same vehicle may have an after-sales file too
    services.file_open(
        actor=None,
        site=dealer.site,
        kind=dealer.after_sales,
        customer=file.customer,
        vehicle=file.vehicle,
    )


def test_a_vehicle_kind_needs_the_vehicle(dealer):
    customer, _vehicle = vehicle_of(dealer.site, "粤A10006")
    refused(
        "files.vehicle_required",
        services.file_open,
        actor=None,
        site=dealer.site,
        kind=dealer.new_car,
        customer=customer,
    )


def test_other_sites_customer_is_refused(dealer, pmc):
    customer, vehicle = vehicle_of(pmc.site, "粤A10007")
    refused(
        "files.wrong_site",
        services.file_open,
        actor=None,
        site=dealer.site,
        kind=dealer.new_car,
        customer=customer,
        vehicle=vehicle,
    )


def test_access_file_hides_other_sites(dealer, pmc):
    file = open_vehicle_file(dealer, dealer.new_car, "粤A10008")
    assert selectors.access_file(dealer["sales_consultant"], file.pk) == file
    with pytest.raises(KefuError) as info:
        selectors.access_file(pmc["cs_director"], file.pk)
    assert info.value.code == "files.file_not_found"


# --- checklist and completeness ------------------------------------------------


def test_checklist_shows_complete_and_missing(dealer):
    file = open_vehicle_file(dealer, dealer.new_car, "粤A10009")
    complete_all(dealer, file, except_codes={"contract_original", "insurance_copy"})
    state = selectors.file_completeness(file)
    assert (state.total, state.complete) == (11, 9)
    assert [m.code for m in state.missing] == ["contract_original", "insurance_copy"]


def test_only_the_keeper_checks_items(dealer):
    file = open_vehicle_file(dealer, dealer.new_car, "粤A10010")
    item = file.items.first()
    refused(
        "files.not_keeper",
        services.file_item_check,
        actor=dealer["sales_consultant"],
        file_item=item,
        present=True,
    )


# --- the hand-over register --------------------------------------------------------


def test_handover_incomplete_is_noted_and_both_confirm(dealer):
    # seed 000 L153 steps 1–3: both sign 《用户档案签收薄》, noting missing documents
    file = open_vehicle_file(
        dealer, dealer.new_car, "粤A10011", delivered_at=at("2025-09-30 10:00")
    )
    complete_all(dealer, file, except_codes={"insurance_copy"})
    line = services.handover_register(
        actor=dealer["sales_consultant"], file=file, now=at("2025-10-09 11:00")
    )
    assert line.incomplete is True
    assert line.missing == ["保险单复印件"]
    assert line.department == "sales"
    assert line.received_at is None
    refused(
        "files.handover_open",
        services.handover_register,
        actor=dealer["sales_consultant"],
        file=file,
    )
    line = services.handover_receive(
        actor=dealer["file_keeper"], handover=line, now=at("2025-10-09 15:00")
    )
    assert line.received_at == at("2025-10-09 15:00") and line.receiver == dealer["file_keeper"]
    assert line.on_time is True
    file.refresh_from_db()
    assert file.status == FileStatus.HANDED_OVER
    assert file.handed_over_at == at("2025-10-09 15:00")
    actions = list(
        AuditEntry.objects.filter(target_id=file.pk, action__startswith="files.handover")
        .values_list("action", flat=True)
        .order_by("id")
    )
    assert actions == ["files.handover_registered", "files.handover_received"]


def test_only_the_keeper_confirms_receipt(dealer):
    file = open_vehicle_file(dealer, dealer.new_car, "粤A10012")
    line = services.handover_register(actor=dealer["sales_consultant"], file=file)
    refused(
        "files.not_keeper",
        services.handover_receive,
        actor=dealer["sales_consultant"],
        handover=line,
    )
    services.handover_receive(actor=dealer["file_keeper"], handover=line)
    refused(
        "files.handover_not_open",
        services.handover_receive,
        actor=dealer["file_keeper"],
        handover=line,
    )


def test_register_lists_the_day(dealer):
    file = open_vehicle_file(dealer, dealer.new_car, "粤A10013")
    services.handover_register(
        actor=dealer["sales_consultant"], file=file, now=at("2025-10-09 11:00")
    )
    day = at("2025-10-09 00:00").date()
    assert selectors.handover_register_for(dealer.site, day_from=day, day_to=day).count() == 1


# --- scans through default_storage ----------------------------------------------------


def test_scan_is_stored_in_default_storage(dealer):
    file = open_vehicle_file(dealer, dealer.new_car, "粤A10014")
    item = file.items.get(item__code="invoice_copy")
    doc = services.file_document_add(
        actor=dealer["file_keeper"],
        file=file,
        file_item=item,
        upload=ContentFile(b"%PDF-1.4\n%kefu\n", name="invoice.pdf"),
    )
    assert doc.content_type == "application/pdf"
    assert doc.title == "购车发票复印件"
    assert default_storage.exists(doc.scan.name)
    assert doc.size_bytes == 15


def test_scan_that_is_not_what_it_says_is_refused(dealer):
    file = open_vehicle_file(dealer, dealer.new_car, "粤A10015")
    refused(
        "files.scan_type_mismatch",
        services.file_document_add,
        actor=dealer["file_keeper"],
        file=file,
        upload=ContentFile(b"MZ\x90\x00 not a pdf", name="invoice.pdf"),
    )


def test_scan_over_the_limit_is_refused(dealer, settings):
    settings.KEFU_FILES_SCAN_MAX_BYTES = 10
    file = open_vehicle_file(dealer, dealer.new_car, "粤A10016")
    refused(
        "files.scan_too_large",
        services.file_document_add,
        actor=dealer["file_keeper"],
        file=file,
        upload=ContentFile(b"%PDF-1.4\n0123456789", name="big.pdf"),
    )
