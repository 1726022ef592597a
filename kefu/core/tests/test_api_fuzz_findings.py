"""Regression tests for what the API fuzzer (test_api_fuzz.py) found, one per finding."""

import pytest
from django.test import Client

from kefu.core.tests.api_support import Api


def test_a_month_the_calendar_cannot_hold_is_invalid_not_a_server_error(xlm):
    # Found: GET /reports/sla?month=0000-01 built date(0, 1, 1) and answered 500.
    response = Api(xlm["cs_director"]).get("/reports/sla", {"month": "0000-01"})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_path_no_endpoint_matches_answers_with_the_api_error_shape(xlm, method):
    # Found: /assessment/scorecards/null,null/sign-off answered Django's HTML 404
    # (and, for POST, the HTML CSRF page).
    client = Client(enforce_csrf_checks=True)
    client.force_login(xlm["cs_director"])
    response = getattr(client, method)("/api/v1/assessment/scorecards/null,null/sign-off")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("value", ["0", "20260101", "1.5"])
def test_a_day_is_written_yyyy_mm_dd(xlm, value):
    # Found: ?date_to=0 was read as 1970-01-01 (pydantic takes numbers as timestamps).
    response = Api(xlm["cs_director"]).get("/requests", {"date_to": value})
    assert response.status_code == 422
    assert "date_to" in response.json()["fields"]


def test_the_schema_documents_the_page_size_limit_and_the_patch_null_rule(db):
    schema = Client().get("/api/v1/openapi.json").json()
    params = {p["name"]: p for p in schema["paths"]["/api/v1/requests"]["get"]["parameters"]}
    # Found: page_size=1152 was schema-valid but refused.
    assert params["page_size"]["schema"]["maximum"] == 200
    # Found: PATCH documented contact_phone as nullable, then refused null.
    patch = schema["components"]["schemas"]["TicketPatch"]["properties"]
    assert patch["contact_phone"] == {"title": "Contact Phone", "type": "string"}
    assert {"type": "null"} in patch["customer_id"]["anyOf"]  # nullable: clears it
    # Found: a body with both type_id and type_code was schema-valid.
    assert len(schema["components"]["schemas"]["TicketIn"]["oneOf"]) == 2
