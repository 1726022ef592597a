"""KPI figures against a hand-counted month (and the page, API, Excel, PDF, inbox).

March 2026 at a telecom-preset site (the scorecard test's month, seed 002 §7.3):
- 10 complaints: 6 replied after 26 h, 4 after 8 h (``march_records``), plus one
  received Mon 16 March 09:00 and replied after 72 h, then closed on the 20th.
- Requests 11; reply rate 11/11 = 100.0 %.
- Average final reply (6 × 26 + 4 × 8 + 72) / 11 = 260 / 11 = 23.6 h > 17 h (L178).
- Solved within 1 working day: the 26 h and 8 h replies fall before the close of
  the next working day; the 72 h one does not → 10/11 = 90.9 %.
- Closed within 7 days: 1/11 = 9.1 %.
- Return visits: 3 due in March, 2 done → completion 66.7 %; both satisfied
  (5 of 5) and both after a complaint reply → 100.0 % and 100.0 %.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal as D
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from openpyxl import load_workbook

from kefu.assessment.tests.factories import eoms_ticket, telecom_site
from kefu.assessment.tests.test_services_scorecard import march_records
from kefu.core.models import AuditEntry
from kefu.core.tests.api_support import Api, assert_error
from kefu.desk.services import ticket_close
from kefu.notify.models import Notification
from kefu.reports import rules
from kefu.reports.models import GeneratedReport, ReportSchedule
from kefu.reports.selectors import kpis_for, kpis_for_sites
from kefu.reports.services import report_generate, reports_run_due

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
MARCH = date(2026, 3, 1)


@pytest.fixture
def month(xlm):
    telecom_site(xlm)
    march_records(xlm)
    received = datetime(2026, 3, 16, 9, tzinfo=SH)
    slow = eoms_ticket(xlm, received, sign_for_h=1, reply_h=72)
    ticket_close(actor=xlm["cs_director"], ticket=slow, now=datetime(2026, 3, 20, 10, tzinfo=SH))
    return xlm


def test_the_hand_counted_month(month):
    kpis = kpis_for(month["cs_director"], period="monthly", day=date(2026, 3, 18))
    f = kpis.figures
    assert (kpis.start, kpis.end) == (MARCH, date(2026, 4, 1))
    assert f["requests"].value == 11
    assert (f["reply_rate"].value, f["reply_rate"].part, f["reply_rate"].whole) == (
        D("100.0"),
        11,
        11,
    )
    assert f["average_reply_hours"].value == D("23.6")
    assert f["average_reply_hours"].meets_target is False  # telecom: ≤ 17 h
    assert (f["solved_1_working_day"].part, f["solved_1_working_day"].whole) == (10, 11)
    assert f["solved_1_working_day"].value == D("90.9")
    assert f["closed_7_days"].value == D("9.1")
    assert (f["visit_completion"].part, f["visit_completion"].whole) == (2, 3)
    assert f["visit_completion"].value == D("66.7")
    assert f["satisfaction_visit"].value == f["satisfaction_reply"].value == D("100.0")
    assert sum(r["n"] for r in kpis.counts["channel"]) == 11
    assert kpis.counts["site"] == [{"id": month.site.pk, "name": month.site.name, "n": 11}]
    assert {r["clock"] for r in kpis.ontime} >= {"first_response", "reply"}


def test_periods_daily_and_weekly(month):
    site = [month.site.pk]
    daily = kpis_for_sites(site, period="daily", day=date(2026, 3, 16))
    assert daily.figures["requests"].value == 1
    weekly = kpis_for_sites(site, period="weekly", day=date(2026, 3, 4))  # Mon 2 – Sun 8
    assert (weekly.start, weekly.figures["requests"].value) == (date(2026, 3, 2), 6)


def test_on_time_of_a_week_is_the_sum_of_its_days(month):
    """On time per clock is shown for a day and a week too: the deadlines that fall
    in the period, so the seven days of a week add up to the week."""
    site = [month.site.pk]
    weekly = kpis_for_sites(site, period="weekly", day=date(2026, 3, 4))  # Mon 2 – Sun 8
    days: dict[str, list[int]] = {}
    for offset in range(7):
        daily = kpis_for_sites(site, period="daily", day=date(2026, 3, 2 + offset))
        for r in daily.ontime:
            due_met = days.setdefault(r["clock"], [0, 0])
            due_met[0] += r["due"]
            due_met[1] += r["met"]
    assert {r["clock"]: [r["due"], r["met"]] for r in weekly.ontime} == days
    assert sum(due for due, _met in days.values()) > 0


def test_period_rules():
    assert rules.period_bounds("weekly", date(2026, 3, 8)) == (date(2026, 3, 2), date(2026, 3, 9))
    assert rules.previous_period("monthly", date(2026, 3, 10)) == (
        MARCH - timedelta(days=28),
        MARCH,
    )
    assert rules.rate(10, 11) == D("90.9") and rules.rate(0, 0) is None
    assert rules.average_hours(260 * 3600, 11) == D("23.6")


def client_for(user) -> Client:
    client = Client(headers={"accept-language": "zh-hans"})
    client.force_login(user)
    return client


def test_dashboard_drilldown_excel_pdf_and_api_show_the_same_numbers(
    month, django_assert_max_num_queries
):
    client = client_for(month["cs_director"])
    query = {"period": "monthly", "day": "2026-03-01"}
    with django_assert_max_num_queries(60):
        page = client.get("/reports/", query)
    html = page.content.decode()
    assert page.status_code == 200 and "23.6h" in html and "90.9%" in html
    assert 'id="kpi-trend"' in html and "echarts.simple.min.js" in html and "<script>" not in html
    records = client.get("/reports/records/", {**query, "metric": "not_closed_7_days"})
    assert records.content.decode().count('<td><a href="/desk/') == 10
    book = load_workbook(BytesIO(client.get("/reports/kpi.xlsx", query).content))
    assert len(book.sheetnames) >= 6
    streamed = client.get("/reports/records.xlsx", {**query, "metric": "requests"})
    rows = list(load_workbook(BytesIO(b"".join(streamed.streaming_content))).active.values)
    assert len(rows) == 12  # header + 11 requests
    pdf = client.get("/reports/kpi.pdf", query)
    assert pdf.content.startswith(b"%PDF")
    body = Api(month["cs_director"]).get("/reports/kpis", query).json()
    assert body["figures"]["average_reply_hours"]["value"] == 23.6
    assert body["figures"]["solved_1_working_day"]["part"] == 10
    listed = Api(month["cs_director"]).get("/reports/kpis/records", {**query, "metric": "requests"})
    assert listed.json()["count"] == 11


def test_report_errors(month, pmc):
    api = Api(month["cs_director"])
    assert_error(api.get("/reports/kpis", {"site": pmc.site.pk}), 404, "reports.not_found")
    assert_error(
        api.get("/reports/kpis/records", {"metric": "nonsense"}), 400, "reports.metric_unknown"
    )
    assert_error(api.get("/reports/generated/999999"), 404, "reports.not_found")


def test_scheduled_report_lands_in_the_inbox_once(month):
    schedule = ReportSchedule.objects.create(site=month.site, period="monthly")
    schedule.recipients.add(month.position("gm"))
    now = datetime(2026, 4, 10, 9, tzinfo=SH)  # seed: the monthly report by the 10th
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("django.db.transaction.on_commit", lambda fn, **kw: fn())
        assert reports_run_due(now=now) == 1
        assert reports_run_due(now=now) == 0
    report = GeneratedReport.objects.get()
    assert report.starts_on == MARCH and report.figures["figures"]["requests"]["value"] == 11
    assert Notification.objects.filter(recipient=month["gm"], kind="reports.generated").count() == 1
    assert AuditEntry.objects.filter(action="reports.report_generated").count() == 1
    again = report_generate(actor=None, site=month.site, period="monthly", day=MARCH)
    assert again.pk == report.pk
    html = client_for(month["gm"]).get(report.get_absolute_url()).content.decode()
    assert "23.6h" in html
