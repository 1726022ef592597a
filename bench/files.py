"""Customer-files benchmark: import 100,000 customers from .xlsx, export 100,000 files,
and the first page of a site's 100,000 files, on PostgreSQL behind gunicorn.

Run from the project root: ``.venv/bin/python -m bench.files`` (see bench/README.md).

1. drops and creates the scratch database ``kefu_files_bench``, migrates it, and
   sets up a dealer site with a file keeper and a viewer without the right to see
   personal data in full (so the list masks) — through the services;
2. writes a 100,000-row .xlsx (客户名称, 手机, 证件号码, 楼栋, 单元号) with openpyxl's
   write-only mode;
3. in a fresh ``manage.py shell``: upload, check (all rows), confirm and run the
   import through the services — wall time per step and the process's peak RSS;
4. seeds one 入伙资料 file per imported customer with ``bulk_create`` (benchmark
   set-up only; files are opened one by one through ``file_open`` in the app);
5. in a fresh shell: exports the 100,000 files to .xlsx (``files_export``) — time
   and peak RSS;
6. starts gunicorn (DEBUG off, collected static files) on port 8110 and times the
   first page of ``/files/`` and ``/api/v1/files`` for the viewer (masked);
7. stops gunicorn and drops the database (``--keep`` keeps it).
"""

import argparse
import http.client
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

from bench.intake import LOOPBACK, drop_database, manage, recreate_database, start_gunicorn, stop

PORT = 8110

SETUP = """
import json
from kefu.files.services import file_kind_preset_apply
from kefu.org.models import Position, PositionAssignment, Site, User
site = Site.objects.create(code="bench", name="基准4S店", kind="car_dealer")
keeper_pos = Position.objects.create(
    site=site, code="file_keeper", name="客户档案管理员",
    capabilities=["files.keep", "files.manage", "files.see_personal"],
)
viewer_pos = Position.objects.create(site=site, code="sales_consultant", name="销售顾问")
keeper = User.objects.create(username="bench_keeper", display_name="档案员")
viewer = User.objects.create(username="bench_viewer", display_name="顾问")
PositionAssignment.objects.create(user=keeper, position=keeper_pos)
PositionAssignment.objects.create(user=viewer, position=viewer_pos)
file_kind_preset_apply(actor=None, site=site, key="move_in")
print(json.dumps({"site": site.pk, "keeper": keeper.pk, "viewer": viewer.pk}))
"""

IMPORT = """
import json, resource, time
from django.core.files import File
from kefu.files import services
from kefu.org.models import Site, User
site, keeper = Site.objects.get(pk=SITE), User.objects.get(pk=KEEPER)
times = {}
t = time.perf_counter()
with open(PATH, "rb") as fh:
    job = services.import_upload(actor=keeper, site=site, upload=File(fh, name="bench.xlsx"))
times["upload_s"] = time.perf_counter() - t
t = time.perf_counter()
job = services.import_check(job=job)
times["check_s"] = time.perf_counter() - t
assert job.status == "ready", (job.status, job.file_error, job.errors[:3])
t = time.perf_counter()
services.import_commit(actor=keeper, job=job)
job = services.import_run(job=job)
times["write_s"] = time.perf_counter() - t
assert job.status == "done", job.file_error
times["created"] = job.created
times["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(times))
"""

SEED_FILES = """
from kefu.customers.models import Customer
from kefu.files.models import CustomerFile, FileKind
kind = FileKind.objects.get(site_id=SITE, code="move_in")
batch = []
for n, (pk, unit) in enumerate(
    Customer.objects.filter(site_id=SITE).values_list("pk", "units").order_by("pk").iterator(),
    start=1,
):
    batch.append(CustomerFile(site_id=SITE, kind=kind, number=f"MOVE_IN-{n:06d}",
                              customer_id=pk, unit_id=unit))
    if len(batch) == 5000:
        CustomerFile.objects.bulk_create(batch)
        batch = []
CustomerFile.objects.bulk_create(batch)
FileKind.objects.filter(pk=kind.pk).update(next_number=n + 1)
print(CustomerFile.objects.filter(site_id=SITE).count())
"""

EXPORT = """
import json, os, resource, time
from kefu.files import selectors, services
from kefu.org.models import User
keeper = User.objects.get(pk=KEEPER)
t = time.perf_counter()
path, count = services.files_export(actor=keeper, files=selectors.file_list_for(keeper))
seconds = time.perf_counter() - t
print(json.dumps({"rows": count, "export_s": seconds, "bytes": os.path.getsize(path),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
os.unlink(path)
"""

SESSION = """
from django.test import Client
from kefu.org.models import User
client = Client()
client.force_login(User.objects.get(pk=VIEWER))
print(client.cookies["sessionid"].value)
"""


