"""The SLA scan killed mid-run and restarted sends every step exactly once.

A real worker process (``manage.py sla_watch --once``) is killed with SIGKILL
while it works through the requests, then run again. Runs on SQLite and on
PostgreSQL (whichever DATABASE_URL the test run uses).
"""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from kefu.desk import services
from kefu.desk.models import TicketSlaMark
from kefu.desk.tests.factories import register_ticket
from kefu.notify.models import Notification

ROOT = Path(__file__).resolve().parents[3]
REQUESTS = 30
STEPS = 3  # assignee, department head, 总经理


def database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    user = s.get("USER") or "postgres"
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    host = f"{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}"
    return f"postgres://{user}{password}@{host}/{s['NAME']}"


def scan_process(throttle: float) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "KEFU_SLA_SCAN_THROTTLE": str(throttle),
        "KEFU_TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "sla_watch", "--once"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.concurrency
def test_killed_scan_restarts_and_sends_each_step_exactly_once(xlm):
    services.site_sla_preset_apply(actor=None, site=xlm.site, key="furniture_maker")
    cs, deputy = xlm["cs_director"], xlm["cs_deputy"]
    start = timezone.now() - timedelta(days=20)
    for _ in range(REQUESTS):
        ticket = register_ticket(actor=cs, site=xlm.site, now=start)
        services.ticket_accept(actor=cs, ticket=ticket, now=start)
        services.ticket_assign(actor=cs, ticket=ticket, assignee=deputy, now=start)
    expected = REQUESTS * STEPS

    worker = scan_process(throttle=0.1)
    deadline = time.monotonic() + 60
    seen = 0
    while time.monotonic() < deadline and worker.poll() is None:
        seen = TicketSlaMark.objects.count()
        if seen >= STEPS * 3:
            break
        time.sleep(0.02)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=30)
    killed_at = TicketSlaMark.objects.count()
    assert 0 < killed_at < expected, (killed_at, worker.stderr.read().decode()[-2000:])
    # What was committed is whole: every request has all its steps or none.
    per_ticket = TicketSlaMark.objects.values("ticket").annotate(n=Count("id"))
    assert {row["n"] for row in per_ticket} == {STEPS}

    again = scan_process(throttle=0)
    out, err = again.communicate(timeout=120)
    assert again.returncode == 0, err.decode()[-2000:]
    assert TicketSlaMark.objects.count() == expected
    keys = list(TicketSlaMark.objects.values_list("ticket", "clock", "due", "kind", "step"))
    assert len(keys) == len(set(keys)) == expected
    notes = Notification.objects.filter(kind="desk.sla_escalation")
    assert notes.count() == expected
    assert notes.values("dedupe_key", "recipient").distinct().count() == expected
    assert sorted(set(notes.values_list("recipient__username", flat=True))) == [
        "li_deputy",
        "wang_pm",
        "zhao_gm",
    ]
    # A third run finds nothing left to send.
    third = scan_process(throttle=0)
    out, _err = third.communicate(timeout=120)
    assert b"0 warnings/escalations sent" in out
