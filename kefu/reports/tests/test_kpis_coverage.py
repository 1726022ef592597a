"""Face-to-face coverage and file hand-over timeliness in the KPI report.

Face-to-face (seed 000 L57, ≥ 90% a year): the visits app's hand-counted fixture —
10 tenants at the property centre; 6 met at the Q1 meeting on 28 March (租户1–6),
visits to 租户5 (10 Feb), 租户7 (2 Apr), 租户8 (6 May and 1 June), 租户9 only in 2025.
Year to the end of March: 6 of 10 = 60.0%; to the end of June: 8 of 10 = 80.0%
(both below 90%); the whole year is what ``coverage_for`` counts (8).

File hand-over (seed 000 L197, deadlines L183/L189): the fines test's month at a
car dealer, seen on Wed 25 March 2026 at 12:00 —
- after-sales (1 working day): delivered 2 Mar, never handed over (due 3 Mar, overdue);
  4 Mar → received 5 Mar 11:00 (on time); 5 Mar → received 9 Mar (due 6 Mar: late);
  19 Mar → received 20 Mar (on time): 2 of 4 = 50.0%;
- new cars (3 working days): delivered Mon 2 Mar, due Thu 5 Mar, received Fri 6 Mar
  (late); 16 Mar → due 19 Mar 18:00, received 17:59 (on time); 20 Mar (Fri) → due
  Wed 25 Mar 18:00, still ahead (not counted): 1 of 2 = 50.0%;
- in all 3 of 6 = 50.0%.
"""

from datetime import date, datetime
from decimal import Decimal as D
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from openpyxl import load_workbook

from kefu.core.tests.api_support import Api
from kefu.files import services as files
from kefu.files.tests.factories import at, complete_all, make_dealer, open_vehicle_file
from kefu.reports.selectors import kpis_for, kpis_for_sites
from kefu.reports.tests.test_kpis import month  # noqa: F401  (fixture)
from kefu.visits.models import MeetingKind
from kefu.visits.selectors import coverage_for, face_to_face_totals
from kefu.visits.services import meeting_record, tenant_visit_record
from kefu.visits.tests.factories import resident

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 6, 30, 17, 0, tzinfo=SH)
SEEN = at("2026-03-25 12:00")


@pytest.fixture
def tenants(pmc):
    clerk = pmc["cs_clerk"]
    ten = [
        resident(actor=clerk, site=pmc.site, name=f"租户{n}", number=f"{100 + n}", role="tenant")
        for n in range(1, 11)
    ]
    resident(actor=clerk, site=pmc.site, name="业主", number="999", role="owner")
    meeting_record(
        actor=clerk,
        site=pmc.site,
        kind=MeetingKind.QUARTERLY,
        held_on=date(2026, 3, 28),
        title="Q1",
        attendees=ten[:6],
        now=NOW,
    )
    for index, day in (
        (4, date(2026, 2, 10)),
        (6, date(2026, 4, 2)),
        (7, date(2026, 5, 6)),
        (7, date(2026, 6, 1)),
        (8, date(2025, 12, 30)),
    ):
        tenant_visit_record(actor=clerk, customer=ten[index], visited_on=day, now=NOW)
    return pmc


def test_face_to_face_is_the_year_to_the_period_s_end(tenants):
    site = [tenants.site.pk]
    march = kpis_for_sites(site, period="monthly", day=date(2026, 3, 1)).figures["face_to_face"]
    assert (march.part, march.whole, march.value) == (6, 10, D("60.0"))
    assert march.target == 90 and march.meets_target is False
    june = kpis_for_sites(site, period="monthly", day=date(2026, 6, 1)).figures["face_to_face"]
    assert (june.part, june.whole, june.value) == (8, 10, D("80.0"))
    whole_year = coverage_for(tenants.site, 2026)
    assert face_to_face_totals(site, year=2026) == (whole_year.tenants, whole_year.met)


def test_face_to_face_drills_down_to_the_tenants_not_met(tenants):
    api = Api(tenants["cs_director"])
    query = {"period": "monthly", "day": "2026-06-01", "metric": "tenants_not_met"}
    body = api.get("/reports/kpis/records", query).json()
    assert body["count"] == 2
    assert {r["name"] for r in body["items"]} == {"租户9", "租户10"}
    assert all(r["url"].startswith("/customers/") for r in body["items"])
    client = Client(headers={"accept-language": "zh-hans"})
    client.force_login(tenants["cs_director"])
    page = client.get("/reports/records/", query).content.decode()
    assert "租户10" in page and "租户1<" not in page


