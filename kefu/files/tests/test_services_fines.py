"""F1–F5b into the one penalty ledger, E1/E2 doubling and E3's daily repeat."""

import pytest

from kefu.assessment.models import LedgerEntry
from kefu.core.errors import KefuError
from kefu.files import services
from kefu.files.models import FileViolation
from kefu.files.tests.factories import at, complete_all, open_vehicle_file


def fines(person):
    return list(
        LedgerEntry.objects.filter(person=person)
        .order_by("occurred_at", "id")
        .values_list("rule", "amount_fen")
    )


def hand_over(dealer, file, *, registered, received):
    hander = (
        dealer["sales_consultant"] if file.kind.handed_by == "sales" else dealer["service_advisor"]
    )
    line = services.handover_register(actor=hander, file=file, now=at(registered))
    return services.handover_receive(actor=dealer["file_keeper"], handover=line, now=at(received))


def test_worked_example_totals_270_in_a_month(dealer):
    # seed 000 L187–193, worked example: a service advisor commits F3 (50), F5 (20),
    # F4 (50×2 = 100), F5a (50×2 = 100) in one month: 270 yuan.
    advisor = dealer["service_advisor"]
    kind = dealer.after_sales
    f3 = open_vehicle_file(dealer, kind, "粤B20001", delivered_at=at("2026-03-02 09:00"))
    services.file_violation_record(
        actor=dealer["customer_director"],
        file=f3,
        person=advisor,
        rule="files.f3_contact_not_verified",
        occurred_at=at("2026-03-02 10:00"),
        corrected=True,
    )
    f5 = open_vehicle_file(dealer, kind, "粤B20002", delivered_at=at("2026-03-04 09:00"))
    complete_all(dealer, f5, except_codes={"settlement"})
    hand_over(dealer, f5, registered="2026-03-05 10:00", received="2026-03-05 11:00")
    f4 = open_vehicle_file(dealer, kind, "粤B20003", delivered_at=at("2026-03-05 09:00"))
    complete_all(dealer, f4)
    hand_over(dealer, f4, registered="2026-03-09 10:00", received="2026-03-09 11:00")
    f5a = open_vehicle_file(dealer, kind, "粤B20004", delivered_at=at("2026-03-19 09:00"))
    complete_all(dealer, f5a, except_codes={"work_order"})
    item = f5a.items.get(item__code="work_order")
    services.file_item_check(
        actor=dealer["file_keeper"], file_item=item, present=True, defect="customer_signature"
    )
    hand_over(dealer, f5a, registered="2026-03-20 10:00", received="2026-03-20 11:00")
    assert fines(advisor) == [
        ("files.f3_contact_not_verified", 5000),
        ("files.f5_after_sales_incomplete", 2000),
        ("files.f4_after_sales_late", 10000),
        ("files.f5a_after_sales_customer_signature", 10000),
    ]
    assert sum(amount for _rule, amount in fines(advisor)) == 27000


def test_sales_doubling_from_the_second_in_a_month(dealer):
    # E1 (seed 000 L193): a sales consultant's 2nd penalised violation in a month doubles.
    kind = dealer.new_car
    for n, (delivered, received) in enumerate(
        [("2026-03-02 09:00", "2026-03-06 10:00"), ("2026-03-09 09:00", "2026-03-13 10:00")]
    ):
        file = open_vehicle_file(dealer, kind, f"粤C3000{n}", delivered_at=at(delivered))
        complete_all(dealer, file)
        hand_over(dealer, file, registered=received, received=received)
    # delivered Mon 2 Mar: due Thu 5 Mar 18:00; received Fri 6 Mar → F1
    assert fines(dealer["sales_consultant"]) == [
        ("files.f1_sales_late", 5000),
        ("files.f1_sales_late", 10000),
    ]


def test_handed_over_within_the_deadline_is_not_fined(dealer):
    file = open_vehicle_file(
        dealer, dealer.new_car, "粤C30010", delivered_at=at("2025-09-30 10:00")
    )
    complete_all(dealer, file)
    # due Sat 11 Oct 2025 18:00 (make-up workday after National Day)
    hand_over(dealer, file, registered="2025-10-11 17:00", received="2025-10-11 17:59")
    assert fines(dealer["sales_consultant"]) == []


def test_e3_repeats_every_working_day_until_corrected(dealer):
    # E3 (seed 000 L201): not corrected within 1 working day → a new violation of the
    # same amount, each working day, until corrected. F5 20 on Thu 5 Mar 2026;
    # due for correction Fri 6 Mar 18:00 and Mon 9 Mar 18:00 (the weekend does not count).
    advisor = dealer["service_advisor"]
    file = open_vehicle_file(
        dealer, dealer.after_sales, "粤B20010", delivered_at=at("2026-03-04 09:00")
    )
    complete_all(dealer, file, except_codes={"settlement"})
    hand_over(dealer, file, registered="2026-03-05 10:00", received="2026-03-05 10:30")
    assert services.file_violations_repeat(now=at("2026-03-07 12:00")) == 1
    assert services.file_violations_repeat(now=at("2026-03-09 20:00")) == 1
    assert services.file_violations_repeat(now=at("2026-03-09 21:00")) == 0  # idempotent
    # the 3rd in the month is doubled (E2)
    assert fines(advisor) == [("files.f5_after_sales_incomplete", a) for a in (2000, 2000, 4000)]
    item = file.items.get(item__code="settlement")
    services.file_item_check(
        actor=dealer["file_keeper"], file_item=item, present=True, now=at("2026-03-10 09:00")
    )
    assert services.file_violations_repeat(now=at("2026-03-13 20:00")) == 0
    violation = FileViolation.objects.get(file=file)
    assert violation.repeats == 2 and violation.corrected_at == at("2026-03-10 09:00")


def test_overdue_scan_charges_late_and_repeats_until_received(dealer):
    # F1 at the deadline (Sat 11 Oct 2025 18:00), E3 on Mon 13 and Tue 14 Oct.
    sales = dealer["sales_consultant"]
    file = open_vehicle_file(
        dealer, dealer.new_car, "粤C30020", delivered_at=at("2025-09-30 10:00")
    )
    assert services.files_overdue_scan(now=at("2025-10-11 17:00")) == 0
    assert services.files_overdue_scan(now=at("2025-10-12 09:00")) == 1
    assert services.files_overdue_scan(now=at("2025-10-12 10:00")) == 0
    assert services.file_violations_repeat(now=at("2025-10-14 20:00")) == 2
    assert fines(sales) == [("files.f1_sales_late", a) for a in (5000, 10000, 10000)]
    complete_all(dealer, file)
    hand_over(dealer, file, registered="2025-10-15 09:00", received="2025-10-15 09:30")
    assert len(fines(sales)) == 3  # no second F1 for the same lateness
    assert FileViolation.objects.get(file=file).corrected_at == at("2025-10-15 09:30")
    assert services.file_violations_repeat(now=at("2025-10-20 20:00")) == 0


def test_only_the_director_records_violations(dealer):
    file = open_vehicle_file(dealer, dealer.after_sales, "粤B20020")
    with pytest.raises(KefuError) as info:
        services.file_violation_record(
            actor=dealer["file_keeper"],
            file=file,
            person=dealer["service_advisor"],
            rule="files.f3_contact_not_verified",
        )
    assert info.value.code == "files.not_enforcer"
    with pytest.raises(KefuError) as info:
        services.file_violation_record(
            actor=dealer["customer_director"],
            file=file,
            person=dealer["service_advisor"],
            rule="sales.something_else",
        )
    assert info.value.code == "files.rule_unknown"
    assert LedgerEntry.objects.count() == 0
