"""``rows_update``: the rows' fields as ``bulk_update`` would write them, in one statement."""

from datetime import UTC, datetime

import pytest

from kefu.core.db import rows_update
from kefu.org.models import Site
from kefu.org.tests.factories import SiteFactory


@pytest.mark.django_db
def test_rows_update_writes_each_rows_own_values_in_one_statement(
    django_assert_num_queries,
):
    a, b, untouched = SiteFactory(), SiteFactory(), SiteFactory(name="同名")
    a.name, a.is_active = "售楼处 A", False
    b.name, b.updated_at = "O'Brien's", datetime(2026, 12, 6, 8, 30, tzinfo=UTC)
    with django_assert_num_queries(1):
        assert rows_update([a, b], ["name", "is_active", "updated_at"]) == 2
    got = {s.pk: s for s in Site.objects.filter(pk__in=[a.pk, b.pk, untouched.pk])}
    assert (got[a.pk].name, got[a.pk].is_active) == ("售楼处 A", False)
    assert (got[b.pk].name, got[b.pk].is_active) == ("O'Brien's", True)
    assert got[b.pk].updated_at == b.updated_at
    assert got[untouched.pk].name == "同名"


def test_rows_update_of_nothing_sends_nothing():
    assert rows_update([], ["name"]) == 0
