#!/usr/bin/env python3
"""Portal benchmark: the customer's phone pages on PostgreSQL behind gunicorn.

What it does, all on loopback (port 8140 by default):

1. drops and creates the database (``kefu_portal``), migrates it and collects
   the static files (production shape: ``DEBUG=false``, WhiteNoise);
2. sets up a property centre from its preset, opens its portal and gives 16
   customers a unit, a verified portal session and 5 requests each (through
   the services, in ``manage.py shell``);
3. measures the **first load** of the page a QR code opens (HTML + CSS + JS
   over the wire, no cache): the verify page, then the report form once
   signed in;
4. starts gunicorn and runs 16 concurrent customers (threads, each with its
   own keep-alive connection and session cookie) cycling through the report
   form, "my requests" and one of their requests, once back-to-back (think
   time 0, a stress test) and once with a second between pages (``--think``);
   prints pages/s, p50/p95/p99 per page and the CPU time per page spent by
   gunicorn and PostgreSQL (from ``/proc``, so it holds on a busy machine);
5. stops gunicorn and drops the database (``--keep`` keeps it).

Aim (issue 13): first load < 100 KB; p95 < 100 ms at 16 concurrent customers.

Usage::

    .venv/bin/python bench/portal.py
    .venv/bin/python bench/portal.py --clients 16 --seconds 30 --workers 5
"""

import argparse
import gzip
import http.client
import json
import os
import re
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from intake import (
    LOOPBACK,
    cpu_snapshot,
    drop_database,
    manage,
    recreate_database,
    start_gunicorn,
    stop,
)

