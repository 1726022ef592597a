"""The demo's scorecards: three months computed, one signed off and adjusted, one draft."""

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
