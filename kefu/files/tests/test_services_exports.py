"""Copying, export and disclosure (seed 000 L525–529): approvals, who and when on the
export, a third party only with two approvers, every export and refusal audited."""

import io
import os
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.utils import translation
from openpyxl import load_workbook

from kefu.core.errors import KefuError
from kefu.core.models import AuditEntry
from kefu.files import selectors, services
from kefu.files.models import AccessApplication
from kefu.files.tests.factories import open_vehicle_file

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def refused(code, fn, *, audited=(), **kwargs):
    before = (AccessApplication.objects.filter(status="approved").count(),)
    marks = AuditEntry.objects.count()
    with pytest.raises(KefuError) as info:
        fn(**kwargs)
    assert info.value.code == code
    assert (AccessApplication.objects.filter(status="approved").count(),) == before
    assert list(AuditEntry.objects.order_by("id")[marks:].values_list("action", flat=True)) == list(
        audited
    )


def sheet_rows(path: str) -> list[list]:
    with zipfile.ZipFile(path) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".xlsx"))
        book = load_workbook(io.BytesIO(archive.read(name)), read_only=True)
        return [list(r) for r in book.active.iter_rows(values_only=True)]


def test_copying_a_confidential_file_needs_an_approved_application(dealer):
    secret = open_vehicle_file(dealer, dealer.new_car, "粤B80001", confidentiality="confidential")
    services.file_document_add(
        actor=dealer["file_keeper"], file=secret, upload=ContentFile(b"%PDF-1.4 x", name="c.pdf")
    )
    keeper = dealer["file_keeper"]
    # the keeper may read it (custodian, L521) but not copy it without approval (L525)
    refused(
        "files.export_not_allowed",
        services.file_export,
        actor=keeper,
        file=secret,
        origin="10.0.0.8",
        audited=["files.export_denied"],
    )
    denial = AuditEntry.objects.get(action="files.export_denied")
    assert denial.changes["from"] == [None, "10.0.0.8"] and denial.target_id == secret.pk
    application = services.access_apply(
        actor=keeper, file=secret, kind="export", purpose="复印合同", reason="客户贷款"
    )
    # the 客户服务部经理 approves reading, not copying
    with pytest.raises(KefuError) as info:
        services.access_decide(actor=dealer["cs_manager"], application=application, approve=True)
    assert info.value.code == "files.not_approver"
    services.access_decide(actor=dealer["info_supervisor"], application=application, approve=True)
    export = services.file_export(actor=keeper, file=secret, origin="10.0.0.8")
    try:
        rows = sheet_rows(export.path)
        assert rows[0][:2] == ["Exported by", str(keeper)] and rows[0][2] == "Exported at"
        assert export.scans == 1
        with zipfile.ZipFile(export.path) as archive:
            assert any(n.startswith("scans/") for n in archive.namelist())
    finally:
        os.unlink(export.path)
    entry = AuditEntry.objects.get(action="files.file_exported")
    assert entry.changes["purpose"] == [None, "export"] and entry.changes["scans"] == [None, 1]


def test_the_approver_of_the_level_copies_without_applying(dealer):
    secret = open_vehicle_file(dealer, dealer.new_car, "粤B80002", confidentiality="top_secret")
    # 绝密: only the 总经理 (L103); the 客户信息主管 approves copies of 机密 files only
    assert selectors.may_export(dealer["gm"], secret)
    assert not selectors.may_export(dealer["info_supervisor"], secret)
    os.unlink(services.file_export(actor=dealer["gm"], file=secret).path)


def test_an_ordinary_file_is_copied_by_anyone_who_reads_it(dealer):
    plain = open_vehicle_file(dealer, dealer.new_car, "粤B80003")
    export = services.file_export(actor=dealer["sales_consultant"], file=plain)
    os.unlink(export.path)
    assert AuditEntry.objects.filter(action="files.file_exported", target_id=plain.pk).exists()


def test_a_disclosure_needs_two_different_approvers(dealer):
    # L529: prior approval of both the 客户信息主管 and the 客户服务部经理
    plain = open_vehicle_file(dealer, dealer.new_car, "粤B80004")
    adviser = dealer["service_advisor"]
    refused(
        "files.disclosure_not_approved",
        services.file_export,
        actor=adviser,
        file=plain,
        purpose="disclose",
        audited=["files.export_denied"],
    )
    with pytest.raises(KefuError) as info:
        services.access_apply(
            actor=adviser, file=plain, kind="disclose", purpose="理赔", reason="来函", recipient=""
        )
    assert info.value.code == "files.recipient_required"
    application = services.access_apply(
        actor=adviser,
        file=plain,
        kind="disclose",
        purpose="保险理赔",
        reason="保险公司来函",
        recipient="平安保险理赔部",
    )
    first = services.access_decide(
        actor=dealer["info_supervisor"], application=application, approve=True
    )
    assert (first.status, first.first_approved_by) == ("pending", dealer["info_supervisor"])
    assert first.first_approval_capability == "files.approve_copy"
    # not yet: one approval is not enough, and the first approver cannot give the second
    refused(
        "files.disclosure_not_approved",
        services.file_export,
        actor=adviser,
        file=plain,
        purpose="disclose",
        audited=["files.export_denied"],
    )
    with pytest.raises(KefuError) as info:
        services.access_decide(actor=dealer["info_supervisor"], application=first, approve=True)
    assert info.value.code == "files.second_approver_required"
    assert not selectors.may_decide(dealer["info_supervisor"], first)
    assert selectors.may_decide(dealer["cs_manager"], first)
    final = services.access_decide(actor=dealer["cs_manager"], application=first, approve=True)
    assert (final.status, final.decided_by) == ("approved", dealer["cs_manager"])
    export = services.file_export(actor=adviser, file=plain, purpose="disclose", origin="1.1.1.1")
    try:
        assert export.recipient == "平安保险理赔部"
        assert ["Disclosed to", "平安保险理赔部"] in sheet_rows(export.path)
    finally:
        os.unlink(export.path)
    entry = AuditEntry.objects.get(action="files.file_exported")
    assert entry.changes["recipient"] == [None, "平安保险理赔部"]
    assert entry.note == f"{plain.number} → 平安保险理赔部"


def test_either_approver_may_reject_a_disclosure(dealer):
    plain = open_vehicle_file(dealer, dealer.new_car, "粤B80005")
    application = services.access_apply(
        actor=dealer["service_advisor"],
        file=plain,
        kind="disclose",
        purpose="x",
        reason="y",
        recipient="某律师事务所",
    )
    services.access_decide(actor=dealer["cs_manager"], application=application, approve=True)
    rejected = services.access_decide(
        actor=dealer["info_supervisor"], application=application, approve=False, note="无公函"
    )
    assert rejected.status == "rejected"


def test_a_refused_list_export_is_audited(dealer):
    from kefu.files.models import CustomerFile

    refused(
        "files.not_importer",
        services.files_export,
        actor=dealer["sales_consultant"],
        files=CustomerFile.objects.all(),
        origin="10.1.1.1",
        audited=["files.export_denied"],
    )
    log = selectors.access_log_for(dealer["customer_director"], action="files.export_denied")
    assert [e.actor for e in log] == [dealer["sales_consultant"]]