SETUP = """
import json
from django.utils import timezone
from kefu.customers.services import customer_create, unit_create
from kefu.desk.services import site_desk_preset_apply
from kefu.org.models import Site
from kefu.portal.models import PortalLink
from kefu.portal.selectors import PortalIdentity, session_cookie_value
from kefu.portal.services import portal_links_ensure, portal_report
from kefu.portal.services import portal_session_open, portal_setup
site = Site.objects.create(code="bench", name="阳光花园物业服务中心")
site_desk_preset_apply(actor=None, site=site, key="property_centre")
settings = portal_setup(actor=None, site=site, hotline="0755-86001234",
    emergency_phone="0755-86001110", daily_service_phone="0755-86001234",
    complaint_phone="0755-86001315")
settings.requests_per_minute = 1000000
settings.session_minutes = 600
settings.save()
customers = []
for n in range(CLIENTS):
    unit = unit_create(actor=None, site=site, building=f"{n // 8 + 1}栋", number=f"{1001 + n}")
    phone = f"1380000{n:04d}"
    customer_create(actor=None, site=site, kind="owner", name=f"业主{n}", phone=phone, unit=unit)
portal_links_ensure(actor=None, site=site)
for n in range(CLIENTS):
    phone = f"1380000{n:04d}"
    session = portal_session_open(settings=settings, phone=phone)
    identity = PortalIdentity(session, site, session.phone, session.customer)
    link = PortalLink.objects.get(unit__number=f"{1001 + n}")
    numbers = [
        portal_report(identity=identity, settings=settings, request_type="enquiry",
                      content=f"第{i}个咨询:电梯什么时候检修?", link=link).number
        for i in range(5)
    ]
    customers.append({"cookie": session_cookie_value(session), "link": link.code,
                      "numbers": numbers})
print(json.dumps({"customers": customers}))
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
    recreate_database(args.pg, args.database)
    server = None
    try:
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        code = SETUP.replace("CLIENTS", str(args.clients))
        setup = json.loads(manage(env, "shell", "-c", code).strip().splitlines()[-1])
        server = start_gunicorn(env, args.port, args.workers, 1)
        wait_ready(args.port, setup["customers"][0]["link"])
        print(f"gunicorn: {args.workers} workers, port {args.port}, {os.cpu_count()} CPUs")
        first_load(args.port, setup["customers"][0])
        run(args.port, setup["customers"], 5.0, 0)  # warm-up
        for think in args.think:
            before = cpu_snapshot(server.pid, db_url, args.database)
            pages = run(args.port, setup["customers"], args.seconds, think, report=True)
            after = cpu_snapshot(server.pid, db_url, args.database)
            app = (after["gunicorn"] - before["gunicorn"]) / max(pages, 1) * 1000
            pg = (after["postgres"] - before["postgres"]) / max(pages, 1) * 1000
            cores = os.cpu_count() or 1
            print(
                f"CPU per page: app {app:.1f} ms, PostgreSQL {pg:.1f} ms -> at most "
                f"{cores * 1000 / (app + pg):.0f} pages/s on {cores} idle cores; "
                f"load average {os.getloadavg()[0]:.1f}\n"
            )
    finally:
        if server is not None:
            stop(server)
        if not args.keep:
            drop_database(args.pg, args.database)


def parse_args() -> argparse.Namespace:
    cpus = os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=16, help="concurrent customers")
    parser.add_argument("--seconds", type=float, default=30, help="measured time")
    parser.add_argument(
        "--think",
        default="0,1",
        help="seconds each customer waits between pages, one run per value (default 0,1)",
    )
    parser.add_argument("--workers", type=int, default=2 * cpus + 1, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=8140, help="gunicorn port (8140-8149)")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432", help="server URL")
    parser.add_argument("--database", default="kefu_portal", help="scratch database name")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    args.think = [float(t) for t in args.think.split(",")]
    return args


def wait_ready(port: int, link: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(LOOPBACK, port, timeout=5)
            conn.request("GET", f"/p/{link}/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit("gunicorn did not answer within 120 s")


def fetch(conn, path: str, cookie: str = "", gz: bool = False) -> tuple[int, bytes, int]:
    headers = {"Accept-Language": "zh-CN"}
    if cookie:
        headers["Cookie"] = f"kefu_portal={cookie}"
    if gz:
        headers["Accept-Encoding"] = "gzip"
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    raw = response.read()
    body = gzip.decompress(raw) if response.getheader("Content-Encoding") == "gzip" else raw
    return response.status, body, len(raw)


def first_load(port: int, customer: dict) -> None:
    """Bytes of HTML + the CSS and JS it links, as a phone without cache fetches them."""
    for label, cookie in (("verify page (scan)", ""), ("report form", customer["cookie"])):
        conn = http.client.HTTPConnection(LOOPBACK, port, timeout=10)
        status, html, html_wire = fetch(conn, f"/p/{customer['link']}/", cookie)
        assets = re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html)
        total_raw, total_wire = len(html), html_wire
        for asset in assets:
            _s, body, wire = fetch(conn, asset.decode(), gz=True)
            total_raw += len(body)
            total_wire += wire
        print(
            f"first load, {label}: HTTP {status}, {len(assets)} assets, "
            f"{total_wire / 1024:.1f} KB over the wire ({total_raw / 1024:.1f} KB uncompressed)"
        )


def run(
    port: int, customers: list[dict], seconds: float, think: float, report: bool = False
) -> int:
    times: dict[str, list[float]] = {"report form": [], "my requests": [], "request": []}
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(customer: dict) -> None:
        conn = http.client.HTTPConnection(LOOPBACK, port, timeout=30)
        pages = [
            ("report form", f"/p/{customer['link']}/"),
            ("my requests", "/p/my/"),
            ("request", f"/p/my/{customer['numbers'][0]}/"),
        ]
        i = 0
        while time.monotonic() < stop_at:
            label, path = pages[i % len(pages)]
            i += 1
            start = time.perf_counter()
            try:
                status, _body, _wire = fetch(conn, path, customer["cookie"])
            except OSError:
                conn = http.client.HTTPConnection(LOOPBACK, port, timeout=30)
                status = 0
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                if status != 200:
                    errors[0] += 1
                else:
                    times[label].append(elapsed)
            if think:
                time.sleep(think)

    threads = [threading.Thread(target=client, args=(c,)) for c in customers]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if not report:
        return 0
    wall = time.monotonic() - started
    every = [t for values in times.values() for t in values]
    print(
        f"{len(customers)} customers, {wall:.0f} s: {len(every) / wall:.0f} pages/s, "
        f"{errors[0]} errors"
    )
    print("| page | pages | p50 ms | p95 ms | p99 ms |")
    print("|---|--:|--:|--:|--:|")
    for label, values in [*times.items(), ("all", every)]:
        values = sorted(values)
        if not values:
            continue
        q = statistics.quantiles(values, n=100)
        print(f"| {label} | {len(values)} | {q[49]:.0f} | {q[94]:.0f} | {q[98]:.0f} |")
    return len(every)


if __name__ == "__main__":
    main()
