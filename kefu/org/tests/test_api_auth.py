"""API authentication: bearer tokens, browser sessions with CSRF, 401 everywhere else."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from kefu.core.tests.api_support import Api, assert_error, assert_refused, audit_mark, audit_since
from kefu.org.models import ApiToken
from kefu.org.services import api_token_create, api_token_revoke

ENDPOINTS = [
    ("get", "/me"),
    ("get", "/sites"),
    ("get", "/sites/1/config"),
    ("post", "/absences"),
    ("post", "/absences/1/cancel"),
    ("get", "/customers"),
    ("post", "/customers"),
    ("get", "/customers/1"),
    ("patch", "/customers/1"),
    ("get", "/requests"),
    ("post", "/requests"),
    ("get", "/requests/1"),
    ("patch", "/requests/1"),
    ("post", "/requests/1/transitions"),
    ("post", "/requests/1/comments"),
    ("get", "/requests/1/timeline"),
]


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_every_endpoint_needs_authentication(db, method, path):
    api = Api()
    call = getattr(api, method)
    assert_refused(
        lambda: call(path, {}) if method != "get" else call(path), 401, "unauthenticated"
    )


def bearer(key: str) -> Api:
    return Api(authorization=f"Bearer {key}")


def test_a_bearer_token_authenticates_its_user(xlm):
    _token, key = api_token_create(actor=None, user=xlm["cs_director"], name="bridge")
    response = bearer(key).get("/me")
    assert response.status_code == 200
    assert response.json()["user"]["username"] == xlm["cs_director"].username


def test_a_bearer_token_needs_no_csrf_token_to_write(xlm):
    _token, key = api_token_create(actor=None, user=xlm["cs_director"], name="bridge")
    api = Api(authorization=f"Bearer {key}", enforce_csrf=True)
    body = {"site_id": xlm.site.pk, "kind": "buyer", "name": "赵先生"}
    assert api.post("/customers", body).status_code == 201


def test_a_tokens_use_is_recorded_at_most_once_a_minute(xlm):
    token, key = api_token_create(actor=None, user=xlm["cs_director"], name="bridge")
    assert bearer(key).get("/me").status_code == 200
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    assert bearer(key).get("/me").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at == first  # within the minute: not written again
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(seconds=61))
    assert bearer(key).get("/me").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at > first


@pytest.mark.parametrize("state", ["unknown", "revoked", "inactive user"])
def test_an_unknown_or_revoked_token_is_refused(xlm, state):
    token, key = api_token_create(actor=None, user=xlm["cs_director"], name="bridge")
    if state == "unknown":
        key = key[::-1]
    elif state == "revoked":
        api_token_revoke(actor=None, token=token)
    else:
        xlm["cs_director"].is_active = False
        xlm["cs_director"].save(update_fields=["is_active"])
    assert_error(bearer(key).get("/me"), 401, "unauthenticated")


def test_create_api_token_prints_a_working_key_once(xlm):
    out = StringIO()
    mark = audit_mark()
    call_command("create_api_token", xlm["cs_director"].username, "call centre", stdout=out)
    key = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert (token.user, token.name, token.prefix) == (xlm["cs_director"], "call centre", key[:8])
    assert key not in token.digest  # only a digest is stored
    assert [e.action for e in audit_since(mark)] == ["org.api_token_created"]
    assert bearer(key).get("/me").status_code == 200


def test_create_api_token_refuses_an_unknown_user(db):
    with pytest.raises(CommandError):
        call_command("create_api_token", "nobody", "x", stdout=StringIO())
    assert not ApiToken.objects.exists()


def session(user, *, csrf: str | None = None) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    if csrf is not None:
        client.cookies["csrftoken"] = csrf
    return client


def test_a_browser_session_reads_without_a_csrf_token(xlm):
    assert session(xlm["cs_director"]).get("/api/v1/me").status_code == 200


def test_a_browser_session_writes_only_with_the_csrf_token(xlm):
    body = {"site_id": xlm.site.pk, "kind": "buyer", "name": "赵先生"}
    refused = session(xlm["cs_director"])
    assert_refused(
        lambda: refused.post("/api/v1/customers", body, content_type="application/json"),
        403,
        "csrf_failed",
    )
    token = "k" * 32
    allowed = session(xlm["cs_director"], csrf=token)
    response = allowed.post(
        "/api/v1/customers", body, content_type="application/json", headers={"x-csrftoken": token}
    )
    assert response.status_code == 201, response.json()
