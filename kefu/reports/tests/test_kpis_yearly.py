"""KPI figures of a year (issue #12): one pass over the year's range, hand-counted.

2026 at the telecom-preset site of ``test_kpis`` (its hand-counted March), plus
five requests in other months:
- Thu 15 Jan 10:00, replied after 2 h (solved within 1 working day);
- Fri 30 Jan 17:00, replied after 100 h on Tue 3 Feb (the next working day's close,
  Mon 2 Feb, is long past: not solved);
- Mon 15 Jun 09:00, never replied;
- Thu 10 Sep 09:00, rejected (counts in "requests", not in the rates);
- Mon 2 Nov 09:00, replied after 4 h, closed on Wed 4 Nov (within 7 days); its
  complaint-reply visit due on 10 Nov is done, not satisfied (2 of 5).

- Requests 11 + 5 = 16; reply rate 14 / 15 = 93.3 % (March 11 of 11).
- Average final reply (260 + 2 + 100 + 4) / 14 = 366 / 14 = 26.1 h (> 17 h).
- Solved within 1 working day (10 + 1 + 1) / 14 = 85.7 %.
- Closed within 7 days (1 + 1) / 15 = 13.3 %.
- Return visits: 4 due, 3 done → 75.0 %; satisfied 2 of 3 → 66.7 % (all after a
  complaint reply: 66.7 % too).

Every count is the sum of the twelve monthly calls'; the rates and the average are
Σ part / Σ whole over the year, not an average of the monthly rates (March alone is
100.0 % replied and 23.6 h).
"""

from datetime import date, datetime
from decimal import Decimal as D
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from kefu.assessment.tests.factories import eoms_ticket
from kefu.core.tests.api_support import Api, assert_error
from kefu.desk.services import ticket_accept, ticket_close, ticket_reject
from kefu.desk.tests.factories import register_ticket
from kefu.reports import rules
from kefu.reports.selectors import kpis_for_sites, monthly_trend, trend_for
from kefu.reports.tests.test_kpis import client_for, month  # noqa: F401  (fixture)
from kefu.reports.tests.test_kpis_queries import count_queries
from kefu.visits.services import visit_record, visit_schedule

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
YEAR = date(2026, 1, 1)
#: seen after the year: every deadline of 2026 is decided
SEEN = datetime(2027, 1, 15, 9, tzinfo=SH)


def at(*args) -> datetime:
    return datetime(*args, tzinfo=SH)


@pytest.fixture
def year(month):  # noqa: F811
    cs = month["cs_director"]
    eoms_ticket(month, at(2026, 1, 15, 10), sign_for_h=1, reply_h=2)
    eoms_ticket(month, at(2026, 1, 30, 17), sign_for_h=1, reply_h=100)
    june = register_ticket(actor=cs, site=month.site, now=at(2026, 6, 15, 9))
    ticket_accept(actor=cs, ticket=june, now=at(2026, 6, 15, 10))
    september = register_ticket(actor=cs, site=month.site, now=at(2026, 9, 10, 9))
    ticket_reject(actor=cs, ticket=september, reason="重复投诉", now=at(2026, 9, 10, 10))
    november = eoms_ticket(month, at(2026, 11, 2, 9), sign_for_h=1, reply_h=4)
    ticket_close(actor=cs, ticket=november, now=at(2026, 11, 4, 10))
    visit = visit_schedule(
        actor=cs,
        site=month.site,
        reason="complaint_reply",
        due_on=date(2026, 11, 10),
        ticket=november,
        visitor=cs,
        now=at(2026, 11, 3, 9),
    )
    visit_record(actor=cs, visit=visit, reached=True, satisfaction=2, now=at(2026, 11, 10, 15))
    return month


def months_of(site_ids: list[int]):
    day = YEAR
    for _ in range(12):
        yield kpis_for_sites(site_ids, period=rules.MONTHLY, day=day, now=SEEN)
        day = rules.period_bounds(rules.MONTHLY, day)[1]


