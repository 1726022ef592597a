"""The on-time rate report: per site, department, month and clock; pauses excluded."""

from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook

from kefu.calendar.tests.factories import at
from kefu.core.tests.api_support import Api, assert_error
from kefu.desk import services
from kefu.desk.sla_report import sla_ontime_report
from kefu.desk.tests.factories import register_ticket

FRI = at(2026, 2, 13, 10)
NOW = at(2026, 3, 2, 9)


@pytest.fixture
def february(xlm):
    """Four complaints of Fri 13 Feb 2026; the handling opinion is due by the 2nd
    working day, the end of Tue 24 Feb (seed 002 L116)."""
    services.site_sla_preset_apply(actor=None, site=xlm.site, key="furniture_maker")
    cs, pm = xlm["cs_director"], xlm["production_manager"]

    def complaint():
        t = register_ticket(actor=cs, site=xlm.site, now=FRI)
        services.ticket_accept(actor=cs, ticket=t, now=FRI)
        services.ticket_assign(actor=cs, ticket=t, now=FRI)
        return t

    def reply(t, when):
        services.ticket_reply(actor=pm, ticket=t, reply_content="已答复", now=when)

    on_time, late, _open, paused = (complaint() for _ in range(4))
    reply(on_time, at(2026, 2, 24, 10))  # 264 h after intake
    reply(late, at(2026, 2, 26, 10))  # 312 h
    services.ticket_pause(actor=pm, ticket=paused, reason="等客户照片", now=at(2026, 2, 13, 12))
    services.ticket_resume(actor=pm, ticket=paused, now=at(2026, 2, 14, 12))
    reply(paused, at(2026, 2, 24, 10))  # 264 h less 24 h paused
    return xlm


def test_rate_and_average_without_paused_time(february):
    rows = sla_ontime_report(february["cs_director"], month=date(2026, 2, 1), now=NOW)
    [row] = [r for r in rows if r.clock == "handling_opinion"]
    assert (row.site, row.department) == ("XLM", "生产部")
    assert (row.due, row.met, row.missed) == (4, 2, 2)
    assert row.rate == 50.0
    assert row.avg_hours == round((264 + 312 + 240) / 3, 1)


def test_a_deadline_still_ahead_is_not_counted(february):
    # Seen from before the deadline, the open complaint is not decided yet.
    rows = sla_ontime_report(february["cs_director"], month=date(2026, 2, 1), now=FRI)
    [row] = [r for r in rows if r.clock == "handling_opinion"]
    assert (row.due, row.met, row.missed) == (3, 2, 1) and row.rate == 66.7


def test_another_site_s_user_sees_nothing(february, pmc):
    assert sla_ontime_report(pmc["cs_director"], month=date(2026, 2, 1), now=NOW) == []


def test_page_and_excel_export(february, client, settings):
    settings.LANGUAGE_CODE = "en"
    client.force_login(february["cs_director"])
    page = client.get("/desk/reports/sla/", {"month": "2026-02"})
    assert page.status_code == 200 and "50.0" in page.content.decode()
    export = client.get("/desk/reports/sla/", {"month": "2026-02", "format": "xlsx"})
    sheet = load_workbook(BytesIO(export.content)).active
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    assert values[0][0] == "Site"
    assert values[1][:6] == ["XLM", "生产部", "Handling opinion", 4, 2, 2]


def test_page_refuses_a_foreign_site(february, pmc, client):
    client.force_login(february["cs_director"])
    assert client.get("/desk/reports/sla/", {"site": pmc.site.pk}).status_code == 404


def test_api_report_and_its_errors(february, pmc):
    api = Api(february["cs_director"])
    body = api.get("/reports/sla", {"month": "2026-02"}).json()
    row = next(r for r in body["rows"] if r["clock"] == "handling_opinion")
    assert row["due"] >= 4  # counted at the real now: every deadline has passed
    assert row["met"] == 2 and row["rate"] == pytest.approx(100 * 2 / row["due"], abs=0.1)
    assert_error(api.get("/reports/sla", {"month": "2026-13"}), 422, "invalid")
    foreign = api.get("/reports/sla", {"month": "2026-02", "site": pmc.site.pk})
    assert_error(foreign, 404, "org.site_not_found")
