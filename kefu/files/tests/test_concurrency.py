"""Races on PostgreSQL (and SQLite): file numbers, one loan out, one decision."""

import pytest

from kefu.core.errors import KefuError
from kefu.core.tests.concurrency import race
from kefu.files import services
from kefu.files.models import CustomerFile, FileLoan
from kefu.files.tests.factories import make_dealer, open_vehicle_file, vehicle_of
from kefu.org.tests.factories import UserFactory


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_files_opened_at_once_get_distinct_numbers():
    dealer = make_dealer("race1")
    owners = [vehicle_of(dealer.site, f"粤B5000{i}") for i in range(4)]

    def open_one(i: int):
        customer, vehicle = owners[i]
        return services.file_open(
            actor=dealer["file_keeper"],
            site=dealer.site,
            kind=dealer.new_car,
            customer=customer,
            vehicle=vehicle,
        ).number

    numbers, errors = race(open_one, 4)
    assert errors == []
    assert sorted(numbers) == [f"NEW_CAR-{n:06d}" for n in range(1, 5)]
    assert CustomerFile.objects.filter(site=dealer.site).count() == 4


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_two_loans_of_one_paper_file_approved_at_once_lend_it_once():
    dealer = make_dealer("race2")
    file = open_vehicle_file(dealer, dealer.new_car, "粤B51111")
    loans = [
        services.loan_request(
            actor=dealer["service_advisor"], file=file, material="合同", reason=f"核对{i}"
        )
        for i in range(2)
    ]
    approvers = [
        dealer["info_specialist"],
        UserFactory(username="sun_info_2", positions=[dealer.position("info_specialist")]),
    ]

    def approve(i: int):
        return services.loan_decide(actor=approvers[i], loan=loans[i], approve=True).status

    results, errors = race(approve, 2)
    assert results == ["lent"]
    assert [e.code for e in errors if isinstance(e, KefuError)] == ["files.file_lent"]
    assert FileLoan.objects.filter(file=file, status="lent").count() == 1


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_two_approvers_of_a_disclosure_at_once_give_both_approvals():
    # seed 000 L529: the 客户信息主管 and the 客户服务部经理 approve at the same moment
    dealer = make_dealer("race3")
    file = open_vehicle_file(dealer, dealer.new_car, "粤B52222")
    application = services.access_apply(
        actor=dealer["service_advisor"],
        file=file,
        kind="disclose",
        purpose="理赔",
        reason="保险公司来函",
        recipient="保险公司",
    )
    approvers = [dealer["info_supervisor"], dealer["cs_manager"]]

    def approve(i: int):
        return services.access_decide(
            actor=approvers[i], application=application, approve=True
        ).status

    results, errors = race(approve, 2)
    assert errors == [] and sorted(results) == ["approved", "pending"]
    application.refresh_from_db()
    assert application.status == "approved"
    assert {application.first_approved_by, application.decided_by} == set(approvers)


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_one_destruction_request_per_recording_at_once():
    from datetime import timedelta

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from kefu.files.models import FileDestruction
    from kefu.files.tests.factories import grant, wav

    dealer = make_dealer("race4")
    grant(dealer.position("customer_director"), "files.recordings")
    recording = services.recording_add(
        actor=dealer["file_keeper"],
        site=dealer.site,
        upload=ContentFile(wav(), name="call.wav"),
        called_at=timezone.now() - timedelta(days=60),
    )
    managers = [
        dealer["customer_director"],
        UserFactory(username="zhao_2", positions=[dealer.position("customer_director")]),
    ]

    def request(i: int):
        return services.destruction_request(actor=managers[i], recording=recording, reason="期满")

    results, errors = race(request, 2)
    assert len(results) == 1
    assert [e.code for e in errors if isinstance(e, KefuError)] == ["files.destruction_pending"]
    assert FileDestruction.objects.filter(recording=recording).count() == 1
