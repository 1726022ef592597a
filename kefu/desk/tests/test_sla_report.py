"""The on-time rate report: per site, department, month and clock; pauses excluded."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from openpyxl import load_workbook

from kefu.calendar.tests.factories import at
from kefu.core.tests.api_support import Api, assert_error
from kefu.desk import services, sla
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


# --- the grouped aggregate gives what the per-request walk gave --------------------------


def walked_rows(site_ids, month, now):
    """The report as it was computed before issue #12's speed-up: every request with a
    deadline in the month walked in Python through ``clock_outcome`` (the reference)."""
    from kefu.desk import sla
    from kefu.desk.models import Status, Ticket
    from kefu.desk.sla_report import DONE_FIELD, clock_outcome, month_bounds

    start, end = month_bounds(month)
    rows = {}
    for t in Ticket.objects.filter(site_id__in=site_ids).select_related("handling_department"):
        for clock in sla.CLOCKS:
            due = getattr(t, f"{clock}_due")
            if due is None or not (start <= due < end):
                continue
            dept = t.handling_department.name if t.handling_department else "—"
            row = rows.setdefault((t.site.name, dept, clock), [0, 0, 0, 0.0, 0])
            done_at = getattr(t, DONE_FIELD[clock])
            outcome = clock_outcome(
                due=due, done_at=done_at, rejected=t.status == Status.REJECTED, now=now
            )
            if outcome in ("met", "missed"):
                row[0] += 1
                row[1 if outcome == "met" else 2] += 1
            if done_at is not None and outcome != "none":
                worked = done_at - t.received_at - (t.sla_paused_total or timedelta())
                row[3] += max(worked, timedelta()).total_seconds() / 3600
                row[4] += 1
    return {k: (v[0], v[1], v[2], round(v[3] / v[4], 1) if v[4] else None) for k, v in rows.items()}


def test_grouped_aggregate_matches_the_walk(february):
    """Random deadlines around February, stops before and after them, rejections and
    pauses: the one grouped query gives the walk's due / met / missed / average."""
    import random

    from kefu.desk.models import Status, Ticket
    from kefu.desk.sla_report import sla_ontime_rows

    cs = february["cs_director"]
    for _ in range(30):
        register_ticket(actor=cs, site=february.site, now=FRI)
    rng = random.Random(12)
    base = at(2026, 1, 20)

    def instant(days):
        return base + timedelta(hours=rng.uniform(0, days * 24))

    for t in Ticket.objects.filter(site=february.site).order_by("pk")[4:]:
        received = instant(20)
        due = {
            f"{c}_due": (received + timedelta(hours=rng.uniform(1, 40 * 24)))
            if rng.random() < 0.8
            else None
            for c in ("first_response", "reply", "handling_opinion", "resolution", "closure")
        }
        done = {
            f: (received + timedelta(hours=rng.uniform(0, 45 * 24))) if rng.random() < 0.7 else None
            for f in ("accepted_at", "replied_at", "opinion_at", "closed_at")
        }
        Ticket.objects.filter(pk=t.pk).update(
            received_at=received,
            status=Status.REJECTED if rng.random() < 0.1 else Status.REPLIED,
            sla_paused_total=timedelta(hours=rng.choice([0, 5, 400]))
            if rng.random() < 0.3
            else None,
            **due,
            **done,
        )
    for now in (at(2026, 2, 10), NOW):
        rows = sla_ontime_rows(site_ids={february.site.pk}, month=date(2026, 2, 1), now=now)
        got = {(r.site, r.department, r.clock): (r.due, r.met, r.missed, r.avg_hours) for r in rows}
        assert got == walked_rows([february.site.pk], date(2026, 2, 1), now)
        assert sum(r.due for r in rows) > 20


def test_the_month_is_one_query(february, django_assert_num_queries):
    from kefu.desk.sla_report import sla_ontime_rows

    with django_assert_num_queries(1):
        sla_ontime_rows(site_ids={february.site.pk}, month=date(2026, 2, 1), now=NOW)


def test_the_totals_of_a_range_are_the_sum_of_its_months(february, django_assert_num_queries):
    """The reports app's year: the totals per clock of January–March in one query
    are the rows of each month, summed over months, sites and departments (a
    deadline falls in exactly one month)."""
    from kefu.desk.sla_report import month_bounds, sla_ontime_rows, sla_ontime_totals

    sites = {february.site.pk}
    months = [date(2026, m, 1) for m in (1, 2, 3)]
    summed: dict[str, list] = {}
    for month in months:
        for r in sla_ontime_rows(site_ids=sites, month=month, now=NOW):
            entry = summed.setdefault(r.clock, [0, 0, 0, 0, 0.0])
            for i, value in enumerate((r.due, r.met, r.missed, r.stopped, r.total_hours)):
                entry[i] += value
    start, end = month_bounds(months[0])[0], month_bounds(months[-1])[1]
    with django_assert_num_queries(1):
        rows = sla_ontime_totals(site_ids=sites, start=start, end=end, now=NOW)
    got = {r.clock: [r.due, r.met, r.missed, r.stopped, pytest.approx(r.total_hours)] for r in rows}
    assert got == summed and sum(v[0] for v in summed.values()) > 0
    assert [r.clock for r in rows] == [c for c in sla.CLOCKS if c in summed]
    brief = sla_ontime_totals(site_ids=sites, start=start, end=end, now=NOW, hours=False)
    assert [(r.clock, r.due, r.met, r.missed) for r in brief] == [
        (r.clock, r.due, r.met, r.missed) for r in rows
    ]
    assert {r.avg_hours for r in brief} == {None}
