#!/usr/bin/env python3
"""Load and fault run: 50 simulated desk users for 5 minutes, with kills in the middle.

The production shape on loopback: a fresh PostgreSQL database (``kefu_load``),
migrated and loaded with the demo, ``collectstatic``, gunicorn (``DEBUG=false``,
sync workers) and one ``db_worker`` plus ``sla_watch`` for the background work.
Locust (headless, as a library) runs ``--users`` users for ``--minutes`` doing a
hotline centre's mix through the API:

====================  ======  ===============================================
operation             weight  call
====================  ======  ===============================================
intake                5       POST /api/v1/requests (a complaint by phone)
list                  4       GET  /api/v1/requests?open=true&page_size=50
search                3       GET  /api/v1/requests?q=<a caller's phone>
transition            3       POST /api/v1/requests/{id}/transitions (accept)
reception             1       POST /api/v1/sales/queue/next, then
                              POST /api/v1/sales/queue/receptions/{id}/finish
====================  ======  ===============================================

Faults: at 40 % of the run the web server is killed (SIGKILL to the whole
gunicorn process group) and restarted 3 s later; at 60 % the task worker is
killed and restarted. Requests that fail while the server is down are counted
apart (``during outage``) — they are the clients' view of the kill, not errors.

Afterwards the database must check out: no duplicate request numbers, every
registration the clients saw answered 201 is in the database, every transition
answered 200 has its audit entry, no SLA step or notification recorded twice,
reception turns unique. The script prints per-operation throughput and
p50/p95/p99, the outage counts and the checks, and exits non-zero when a check
fails.

Usage::

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/load.py                    # 50 users, 5 minutes
    .venv/bin/python bench/load.py --users 20 --minutes 1 --no-faults
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DB = os.environ.get("KEFU_LOAD_DB", "kefu_load")
PG = os.environ.get("KEFU_LOAD_PG", "postgres://postgres@127.0.0.1:5432")

SETUP = """
import json
from kefu.customers.models import Customer
from kefu.desk.models import Category, Channel, Ticket
from kefu.org.models import Site, User
from kefu.org.services import api_token_create
from django.utils import timezone
from kefu.sales.models import QueueDay
user = User.objects.get(username="demo")
maker = Site.objects.get(code="xlm-north")
_t, key = api_token_create(actor=None, user=user, name="load")
phones = list(Ticket.objects.filter(site=maker).exclude(contact_phone="")
              .values_list("contact_phone", flat=True)[:50])
queue = QueueDay.objects.filter(day=timezone.localdate(), closed_at=None).first()
print(json.dumps({
    "token": key, "site_id": maker.pk,
    "channel_id": Channel.objects.get(site=maker, code="phone").pk,
    "category_id": Category.objects.get(site=maker, code="product_quality").pk,
    "customer_id": Customer.objects.filter(site=maker, kind="dealer").first().pk,
    "phones": phones, "sales_site_id": queue.site_id if queue else None,
}))
"""

CHECKS = """
import json
from django.db.models import Count
from kefu.core.models import AuditEntry
from kefu.desk.models import Ticket, TicketSlaMark
from kefu.notify.models import Notification
from kefu.sales.models import Reception
ids = json.load(open({ids!r}))
accepted = json.load(open({accepted!r}))
dup_numbers = (Ticket.objects.values("site", "number").annotate(n=Count("id"))
               .filter(n__gt=1).count())
missing = len(set(ids) - set(Ticket.objects.filter(pk__in=ids).values_list("pk", flat=True)))
audited = set(AuditEntry.objects.filter(action="desk.ticket_accepted", target_id__in=accepted)
              .values_list("target_id", flat=True))
marks = (TicketSlaMark.objects.values("ticket", "clock", "due", "kind", "step")
         .annotate(n=Count("id")).filter(n__gt=1).count())
notes = (Notification.objects.exclude(dedupe_key="").values("dedupe_key", "recipient")
         .annotate(n=Count("id")).filter(n__gt=1).count())
turns = (Reception.objects.values("queue", "seq").annotate(n=Count("id"))
         .filter(n__gt=1).count())
