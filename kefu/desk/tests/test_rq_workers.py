"""The SLA scan and the outbox on Redis + RQ workers (KEFU_TASKS_BACKEND=rq).

The same tasks the database backend runs are enqueued on RQ by a process
configured with the RQ backend, and run by real ``manage.py rqworker``
processes. A worker is killed (its whole process group, as a machine going
down) in the middle of the scan; the next minute's enqueue (what ``sla_watch``
does) and a fresh worker finish the work: every SLA step is recorded and
notified exactly once, every e-mail of the outbox is sent once.

Needs Redis (127.0.0.1:6379, or KEFU_TEST_REDIS_URL); skipped without it
outside CI, a failure under CI=true.
"""

import os
import random
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.db.models import Count
from django.utils import timezone

from kefu.desk import services
from kefu.desk.models import TicketSlaMark
from kefu.desk.tests.factories import register_ticket
from kefu.desk.tests.test_escalation_restart import ROOT, STEPS, database_url
from kefu.notify.models import Delivery, Notification

REQUESTS = 30
ENQUEUE = (
    "from kefu.desk.tasks import sla_scan_task; from kefu.notify.tasks import deliver_pending;"
    " sla_scan_task.enqueue(); deliver_pending.enqueue()"
)


@pytest.fixture
def redis_url():
    import redis

    base = os.environ.get("KEFU_TEST_REDIS_URL", "redis://127.0.0.1:6379")
    url = f"{base}/{random.randint(1, 15)}"  # a database of its own, emptied before and after
    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        client.flushdb()
    except redis.exceptions.ConnectionError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is unreachable at {base} under CI: {exc}")
        pytest.skip(f"Redis is unreachable at {base}")
    yield url
    client.flushdb()


def _env(redis_url: str, throttle: float = 0) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url(),
        "KEFU_TASKS_BACKEND": "rq",
        "KEFU_REDIS_URL": redis_url,
        "KEFU_SLA_SCAN_THROTTLE": str(throttle),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }


def _manage(redis_url: str, *args: str, throttle: float = 0, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=_env(redis_url, throttle),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **kwargs,
    )


def _enqueue(redis_url: str) -> None:
    process = _manage(redis_url, "shell", "-c", ENQUEUE)
    _out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err.decode()[-2000:]


@pytest.mark.django_db(transaction=True)
@pytest.mark.concurrency
def test_rq_workers_run_the_scan_and_the_outbox_exactly_once_after_a_kill(xlm, redis_url):
    services.site_sla_preset_apply(actor=None, site=xlm.site, key="furniture_maker")
    cs, deputy = xlm["cs_director"], xlm["cs_deputy"]
    for user in (deputy, xlm["production_manager"], xlm["gm"]):
        user.email = f"{user.username}@example.cn"
        user.save(update_fields=["email"])
    start = timezone.now() - timedelta(days=20)
    for _ in range(REQUESTS):
        ticket = register_ticket(actor=cs, site=xlm.site, now=start)
        services.ticket_accept(actor=cs, ticket=ticket, now=start)
        services.ticket_assign(actor=cs, ticket=ticket, assignee=deputy, now=start)
    expected = REQUESTS * STEPS

    _enqueue(redis_url)
    worker = _manage(redis_url, "rqworker", "default", throttle=0.1, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and worker.poll() is None:
        if TicketSlaMark.objects.count() >= STEPS * 3:
            break
        time.sleep(0.02)
    os.killpg(worker.pid, signal.SIGKILL)  # the worker and its work horse, mid-scan
    worker.wait(timeout=30)
    killed_at = TicketSlaMark.objects.count()
    assert 0 < killed_at < expected, (killed_at, worker.stderr.read().decode()[-2000:])
    per_ticket = TicketSlaMark.objects.values("ticket").annotate(n=Count("id"))
    assert {row["n"] for row in per_ticket} == {STEPS}  # whole requests only

    # The next minute: sla_watch enqueues again, a new worker drains the queue.
    _enqueue(redis_url)
    again = _manage(redis_url, "rqworker", "default", "--burst")
    _out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err.decode()[-2000:]

    assert TicketSlaMark.objects.count() == expected
    keys = list(TicketSlaMark.objects.values_list("ticket", "clock", "due", "kind", "step"))
    assert len(keys) == len(set(keys)) == expected
    notes = Notification.objects.filter(kind="desk.sla_escalation")
    assert notes.count() == expected
    assert notes.values("dedupe_key", "recipient").distinct().count() == expected
    emails = Delivery.objects.filter(notification__in=notes, channel="email")
    assert emails.count() == expected
    assert set(emails.values_list("status", flat=True)) == {"sent"}
