"""Helpers for API tests: a JSON client logged in as someone, and row counts."""

import json
from typing import Any

from django.test import Client

from kefu.core.models import AuditEntry
from kefu.org.models import User

BASE = "/api/v1"


class Api:
    """Calls /api/v1/ as ``user`` (session login) in ``language``.

    The test client skips the CSRF check unless ``enforce_csrf`` is set.
    """

    def __init__(
        self,
        user: User | None = None,
        *,
        language: str = "en",
        enforce_csrf: bool = False,
        **headers: str,
    ):
        self.client = Client(
            enforce_csrf_checks=enforce_csrf, headers={"accept-language": language, **headers}
        )
        if user is not None:
            self.client.force_login(user)

    def get(self, path: str, params: dict[str, Any] | None = None):
        return self.client.get(BASE + path, params or {})

    def post(self, path: str, body: dict[str, Any] | None = None):
        return self.client.post(
            BASE + path, json.dumps(body or {}, default=str), content_type="application/json"
        )

    def patch(self, path: str, body: dict[str, Any]):
        return self.client.patch(
            BASE + path, json.dumps(body, default=str), content_type="application/json"
        )


def assert_error(response, status: int, code: str) -> dict[str, Any]:
    """The response is the API's error body with ``status`` and ``code``."""
    body = response.json()
    assert (response.status_code, body.get("code")) == (status, code), body
    assert set(body) == {"code", "message", "fields"}
    assert body["message"]
    return body


def audit_mark() -> int:
    """The id of the latest audit entry, to find the ones an API call writes."""
    return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def audit_since(mark: int) -> list[AuditEntry]:
    """Audit entries written after ``mark``, oldest first."""
    return list(AuditEntry.objects.filter(id__gt=mark).order_by("id"))


def row_counts() -> dict[str, int]:
    """Rows an API call could write: requests, customers, absences, audit entries."""
    from kefu.customers.models import Customer
    from kefu.desk.models import Ticket
    from kefu.org.models import Absence

    return {
        "tickets": Ticket.objects.count(),
        "customers": Customer.objects.count(),
        "absences": Absence.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


def assert_refused(call, status: int, code: str) -> dict[str, Any]:
    """``call()`` answers the error ``status``/``code`` and writes nothing."""
    before = row_counts()
    body = assert_error(call(), status, code)
    assert row_counts() == before
    return body
