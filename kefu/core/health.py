"""Health checks and Prometheus metrics for operators (docs/deploy.md).

``/healthz`` answers 200 when the database, the media storage and the
background worker are fine and 503 otherwise, with one entry per check, so a
load balancer can take a sick process out and an operator sees why.
``/metrics`` exposes the same facts and the desk's backlog as Prometheus
gauges; nothing here writes to the database except the storage probe's file.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.models import Count, Min, Q
from django.utils import timezone
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily

PROBE_DIR = "healthz"


@dataclass
class HealthReport:
    """The outcome of every check; ``ok`` only when each one is."""

    checks: dict[str, dict] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return all(check["ok"] for check in self.checks.values())

    def as_dict(self) -> dict:
        return {"status": "ok" if self.ok else "fail", "checks": self.checks}


def check_database() -> dict:
    """One round trip to the database."""
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}


def check_storage() -> dict:
    """Write, read back and delete a small file through the default storage
    (local disk or S3-compatible, whichever ``STORAGES["default"]`` names)."""
    name = f"{PROBE_DIR}/{uuid.uuid4().hex}.txt"
    try:
        saved = default_storage.save(name, ContentFile(b"ok"))
        with default_storage.open(saved) as handle:
            body = handle.read()
        default_storage.delete(saved)
    except Exception as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": body == b"ok"}


def tasks_backend_path() -> str:
    return settings.TASKS["default"]["BACKEND"]


def oldest_task_wait(now=None) -> float | None:
    """Seconds the oldest runnable task of the database backend has waited,
    or None when nothing waits (or another backend is configured)."""
    if "django_tasks_db" not in tasks_backend_path():
        return None
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    oldest = DBTaskResult.objects.ready().aggregate(first=Min("enqueued_at"))["first"]
    if oldest is None:
        return None
    return max(0.0, (now - oldest).total_seconds())


def check_worker(now=None) -> dict:
    """The worker is alive when nothing runnable has waited longer than
    ``KEFU_HEALTH_MAX_TASK_WAIT`` seconds (database backend), or when at least
    one RQ worker is registered with Redis (RQ backend)."""
    backend = tasks_backend_path()
    if "immediate" in backend.lower() or "dummy" in backend.lower():
        return {"ok": True, "backend": backend}
    if "rq" in backend.lower():
        try:
            from django_rq import get_connection
            from rq import Worker

            workers = Worker.count(connection=get_connection("default"))
        except Exception as exc:
            return {"ok": False, "backend": "rq", "error": exc.__class__.__name__}
        return {"ok": workers > 0, "backend": "rq", "workers": workers}
    limit = settings.KEFU_HEALTH_MAX_TASK_WAIT
    try:
        wait = oldest_task_wait(now)
    except Exception as exc:
        return {"ok": False, "backend": "database", "error": exc.__class__.__name__}
    return {
        "ok": wait is None or wait <= limit,
        "backend": "database",
        "oldest_wait_seconds": None if wait is None else round(wait, 1),
        "limit_seconds": limit,
    }


def health_report(now=None) -> HealthReport:
    return HealthReport(
        checks={
            "database": check_database(),
            "storage": check_storage(),
            "worker": check_worker(now),
        }
    )


class KefuCollector:
    """Gauges read fresh from the database at every scrape."""

    def collect(self):
        from kefu.desk.models import Ticket
        from kefu.desk.rules import OPEN_STATUSES
        from kefu.notify.models import Delivery

        now = timezone.now()
        open_requests = GaugeMetricFamily(
            "kefu_requests_open", "Open desk requests per site", labels=["site"]
        )
        overdue = GaugeMetricFamily(
            "kefu_requests_overdue",
            "Open desk requests past their next deadline per site",
            labels=["site"],
        )
        rows = (
            Ticket.objects.filter(status__in=OPEN_STATUSES)
            .values("site__code")
            .annotate(n=Count("id"), late=Count("id", filter=Q(sla_next_due__lt=now)))
            .order_by("site__code")
        )
        for row in rows:
            open_requests.add_metric([row["site__code"]], row["n"])
            overdue.add_metric([row["site__code"]], row["late"])
        yield open_requests
        yield overdue

        deliveries = GaugeMetricFamily(
            "kefu_outbox_deliveries", "Outbox deliveries per status", labels=["status"]
        )
        for row in Delivery.objects.values("status").annotate(n=Count("id")).order_by("status"):
            deliveries.add_metric([row["status"]], row["n"])
        yield deliveries

        wait = oldest_task_wait(now)
        yield GaugeMetricFamily(
            "kefu_task_oldest_wait_seconds",
            "Seconds the oldest runnable background task has waited (database backend)",
            value=wait or 0.0,
        )
        health = health_report(now)
        up = GaugeMetricFamily("kefu_health_ok", "1 when the check passes", labels=["check"])
        for name, check in health.checks.items():
            up.add_metric([name], 1.0 if check["ok"] else 0.0)
        yield up


def metrics_text() -> bytes:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(KefuCollector())
    return generate_latest(registry)
