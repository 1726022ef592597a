"""The periodic urging task only wraps the service; sla_watch enqueues it."""

import pytest

from kefu.guests.tasks import urging_urge_overdue_task

pytestmark = pytest.mark.django_db


def test_task_runs_the_urging_scan(pmc):
    assert urging_urge_overdue_task.call() == 0


def test_sla_watch_enqueues_the_urging_scan():
    from pathlib import Path

    import kefu.desk.management.commands.sla_watch as command

    assert "urging_urge_overdue_task.enqueue()" in Path(command.__file__).read_text()
