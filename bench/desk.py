#!/usr/bin/env python3
"""Desk benchmark: the hot paths of a busy site, on PostgreSQL behind gunicorn.

What it does, all on loopback:

1. drops and creates a scratch database (``kefu_bench_desk``), migrates it;
2. sets up one furniture-maker site from its preset (seed 002) with the telecom
   SLA policy, its 客服主任 with an API token and a browser session, 2,000
   customers and ``--size`` requests (default 100,000; half of them open) loaded
   with ``INSERT … SELECT generate_series``, then ``VACUUM ANALYZE``; and a sales
   office whose reception queue is compiled for today;
3. runs ``collectstatic`` and starts gunicorn (``config.wsgi``, DEBUG off,
   persistent connections, sync workers) on ``--port``;
4. for each scenario and each client count (default 1, 8, 16) runs that many
   threads, each with its own keep-alive connection, for ``--seconds``:

   - ``register``: ``POST /api/v1/requests`` (a complaint, as bench/intake.py);
   - ``list``: ``GET /api/v1/requests?open=true&page_size=50``;
   - ``search``: ``GET /api/v1/requests?q=<a caller's phone and name>`` (one match);
   - ``page``: the desk page ``/desk/?open_only=on``;
   - ``page-search``: the desk page ``/desk/?q=<phone and name>``;
   - ``reception``: the sales reception's "next" then "finish" (one walk-in; at
     most six clients, the office's six consultants);

   and prints requests/s, p50/p95/p99 latency, errors and the CPU time per
   request of gunicorn and of the PostgreSQL backends (from ``/proc``, so it
   holds even when other work shares the machine);
5. counts the queries of one request of each scenario in-process
   (``CaptureQueriesContext``);
6. stops gunicorn and drops the database (``--keep`` keeps it; ``--reuse``
   skips 1–2 on a kept database).

Usage::

    .venv/bin/python bench/desk.py                          # 100,000 requests
    .venv/bin/python bench/desk.py --size 1000000 --only list,search,page-search
    .venv/bin/python bench/desk.py --clients 1,8 --seconds 10 --port 8170

Aims (issue #16): registration >= 300/s with p95 < 100 ms; list p50 < 30 ms and
>= 100/s at 8 clients; search p50 < 50 ms at 100,000 (< 100 ms at 1,000,000);
desk pages p50 < 60 ms; reception next + finish < 30 ms.
"""

import argparse
import http.client
import json
import os
import sys
import time
import urllib.parse
from typing import Any

import psycopg

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from intake import (  # bench/ is not a package: found through sys.path
    LOOPBACK,
    Run,
    cpu_snapshot,
    drive,
    drop_database,
    manage,
    recreate_database,
    start_gunicorn,
    stop,
)

#: The bench's sales office has six consultants (``make_office``).
RECEPTION_MAX = 6

SCENARIOS = ("register", "list", "search", "page", "page-search", "reception")

SETUP = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from kefu.desk.models import Category, Channel, RequestType
from kefu.desk.services import site_desk_preset_apply, site_sla_preset_apply
from kefu.org.models import Position, PositionAssignment, Site, User
from kefu.org.services import api_token_create
from kefu.sales import services as sales
from kefu.sales.tests.factories import make_office

site = Site.objects.create(code="bench", name="Bench", kind="manufacturer")
site_desk_preset_apply(actor=None, site=site, key="furniture_maker")
site_sla_preset_apply(actor=None, site=site, key="telecom")
user = User.objects.create_user(username="bench", password="kefu-bench-2026")
PositionAssignment.objects.create(
    user=user, position=Position.objects.get(site=site, code="cs_director")
)
_token, key = api_token_create(actor=user, user=user, name="bench")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
office = make_office("b", code="bench_sales")
sales.queue_compile(
    actor=office["supervisor"], site=office.site, day=timezone.localdate(),
    order={"main": office.consultants},
)
_t, office_key = api_token_create(
    actor=office["receptionist"], user=office["receptionist"], name="bench"
)
category = Category.objects.get(site=site, code="product_quality")
print(json.dumps({
    "site_id": site.pk,
    "user_id": user.pk,
    "complaint_id": category.request_type_id,
    "enquiry_id": RequestType.objects.get(site=site, code="enquiry").pk,
    "channel_id": Channel.objects.get(site=site, code="phone").pk,
    "category_id": category.pk,
    "token": key,
    "session": session.session_key,
    "office_site_id": office.site.pk,
    "office_token": office_key,
}))
"""

# Queries of one request of each scenario, in-process (Django's test client).
QUERIES = """
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