def main() -> None:
    args = parse_args()
    db_url = f"{args.pg.rstrip('/')}/{args.database}"
    media = tempfile.mkdtemp(prefix="kefu-files-bench-")
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "DEBUG": "false",
        "ALLOWED_HOSTS": LOOPBACK,
        "SECURE_SSL_REDIRECT": "false",
        "CONN_MAX_AGE": "600",
        "SECRET_KEY": "kefu-bench-only-" + "x" * 50,
        "KEFU_LOG_LEVEL": "WARNING",
        "MEDIA_ROOT": media,
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    recreate_database(args.pg, args.database)
    server = None
    try:
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        ids = json.loads(manage(env, "shell", "-c", SETUP).strip().splitlines()[-1])
        path = Path(media) / "bench.xlsx"
        t = time.perf_counter()
        write_xlsx(path, args.rows)
        print(
            f"wrote {args.rows:,} rows to .xlsx ({path.stat().st_size / 1e6:.1f} MB) "
            f"in {time.perf_counter() - t:.1f} s"
        )
        code = (
            IMPORT.replace("SITE", str(ids["site"]))
            .replace("KEEPER", str(ids["keeper"]))
            .replace("PATH", repr(str(path)))
        )
        result = json.loads(manage(env, "shell", "-c", code).strip().splitlines()[-1])
        total = result["upload_s"] + result["check_s"] + result["write_s"]
        print(
            f"import: upload {result['upload_s']:.1f} s, check {result['check_s']:.1f} s, "
            f"write {result['write_s']:.1f} s, total {total:.1f} s; created {result['created']}; "
            f"peak RSS {result['peak_rss_mb']:.0f} MB"
        )
        count = manage(env, "shell", "-c", SEED_FILES.replace("SITE", str(ids["site"])))
        print(f"seeded {int(count.strip().splitlines()[-1]):,} files (bulk_create)")
        code = EXPORT.replace("KEEPER", str(ids["keeper"]))
        result = json.loads(manage(env, "shell", "-c", code).strip().splitlines()[-1])
        print(
            f"export: {result['rows']:,} rows in {result['export_s']:.1f} s "
            f"({result['bytes'] / 1e6:.1f} MB), peak RSS {result['peak_rss_mb']:.0f} MB"
        )
        cookie = manage(env, "shell", "-c", SESSION.replace("VIEWER", str(ids["viewer"])))
        cookie = cookie.strip().splitlines()[-1]
        server = start_gunicorn(env, PORT, 2, 1)
        wait_ready(cookie)
        for label, url in (("page /files/", "/files/"), ("API /api/v1/files", "/api/v1/files")):
            times = timed_gets(url, cookie, args.requests)
            print(
                f"{label} first page (viewer, masked): p50 {percentile(times, 50):.1f} ms, "
                f"p95 {percentile(times, 95):.1f} ms over {len(times)} requests"
            )
    finally:
        if server is not None:
            stop(server)
        if not args.keep:
            drop_database(args.pg, args.database)


def write_xlsx(path: Path, rows: int) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("客户")
    sheet.append(["客户名称", "手机", "证件号码", "楼栋", "单元号"])
    for n in range(rows):
        sheet.append(
            [f"客户{n:06d}", f"138{n:08d}", f"4403011990{n:08d}", f"{n // 500 + 1}栋",
             f"{n % 500 + 101}"]
        )  # fmt: skip
    workbook.save(path)


def get(url: str, cookie: str) -> tuple[int, float]:
    conn = http.client.HTTPConnection(LOOPBACK, PORT, timeout=30)
    start = time.perf_counter()
    conn.request(
        "GET", url, headers={"Cookie": f"sessionid={cookie}", "Accept-Language": "zh-hans"}
    )
    response = conn.getresponse()
    response.read()
    elapsed = (time.perf_counter() - start) * 1000
    conn.close()
    return response.status, elapsed


def wait_ready(cookie: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if get("/files/", cookie)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer within 30 s")


def timed_gets(url: str, cookie: str, count: int) -> list[float]:
    for _ in range(5):
        get(url, cookie)
    times = []
    for _ in range(count):
        status, ms = get(url, cookie)
        if status != 200:
            raise SystemExit(f"{url}: HTTP {status}")
        times.append(ms)
    return times


def percentile(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100)[p - 1] if len(values) > 1 else values[0]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="customers to import")
    parser.add_argument("--requests", type=int, default=50, help="timed list requests")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432", help="server URL")
    parser.add_argument("--database", default="kefu_files_bench", help="scratch database")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    return parser.parse_args()


if __name__ == "__main__":
    main()
