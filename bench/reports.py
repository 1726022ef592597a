"""Reports benchmark (issue #12).

1. Generates 1,000,000 requests over 3 years across 20 property-centre sites
   (bulk insert: ``COPY`` on PostgreSQL, ``executemany`` on SQLite; each request
   received, signed for,
   replied to and mostly closed, with all SLA deadlines) and 250,000 return
   visits, on PostgreSQL (scratch database ``kefu_bench_reports``) or SQLite
   (``--sqlite``: a scratch file).
2. Times the KPI figures the dashboard computes
   (``kefu.reports.selectors.kpis_for_sites``: counts per dimension, reply rate,
   average reply time, 1-working-day solution, 7-day closure, on time per clock
   via the desk's report, visits): one month of all 20 sites, one month of one
   site, and the last complete calendar year as the yearly period, one call over
   the year's range (aim < 1 s a month, < 3 s a year); ``--twelve-months`` also
   times that year as twelve monthly calls, as it was computed before.
3. Peak memory of the streamed Excel export of 100,000 records
   (``exports.records_xlsx_file`` fed by ``ticket_rows``; aim < 300 MB): the
   process's peak RSS growth and the tracemalloc peak.

Run: ``.venv/bin/python bench/reports.py`` (``--sqlite`` for SQLite, ``--rows N``,
``--keep`` keeps the database, ``--reuse`` times again without loading,
``--explain`` prints the plans of the month's and the year's big queries).
Needs the local PostgreSQL (postgres://postgres@127.0.0.1:5432, trust) for the
default run.
"""

import argparse
import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import date, datetime, timedelta

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != os.path.dirname(__file__)]
sys.path.insert(0, ROOT)

DB_NAME = "kefu_bench_reports"
SERVER = "postgres://postgres@127.0.0.1:5432"
SQLITE = os.path.join(tempfile.gettempdir(), "kefu_bench_reports.sqlite3")
SITES = 20
BATCH = 10_000