print(json.dumps({{
    "registered_seen": len(ids), "registered_missing": missing,
    "duplicate_numbers": dup_numbers,
    "accepted_seen": len(accepted),
    "accepted_without_audit": len(set(accepted) - {{int(x) for x in audited}}),
    "duplicate_sla_marks": marks, "duplicate_notifications": notes,
    "duplicate_turns": turns,
}}))
"""


def manage(*args: str, env: dict[str, str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        capture_output=True,
        **kwargs,
    )


def start(args: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        args,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def kill(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def answers(port: int) -> bool:
    """Whether something accepts connections on the port (the killed server must not)."""
    with contextlib.closing(socket.socket()) as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--port", type=int, default=8190)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--no-faults", action="store_true")
    opts = parser.parse_args()

    import importlib.util

    import psycopg

    if importlib.util.find_spec("locust") is None:
        print("locust is missing: pip install -e '.[bench]'", file=sys.stderr)
        return 2

    if answers(opts.port):
        print(f"port {opts.port} is in use: stop what listens there first", file=sys.stderr)
        return 2
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB}"')
    env = {
        **os.environ,
        "DATABASE_URL": f"{PG}/{DB}",
        "DEBUG": "false",
        "SECRET_KEY": "load-" + "x" * 60,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "AXES_ENABLED": "false",
    }
    print("== migrate, demo, collectstatic", flush=True)
    manage("migrate", "--noinput", env=env)
    manage("load_demo", env=env)
    manage("collectstatic", "--noinput", env=env)
    setup = json.loads(manage("shell", "-c", SETUP, env=env).stdout.strip().splitlines()[-1])

    bind = f"127.0.0.1:{opts.port}"
    gunicorn = [
        str(Path(PYTHON).parent / "gunicorn"),
        "config.wsgi",
        f"--bind={bind}",
        f"--workers={opts.workers}",
        "--preload",  # import once, fork the workers: a restart serves in seconds
        "--log-level=warning",
    ]
    procs = {
        "web": start(gunicorn, env),
        "worker": start([PYTHON, "manage.py", "db_worker"], env),
        "watch": start([PYTHON, "manage.py", "sla_watch"], env),
    }
    try:  # whatever happens, nothing this run started outlives it
        wait_for(opts.port)
        return drive(opts, env, setup, bind, gunicorn, procs)
    finally:
        for process in procs.values():
            kill(process)


def wait_for(port: int, seconds: float = 120) -> None:
    """Until the server answers a request (not only accepts connections): a
    restarted gunicorn binds at once but serves once its workers have booted."""
    import http.client

    deadline = time.monotonic() + seconds
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            conn.getresponse().read()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise SystemExit(f"nothing answers on port {port} after {seconds:g} s") from None
            time.sleep(0.2)


def drive(opts, env, setup, bind, gunicorn, procs) -> int:
    """Run the users, the faults and the checks against the started processes."""
    from locust import HttpUser, between, events, task  # gevent patches on import
    from locust.env import Environment

    registered: list[int] = []
    accepted: list[int] = []
    outage = {"down": False, "failures": 0}
    headers = {"Authorization": f"Bearer {setup['token']}", "Accept-Language": "zh-hans"}

    class Clerk(HttpUser):
        host = f"http://{bind}"
        wait_time = between(0.5, 2.0)

        @task(5)
        def intake(self):
            body = {
                "site_id": setup["site_id"],
                "type_code": "complaint",
                "channel_id": setup["channel_id"],
                "category_id": setup["category_id"],
                "customer_id": setup["customer_id"],
                "contact_name": "负载测试",
                "contact_phone": f"139{random.randint(10000000, 99999999)}",
                "subject": "产品质量",
                "content": "床垫塌陷，要求上门查看",
                "occurred_at": "2026-03-01T10:00:00+08:00",
                "occurred_place": "哈尔滨宏达家居门店",
            }
            with self.client.post(
                "/api/v1/requests", json=body, headers=headers, name="intake", catch_response=True
            ) as r:
                if r.status_code == 201:
                    registered.append(r.json()["id"])
                elif r.status_code < 500 and not outage["down"]:
                    r.failure(f"{r.status_code} {r.text[:200]}")

        @task(4)
        def open_list(self):
            self.client.get("/api/v1/requests?open=true&page_size=50", headers=headers, name="list")

        @task(3)
        def search(self):
            phone = random.choice(setup["phones"] or ["139"])
            self.client.get(f"/api/v1/requests?q={phone}", headers=headers, name="search")

        @task(3)
        def transition(self):
            if not registered:
                return
            ticket = registered[random.randrange(len(registered))]
            with self.client.post(
                f"/api/v1/requests/{ticket}/transitions",
                json={"action": "accept"},
                headers=headers,
                name="transition",
                catch_response=True,
            ) as r:
                if r.status_code == 200:
                    accepted.append(ticket)
                elif r.status_code == 409:  # already accepted by another clerk
                    r.success()

        @task(1)
        def reception(self):
            """A walk-in: "next" gives the turn, "finish" ends it (valid)."""
            if not setup["sales_site_id"]:
                return
            with self.client.post(
                "/api/v1/sales/queue/next",
                json={"site_id": setup["sales_site_id"]},
                headers=headers,
                name="reception next",
                catch_response=True,
            ) as r:
                if r.status_code == 409:  # everyone is receiving: a real answer
                    r.success()
                    return
                if r.status_code != 201:
                    return
                reception = r.json()["id"]
            self.client.post(
                f"/api/v1/sales/queue/receptions/{reception}/finish",
                json={"kind": "valid"},
                headers=headers,
                name="reception finish",
            )

    @events.request.add_listener
    def _count_outage(exception=None, **_kw):
        if exception is not None and outage["down"]:
            outage["failures"] += 1

    environment = Environment(user_classes=[Clerk], events=events)
    runner = environment.create_local_runner()
    seconds = opts.minutes * 60
    print(f"== {opts.users} users for {opts.minutes:g} min", flush=True)
    runner.start(opts.users, spawn_rate=opts.users / 10)

    def faults():
        time.sleep(seconds * 0.4)
        print("!! killing the web server", flush=True)
        outage["down"] = True
        started = time.monotonic()
        kill(procs["web"])
        time.sleep(0.5)
        print(f"   web server down: {not answers(opts.port)}", flush=True)
        time.sleep(3)
        procs["web"] = start(gunicorn, env)
        wait_for(opts.port)
        time.sleep(1)  # the workers take their first requests
        outage["down"] = False
        print(f"   web server back after {time.monotonic() - started:.1f} s", flush=True)
        time.sleep(max(0.0, seconds * 0.6 - (time.monotonic() - started) - seconds * 0.4))
        print("!! killing the task worker", flush=True)
        kill(procs["worker"])
        time.sleep(3)
        procs["worker"] = start([PYTHON, "manage.py", "db_worker"], env)

    if not opts.no_faults:
        threading.Thread(target=faults, daemon=True).start()
    time.sleep(seconds)
    runner.quit()
    time.sleep(5)  # the worker finishes what was enqueued

    stats = environment.stats
    print(f"{'operation':<16}{'requests':>9}{'fails':>7}{'req/s':>8}{'p50':>7}{'p95':>7}{'p99':>7}")
    for name in ("intake", "list", "search", "transition", "reception next", "reception finish"):
        for method in ("GET", "POST"):
            entry = stats.get(name, method)
            if entry.num_requests:
                print(
                    f"{name:<16}{entry.num_requests:>9}{entry.num_failures:>7}"
                    f"{entry.total_rps:>8.1f}{entry.get_response_time_percentile(0.5):>7.0f}"
                    f"{entry.get_response_time_percentile(0.95):>7.0f}"
                    f"{entry.get_response_time_percentile(0.99):>7.0f}"
                )
    for error in list(stats.errors.values())[:10]:
        print(f"  error x{error.occurrences}: {error.name}: {str(error.error)[:240]}")
    total = stats.total
    print(
        f"total {total.num_requests} requests, {total.num_failures} failures "
        f"({outage['failures']} during the web outage), {total.total_rps:.1f} req/s"
    )

    ids_file, accepted_file = ROOT / ".load-ids.json", ROOT / ".load-accepted.json"
    ids_file.write_text(json.dumps(registered))
    accepted_file.write_text(json.dumps(accepted))
    out = (
        manage(
            "shell", "-c", CHECKS.format(ids=str(ids_file), accepted=str(accepted_file)), env=env
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    ids_file.unlink()
    accepted_file.unlink()
    checks = json.loads(out)
    print("checks:", json.dumps(checks))
    bad = [
        k
        for k in checks
        if k.startswith(("duplicate", "registered_missing", "accepted_without")) and checks[k]
    ]
    unexpected = total.num_failures - outage["failures"]
    if bad or unexpected:
        print(f"FAILED: {bad} ; {unexpected} failures outside the outage")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
