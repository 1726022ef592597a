"""Confidentiality: denied without approval, allowed with it, expired after; every
classified read and refusal is in the audit trail (seed 000 §3.14, §5.2)."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from kefu.core.errors import KefuError
from kefu.core.models import AuditEntry
from kefu.files import selectors, services
from kefu.files.models import AccessApplication
from kefu.files.tests.factories import open_vehicle_file

pytestmark = pytest.mark.django_db


def actions(file):
    return list(
        AuditEntry.objects.filter(target_id=file.pk, action__startswith="files.")
        .order_by("id")
        .values_list("action", "actor_id")
    )


def refused(code, fn, **kwargs):
    before = (AccessApplication.objects.count(), AuditEntry.objects.count())
    with pytest.raises(KefuError) as info:
        fn(**kwargs)
    assert info.value.code == code
    assert (AccessApplication.objects.count(), AuditEntry.objects.count()) == before


def apply(dealer, file, who="sales_consultant"):
    return services.access_apply(
        actor=dealer[who], file=file, purpose="核对交车资料", reason="客户投诉需核实"
    )


@pytest.fixture
def classified(dealer):
    return open_vehicle_file(dealer, dealer.new_car, "粤B90001", confidentiality="confidential")


def test_denied_without_approval_and_the_denial_is_recorded(dealer, classified):
    consultant = dealer["sales_consultant"]
    view = services.file_view(actor=consultant, file=classified, origin="10.0.0.7")
    assert not view.readable and view.items == []
    entry = AuditEntry.objects.filter(action="files.read_denied").get()
    assert entry.actor == consultant and entry.changes["from"] == [None, "10.0.0.7"]
    assert entry.changes["level"] == [None, "confidential"]


def test_allowed_with_an_approval_and_each_read_recorded(dealer, classified):
    consultant, manager = dealer["sales_consultant"], dealer["cs_manager"]
    application = apply(dealer, classified)
    services.access_decide(actor=manager, application=application, approve=True, days=3)
    view = services.file_view(actor=consultant, file=classified)
    assert view.readable and len(view.items) == 12
    assert actions(classified)[-3:] == [
        ("files.access_applied", consultant.pk),
        ("files.access_decided", manager.pk),
        ("files.file_read", consultant.pk),
    ]


def test_the_approval_expires(dealer, classified):
    consultant = dealer["sales_consultant"]
    application = apply(dealer, classified)
    now = timezone.now()
    services.access_decide(
        actor=dealer["cs_manager"], application=application, approve=True, days=1, now=now
    )
    assert selectors.may_read_content(consultant, classified, now=now + timedelta(hours=23))
    assert not selectors.may_read_content(consultant, classified, now=now + timedelta(days=1))


def test_top_secret_needs_the_general_manager(dealer):
    file = open_vehicle_file(dealer, dealer.new_car, "粤B90002", confidentiality="top_secret")
    application = apply(dealer, file)
    # seed 000 L103: the 客户服务部经理 approves 机密, not 绝密
    refused(
        "files.not_approver",
        services.access_decide,
        actor=dealer["cs_manager"],
        application=application,
        approve=True,
    )
    assert not selectors.may_read_content(dealer["cs_manager"], file)
    services.access_decide(actor=dealer["gm"], application=application, approve=True)
    assert selectors.may_read_content(dealer["sales_consultant"], file)


def test_the_keeper_and_the_approver_read_without_an_application(dealer, classified):
    assert selectors.may_read_content(dealer["file_keeper"], classified)
    assert selectors.may_read_content(dealer["cs_manager"], classified)
    assert not selectors.may_read_content(dealer["service_advisor"], classified)


def test_a_rejected_application_grants_nothing(dealer, classified):
    application = apply(dealer, classified)
    services.access_decide(actor=dealer["cs_manager"], application=application, approve=False)
    assert not selectors.may_read_content(dealer["sales_consultant"], classified)
    refused(
        "files.access_decided",
        services.access_decide,
        actor=dealer["cs_manager"],
        application=application,
        approve=True,
    )


def test_application_errors_change_nothing(dealer, classified):
    plain = open_vehicle_file(dealer, dealer.new_car, "粤B90003")
    refused(
        "files.access_not_needed",
        services.access_apply,
        actor=dealer["sales_consultant"],
        file=plain,
        purpose="x",
        reason="y",
    )
    refused(
        "files.access_reason_required",
        services.access_apply,
        actor=dealer["sales_consultant"],
        file=classified,
        purpose="x",
        reason=" ",
    )
    application = apply(dealer, classified)
    refused(
        "files.access_pending",
        services.access_apply,
        actor=dealer["sales_consultant"],
        file=classified,
        purpose="again",
        reason="again",
    )
    refused(
        "files.access_period_invalid",
        services.access_decide,
        actor=dealer["cs_manager"],
        application=application,
        approve=True,
        days=31,
    )
    mine = apply(dealer, classified, who="gm")
    refused(
        "files.own_application",
        services.access_decide,
        actor=dealer["gm"],
        application=mine,
        approve=True,
    )


def test_a_classified_scan_of_an_ordinary_file_needs_approval(dealer):
    file = open_vehicle_file(dealer, dealer.new_car, "粤B90004")
    document = services.file_document_add(
        actor=dealer["file_keeper"],
        file=file,
        upload=ContentFile(b"%PDF-1.4 secret", name="id.pdf"),
        confidentiality="confidential",
    )
    view = services.file_view(actor=dealer["sales_consultant"], file=file)
    assert view.readable and view.documents == []
    with pytest.raises(KefuError) as info:
        services.file_document_read(
            actor=dealer["sales_consultant"], file=file, document_id=document.pk
        )
    assert info.value.code == "files.read_not_allowed"
    assert AuditEntry.objects.filter(action="files.read_denied", target_id=file.pk).count() == 1
    read = services.file_document_read(
        actor=dealer["file_keeper"], file=file, document_id=document.pk
    )
    assert read == document
    assert AuditEntry.objects.filter(action="files.document_read").count() == 1


def test_the_access_log_is_for_the_file_manager(dealer, classified):
    services.file_view(actor=dealer["sales_consultant"], file=classified)
    log = list(selectors.access_log_for(dealer["customer_director"]))
    assert [e.action for e in log] == ["files.read_denied"]
    with pytest.raises(KefuError) as info:
        selectors.access_log_for(dealer["sales_consultant"])
    assert info.value.code == "files.not_manager"
