#!/usr/bin/env python3
"""Intake benchmark: register requests through the API on PostgreSQL behind gunicorn.

What it does, all on loopback:

1. drops and creates a fresh database (``kefu_bench``) and migrates it;
2. sets up one furniture-maker site from its preset (seed 002: complaints are
   registered only by the 客服主任, numbered YYMMDDNNN per year), a 客服主任
   user, a dealer and an API token (``manage.py shell``, through the services);
3. starts gunicorn (``config.wsgi``, DEBUG off, persistent connections) on a
   free port;
4. for each client count (default 1, 4, 16) runs that many threads, each with
   its own keep-alive ``http.client`` connection, POSTing complaints to
   ``/api/v1/requests`` until the request count (or the time limit) is reached,
   and prints requests/s, p50/p95/p99 latency and errors;
5. for reference, inserts the same number of rows into ``desk_ticket`` with
   plain psycopg (one commit per row, then one transaction for all);
6. stops gunicorn and drops the database.

Every registration takes the complaint counter's row lock, so all clients
contend for one counter: this is the worst case for numbering.

Usage::

    .venv/bin/python bench/intake.py                       # 1, 4, 16 clients
    .venv/bin/python bench/intake.py --clients 16 --requests 5000 --workers 5

Aim (issue #3): >= 300 registrations/s with p95 < 100 ms at 16 clients on a
2-core machine.
"""

import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
LOOPBACK = "127.0.0.1"

SETUP = """
import json
from django.utils import timezone
from kefu.customers.services import customer_create
from kefu.desk.models import Category, Channel
from kefu.desk.services import site_desk_preset_apply
from kefu.org.models import Position, PositionAssignment, Site, User
from kefu.org.services import api_token_create

site = Site.objects.create(code="bench", name="Bench", kind="manufacturer")
site_desk_preset_apply(actor=None, site=site, key="furniture_maker")
user = User.objects.create_user(username="bench", password="kefu-bench-2026")
PositionAssignment.objects.create(
    user=user, position=Position.objects.get(site=site, code="cs_director")
)
dealer = customer_create(
    actor=user, site=site, kind="dealer", name="哈尔滨宏达家居", phone="0451-86001234"
)
_token, key = api_token_create(actor=user, user=user, name="bench")
print(json.dumps({
    "site_id": site.pk,
    "user_id": user.pk,
    "channel_id": Channel.objects.get(site=site, code="phone").pk,
    "category_id": Category.objects.get(site=site, code="product_quality").pk,
    "request_type_id": Category.objects.get(site=site, code="product_quality").request_type_id,
    "customer_id": dealer.pk,
    "token": key,
}))
"""


# The queries of one registration (after a warm-up), printed with every run.
COUNT = """
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

setup = json.loads(SETUP_JSON)
client = Client(HTTP_AUTHORIZATION="Bearer " + setup["token"], HTTP_HOST="127.0.0.1")
body = BODY
post = lambda: client.post("/api/v1/requests", body, content_type="application/json")
assert post().status_code == 201
with CaptureQueriesContext(connection) as ctx:
    assert post().status_code == 201
print(f"queries per registration: {len(ctx.captured_queries)}")
"""


# Where the time of one registration goes, in-process (no HTTP server): the
# queries it runs and the slowest kefu functions. Run with --profile.
PROFILE = """
import cProfile, json, pstats, re, time
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

setup = json.loads(SETUP_JSON)
client = Client(HTTP_AUTHORIZATION="Bearer " + setup["token"], HTTP_HOST="127.0.0.1")
body = BODY
post = lambda: client.post("/api/v1/requests", body, content_type="application/json")
for _ in range(20):
    assert post().status_code == 201
with CaptureQueriesContext(connection) as ctx:
    post()
print(f"queries per registration: {len(ctx.captured_queries)}")
for query in ctx.captured_queries:
    sql = re.sub(r'SELECT .*? FROM', 'SELECT … FROM', query["sql"])
    print(f"  {float(query['time']) * 1000:5.1f} ms  {sql[:110]}")
started = time.perf_counter()
for _ in range(100):
    post()
print(f"in-process: {(time.perf_counter() - started) * 10:.1f} ms per registration")
profile = cProfile.Profile()
profile.enable()
for _ in range(100):
    post()
profile.disable()
stats = pstats.Stats(profile)
stats.sort_stats("cumulative").print_stats(r"kefu/|ninja/operation|db/models/sql/compiler", 25)
stats.sort_stats("tottime").print_stats(20)
"""


