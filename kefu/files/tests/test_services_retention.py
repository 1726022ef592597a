"""Retention and destruction: listed when expired, destroyed only with approval,
scans deleted, a destruction record kept (seed 000 L531, L693)."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from kefu.core.errors import KefuError
from kefu.core.models import AuditEntry
from kefu.files import selectors, services
from kefu.files.models import CustomerFile, FileDestruction, FileDocument
from kefu.files.tests.factories import open_vehicle_file

pytestmark = pytest.mark.django_db


def refused(code, fn, **kwargs):
    before = (FileDestruction.objects.count(), AuditEntry.objects.count())
    with pytest.raises(KefuError) as info:
        fn(**kwargs)
    assert info.value.code == code
    assert (FileDestruction.objects.count(), AuditEntry.objects.count()) == before


def test_files_are_kept_ten_years_by_default(dealer):
    file = open_vehicle_file(dealer, dealer.new_car, "粤B60001")
    opened = file.created_at.date()
    assert file.retain_until.year == opened.year + 10


def test_expired_files_are_listed_and_destroyed_only_with_approval(
    dealer, django_capture_on_commit_callbacks
):
    file = open_vehicle_file(dealer, dealer.new_car, "粤B60002")
    document = services.file_document_add(
        actor=dealer["file_keeper"], file=file, upload=ContentFile(b"%PDF-1.4 x", name="a.pdf")
    )
    name = document.scan.name
    later = date(file.retain_until.year, 12, 31)
    director = dealer["customer_director"]
    assert list(selectors.expired_files(director, today=file.retain_until.replace(day=1))) in (
        [],
        [file],
    )
    refused(
        "files.not_expired",
        services.destruction_request,
        actor=director,
        file=file,
        reason="",
        today=date(file.retain_until.year - 1, 1, 1),
    )
    assert list(selectors.expired_files(director, today=later)) == [file]
    record = services.destruction_request(actor=director, file=file, reason="保存期满", today=later)
    refused(
        "files.destruction_pending",
        services.destruction_request,
        actor=director,
        file=file,
        reason="again",
        today=later,
    )
    refused(
        "files.not_destruction_approver",
        services.destruction_decide,
        actor=director,
        destruction=record,
        approve=True,
    )
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        record = services.destruction_decide(actor=dealer["gm"], destruction=record, approve=True)
    file = CustomerFile.objects.get(pk=file.pk)
    assert (record.status, record.decided_by, record.scans_deleted) == (
        "destroyed",
        dealer["gm"],
        1,
    )
    assert file.status == "destroyed" and not FileDocument.objects.filter(file=file).exists()
    assert not default_storage.exists(name)
    assert record.description.startswith(file.number)
    assert AuditEntry.objects.filter(action="files.file_destroyed", target_id=file.pk).exists()
    refused(
        "files.destruction_decided",
        services.destruction_decide,
        actor=dealer["gm"],
        destruction=record,
        approve=True,
    )


def test_only_the_file_manager_requests(dealer):
    file = open_vehicle_file(dealer, dealer.new_car, "粤B60003")
    refused(
        "files.not_manager",
        services.destruction_request,
        actor=dealer["sales_consultant"],
        file=file,
        reason="",
        today=date(file.retain_until.year + 1, 1, 1),
    )


# --- retention per record kind and the daily job ---------------------------------------


def test_retention_rules_come_from_presets_and_keep_recordings_30_days(pmc):
    from django.core.exceptions import ValidationError

    from kefu.files.models import RetentionRule

    rule = services.retention_rule_preset_apply(actor=None, site=pmc.site, key="seed002_complaints")
    assert (rule.record_kind, rule.period, rule.unit, rule.important_permanent) == (
        "complaint_record",
        1,
        "years",
        True,
    )
    with pytest.raises(KefuError):
        services.retention_rule_preset_apply(actor=None, site=pmc.site, key="nope")
    short = RetentionRule(site=pmc.site, record_kind="recording", period=29, unit="days")
    with pytest.raises(ValidationError):
        short.full_clean()


def test_complaint_records_expire_after_a_year_and_important_ones_never(pmc):
    # seed 002 L254: "資料保存一年,重要的資料長期保存"
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from kefu.desk.tests.factories import register_ticket
    from kefu.files.tests.factories import close_ticket, recording_centre

    centre = recording_centre(pmc)
    sh = ZoneInfo("Asia/Shanghai")
    director = centre["cs_director"]

    def complaint(serious: bool):
        ticket = register_ticket(
            actor=director,
            site=centre.site,
            category_code="property_service",
            now=datetime(2025, 9, 1, 9, tzinfo=sh),
            is_serious=serious,
        )
        return close_ticket(centre, ticket, datetime(2025, 9, 3, 17, tzinfo=sh))

    plain, serious = complaint(False), complaint(True)
    # without a rule complaint records are kept
    assert list(selectors.expired_complaint_records_for(director, today=date(2026, 12, 6))) == []
    services.retention_rule_preset_apply(actor=None, site=centre.site, key="seed002_complaints")
    assert list(selectors.expired_complaint_records_for(director, today=date(2026, 9, 2))) == []
    assert list(selectors.expired_complaint_records_for(director, today=date(2026, 9, 3))) == [
        plain
    ]
    assert serious.is_serious


def test_the_daily_job_lists_every_kind_and_tells_the_file_managers(dealer):
    from kefu.files.tasks import retention_scan_task
    from kefu.notify.models import Notification

    file = open_vehicle_file(dealer, dealer.new_car, "粤B60009")
    later = date(file.retain_until.year, 12, 31)
    assert services.retention_scan(today=date(file.retain_until.year - 1, 1, 1)) == []
    [counts] = services.retention_scan(today=later)
    assert (counts.site, counts.files, counts.recordings, counts.complaint_records) == (
        dealer.site,
        1,
        0,
        0,
    )
    told = Notification.objects.filter(kind="files.retention_expired")
    managers = {dealer["customer_director"], dealer["cs_manager"], dealer["info_supervisor"]}
    assert {n.recipient for n in told} == managers
    services.retention_scan(today=later)  # once a day
    assert told.count() == 3
    assert retention_scan_task.call() >= 0
