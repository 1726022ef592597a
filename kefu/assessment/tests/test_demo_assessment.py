"""The demo: three months computed, one signed off and adjusted, one draft; a pending
appeal in the ledger; three monthly reports in the inbox."""

import pytest
from django.utils import timezone

from kefu.assessment.models import Scorecard


@pytest.mark.slow
def test_demo_has_three_computed_months_one_frozen_and_adjusted(demo):
    cards = list(Scorecard.objects.filter(site__code="sunshine").order_by("month"))
    assert len(cards) == 3
    assert all(c.computed_at is not None for c in cards)
    assert cards[0].status == "signed_off" and cards[0].adjustment == 1
    assert cards[-1].status == "draft"
    assert all(c.lines.filter(kind="manual", approved_by__isnull=False).exists() for c in cards)
    # the ledger: one approved entry, one appeal pending for the 总经理
    from kefu.assessment.models import LedgerEntry

    demo = LedgerEntry.objects.filter(site__code="sunshine", dedupe_key__startswith="demo.")
    assert sorted(demo.values_list("status", flat=True)) == ["appealed", "approved"]
    # the monthly complaint statistics of the last three months in the inbox (by the 10th)
    from kefu.reports.models import GeneratedReport

    statistics = GeneratedReport.objects.filter(
        site__code="sunshine", schedule__code="complaint_statistics"
    )
    assert statistics.count() == 3
    assert all(timezone.localtime(r.due_at).day == 10 for r in statistics)
    # and the latest of the other named reports (daily tracking, the 30th's test table)
    named = set(GeneratedReport.objects.values_list("schedule__code", flat=True))
    assert named == {"complaint_statistics", "tracking_daily", "test_table_monthly"}