@dataclass
class Run:
    """One run: ``done`` requests (or walk-ins) by ``clients`` threads in ``seconds``."""

    clients: int
    done: int
    errors: int
    seconds: float
    latencies: list[float]
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds by process group
    scenario: str = "register"

    @property
    def rate(self) -> float:
        return self.done / self.seconds if self.seconds else 0.0

    def percentile(self, p: int) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] * 1000 if self.latencies else 0.0
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[p - 1] * 1000

    def cpu_ms(self, group: str) -> float:
        return self.cpu.get(group, 0.0) * 1000 / self.done if self.done else 0.0

    def row(self) -> str:
        return (
            f"| {self.clients} | {self.done} | {self.rate:.0f} | {self.percentile(50):.1f} "
            f"| {self.percentile(95):.1f} | {self.percentile(99):.1f} | {self.errors} "
            f"| {self.cpu_ms('gunicorn'):.1f} | {self.cpu_ms('postgres'):.1f} "
            f"| {self.cpu_ms('clients'):.1f} |"
        )


def main() -> None:
    args = parse_args()
    db_url = f"{args.pg.rstrip('/')}/{args.database}"
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "DEBUG": "false",
        "ALLOWED_HOSTS": LOOPBACK,
        "SECURE_SSL_REDIRECT": "false",
        "CONN_MAX_AGE": "600",
        "SECRET_KEY": "kefu-bench-only-" + "x" * 50,
        "KEFU_LOG_LEVEL": "WARNING",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    recreate_database(args.pg, args.database)
    server = None
    try:
        manage(env, "migrate", "--noinput", "-v0")
        setup = json.loads(manage(env, "shell", "-c", SETUP).strip().splitlines()[-1])
        port = args.port or free_port()
        server = start_gunicorn(env, port, args.workers, args.threads)
        wait_ready(port, setup["token"])
        print(
            f"gunicorn: {args.workers} workers x {args.threads} threads, port {port}, "
            f"{os.cpu_count()} CPUs; PostgreSQL {server_version(db_url)}"
        )
        run_clients(port, setup, max(args.workers * 4, 20), args.seconds, clients=4)  # warm-up
        runs = []
        for n in args.clients:
            before = cpu_snapshot(server.pid, db_url, args.database)
            run = run_clients(port, setup, args.requests, args.seconds, clients=n)
            after = cpu_snapshot(server.pid, db_url, args.database)
            run.cpu = {group: after[group] - before[group] for group in after}
            runs.append(run)
        print_runs(runs)
        stop(server)
        server = None
        count = COUNT.replace("SETUP_JSON", repr(json.dumps(setup)))
        print(manage(env, "shell", "-c", count.replace("BODY", repr(json.loads(body(setup, 0))))))
        reference(db_url, setup, max(r.done for r in runs))
        if args.profile:
            code = PROFILE.replace("SETUP_JSON", repr(json.dumps(setup)))
            print(
                manage(env, "shell", "-c", code.replace("BODY", repr(json.loads(body(setup, 0)))))
            )
    finally:
        if server is not None:
            stop(server)
        if not args.keep:
            drop_database(args.pg, args.database)


def parse_args() -> argparse.Namespace:
    cpus = os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", default="1,4,16", help="client counts (default 1,4,16)")
    parser.add_argument("--requests", type=int, default=3000, help="requests per client count")
    parser.add_argument("--seconds", type=float, default=60, help="time limit per client count")
    parser.add_argument("--workers", type=int, default=2 * cpus + 1, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker")
    parser.add_argument("--port", type=int, default=0, help="gunicorn port (default: a free one)")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432", help="server URL")
    parser.add_argument("--database", default="kefu_bench", help="scratch database name")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--profile", action="store_true", help="then profile one registration in-process"
    )
    args = parser.parse_args()
    args.clients = [int(n) for n in args.clients.split(",")]
    host = psycopg.conninfo.conninfo_to_dict(args.pg).get("host", LOOPBACK)
    if host not in (LOOPBACK, "localhost", "::1"):
        parser.error("the benchmark only talks to a PostgreSQL server on loopback")
    return args


