"""The request lifecycle: registered → accepted/rejected → assigned → in progress →
replied → closed; reopen with a reason (issue #3, seed 000 L723)."""

import pytest

from kefu.desk.rules import TRANSITIONS, allowed_actions, reopen_target


def test_registered_may_only_be_accepted_or_rejected():
    assert sorted(allowed_actions("registered")) == ["accept", "reject"]


def test_close_only_after_reply():
    # seed 000 L723 有解必答: no close without a reply to the customer
    for status in ["registered", "accepted", "assigned", "in_progress", "rejected", "closed"]:
        assert "close" not in allowed_actions(status)
    assert "close" in allowed_actions("replied")


@pytest.mark.parametrize("action", ["reject", "reopen"])
def test_reject_and_reopen_need_a_reason(action):
    assert TRANSITIONS[action].needs_reason


def test_reopen_of_rejected_goes_back_to_decision():
    assert reopen_target(status="rejected", has_assignee=False) == "registered"


def test_reopen_of_closed_returns_to_work():
    assert reopen_target(status="closed", has_assignee=True) == "in_progress"
    assert reopen_target(status="closed", has_assignee=False) == "accepted"


def test_nothing_leaves_closed_but_reopen():
    assert allowed_actions("closed") == ["reopen"]
