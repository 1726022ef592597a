"""Borrowing the paper file: ≤ 3 days, approval, return by the keeper, reminders
and the overdue list (seed 000 L505–517)."""

from datetime import timedelta

import pytest

from kefu.core.errors import KefuError
from kefu.core.models import AuditEntry
from kefu.files import selectors, services
from kefu.files.models import FileLoan
from kefu.files.tests.factories import at, open_vehicle_file
from kefu.notify.models import Notification

pytestmark = pytest.mark.django_db


def refused(code, fn, **kwargs):
    before = (
        list(FileLoan.objects.values_list("id", "status")),
        AuditEntry.objects.count(),
    )
    with pytest.raises(KefuError) as info:
        fn(**kwargs)
    assert info.value.code == code
    assert (
        list(FileLoan.objects.values_list("id", "status")),
        AuditEntry.objects.count(),
    ) == before


def borrow(dealer, file, *, days=3, now="2026-03-02 09:00"):
    return services.loan_request(
        actor=dealer["service_advisor"],
        file=file,
        material="销售合同原件",
        copies=1,
        reason="核对保修条款",
        days=days,
        now=at(now),
    )


@pytest.fixture
def file(dealer):
    return open_vehicle_file(dealer, dealer.new_car, "粤B70001")


def test_a_loan_lasts_three_days_at_most(dealer, file):
    # seed 000 L515: 借阅时间不得超过三天
    refused(
        "files.loan_too_long",
        services.loan_request,
        actor=dealer["service_advisor"],
        file=file,
        material="合同",
        reason="核对",
        days=4,
    )
    loan = borrow(dealer, file)
    loan = services.loan_decide(
        actor=dealer["info_specialist"], loan=loan, approve=True, now=at("2026-03-02 10:00")
    )
    assert loan.status == "lent" and loan.due_at == at("2026-03-05 10:00")


def test_only_the_information_specialist_approves(dealer, file):
    loan = borrow(dealer, file)
    refused(
        "files.not_loan_approver",
        services.loan_decide,
        actor=dealer["file_keeper"],
        loan=loan,
        approve=True,
    )


def test_the_paper_file_is_out_once_at_a_time(dealer, file):
    first, second = borrow(dealer, file), borrow(dealer, file)
    services.loan_decide(actor=dealer["info_specialist"], loan=first, approve=True)
    refused(
        "files.file_lent",
        services.loan_decide,
        actor=dealer["info_specialist"],
        loan=second,
        approve=True,
    )


def test_the_keeper_records_the_return(dealer, file):
    loan = borrow(dealer, file)
    services.loan_decide(
        actor=dealer["info_specialist"], loan=loan, approve=True, now=at("2026-03-02 10:00")
    )
    refused(
        "files.not_keeper",
        services.loan_return,
        actor=dealer["service_advisor"],
        loan=loan,
    )
    loan = services.loan_return(
        actor=dealer["file_keeper"], loan=loan, complete=False, now=at("2026-03-06 09:00")
    )
    assert (loan.status, loan.returned_to, loan.return_complete) == (
        "returned",
        dealer["file_keeper"],
        False,
    )
    entry = AuditEntry.objects.filter(action="files.loan_returned").get()
    assert entry.changes["late"] == [None, True]
    refused("files.loan_wrong_state", services.loan_return, actor=dealer["file_keeper"], loan=loan)


def test_reminders_on_the_due_day_and_the_overdue_list(dealer, file):
    loan = borrow(dealer, file)
    services.loan_decide(
        actor=dealer["info_specialist"], loan=loan, approve=True, now=at("2026-03-02 10:00")
    )
    assert services.loans_remind(now=at("2026-03-04 09:00")) == 0
    assert services.loans_remind(now=at("2026-03-05 09:00")) == 1  # due today
    services.loans_remind(now=at("2026-03-05 18:00"))  # same day: no second notice
    services.loans_remind(now=at("2026-03-06 09:00"))  # overdue
    kinds = list(
        Notification.objects.filter(recipient=dealer["service_advisor"])
        .order_by("id")
        .values_list("kind", flat=True)
    )
    assert kinds == ["files.loan_due", "files.loan_overdue"]
    overdue = selectors.loan_list_for(dealer["file_keeper"], overdue_at=at("2026-03-06 09:00"))
    assert list(overdue) == [loan]
    assert not selectors.loan_list_for(
        dealer["file_keeper"], overdue_at=at("2026-03-05 09:00") + timedelta(minutes=1)
    ).exists()


def test_a_classified_file_is_lent_only_to_who_may_read_it(dealer):
    secret = open_vehicle_file(dealer, dealer.new_car, "粤B70002", confidentiality="top_secret")
    refused(
        "files.read_not_allowed",
        services.loan_request,
        actor=dealer["service_advisor"],
        file=secret,
        material="合同",
        reason="核对",
    )
