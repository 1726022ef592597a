"""The health endpoint and the Prometheus metrics (docs/deploy.md)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kefu.core import health


@pytest.fixture
def db_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.KEFU_HEALTH_MAX_TASK_WAIT = 300


def enqueue_waiting(minutes: int) -> None:
    from kefu.notify.tasks import deliver_pending

    result = deliver_pending.using(backend="default").enqueue()
    DBTaskResult.objects.filter(id=result.id).update(
        enqueued_at=timezone.now() - timedelta(minutes=minutes)
    )


@pytest.mark.django_db
def test_healthz_ok_with_every_check(client, db_backend, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "storage", "worker"}
    assert body["checks"]["worker"]["oldest_wait_seconds"] is None
    assert response["Cache-Control"].startswith("max-age=0")
    assert not list(tmp_path.rglob("*.txt")), "the storage probe leaves no file behind"


@pytest.mark.django_db
def test_healthz_fails_when_the_worker_is_behind(client, db_backend, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    enqueue_waiting(minutes=2)
    assert client.get("/healthz").status_code == 200
    enqueue_waiting(minutes=10)
    response = client.get("/healthz")
    assert response.status_code == 503
    worker = response.json()["checks"]["worker"]
    assert worker["ok"] is False
    assert worker["oldest_wait_seconds"] >= 600


@pytest.mark.django_db
def test_healthz_fails_when_storage_is_unwritable(client, db_backend, settings, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    settings.MEDIA_ROOT = blocker  # a file, not a directory: nothing can be saved under it
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"]["ok"] is False


@pytest.mark.django_db
def test_metrics_loopback_only_without_a_token(client, settings, db_backend, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.KEFU_METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="10.0.0.8").status_code == 403


@pytest.mark.django_db
def test_metrics_with_a_token(client, settings, db_backend, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.KEFU_METRICS_TOKEN = "s3cret"
    assert client.get("/metrics").status_code == 403
    wrong = client.get("/metrics", HTTP_AUTHORIZATION="Bearer nope")
    assert wrong.status_code == 403
    ok = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret", REMOTE_ADDR="10.0.0.8")
    assert ok.status_code == 200


@pytest.mark.django_db
def test_metrics_count_open_and_overdue_requests(client, xlm, settings, db_backend, tmp_path):
    from kefu.desk.models import Ticket
    from kefu.desk.tests.factories import register_ticket

    settings.MEDIA_ROOT = tmp_path
    now = timezone.now()
    tickets = [register_ticket(actor=xlm["cs_director"], site=xlm.site) for _ in range(3)]
    Ticket.objects.filter(id=tickets[0].id).update(sla_next_due=now - timedelta(hours=1))
    Ticket.objects.filter(id=tickets[1].id).update(sla_next_due=now + timedelta(hours=1))
    Ticket.objects.filter(id=tickets[2].id).update(status="closed")
    text = client.get("/metrics").content.decode()
    assert 'kefu_requests_open{site="xlm"} 2.0' in text
    assert 'kefu_requests_overdue{site="xlm"} 1.0' in text
    assert 'kefu_health_ok{check="database"} 1.0' in text
    assert "kefu_task_oldest_wait_seconds" in text


def test_worker_check_with_the_immediate_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert health.check_worker()["ok"] is True