setup = json.loads(SETUP_JSON)
requests = json.loads(REQUESTS_JSON)
for name, (method, path, body, headers) in requests.items():
    client = Client(HTTP_HOST="127.0.0.1", **{"HTTP_" + k.upper().replace("-", "_"): v
                    for k, v in headers.items() if k != "Cookie"})
    if "Cookie" in headers:
        client.cookies["sessionid"] = setup["session"]
    call = lambda: (client.post(path, body, content_type="application/json") if method == "POST"
                    else client.get(path))
    call()
    with CaptureQueriesContext(connection) as ctx:
        response = call()
    print(json.dumps([name, response.status_code, len(ctx.captured_queries)]))
"""


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
    state_file = f"/tmp/{args.database}.json"
    if args.reuse:
        with open(state_file) as fh:
            setup = json.load(fh)
    else:
        recreate_database(args.pg, args.database)
        began = time.perf_counter()
        manage(env, "migrate", "--noinput", "-v0")
        setup = json.loads(manage(env, "shell", "-c", SETUP).strip().splitlines()[-1])
        load(db_url, setup, args.size)
        print(f"set up and loaded {args.size:,} requests in {time.perf_counter() - began:.0f} s")
        with open(state_file, "w") as fh:
            json.dump(setup, fh)
    manage(env, "collectstatic", "--noinput", "-v0")
    server = None
    try:
        server = start_gunicorn(env, args.port, args.workers, 1)
        wait_ready(args.port, setup)
        load_avg = os.getloadavg()
        print(
            f"gunicorn: {args.workers} sync workers, port {args.port}, {os.cpu_count()} CPUs, "
            f"{setup['size']:,} requests; load average {load_avg[0]:.1f} at start"
        )
        requests = scenario_requests(setup)
        runs = []
        for scenario in args.only:
            run_clients(args.port, setup, scenario, 4, 2)  # warm-up
            client_counts = args.clients
            if scenario == "reception":  # six consultants: at most six walk-ins at once
                client_counts = sorted({min(n, RECEPTION_MAX) for n in client_counts})
            for n in client_counts:
                before = cpu_snapshot(server.pid, db_url, args.database)
                run = run_clients(args.port, setup, scenario, n, args.seconds)
                after = cpu_snapshot(server.pid, db_url, args.database)
                run.cpu = {group: after[group] - before[group] for group in after}
                runs.append(run)
                print_run(run)
        stop(server)
        server = None
        counts = count_queries(env, setup, {k: v for k, v in requests.items() if k in args.only})
        print_runs(runs, counts, args, os.getloadavg(), setup["size"])
    finally:
        if server is not None:
            stop(server)
        if not args.keep:
            drop_database(args.pg, args.database)


def parse_args() -> argparse.Namespace:
    cpus = os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000, help="requests in the site")
    parser.add_argument("--clients", default="1,8,16", help="client counts (default 1,8,16)")
    parser.add_argument("--seconds", type=float, default=15, help="seconds per run")
    parser.add_argument("--only", default=",".join(SCENARIOS), help="scenarios to run")
    parser.add_argument("--workers", type=int, default=2 * cpus + 1, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=8170, help="gunicorn port on 127.0.0.1")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432", help="server URL")
    parser.add_argument("--database", default="kefu_bench_desk", help="scratch database")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="use the database kept last time")
    args = parser.parse_args()
    args.clients = [int(n) for n in args.clients.split(",")]
    args.only = [s for s in args.only.split(",") if s]
    unknown = set(args.only) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")
    host = psycopg.conninfo.conninfo_to_dict(args.pg).get("host", LOOPBACK)
    if host not in (LOOPBACK, "localhost", "::1"):
        parser.error("the benchmark only talks to a PostgreSQL server on loopback")
    return args


# --- data -------------------------------------------------------------------------------------

NAMES = "ARRAY['王','李','张','刘','陈','杨','赵','黄','周','吴']"
TITLES = "ARRAY['先生','女士','小姐','师傅']"
SUBJECTS = "ARRAY['床垫塌陷','沙发异响','送货延迟','安装不当','五金件松动','油漆脱落','门板变形']"
PLACES = "ARRAY['哈尔滨','长春','沈阳','大连','北京','天津','济南','青岛']"
STATUSES = (
    "ARRAY['registered','accepted','assigned','in_progress','replied','closed','closed','closed']"
)


def phone(g: int) -> str:
    """The caller's phone of generated request ``g`` (unique)."""
    return f"139{g:08d}"