# --- database and server ------------------------------------------------------------------


def recreate_database(pg: str, name: str) -> None:
    drop_database(pg, name)
    with psycopg.connect(f"{pg.rstrip('/')}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(pg: str, name: str) -> None:
    with psycopg.connect(f"{pg.rstrip('/')}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_version(db_url: str) -> str:
    with psycopg.connect(db_url) as conn:
        return conn.execute("SHOW server_version").fetchone()[0]


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        sys.exit(f"manage.py {args[0]} failed:\n{result.stderr}")
    return result.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def start_gunicorn(env: dict[str, str], port: int, workers: int, threads: int) -> subprocess.Popen:
    gunicorn = str(Path(PYTHON).with_name("gunicorn"))
    command = [
        gunicorn,
        "config.wsgi",
        f"--bind={LOOPBACK}:{port}",
        f"--workers={workers}",
        f"--threads={threads}",
        "--worker-class=" + ("gthread" if threads > 1 else "sync"),
        "--keep-alive=5",
        "--backlog=512",
        "--log-level=warning",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)


def wait_ready(port: int, token: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(LOOPBACK, port, timeout=5)
            conn.request("GET", "/api/v1/requests?limit=1", headers=auth(token))
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit("gunicorn did not answer within 30 s")


def stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


# --- CPU accounting ---------------------------------------------------------------------------
# Wall-clock figures depend on whatever else runs on the machine; the CPU time
# spent per registration by gunicorn, PostgreSQL and the clients does not.

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU of one process (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return found


def cpu_snapshot(server_pid: int, db_url: str, database: str) -> dict[str, float]:
    with psycopg.connect(db_url, autocommit=True) as conn:
        backends = [
            row[0]
            for row in conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                (database,),
            )
        ]
    return {
        "gunicorn": sum(cpu_seconds(pid) for pid in [server_pid, *children(server_pid)]),
        "postgres": sum(cpu_seconds(pid) for pid in backends),
        "clients": time.process_time(),
    }


# --- clients ----------------------------------------------------------------------------------


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def body(setup: dict, index: int) -> bytes:
    """One complaint: seed 002 L54 asks for time, place and content."""
    return json.dumps(
        {
            "site_id": setup["site_id"],
            "type_code": "complaint",
            "channel_id": setup["channel_id"],
            "category_id": setup["category_id"],
            "customer_id": setup["customer_id"],
            "subject": f"床垫塌陷 #{index}",
            "content": "经销商反映客户使用半年的床垫中部塌陷约3厘米，要求退换。",
            "occurred_at": "2026-03-01T10:00:00+08:00",
            "occurred_place": "哈尔滨宏达家居门店",
        },
        ensure_ascii=False,
    ).encode()


def drive(
    port: int,
    one: Callable[[http.client.HTTPConnection, int], None],
    *,
    clients: int,
    seconds: float,
    total: int | None = None,
    scenario: str = "register",
) -> Run:
    """``clients`` threads, each with its own keep-alive connection, call
    ``one(connection, index)`` with consecutive indexes until ``seconds`` have
    passed (or ``total`` calls were handed out). ``one`` raises ``RuntimeError``
    (or a connection error) for a failed call; only successful calls are timed."""
    lock = threading.Lock()
    state: dict[str, Any] = {"next": 0, "errors": 0}
    latencies: list[float] = []
    deadline = time.monotonic() + seconds

    def client() -> None:
        conn = http.client.HTTPConnection(LOOPBACK, port, timeout=60)
        mine: list[float] = []
        errors = 0
        while time.monotonic() < deadline:
            with lock:
                index = state["next"]
                if total is not None and index >= total:
                    break
                state["next"] += 1
            started = time.perf_counter()
            try:
                one(conn, index)
                mine.append(time.perf_counter() - started)
            except (OSError, http.client.HTTPException, RuntimeError) as exc:
                conn.close()
                errors += 1
                state.setdefault("first_error", repr(exc))
        conn.close()
        with lock:
            latencies.extend(mine)
            state["errors"] += errors

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if "first_error" in state:
        print(f"{scenario}, {clients} clients: first error {state['first_error']}", file=sys.stderr)
    return Run(clients, len(latencies), state["errors"], elapsed, latencies, scenario=scenario)


def run_clients(port: int, setup: dict, total: int, seconds: float, *, clients: int) -> Run:
    """``clients`` threads share ``total`` registrations; each keeps its connection open."""
    headers = {**auth(setup["token"]), "Content-Type": "application/json"}

    def register(conn: http.client.HTTPConnection, index: int) -> None:
        conn.request("POST", "/api/v1/requests", body=body(setup, index), headers=headers)
        response = conn.getresponse()
        answer = response.read()
        if response.status != 201:
            raise RuntimeError(f"HTTP {response.status}: {answer[:300]!r}")

    return drive(port, register, clients=clients, seconds=seconds, total=total)


def print_runs(runs: list[Run]) -> None:
    print()
    print(
        "| clients | registrations | req/s | p50 ms | p95 ms | p99 ms | errors "
        "| CPU ms/reg: app | PostgreSQL | bench clients |"
    )
    print("|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for run in runs:
        print(run.row())
    last = runs[-1]
    per_registration = sum(last.cpu_ms(group) for group in ("gunicorn", "postgres", "clients"))
    if per_registration:
        cores = os.cpu_count() or 1
        print(
            f"\nCPU per registration at {last.clients} clients: {per_registration:.1f} ms "
            f"-> at most ~{cores * 1000 / per_registration:.0f} registrations/s on {cores} "
            "idle cores"
        )


# --- reference: plain INSERTs -----------------------------------------------------------------


# Values for NOT NULL columns the template does not name (added by later features).
BLANK = {"text": "", "character varying": "", "boolean": False, "jsonb": "{}", "json": "{}"}


def reference(db_url: str, setup: dict, rows: int) -> None:
    """The same number of rows inserted with psycopg, without Django or the API."""
    now = datetime.now(UTC)
    template = {
        "site_id": setup["site_id"],
        "request_type_id": setup["request_type_id"],
        "category_id": setup["category_id"],
        "channel_id": setup["channel_id"],
        "customer_id": setup["customer_id"],
        "received_by_id": setup["user_id"],
        "subject": "床垫塌陷",
        "content": "经销商反映客户使用半年的床垫中部塌陷约3厘米，要求退换。",
        "occurred_place": "哈尔滨宏达家居门店",
        "status": "registered",
        "urgency": "normal",
        "is_serious": False,
        "reopen_count": 0,
        "received_at": now,
        "occurred_at": now,
        "created_at": now,
        "updated_at": now,
    }
    with psycopg.connect(db_url) as conn:
        required = conn.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = 'desk_ticket' AND is_nullable = 'NO' AND column_default IS NULL "
            "AND column_name NOT IN ('id', 'number', 'number_seq')"
        ).fetchall()
        for column, data_type in required:
            template.setdefault(column, BLANK.get(data_type, 0))
        conn.commit()
        columns = ["number", "number_seq", *template]
        sql = (
            f"INSERT INTO desk_ticket ({', '.join(columns)}) "
            f"VALUES ({', '.join(['%s'] * len(columns))})"
        )
        values = [[f"REF{i:08d}", i, *template.values()] for i in range(1, 2 * rows + 1)]
        conn.autocommit = True
        started = time.perf_counter()
        for row in values[:rows]:
            conn.execute(sql, row)
        per_commit = rows / (time.perf_counter() - started)
        conn.autocommit = False
        started = time.perf_counter()
        with conn.cursor() as cur:
            cur.executemany(sql, values[rows:])
        conn.commit()
        batched = rows / (time.perf_counter() - started)
    print()
    print(f"reference, psycopg INSERT into desk_ticket, {rows} rows, 1 connection:")
    print(f"| one commit per row | {per_commit:.0f} rows/s |")
    print(f"| one transaction (executemany) | {batched:.0f} rows/s |")


if __name__ == "__main__":
    main()