def admin_sql(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def setup_django(sqlite: bool) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE}" if sqlite else f"{SERVER}/{DB_NAME}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def load(rows: int, end: date) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from kefu.desk.models import Category, Channel, RequestType, Status, Ticket
    from kefu.desk.services import site_desk_preset_apply
    from kefu.org.models import Department, Site, User
    from kefu.visits.models import ReturnVisit

    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    user = User.objects.create(username="bench")
    sites = []
    for n in range(SITES):
        site = Site.objects.create(code=f"s{n:02d}", name=f"项目{n:02d}", kind="property_centre")
        site_desk_preset_apply(actor=None, site=site, key="property_centre")
        sites.append(
            (
                site.pk,
                list(RequestType.objects.filter(site=site).values_list("pk", flat=True)),
                list(Category.objects.filter(site=site).values_list("pk", flat=True)) or [None],
                list(Channel.objects.filter(site=site).values_list("pk", flat=True)),
                list(Department.objects.filter(site=site).values_list("pk", flat=True)),
            )
        )
    print(f"migrated and set up {SITES} sites in {time.perf_counter() - began:.1f} s")
    rng = random.Random(2026)
    tz = timezone.get_current_timezone()
    last = datetime.combine(end, datetime.min.time(), tzinfo=tz)
    span = int(timedelta(days=3 * 365).total_seconds())
    stamp = timezone.now()

    def tickets():
        for g in range(rows):
            site_id, types, categories, channels, departments = sites[g % SITES]
            received = last - timedelta(seconds=rng.randrange(span))
            sign_for = timedelta(minutes=rng.randrange(10, 240))
            reply = timedelta(hours=rng.uniform(1, 40))
            closed = received + reply + timedelta(days=rng.uniform(0, 10)) if g % 10 else None
            yield {
                "created_at": stamp, "updated_at": stamp, "site_id": site_id,
                "number": f"B{g}", "number_seq": g, "request_type_id": types[g % len(types)],
                "category_id": categories[g % len(categories)],
                "channel_id": channels[g % len(channels)],
                "handling_department_id": departments[g % len(departments)],
                "subject": "bench", "content": "bench",
                "status": Status.CLOSED if closed else Status.REPLIED,
                "received_at": received, "received_by_id": user.pk,
                "accepted_at": received + sign_for, "replied_at": received + reply,
                "closed_at": closed, "first_response_due": received + timedelta(hours=2),
                "reply_due": received + timedelta(hours=24),
                "closure_due": received + timedelta(days=7),
            }  # fmt: skip

    def visits():
        for g in range(rows // 4):
            due = end - timedelta(days=rng.randrange(3 * 365))
            done = g % 5 != 0
            yield {
                "created_at": stamp, "updated_at": stamp, "site_id": sites[g % SITES][0],
                "reason": "complaint_reply" if g % 3 == 0 else "other", "due_on": due,
                "first_due_on": due, "status": "done" if done else "due",
                "satisfied": (g % 7 != 0) if done else None,
                "done_at": datetime.combine(due, datetime.min.time(), tzinfo=tz) if done else None,
            }  # fmt: skip

    for model, source, n in ((Ticket, tickets, rows), (ReturnVisit, visits, rows // 4)):
        began = time.perf_counter()
        bulk_insert(model, source())
        took = time.perf_counter() - began
        print(f"inserted {n:,} rows into {model._meta.db_table} in {took:.1f} s")
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("VACUUM ANALYZE desk_ticket")
            cur.execute("VACUUM ANALYZE visits_returnvisit")
        else:
            cur.execute("ANALYZE")


def bulk_insert(model, rows) -> None:
    """Insert dicts of column values: COPY on PostgreSQL, executemany on SQLite.

    Columns left out take the model field's default (every non-null one has one)."""
    from django.db import connection, transaction

    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    first = next(rows)
    columns = [f for f in fields if f.attname in first or not f.null]

    def values(row):
        out = []
        for f in columns:
            value = row.get(f.attname, f.get_default()) if f.attname in row else f.get_default()
            out.append(f.get_db_prep_save(value, connection))
        return out

    def all_rows():
        yield values(first)
        for row in rows:
            yield values(row)

    names = ", ".join(f.column for f in columns)
    with transaction.atomic(), connection.cursor() as cur:
        if connection.vendor == "postgresql":
            with cur.cursor.copy(f"COPY {model._meta.db_table} ({names}) FROM STDIN") as copy:
                for row in all_rows():
                    copy.write_row(row)
        else:
            marks = ", ".join("?" for _ in columns)
            sql = f"INSERT INTO {model._meta.db_table} ({names}) VALUES ({marks})"
            batch = []
            for row in all_rows():
                batch.append(row)
                if len(batch) == BATCH:
                    cur.cursor.executemany(sql, batch)
                    batch = []
            if batch:
                cur.cursor.executemany(sql, batch)


def timed(label: str, fn, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        times.append(time.perf_counter() - began)
    best = min(times)
    print(f"  {label:<44} best {best:6.2f} s  (runs: {', '.join(f'{t:.2f}' for t in times)})")
    return best


def bench_kpis(end: date, *, twelve_months: bool = False) -> dict[str, float]:
    """The month before ``end`` and the last complete calendar year before it (with
    ``--rows`` spread over the 3 years to ``end``, a year holds about a third)."""
    from kefu.org.models import Site
    from kefu.reports.rules import period_bounds, previous_period
    from kefu.reports.selectors import kpis_for_sites

    all_sites = sorted(Site.objects.values_list("pk", flat=True))
    month = previous_period("monthly", end)[0]
    year, year_end = previous_period("yearly", end)
    print(f"KPI figures (month {month:%Y-%m}, year {year:%Y}):")
    results = {
        "month, 20 sites": timed(
            "one month, all 20 sites",
            lambda: kpis_for_sites(all_sites, period="monthly", day=month),
        ),
        "month, 1 site": timed(
            "one month, one site",
            lambda: kpis_for_sites(all_sites[:1], period="monthly", day=month),
        ),
        "year, 20 sites": timed(
            "one year (yearly period), all 20 sites",
            lambda: kpis_for_sites(all_sites, period="yearly", day=year),
        ),
        "year, 1 site": timed(
            "one year (yearly period), one site",
            lambda: kpis_for_sites(all_sites[:1], period="yearly", day=year),
        ),
    }
    if twelve_months:  # the year as it was computed before the yearly period
        months = []
        first = year
        while first < year_end:
            months.append(first)
            first = period_bounds("monthly", first)[1]
        results["12 months, 20 sites"] = timed(
            "12 monthly calls, all 20 sites",
            lambda: [kpis_for_sites(all_sites, period="monthly", day=m) for m in months],
            runs=1,
        )
    return results


def bench_export(rows: int, *, trace: bool = False) -> tuple[float, float]:
    """The records page's Excel export of ``rows`` requests, as the view runs it
    (``record_rows`` → ``records_xlsx_file`` → streamed in 64 KB blocks like
    ``FileResponse``). Run in a fresh process (``--export-only``) so that the peak RSS
    is the export's; ``--tracemalloc`` adds Python's own peak (and slows it ~3×)."""
    from kefu.desk.models import Ticket
    from kefu.reports.exports import record_rows, records_xlsx_file

    def rss_mb(field: str) -> float:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field):
                    return int(line.split()[1]) / 1024
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    qs = Ticket.objects.select_related(None).order_by("received_at", "id")[:rows]
    before = rss_mb("VmRSS:")
    if trace:
        tracemalloc.start()
    began = time.perf_counter()
    headers, body = record_rows("tickets", qs)
    handle = records_xlsx_file(headers, body)
    streamed = 0
    while block := handle.read(65536):
        streamed += len(block)
    handle.close()
    took = time.perf_counter() - began
    traced = ""
    if trace:
        _now, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        traced = f"; tracemalloc peak {peak / 1e6:.1f} MB"
    after = rss_mb("VmHWM:")
    print(
        f"Excel export of {rows:,} records: {took:.1f} s, {streamed / 1e6:.1f} MB streamed; "
        f"process peak RSS {after:.0f} MB (+{after - before:.0f} MB over the {before:.0f} MB "
        f"before the export){traced} (aim < 300 MB)"
    )
    return took, after


def export_in_child(args) -> None:
    """The export in a fresh process, so that its peak RSS is not the KPIs'."""
    import subprocess

    command = [sys.executable, os.path.abspath(__file__), "--export-only", "--db", args.db]
    command += ["--export-rows", str(args.export_rows)]
    command += ["--sqlite"] if args.sqlite else []
    command += ["--tracemalloc"] if args.tracemalloc else []
    subprocess.run(command, check=True)


def explain_periods(end: date) -> None:
    """The plans of the two big queries (all 20 sites) of the month and of the year:
    the grouped requests and the on-time totals per clock."""
    from django.db import connection
    from django.db.models import Value
    from django.utils import timezone

    from kefu.desk.sla_report import _clock_aggregates, ontime_queryset
    from kefu.org.models import Site
    from kefu.reports.rules import previous_period
    from kefu.reports.selectors.kpis import _bounds, ticket_groups

    sites = sorted(Site.objects.values_list("pk", flat=True))
    for period in ("monthly", "yearly"):
        first, following = previous_period(period, end)
        start, stop = _bounds(first, following)
        ontime = (  # sla_ontime_totals' aggregate, as a queryset to explain
            ontime_queryset(set(sites), start, stop)
            .annotate(all=Value(1))
            .values("all")
            .annotate(**_clock_aggregates(start, stop, timezone.now(), hours=False))
        )
        for label, qs in (
            ("grouped requests", ticket_groups(sites, first, following)),
            ("on time per clock", ontime),
        ):
            print(f"EXPLAIN {period} {label}:")
            print(qs.explain(**({"analyze": True} if connection.vendor == "postgresql" else {})))


def main() -> None:
    global DB_NAME, SQLITE
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--export-rows", type=int, default=100_000)
    parser.add_argument("--sqlite", action="store_true")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--db", default=DB_NAME, help="scratch database (file stem on SQLite)")
    parser.add_argument("--export-only", action="store_true", help="only the Excel export")
    parser.add_argument("--tracemalloc", action="store_true", help="trace the export's allocations")
    parser.add_argument("--explain", action="store_true", help="print the big queries' plans")
    parser.add_argument(
        "--twelve-months", action="store_true", help="also time the year as 12 monthly calls"
    )
    args = parser.parse_args()
    DB_NAME = args.db
    SQLITE = os.path.join(tempfile.gettempdir(), f"{args.db}.sqlite3")
    if args.export_only:  # on the kept database, in a process of its own
        setup_django(args.sqlite)
        bench_export(args.export_rows, trace=args.tracemalloc)
        return
    end = date(2026, 12, 1)
    if not args.reuse:
        if args.sqlite:
            if os.path.exists(SQLITE):
                os.remove(SQLITE)
        else:
            admin_sql(f"DROP DATABASE IF EXISTS {DB_NAME}")
            admin_sql(f"CREATE DATABASE {DB_NAME}")
    try:
        setup_django(args.sqlite)
        from django.db import connection

        print(f"Python {sys.version.split()[0]}, {connection.vendor}")
        if not args.reuse:
            load(args.rows, end)
        bench_kpis(end, twelve_months=args.twelve_months)
        if args.explain:
            explain_periods(end)
        if args.export_rows:
            export_in_child(args)
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            if args.sqlite:
                if os.path.exists(SQLITE):
                    os.remove(SQLITE)
            else:
                admin_sql(f"DROP DATABASE IF EXISTS {DB_NAME}")


if __name__ == "__main__":
    main()
