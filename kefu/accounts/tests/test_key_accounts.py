"""Key accounts (seed 000 篇十一, L567–581): plans with actuals, notes, requests, reviews."""

from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from kefu.accounts import errors, services
from kefu.accounts.models import AccountReview, EntryKind, SalesPlan
from kefu.accounts.selectors import plan_rows
from kefu.accounts.tests.factories import d
from kefu.core.tests.api_support import Api, assert_error
from kefu.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kam(dist):
    return UserFactory(username="kam", positions=[])


@pytest.fixture
def key(dist, kam):
    account = dist.account(code="K1", is_key_account=True, key_account_manager=kam)
    from kefu.org.models import PositionAssignment

    PositionAssignment.objects.create(
        user=kam, position=dist["partner_unit"].assignments.first().position
    )
    for day, fen in (("2026-01-10", 100_000), ("2026-02-05", 50_000), ("2026-02-27", 25_000)):
        services.credit_entry_record(
            actor=dist["sales_clerk"],
            account=account,
            kind=EntryKind.SHIPMENT,
            occurred_on=d(day),
            amount_fen=fen,
        )
    return account


def test_plans_at_three_levels_with_actuals(dist, kam, key):
    # seed 000 L581: 年度、季度、月度销售计划
    for period, start, target in (
        ("year", date(2026, 1, 1), 2_000_000),
        ("quarter", date(2026, 1, 1), 300_000),
        ("month", date(2026, 2, 1), 100_000),
    ):
        services.sales_plan_set(
            actor=kam, account=key, period=period, starts_on=start, target_fen=target
        )
    rows = {(r.plan.period, r.actual_fen, r.percent) for r in plan_rows(key)}
    assert rows == {("year", 175_000, 9), ("quarter", 175_000, 58), ("month", 75_000, 75)}
    services.sales_plan_set(
        actor=kam, account=key, period="month", starts_on=date(2026, 2, 1), target_fen=75_000
    )
    assert SalesPlan.objects.count() == 3  # replaced, not added
    with pytest.raises(errors.PlanPeriodInvalid):
        services.sales_plan_set(
            actor=kam, account=key, period="quarter", starts_on=date(2026, 2, 1), target_fen=1
        )
    with pytest.raises(errors.CannotManageKeyAccount):
        services.sales_plan_set(
            actor=dist["regional_manager"],
            account=key,
            period="month",
            starts_on=date(2026, 3, 1),
            target_fen=1,
        )


def test_monthly_review_freezes_the_figures_once(dist, kam, key):
    services.sales_plan_set(
        actor=kam, account=key, period="month", starts_on=date(2026, 2, 1), target_fen=100_000
    )
    review = services.account_review_record(
        actor=kam, account=key, month=date(2026, 2, 14), summary="二月完成75%,春节影响"
    )
    assert (review.month, review.target_fen, review.actual_fen) == (
        date(2026, 2, 1),
        100_000,
        75_000,
    )
    with pytest.raises(errors.ReviewExists):
        services.account_review_record(actor=kam, account=key, month=date(2026, 2, 1), summary="x")
    assert AccountReview.objects.count() == 1


def test_key_account_api_and_page(dist, kam, key, django_assert_max_num_queries):
    api = Api(kam)
    r = api.post(
        f"/accounts/{key.pk}/plans",
        {"period": "month", "starts_on": "2026-02-01", "target_fen": 100_000},
    )
    assert r.status_code == 200 and r.json()["plans"][0]["actual_fen"] == 75_000
    note = api.post(f"/accounts/{key.pk}/notes", {"kind": "logistics", "body": "2月27日发货已签收"})
    assert note.status_code == 201
    review = api.post(f"/accounts/{key.pk}/reviews", {"month": "2026-02-01", "summary": "完成75%"})
    assert review.status_code == 201 and review.json()["actual_fen"] == 75_000
    assert_error(
        api.post(f"/accounts/{key.pk}/reviews", {"month": "2026-02-01", "summary": "again"}),
        409,
        "accounts.review_exists",
    )
    assert_error(
        Api(dist["regional_manager"]).post(
            f"/accounts/{key.pk}/notes", {"kind": "order", "body": "x"}
        ),
        403,
        "accounts.cannot_manage_key_account",
    )
    with django_assert_max_num_queries(15):
        body = api.get(f"/accounts/{key.pk}/key-account").json()
    assert [n["kind"] for n in body["notes"]] == ["logistics"] and body["requests"] == []
    c = Client()
    c.force_login(kam)
    with django_assert_max_num_queries(25):
        page = c.get(f"/business/{key.pk}/key/")
    assert page.status_code == 200 and "2月27日发货已签收" in page.content.decode()
    r = c.post(
        f"/business/{key.pk}/key/note/",
        {"kind": "order", "body": f"订单 {timezone.localdate():%m%d}"},
    )
    assert r.status_code == 302
