"""Fuzz the whole OpenAPI with schemathesis, in process, on both databases.

Every operation of ``/api/v1/openapi.json`` is called with generated valid and
invalid data as the furniture maker's 客服主任 (a bearer token). Schemathesis'
checks must hold: no 5xx, the status code is one the schema documents, the
content type and every body (the ``{code, message, fields}`` error shape for
4xx included) match the schema.

The random examples per operation are bounded (``KEFU_FUZZ_EXAMPLES``, default
12); raise it locally to dig deeper. Schemathesis' coverage phase adds its
deterministic cases on top (≈ 50 per operation: boundary values, a wrong type or a
missing field for each parameter, each undocumented method), so each of the ~230
operations gets ≈ 60 calls, ≈ 2 minutes of CPU per database; each worker takes
its share of the operations. Each finding fixed has its own regression test next
to the code.
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import positive_data_acceptance

from kefu.org.services import api_token_create

EXAMPLES = int(os.environ.get("KEFU_FUZZ_EXAMPLES", "12"))

#: Schema-valid data may still be refused by a business rule: a 400 with the rule's
#: code (``customers.name_required``, ``sales.not_consultant``) is an answer no
#: schema can express. A 422 ``invalid`` for schema-valid data stays a failure:
#: that is the schema and the API disagreeing.
CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "3xx", "400", "401", "403", "404", "409"]
            }
        }
    }
)

schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", get_wsgi_application(), config=CONFIG
)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI handler closes the database connection after each request, which
    would close the test's transaction; Django's test client avoids it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(xlm) -> str:
    _, raw = api_token_create(actor=None, user=xlm["cs_director"], name="fuzz")
    return raw


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
@pytest.mark.django_db
def test_the_api_answers_every_generated_call_as_documented(case, token):
    excluded = []
    if (case.media_type or "").startswith("multipart/"):
        # Uploads: the generated multipart bodies may carry the file under a part the
        # server reads as a plain field; the apps' upload tests check content and size.
        excluded = [positive_data_acceptance]
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, excluded_checks=excluded)