def caller(g: int) -> str:
    names = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"]
    titles = ["先生", "女士", "小姐", "师傅"]
    return names[g % 10] + titles[(g // 10) % 4]


def load(db_url: str, setup: dict, size: int) -> None:
    """2,000 customers and ``size`` requests in the site, half open, the newest last."""
    with psycopg.connect(db_url) as conn:

        def fill(table: str, special: dict[str, str], rows: int) -> None:
            columns = conn.execute(
                "SELECT column_name, data_type, is_nullable, column_default "
                "FROM information_schema.columns WHERE table_name = %s",
                (table,),
            ).fetchall()
            names, values = [], []
            for column, data_type, nullable, default in columns:
                if column in special:
                    names.append(column)
                    values.append(special[column])
                elif nullable == "NO" and default is None and column != "id":
                    names.append(column)
                    values.append(
                        {"boolean": "false", "jsonb": "'{}'", "json": "'{}'"}.get(
                            data_type,
                            "''" if data_type in ("text", "character varying") else "0",
                        )
                    )
            conn.execute(
                f"INSERT INTO {table} ({', '.join(names)}) SELECT {', '.join(values)} "
                f"FROM generate_series(1, {rows}) AS g"
            )

        fill(
            "customers_customer",
            {
                "site_id": str(setup["site_id"]),
                "kind": "'dealer'",
                "name": f"({PLACES})[1 + g % 8] || '宏达家居' || g",
                "phone": "'0451-8' || lpad(g::text, 7, '0')",
                "phone_digits": "'04518' || lpad(g::text, 7, '0')",
                "created_at": "now()",
                "updated_at": "now()",
            },
            2000,
        )
        first_customer = conn.execute("SELECT min(id) FROM customers_customer").fetchone()[0]
        fill(
            "desk_ticket",
            {
                "site_id": str(setup["site_id"]),
                "number": "'H' || lpad(g::text, 8, '0')",
                "number_seq": "g",
                "request_type_id": f"CASE WHEN g % 3 = 0 THEN {setup['enquiry_id']} "
                f"ELSE {setup['complaint_id']} END",
                "category_id": f"CASE WHEN g % 3 = 0 THEN NULL ELSE {setup['category_id']} END",
                "channel_id": str(setup["channel_id"]),
                "customer_id": f"CASE WHEN g % 10 = 0 THEN {first_customer} + g % 2000 END",
                "contact_name": f"({NAMES})[1 + g % 10] || ({TITLES})[1 + (g / 10) % 4]",
                "contact_phone": "'139' || lpad(g::text, 8, '0')",
                "subject": f"({SUBJECTS})[1 + g % 7] || '（' || g || '）'",
                "content": f"({PLACES})[1 + g % 8] || '门店客户反映' || ({SUBJECTS})[1 + g % 7]"
                " || '，要求上门处理。编号' || g",
                "occurred_place": f"({PLACES})[1 + g % 8] || '门店'",
                "status": f"({STATUSES})[1 + g % 8]",
                "urgency": "'normal'",
                "received_at": f"now() - make_interval(secs => ({size} - g) * 300)",
                "received_by_id": str(setup["user_id"]),
                "created_at": "now()",
                "updated_at": "now()",
            },
            size,
        )
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE customers_customer")
        conn.execute("VACUUM ANALYZE desk_ticket")
    setup["size"] = size


# --- requests ---------------------------------------------------------------------------------


def scenario_requests(setup: dict) -> dict[str, tuple[str, str, Any, dict[str, str]]]:
    """One example request per scenario: (method, path, body, headers)."""
    target = setup["size"] // 2 + 7  # a request in the middle of the site
    q = urllib.parse.quote(f"{phone(target)} {caller(target)}")
    api = {"Authorization": f"Bearer {setup['token']}"}
    page = {"Cookie": f"sessionid={setup['session']}"}
    return {
        "register": ("POST", "/api/v1/requests", complaint(setup, 0), api),
        "list": ("GET", "/api/v1/requests?open=true&page_size=50", None, api),
        "search": ("GET", f"/api/v1/requests?q={q}", None, api),
        "page": ("GET", "/desk/?open_only=on", None, page),
        "page-search": ("GET", f"/desk/?q={q}", None, page),
    }


def complaint(setup: dict, index: int) -> dict:
    return {
        "site_id": setup["site_id"],
        "type_code": "complaint",
        "channel_id": setup["channel_id"],
        "category_id": setup["category_id"],
        "subject": f"床垫塌陷 #{index}",
        "content": "经销商反映客户使用半年的床垫中部塌陷约3厘米，要求退换。",
        "occurred_at": "2026-03-01T10:00:00+08:00",
        "occurred_place": "哈尔滨宏达家居门店",
        "contact_name": "王先生",
        "contact_phone": "13912345678",
    }


def call(conn: http.client.HTTPConnection, method: str, path: str, body: Any, headers: dict):
    payload = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
    if payload is not None:
        headers = {**headers, "Content-Type": "application/json"}
    conn.request(method, path, body=payload, headers=headers)
    response = conn.getresponse()
    return response.status, response.read()


def one(conn: http.client.HTTPConnection, setup: dict, scenario: str, index: int) -> bool:
    """One request (a walk-in for ``reception``); True when it succeeded."""
    if scenario == "reception":
        headers = {"Authorization": f"Bearer {setup['office_token']}"}
        status, answer = call(
            conn, "POST", "/api/v1/sales/queue/next", {"site_id": setup["office_site_id"]}, headers
        )
        if status != 201:
            raise RuntimeError(f"next: HTTP {status}: {answer[:300]!r}")
        reception = json.loads(answer)["id"]
        status, answer = call(
            conn,
            "POST",
            f"/api/v1/sales/queue/receptions/{reception}/finish",
            {"kind": "valid"},
            headers,
        )
        if status != 200:
            raise RuntimeError(f"finish: HTTP {status}: {answer[:300]!r}")
        return True
    method, path, body, headers = scenario_requests(setup)[scenario]
    if scenario == "register":
        body = complaint(setup, index)
    status, answer = call(conn, method, path, body, headers)
    if status not in (200, 201):
        raise RuntimeError(f"HTTP {status}: {answer[:300]!r}")
    return True


def wait_ready(port: int, setup: dict) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(LOOPBACK, port, timeout=5)
            headers = scenario_requests(setup)["list"][3]
            status, _ = call(conn, "GET", "/api/v1/requests?page_size=1", None, headers)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    sys.exit("gunicorn did not answer within 60 s")


def run_clients(port: int, setup: dict, scenario: str, clients: int, seconds: float) -> Run:
    return drive(
        port,
        lambda conn, index: one(conn, setup, scenario, index),
        clients=clients,
        seconds=seconds,
        scenario=scenario,
    )


def count_queries(env: dict[str, str], setup: dict, requests: dict) -> dict[str, int]:
    code = QUERIES.replace("SETUP_JSON", repr(json.dumps(setup))).replace(
        "REQUESTS_JSON", repr(json.dumps(requests))
    )
    counts = {}
    for line in manage(env, "shell", "-c", code).splitlines():
        if line.startswith("["):
            name, status, n = json.loads(line)
            counts[name] = n if status in (200, 201) else -1
    return counts


def print_run(run: Run) -> None:
    print(
        f"  {run.scenario:12} {run.clients:>2} clients: {run.rate:6.1f}/s "
        f"p50 {run.percentile(50):6.1f} ms  p95 {run.percentile(95):6.1f} ms "
        f"errors {run.errors}",
        flush=True,
    )


def print_runs(runs: list[Run], counts: dict[str, int], args, load_avg, size: int) -> None:
    print()
    print(
        f"{size:,} requests; {args.workers} gunicorn workers; "
        f"load average at the end {load_avg[0]:.1f} / {load_avg[1]:.1f} / {load_avg[2]:.1f}"
    )
    print(
        "| work | clients | req/s | p50 ms | p95 ms | p99 ms | errors | queries/req "
        "| CPU ms/req: web | PostgreSQL |"
    )
    print("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for run in runs:
        queries = counts.get(run.scenario, "—")
        print(
            f"| {run.scenario} | {run.clients} | {run.rate:.0f} | {run.percentile(50):.1f} "
            f"| {run.percentile(95):.1f} | {run.percentile(99):.1f} | {run.errors} | {queries} "
            f"| {run.cpu_ms('gunicorn'):.1f} | {run.cpu_ms('postgres'):.1f} |"
        )


if __name__ == "__main__":
    main()
