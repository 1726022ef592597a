"""The KPI queries: same figures as the former per-request walk, and a query count that
does not grow with the requests or the sites (issue #12: 1,000,000 requests, < 1 s a month).

The former code walked every replied request through the site's calendar for "solved
within 1 working day" and ran one ``GROUP BY`` per dimension; the reference functions
below are that code, and random months are checked against it, around the Qingming
holiday (Sat 4 – Mon 6 April 2026), midnight intakes (they belong to the day before)
and replies exactly at the deadline (以内 includes it) and one second after.
"""

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from kefu.calendar.selectors import work_calendar_for
from kefu.core.tests.api_support import Api
from kefu.desk.models import Status, Ticket
from kefu.desk.tests.factories import register_ticket
from kefu.reports import rules
from kefu.reports.selectors import DIMENSIONS, kpis_for_sites, tickets_in
from kefu.reports.tests.test_kpis import client_for, month  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
APRIL = date(2026, 4, 1)


def walked(site_ids, start, end):
    """The figures as computed before: per-row calendar walk, one GROUP BY per dimension."""
    tickets = tickets_in(site_ids, start, end)
    counted = tickets.exclude(status=Status.REJECTED)
    solved = replied = 0
    for site_id, received, answered in counted.filter(replied_at__isnull=False).values_list(
        "site_id", "received_at", "replied_at"
    ):
        replied += 1
        deadline = work_calendar_for(site_id).add_working_days(received, 1).at
        solved += answered <= deadline
    counts = {}
    for dimension, (key, label) in DIMENSIONS.items():
        rows = tickets.order_by().values(key, label).annotate(n=Count("id"))
        counts[dimension] = {(r[key], r[label] or "—"): r["n"] for r in rows}
    return solved, replied, counts


@pytest.fixture
def random_april(xlm, pmc):
    """60 requests at two sites with random intakes from 30 March to 2 May."""
    rng = random.Random(2026)
    made = []
    for preset_site in (xlm, pmc):
        for n in range(30):
            made.append(
                register_ticket(
                    actor=preset_site["cs_director"],
                    site=preset_site.site,
                    category_code="product_quality" if preset_site is xlm else "property_service",
                    now=datetime(2026, 3, 30, 9, tzinfo=SH),
                    subject=f"随机{n}",
                )
            )
    base = datetime(2026, 3, 30, tzinfo=SH)
    for n, ticket in enumerate(made):
        if n % 7 == 0:
            received = base + timedelta(days=rng.randrange(34))  # exactly midnight
        else:
            received = base + timedelta(seconds=rng.randrange(34 * 86400))
        deadline = work_calendar_for(ticket.site_id).add_working_days(received, 1).at
        replied = rng.choice(
            [
                None,
                deadline,
                deadline + timedelta(seconds=1),
                received + timedelta(hours=rng.uniform(0.5, 120)),
            ]
        )
        Ticket.objects.filter(pk=ticket.pk).update(
            received_at=received,
            replied_at=replied,
            status=Status.REJECTED if n % 11 == 0 else Status.REPLIED,
            sla_paused_total=timedelta(hours=2) if n % 5 == 0 else None,
        )
    return [xlm.site.pk, pmc.site.pk]


@pytest.mark.parametrize("period,day", [("monthly", APRIL), ("weekly", date(2026, 4, 3))])
def test_grouped_figures_equal_the_walk(random_april, period, day):
    start, end = rules.period_bounds(period, day)
    solved, replied, counts = walked(random_april, start, end)
    kpis = kpis_for_sites(random_april, period=period, day=day)
    figure = kpis.figures["solved_1_working_day"]
    assert (figure.part, figure.whole) == (solved, replied)
    assert replied > 5 and 0 < solved < replied
    for dimension, rows in kpis.counts.items():
        assert {(r["id"], r["name"]): r["n"] for r in rows} == counts[dimension]
        assert [r["n"] for r in rows] == sorted((r["n"] for r in rows), reverse=True)
    assert kpis.figures["requests"].value == tickets_in(random_april, start, end).count()


def test_day_runs_merge_days_with_the_same_deadline():
    fri, sat, sun, mon = (date(2026, 4, d) for d in (3, 4, 5, 6))
    runs = rules.day_runs([(fri, "Tue"), (sat, "Tue"), (sun, "Tue"), (mon, "Wed")])
    assert runs == [(fri, mon, "Tue"), (mon, date(2026, 4, 7), "Wed")]
    assert rules.day_runs([]) == []


def count_queries(fn) -> int:
    with CaptureQueriesContext(connection) as queries:
        fn()
    return len(queries)


def test_the_query_count_does_not_grow_with_sites_or_requests(random_april, month):  # noqa: F811
    """Two sites cost what one does; more requests cost no more queries."""
    one = count_queries(lambda: kpis_for_sites(random_april[:1], period="monthly", day=APRIL))
    two = count_queries(lambda: kpis_for_sites(random_april, period="monthly", day=APRIL))
    three = count_queries(
        lambda: kpis_for_sites([*random_april, month.site.pk], period="monthly", day=APRIL)
    )
    assert one == two == three <= 9


def test_query_budget_of_the_page_and_the_api(month, django_assert_max_num_queries):  # noqa: F811
    """The dashboard, its exports and the API run a fixed number of queries (issue #12):
    3 for the session, the user and their sites, 9 for the figures, 1 for the trend."""
    query = {"period": "monthly", "day": "2026-03-01"}
    client = client_for(month["cs_director"])
    api = Api(month["cs_director"])
    client.get("/reports/", query)  # warm the per-process caches (calendar, site config)
    for path, budget in (("/reports/", 14), ("/reports/kpi.xlsx", 12), ("/reports/kpi.pdf", 13)):
        with django_assert_max_num_queries(budget):
            assert client.get(path, query).status_code == 200
    with django_assert_max_num_queries(12):
        assert api.get("/reports/kpis", query).status_code == 200