def test_the_hand_counted_year(year):
    kpis = kpis_for_sites([year.site.pk], period=rules.YEARLY, day=date(2026, 7, 9), now=SEEN)
    f = kpis.figures
    assert (kpis.period, kpis.start, kpis.end) == ("yearly", YEAR, date(2027, 1, 1))
    assert f["requests"].value == 16
    assert (f["reply_rate"].part, f["reply_rate"].whole, f["reply_rate"].value) == (
        14,
        15,
        D("93.3"),
    )
    assert f["average_reply_hours"].value == D("26.1")
    assert f["average_reply_hours"].meets_target is False
    solved = f["solved_1_working_day"]
    assert (solved.part, solved.whole, solved.value) == (12, 14, D("85.7"))
    assert (f["closed_7_days"].part, f["closed_7_days"].value) == (2, D("13.3"))
    completion = f["visit_completion"]
    assert (completion.part, completion.whole, completion.value) == (3, 4, D("75.0"))
    assert f["satisfaction_visit"].value == f["satisfaction_reply"].value == D("66.7")
    assert kpis.counts["site"] == [{"id": year.site.pk, "name": year.site.name, "n": 16}]
    assert {r["clock"] for r in kpis.ontime} >= {"first_response", "reply"}


def test_the_year_is_the_sum_of_its_months(year):
    """Counts, parts and wholes (requests per dimension, replies, visits, on time per
    clock, file hand-over) are the twelve months' sums; face-to-face coverage is the
    year to its end, December's."""
    sites = [year.site.pk]
    kpis = kpis_for_sites(sites, period=rules.YEARLY, day=YEAR, now=SEEN)
    months = list(months_of(sites))
    for key, figure in kpis.figures.items():
        if key == "face_to_face":
            assert (figure.part, figure.whole) == (
                months[-1].figures[key].part,
                months[-1].figures[key].whole,
            )
            continue
        if key == "requests":
            assert figure.value == sum(m.figures[key].value for m in months)
            continue
        part = sum(m.figures[key].part or 0 for m in months)
        assert figure.part == part, key
        if figure.whole is not None:
            whole = sum(m.figures[key].whole or 0 for m in months)
            assert (figure.whole, figure.value) == (whole, rules.rate(part, whole)), key
    for dimension, rows in kpis.counts.items():
        summed: dict[int | None, int] = {}
        for m in months:
            for r in m.counts[dimension]:
                summed[r["id"]] = summed.get(r["id"], 0) + r["n"]
        assert {r["id"]: r["n"] for r in rows} == summed, dimension
    ontime: dict[str, list[int]] = {}
    for m in months:
        for r in m.ontime:
            ontime.setdefault(r["clock"], [0, 0])
            ontime[r["clock"]][0] += r["due"]
            ontime[r["clock"]][1] += r["met"]
    assert {r["clock"]: [r["due"], r["met"]] for r in kpis.ontime} == ontime
    assert sum(due for due, _met in ontime.values()) > 0
    # the rates are over the year, not the mean of the months' rates
    assert kpis.figures["reply_rate"].value != months[2].figures["reply_rate"].value


def test_the_year_costs_the_queries_of_a_month(year):
    """One pass over the year's range: the same grouped queries as a month (issue #12:
    a year of 20 sites was twelve monthly calls, 5.19 s over 1,000,000 requests)."""
    sites = [year.site.pk]
    kpis_for_sites(sites, period=rules.MONTHLY, day=YEAR, now=SEEN)  # warm the caches
    monthly = count_queries(lambda: kpis_for_sites(sites, period="monthly", day=YEAR, now=SEEN))
    yearly = count_queries(lambda: kpis_for_sites(sites, period="yearly", day=YEAR, now=SEEN))
    assert yearly == monthly <= 9


def test_the_trend_of_a_year_is_its_own_months(year):
    kpis = kpis_for_sites([year.site.pk], period=rules.YEARLY, day=YEAR, now=SEEN)
    trend = trend_for(kpis)
    assert [r["month"] for r in trend] == [f"2026-{m:02d}" for m in (1, 3, 6, 11)]
    assert trend == monthly_trend([year.site.pk], month=date(2026, 12, 1))
    assert sum(r["requests"] for r in trend) == 15  # rejected requests are not charted


YEARLY = {"period": "yearly", "day": "2026-01-01"}


