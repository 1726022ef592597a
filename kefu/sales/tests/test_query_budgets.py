"""Query budgets of the reception's hot path: "next" and "finish" (issue #16).

These count queries, not time. All six consultants are in two groups, so a
query per queue member or per group (re-reading the groups, the members or a
user per row) breaks the budget. Raise one only with a reason.
"""

import pytest
from django.utils import timezone

from kefu.sales import services as svc
from kefu.sales.tests.factories import make_office

URL = "/api/v1/sales"

# Both: the session, the user, the user's posts with their deputyships in one
# query (``user_site_ids``; the role check reuses it, and the sales roles come
# from ``kefu.sales.config``'s cached copy, whose version is read with the site or
# the reception); the day's row locked; its members with their users (the groups
# and the policy are in the cached copy); the changed members written in one
# UPDATE; the day's row; the audit entry; the savepoint pair (a transaction's
# BEGIN/COMMIT outside tests).
# "next": + the site (with the version), INSERT of the reception, and the audit
# entry's content type (cached per process; read once in a fresh test).
NEXT_BUDGET = 13
# "finish": + the reception (with its day, site and version; its people come with
# the members) read once; finished by one conditional UPDATE (no second read
# under the lock).
FINISH_BUDGET = 12


@pytest.fixture
def office(db):
    office = make_office("b", groups=True)
    g1, g2 = office.consultants[:3], office.consultants[3:]
    svc.queue_compile(
        actor=office["supervisor"],
        site=office.site,
        day=timezone.localdate(),
        order={"g1": g1, "g2": g2},
    )
    return office


def test_next_then_finish_read_the_queue_once(
    office,
    client,
    django_assert_max_num_queries,
):
    client.force_login(office["receptionist"])
    site = office.site.pk
    with django_assert_max_num_queries(NEXT_BUDGET):
        r = client.post(f"{URL}/queue/next", {"site_id": site}, content_type="application/json")
    assert r.status_code == 201, r.content
    reception = r.json()["id"]
    with django_assert_max_num_queries(FINISH_BUDGET):
        r = client.post(
            f"{URL}/queue/receptions/{reception}/finish",
            {"kind": "valid"},
            content_type="application/json",
        )
    assert r.status_code == 200 and r.json()["finished_at"], r.content
