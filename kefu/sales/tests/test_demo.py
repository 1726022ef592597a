"""The sales demo: a week of history and today's queue, collision, split deal, dispute."""

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from kefu.org.models import User
from kefu.sales.demo import build_sales_demo
from kefu.sales.models import Deal, Dispute, QueueDay, Visit
from kefu.sales.selectors import board_for, ledger_net


@pytest.mark.slow
def test_sales_demo(db):
    superuser = User.objects.create(username="demo", is_superuser=True, is_staff=True)
    now = timezone.now()
    site = build_sales_demo(
        superuser=superuser, password="x", group=Group.objects.create(name="g"), now=now
    )
    assert QueueDay.objects.filter(site=site).count() == 8
    board = board_for(site, timezone.localdate(now))
    assert board.last.seq == 2 and board.next_consultant is not None
    assert Visit.objects.filter(site=site, collision_with__isnull=False).count() == 1
    deal = Deal.objects.get(site=site, unit="3-1502")
    assert sorted(ledger_net(deal).values()) == [703_703, 1_641_975]
    assert Dispute.objects.get(site=site).status == "open"
