"""The demo: three months computed, one signed off and adjusted, one draft; a pending
appeal in the ledger; three monthly reports in the inbox."""

from io import StringIO

from django.core.management import call_command

from kefu.assessment.models import Scorecard


def test_demo_has_three_computed_months_one_frozen_and_adjusted(db):
    call_command("load_demo", requests=60, stdout=StringIO())
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
    # the monthly report of the last three months in the inbox
    from kefu.reports.models import GeneratedReport

    assert GeneratedReport.objects.filter(site__code="sunshine", period="monthly").count() == 3