def test_yearly_page_excel_pdf_and_api_show_the_same_numbers(year):
    client = client_for(year["cs_director"])
    html = client.get("/reports/", YEARLY).content.decode()
    assert "2026-01-01 — 2027-01-01" in html and "26.1h" in html and "85.7%" in html
    assert 'value="yearly" selected' in html and "年度报表PDF" in html
    book = load_workbook(BytesIO(client.get("/reports/kpi.xlsx", YEARLY).content))
    figures = {row[0]: row[1:4] for row in book.worksheets[0].iter_rows(values_only=True)}
    assert figures["平均最终回复时长(小时)"] == (26.1, 14, None)
    assert figures["回复率"] == (93.3, 14, 15)
    pdf = client.get("/reports/kpi.pdf", YEARLY)
    assert (
        pdf.content.startswith(b"%PDF") and 'filename="kpi-2026.pdf"' in pdf["Content-Disposition"]
    )
    body = Api(year["cs_director"]).get("/reports/kpis", YEARLY).json()
    assert (body["period"], body["start"], body["end"]) == ("yearly", "2026-01-01", "2027-01-01")
    assert body["figures"]["requests"]["value"] == 16
    assert body["figures"]["solved_1_working_day"]["part"] == 12
    assert body["ontime"]
    listed = Api(year["cs_director"]).get("/reports/kpis/records", {**YEARLY, "metric": "requests"})
    assert listed.json()["count"] == 16
    records = client.get("/reports/records/", {**YEARLY, "metric": "not_replied"})
    assert records.content.decode().count('<td><a href="/desk/') == 1


def test_query_budget_of_the_yearly_page_and_api(year, django_assert_max_num_queries):
    """The budgets of the month hold for a year (``test_kpis_queries``)."""
    client = client_for(year["cs_director"])
    api = Api(year["cs_director"])
    client.get("/reports/", YEARLY)  # warm the per-process caches (calendar, site config)
    for path, budget in (("/reports/", 14), ("/reports/kpi.xlsx", 12), ("/reports/kpi.pdf", 13)):
        with django_assert_max_num_queries(budget):
            assert client.get(path, YEARLY).status_code == 200
    with django_assert_max_num_queries(12):
        assert api.get("/reports/kpis", YEARLY).status_code == 200


@pytest.mark.parametrize("period", ["quarterly", "YEARLY", "annual"])
def test_a_period_that_does_not_exist_is_refused(month, period):  # noqa: F811
    api = Api(month["cs_director"])
    body = assert_error(api.get("/reports/kpis", {"period": period}), 422, "invalid")
    assert "period" in str(body["fields"])
    assert_error(
        api.get("/reports/kpis/records", {"period": period, "metric": "requests"}), 422, "invalid"
    )
    page = client_for(month["cs_director"]).get("/reports/", {"period": period})
    assert page.status_code == 400 and 'class="error-code"' in page.content.decode()
    assert ">invalid<" in page.content.decode()


def test_year_rules():
    assert rules.period_bounds("yearly", date(2024, 2, 29)) == (date(2024, 1, 1), date(2025, 1, 1))
    assert rules.period_bounds("yearly", date(2026, 12, 31)) == (YEAR, date(2027, 1, 1))
    assert rules.previous_period("yearly", date(2026, 1, 1)) == (date(2025, 1, 1), YEAR)
    assert "yearly" in rules.PERIODS


@pytest.mark.parametrize(
    "period,day", [("yearly", "9999-06-01"), ("monthly", "9999-12-15"), ("daily", "0001-01-01")]
)
def test_a_day_past_the_calendar_is_a_coded_400(month, period, day):  # noqa: F811
    """9999-12-31 has no next month or year, 0001-01-01 no day before: refused with a
    code (they were a 500), on the API, the records and the page."""
    api = Api(month["cs_director"])
    query = {"period": period, "day": day}
    body = assert_error(api.get("/reports/kpis", query), 400, "reports.day_out_of_range")
    assert set(body["fields"]) == {"day"}
    records = api.get("/reports/kpis/records", {**query, "metric": "requests"})
    assert_error(records, 400, "reports.day_out_of_range")
    page = client_for(month["cs_director"]).get("/reports/", query)
    assert page.status_code == 400 and "reports.day_out_of_range" in page.content.decode()


def test_the_first_and_last_days_a_report_covers(month):  # noqa: F811
    api = Api(month["cs_director"])
    assert api.get("/reports/kpis", {"period": "yearly", "day": "2999-12-31"}).status_code == 200
    assert api.get("/reports/kpis", {"period": "daily", "day": "1900-01-01"}).status_code == 200
