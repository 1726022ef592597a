"""Half-yearly custody inspections (seed 000 L487–491) and grading A–D (seed 001
L865–935, seed 000 L591): records, repairs, due dates, audit."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from kefu.core.errors import KefuError
from kefu.core.models import AuditEntry
from kefu.files import selectors, services
from kefu.files.models import CustodyInspection, CustomerFile, GradingSetting, InspectionFinding
from kefu.files.tests.factories import make_dealer, open_vehicle_file

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 12, 6)
NOW = datetime(2026, 12, 6, 10, tzinfo=SH)
YUAN = 100


def counts():
    return (
        CustodyInspection.objects.count(),
        InspectionFinding.objects.filter(repaired_on__isnull=False).count(),
        AuditEntry.objects.count(),
        list(CustomerFile.objects.order_by("id").values_list("grade", "review_due_on")),
    )


def refused(code, fn, **kwargs):
    before = counts()
    with pytest.raises(KefuError) as info:
        fn(**kwargs)
    assert info.value.code == code
    assert counts() == before


def inspect(dealer, on: date, findings=()):
    return services.inspection_record(
        actor=dealer["file_keeper"],
        site=dealer.site,
        inspected_on=on,
        scope="档案柜 A1–A3",
        findings=list(findings),
        today=TODAY,
    )


def test_an_inspection_is_recorded_with_findings_and_the_next_falls_due_in_six_months(dealer):
    file = open_vehicle_file(dealer, dealer.new_car, "粤B70001")
    inspection = inspect(
        dealer,
        date(2026, 6, 10),
        [
            services.FindingInput("faded", "标签字迹褪色", "A1", repair="重新打印"),
            services.FindingInput("mould", "档案袋霉点", "A3 1层", file=file),
        ],
    )
    assert inspection.next_due_on == date(2026, 12, 10)
    faded, mould = inspection.findings.order_by("id")
    assert (faded.repaired_on, faded.repaired_by) == (date(2026, 6, 10), dealer["file_keeper"])
    assert mould.repaired_on is None and mould.file == file
    assert AuditEntry.objects.filter(action="files.custody_inspected", target_id=inspection.pk)
    [row] = selectors.inspection_schedule(dealer["customer_director"], today=TODAY)
    assert (row.last, row.next_due_on, row.overdue, row.open_findings) == (
        inspection,
        date(2026, 12, 10),
        False,
        1,
    )
    [row] = selectors.inspection_schedule(dealer["file_keeper"], today=date(2026, 12, 10))
    assert row.overdue


def test_a_site_never_inspected_is_overdue(dealer):
    other = make_dealer("other")
    inspect(dealer, date(2026, 11, 1))
    rows = selectors.inspection_schedule(dealer["customer_director"], today=TODAY)
    assert [(r.site, r.overdue) for r in rows] == [(dealer.site, False)]
    [row] = selectors.inspection_schedule(other["file_keeper"], today=TODAY)
    assert (row.last, row.next_due_on, row.overdue) == (None, TODAY, True)


def test_a_repair_is_recorded_once(dealer):
    inspection = inspect(dealer, date(2026, 11, 1), [services.FindingInput("damp", "受潮", "A3")])
    finding = inspection.findings.get()
    keeper = dealer["file_keeper"]
    refused(
        "files.repair_required",
        services.finding_repair,
        actor=keeper,
        finding=finding,
        repair=" ",
        today=TODAY,
    )
    refused(
        "files.inspection_date_invalid",
        services.finding_repair,
        actor=keeper,
        finding=finding,
        repair="烘干",
        repaired_on=date(2026, 10, 1),
        today=TODAY,
    )
    refused(
        "files.not_keeper",
        services.finding_repair,
        actor=dealer["sales_consultant"],
        finding=finding,
        repair="烘干",
        today=TODAY,
    )
    done = services.finding_repair(
        actor=keeper,
        finding=finding,
        repair="烘干并更换档案袋",
        repaired_on=date(2026, 11, 3),
        today=TODAY,
    )
    assert (done.repaired_on, done.repaired_by) == (date(2026, 11, 3), keeper)
    refused(
        "files.finding_repaired",
        services.finding_repair,
        actor=keeper,
        finding=finding,
        repair="again",
        today=TODAY,
    )


def test_bad_inspections_record_nothing(dealer):
    keeper = dealer["file_keeper"]
    refused(
        "files.inspection_date_invalid",
        services.inspection_record,
        actor=keeper,
        site=dealer.site,
        inspected_on=date(2026, 12, 7),
        today=TODAY,
    )
    refused(
        "files.not_keeper",
        services.inspection_record,
        actor=dealer["service_advisor"],
        site=dealer.site,
        inspected_on=TODAY,
        today=TODAY,
    )
    refused(
        "files.finding_invalid",
        services.inspection_record,
        actor=keeper,
        site=dealer.site,
        inspected_on=TODAY,
        findings=[services.FindingInput("fire", "x")],
        today=TODAY,
    )
    refused(
        "files.finding_invalid",
        services.inspection_record,
        actor=keeper,
        site=dealer.site,
        inspected_on=TODAY,
        findings=[services.FindingInput("damp", " ")],
        today=TODAY,
    )


# --- grading ---------------------------------------------------------------------------


def grade(dealer, file, grade_, value_yuan, credit, reason="", now=NOW):
    return services.file_grade(
        actor=dealer["customer_director"],
        file=file,
        grade=grade_,
        annual_value_fen=value_yuan * YUAN,
        credit_rating=credit,
        reason=reason,
        now=now,
    )


def test_a_first_grade_is_temporary_for_six_months_then_reviewed_in_the_march_round(dealer):
    # seed 001 L899: new customers get a temporary grade, evaluated after six months;
    # L889: the yearly round by 25–30 March
    GradingSetting.objects.create(site=dealer.site, preset_key="seed001_annual_abc")
    file = open_vehicle_file(dealer, dealer.new_car, "粤B70002")
    first = grade(dealer, file, "A", 6_000_000, "good")
    assert (first.grade, first.grade_temporary, first.review_due_on) == (
        "A",
        True,
        date(2027, 6, 6),
    )
    second = grade(dealer, file, "B", 2_000_000, "normal", now=datetime(2027, 6, 1, tzinfo=SH))
    assert (second.grade, second.grade_temporary, second.review_due_on) == (
        "B",
        False,
        date(2028, 3, 30),
    )
    entries = list(selectors.grade_history(file))
    assert [e.changes["grade"] for e in entries] == [["A", "B"], [None, "A"]]
    assert entries[0].changes["suggested"] == [None, "B"]


def test_a_grade_off_the_rules_needs_a_reason(dealer):
    GradingSetting.objects.create(site=dealer.site, preset_key="seed001_annual_abc")
    file = open_vehicle_file(dealer, dealer.new_car, "粤B70003")
    refused(
        "files.grade_reason_required",
        grade,
        dealer=dealer,
        file=file,
        grade_="A",
        value_yuan=2_000_000,
        credit="good",
    )
    graded = grade(dealer, file, "A", 2_000_000, "good", reason="战略客户,销售部长确认")
    assert AuditEntry.objects.get(action="files.graded").note == "战略客户,销售部长确认"
    assert graded.grade == "A"


def test_grades_must_be_the_sites_and_graders_must_hold_the_right(dealer):
    file = open_vehicle_file(dealer, dealer.new_car, "粤B70004")
    # the default scheme (seed 000 L591) has A–D; the [GRD] one only A–C
    assert grade(dealer, file, "D", 0, "normal").review_due_on == date(2027, 12, 6)
    GradingSetting.objects.create(site=dealer.site, preset_key="seed001_annual_abc")
    refused(
        "files.grade_invalid",
        grade,
        dealer=dealer,
        file=file,
        grade_="D",
        value_yuan=0,
        credit="normal",
    )
    refused(
        "files.credit_rating_invalid",
        grade,
        dealer=dealer,
        file=file,
        grade_="C",
        value_yuan=0,
        credit="excellent",
    )
    refused(
        "files.not_grader",
        services.file_grade,
        actor=dealer["sales_consultant"],
        file=file,
        grade="C",
        annual_value_fen=0,
        credit_rating="normal",
    )


def test_grading_a_classified_file_needs_the_right_to_read_it(dealer):
    secret = open_vehicle_file(dealer, dealer.new_car, "粤B70005", confidentiality="confidential")
    refused(
        "files.read_not_allowed",
        grade,
        dealer=dealer,
        file=secret,
        grade_="D",
        value_yuan=0,
        credit="normal",
    )


def test_files_due_for_review_are_listed_earliest_first(dealer):
    a = open_vehicle_file(dealer, dealer.new_car, "粤B70006")
    b = open_vehicle_file(dealer, dealer.new_car, "粤B70007")
    open_vehicle_file(dealer, dealer.new_car, "粤B70008")  # never graded
    grade(dealer, a, "D", 0, "normal", now=datetime(2025, 12, 1, tzinfo=SH))  # due 2026-12-01
    grade(dealer, b, "D", 0, "normal", now=datetime(2026, 1, 20, tzinfo=SH))  # due 2027-01-20
    director = dealer["customer_director"]
    assert list(selectors.files_due_for_review(director, today=TODAY, within_days=30)) == [a]
    assert list(selectors.files_due_for_review(director, today=TODAY, within_days=60)) == [a, b]
    with pytest.raises(KefuError) as info:
        selectors.files_due_for_review(dealer["sales_consultant"], today=TODAY)
    assert info.value.code == "files.not_grader"


def test_keepers_and_graders_are_reminded_weekly(dealer):
    from kefu.files.tasks import reviews_remind_task
    from kefu.notify.models import Notification

    file = open_vehicle_file(dealer, dealer.new_car, "粤B70009")
    grade(dealer, file, "D", 0, "normal", now=datetime(2025, 12, 1, tzinfo=SH))
    inspect(dealer, date(2026, 5, 1))  # next due 2026-11-01: overdue
    assert services.reviews_remind(today=TODAY) == 2
    due = Notification.objects.filter(kind="files.inspection_due")
    keepers = {dealer["file_keeper"], dealer["info_specialist"]}
    assert {n.recipient for n in due} == keepers
    grades = Notification.objects.filter(kind="files.grade_review_due")
    assert {n.recipient for n in grades} == {dealer["customer_director"]}
    services.reviews_remind(today=date(2026, 12, 7))  # the same ISO week: no second notice
    assert due.count() == 2 and grades.count() == 1
    assert reviews_remind_task.call() >= 0