@pytest.fixture
def dealer_month(db):
    dealer = make_dealer()

    def hand_over(file, received):
        hander = (
            dealer["sales_consultant"]
            if file.kind.handed_by == "sales"
            else dealer["service_advisor"]
        )
        line = files.handover_register(actor=hander, file=file, now=at(received))
        files.handover_receive(actor=dealer["file_keeper"], handover=line, now=at(received))

    after, new = dealer.after_sales, dealer.new_car
    open_vehicle_file(dealer, after, "粤B20001", delivered_at=at("2026-03-02 09:00"))
    for plate, delivered, received in (
        ("粤B20002", "2026-03-04 09:00", "2026-03-05 11:00"),
        ("粤B20003", "2026-03-05 09:00", "2026-03-09 11:00"),
        ("粤B20004", "2026-03-19 09:00", "2026-03-20 11:00"),
    ):
        file = open_vehicle_file(dealer, after, plate, delivered_at=at(delivered))
        complete_all(dealer, file)
        hand_over(file, received)
    for plate, delivered, received in (
        ("粤C30001", "2026-03-02 09:00", "2026-03-06 10:00"),
        ("粤C30002", "2026-03-16 09:00", "2026-03-19 17:59"),
        ("粤C30003", "2026-03-20 09:00", None),
    ):
        file = open_vehicle_file(dealer, new, plate, delivered_at=at(delivered))
        complete_all(dealer, file)
        if received:
            hand_over(file, received)
    return dealer


def test_file_hand_over_timeliness_per_department(dealer_month):
    kpis = kpis_for_sites([dealer_month.site.pk], period="monthly", day=date(2026, 3, 1), now=SEEN)
    figure = kpis.figures["file_handover"]
    assert (figure.part, figure.whole, figure.value) == (3, 6, D("50.0"))
    assert kpis.handover == [
        {"department": "after_sales", "due": 4, "met": 2, "rate": D("50.0")},
        {"department": "sales", "due": 2, "met": 1, "rate": D("50.0")},
    ]
    later = kpis_for_sites(
        [dealer_month.site.pk], period="monthly", day=date(2026, 3, 1), now=at("2026-04-01 09:00")
    )
    assert later.figures["file_handover"].whole == 7  # 25 March's deadline has passed


def test_file_hand_over_in_the_api_excel_pdf_and_drill_down(dealer_month):
    user = dealer_month["gm"]
    query = {"period": "monthly", "day": "2026-03-01"}
    body = Api(user).get("/reports/kpis", query).json()
    assert body["figures"]["file_handover"]["whole"] == 7  # seen today: every deadline passed
    assert {r["department"] for r in body["handover"]} == {"after_sales", "sales"}
    late = Api(user).get("/reports/kpis/records", {**query, "metric": "files_handover_late"})
    assert late.json()["count"] == 4
    assert all(r["url"].startswith("/files/") for r in late.json()["items"])
    client = Client(headers={"accept-language": "zh-hans"})
    client.force_login(user)
    page = client.get("/reports/", query).content.decode()
    assert "档案按时移交率" in page
    book = load_workbook(BytesIO(client.get("/reports/kpi.xlsx", query).content))
    figures = [row[0] for row in book.worksheets[0].values]
    assert "档案按时移交率" in figures and "档案移交" in book.sheetnames
    streamed = client.get("/reports/records.xlsx", {**query, "metric": "files_handover_late"})
    rows = list(load_workbook(BytesIO(b"".join(streamed.streaming_content))).active.values)
    assert len(rows) == 5  # header + 4 files
    assert client.get("/reports/kpi.pdf", query).content.startswith(b"%PDF")


def test_a_site_without_tenants_or_files_shows_no_rate(month):  # noqa: F811
    kpis = kpis_for(month["cs_director"], period="monthly", day=date(2026, 3, 1))
    assert kpis.figures["face_to_face"].value is None
    assert kpis.figures["file_handover"].value is None and kpis.handover == []
