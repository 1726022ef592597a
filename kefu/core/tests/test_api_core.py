"""The API as a whole: one error shape in the caller's language, schema and docs offline."""

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.utils import translation

from kefu.core.tests.api_support import Api, assert_error
from kefu.desk.errors import NotDesignatedRegistrar
from kefu.desk.models import Category, Channel


def complaint(xlm):
    return {
        "site_id": xlm.site.pk,
        "type_code": "complaint",
        "channel_id": Channel.objects.filter(site=xlm.site).first().pk,
        "category_id": Category.objects.get(site=xlm.site, code="packaging").pk,
        "content": "包装破损",
        "occurred_at": "2010-09-10T10:00:00+08:00",
        "occurred_place": "哈尔滨门店",
    }


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_error_messages_follow_accept_language_and_codes_stay_stable(xlm, language):
    response = Api(xlm["vp_sales"], language=language).post("/requests", complaint(xlm))
    body = assert_error(response, 403, "desk.not_designated_registrar")
    assert response["Content-Language"] == language
    with translation.override(language):
        assert body["message"] == str(NotDesignatedRegistrar.default_message)
    if language == "en":
        assert body["message"] == (
            "Only the designated positions (or their deputies) may register this type of request."
        )


def test_schema_errors_name_the_fields(xlm):
    response = Api(xlm["cs_director"]).post("/requests", {"site_id": "x"})
    body = assert_error(response, 422, "invalid")
    assert {"site_id", "channel_id", "content"} <= set(body["fields"])


def test_the_openapi_schema_lists_the_foundation_paths_and_every_app(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    paths = set(schema["paths"])
    # each app's router is mounted under its own prefix (config/api.py)
    mounted = {p.split("/")[3] for p in paths}
    assert {"requests", "customers", "notifications", "reports"} <= mounted
    assert paths >= {
        "/api/v1/me",
        "/api/v1/sites",
        "/api/v1/sites/{site_id}/config",
        "/api/v1/absences",
        "/api/v1/absences/{absence_id}/cancel",
        "/api/v1/customers",
        "/api/v1/customers/{customer_id}",
        "/api/v1/requests",
        "/api/v1/requests/{ticket_id}",
        "/api/v1/requests/{ticket_id}/transitions",
        "/api/v1/requests/{ticket_id}/comments",
        "/api/v1/requests/{ticket_id}/timeline",
        "/api/v1/requests/{ticket_id}/pause",
        "/api/v1/requests/{ticket_id}/resume",
        "/api/v1/requests/{ticket_id}/urge",
        "/api/v1/files",
        "/api/v1/files/kinds",
        "/api/v1/files/{file_id}",
        "/api/v1/files/{file_id}/items/{item_id}/check",
        "/api/v1/files/{file_id}/handovers",
        "/api/v1/files/handovers",
        "/api/v1/files/handovers/{handover_id}/receive",
        "/api/v1/files/{file_id}/access-applications",
        "/api/v1/files/access-applications",
        "/api/v1/files/access-applications/{application_id}/decide",
        "/api/v1/files/access-log",
        "/api/v1/files/{file_id}/loans",
        "/api/v1/files/loans",
        "/api/v1/files/loans/{loan_id}/decide",
        "/api/v1/files/loans/{loan_id}/return",
        "/api/v1/files/imports",
        "/api/v1/files/imports/{import_id}",
        "/api/v1/files/imports/{import_id}/commit",
        "/api/v1/complaints",
        "/api/v1/complaints/board",
        "/api/v1/complaints/notices",
        "/api/v1/complaints/notices/{notice_id}/done",
        "/api/v1/complaints/{complaint_id}",
        "/api/v1/complaints/{complaint_id}/opinions",
        "/api/v1/visits/meetings",
        "/api/v1/visits/meetings/{meeting_id}",
        "/api/v1/visits/tenant-visits",
        "/api/v1/visits/plans",
        "/api/v1/visits/coverage",
        "/api/v1/notices",
        "/api/v1/notices/{pk}",
        "/api/v1/notices/{pk}/approve",
        "/api/v1/notices/{pk}/seal-application",
        "/api/v1/notices/{pk}/seal",
        "/api/v1/notices/{pk}/issue",
        "/api/v1/notices/{pk}/chase",
        "/api/v1/notices/{pk}/recipients/{recipient_id}/paper",
        "/api/v1/notices/{pk}/inspection",
        "/api/v1/notices/{pk}/rectification",
        "/api/v1/notices/greetings",
        "/api/v1/complaints/{complaint_id}/slip.pdf",
        "/api/v1/complaints/{complaint_id}/accept",
        "/api/v1/complaints/{complaint_id}/transfer",
        "/api/v1/complaints/{complaint_id}/transfer-decision",
        "/api/v1/complaints/{complaint_id}/slip/sign",
        "/api/v1/complaints/{complaint_id}/memo",
        "/api/v1/complaints/{complaint_id}/delivery",
        "/api/v1/complaints/{complaint_id}/opinion",
        "/api/v1/complaints/{complaint_id}/opinion-decision",
        "/api/v1/complaints/{complaint_id}/reply",
        "/api/v1/complaints/{complaint_id}/visit",
        "/api/v1/complaints/{complaint_id}/close",
        "/api/v1/visits",
        "/api/v1/visits/handover",
        "/api/v1/visits/surveys",
        "/api/v1/visits/surveys/{campaign_id}",
        "/api/v1/visits/surveys/{campaign_id}/actions",
        "/api/v1/visits/surveys/{campaign_id}/actions/{action_id}",
        "/api/v1/visits/surveys/{campaign_id}/answers",
        "/api/v1/visits/{visit_id}",
        "/api/v1/visits/{visit_id}/cancel",
        "/api/v1/visits/{visit_id}/record",
        "/api/v1/visits/{visit_id}/reschedule",
        "/api/v1/portal/unconfirmed",
        "/api/v1/portal/requests/{portal_request_id}/match",
        "/api/v1/portal/online",
        "/api/v1/portal/online/{item_id}/draft",
        "/api/v1/portal/online/{item_id}/review",
        "/api/v1/portal/online/{item_id}/publish",
        "/api/v1/assessment/ledger",
        "/api/v1/assessment/ledger/statement",
        "/api/v1/assessment/ledger/{pk}",
        "/api/v1/assessment/ledger/{pk}/approve",
        "/api/v1/assessment/ledger/{pk}/appeal",
        "/api/v1/assessment/ledger/{pk}/decide",
        "/api/v1/reports/kpis",
        "/api/v1/reports/kpis/records",
        "/api/v1/reports/generated",
        "/api/v1/reports/generated/{pk}",
        "/api/v1/notifications",
        "/api/v1/notifications/unread-count",
        "/api/v1/notifications/read-all",
        "/api/v1/notifications/{notification_id}/read",
        "/api/v1/reports/sla",
        "/api/v1/guests/visits",
        "/api/v1/guests/visits/{pk}",
        "/api/v1/guests/visits/{pk}/change",
        "/api/v1/guests/visits/{pk}/needs",
        "/api/v1/guests/urging",
        "/api/v1/guests/report",
        "/api/v1/procedures",
        "/api/v1/procedures/{pk}",
        "/api/v1/procedures/{pk}/complete",
        "/api/v1/procedures/{pk}/items/{item_id}/refund",
        "/api/v1/field/orders",
        "/api/v1/field/orders/{order_id}",
        "/api/v1/field/orders/{order_id}/approve",
        "/api/v1/field/orders/{order_id}/reject",
        "/api/v1/field/orders/{order_id}/cancel",
        "/api/v1/field/orders/{order_id}/dispatch",
        "/api/v1/field/orders/{order_id}/arrive",
        "/api/v1/field/orders/{order_id}/work",
        "/api/v1/field/orders/{order_id}/parts",
        "/api/v1/field/orders/{order_id}/swaps",
        "/api/v1/field/orders/{order_id}/photos",
        "/api/v1/field/orders/{order_id}/complete",
        "/api/v1/field/orders/{order_id}/cash",
        "/api/v1/field/cash",
        "/api/v1/field/swaps",
        "/api/v1/accounts",
        "/api/v1/accounts/{account_id}",
        "/api/v1/accounts/{account_id}/shipments",
        "/api/v1/accounts/{account_id}/entries",
        "/api/v1/accounts/shipments/{shipment_id}/sign",
        "/api/v1/accounts/shipments/{shipment_id}/approve-past-term",
        "/api/v1/accounts/sites/{site_id}/import",
        "/api/v1/accounts/recovery",
        "/api/v1/accounts/partners",
        "/api/v1/accounts/partners/{partner_id}",
        "/api/v1/accounts/partners/visits-due",
        "/api/v1/accounts/grade-changes/{change_id}/decide",
        "/api/v1/accounts/{account_id}/key-account",
        "/api/v1/accounts/{account_id}/plans",
        "/api/v1/accounts/{account_id}/reviews",
    }
    assert {"TokenAuth", "SessionAuth"} <= set(schema["components"]["securitySchemes"])
    assert "ErrorOut" in schema["components"]["schemas"]


def test_the_docs_page_loads_its_assets_from_our_static_files(db):
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "/static/ninja/swagger-ui.css" in html
    assert "cdn" not in html.lower()
    assert "https://" not in html
    for asset in ("ninja/swagger-ui-bundle.js", "ninja/swagger-ui.css", "ninja/swagger-ui-init.js"):
        assert finders.find(asset), asset


BIG = 10**30  # past any database integer


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", f"/requests/{BIG}", None),
        ("get", "/requests", {"category": BIG, "channel": BIG, "assignee": BIG}),
        ("get", "/customers", {"site": BIG}),
        ("get", f"/customers/{BIG}", None),
        ("get", f"/sites/{BIG}/config", None),
        ("post", "/requests", {"site_id": BIG, "type_id": BIG, "channel_id": BIG, "content": "x"}),
        ("post", "/customers", {"site_id": BIG, "kind": "buyer", "name": "x", "unit_id": BIG}),
        ("post", f"/absences/{BIG}/cancel", None),
        ("patch", "/requests/1", {"category_id": BIG}),
        ("post", "/requests/1/transitions", {"action": "assign", "assignee_id": BIG}),
    ],
)
def test_absurd_ids_are_client_errors_never_server_errors(xlm, method, path, body):
    api = Api(xlm["cs_director"])
    response = getattr(api, method)(path, body) if body is not None else getattr(api, method)(path)
    assert 400 <= response.status_code < 500
    assert set(response.json()) == {"code", "message", "fields"}


def test_every_api_schema_has_a_name_of_its_own():
    """Two schemas of one name overwrite each other in the OpenAPI components, so the
    documented body of one endpoint becomes another's (found by the fuzzer:
    POST /absences documented the sales office's absence body)."""
    from collections import defaultdict

    from ninja import Schema

    import config.api  # noqa: F401 - every router's schemas are imported

    def walk(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from walk(sub)

    modules = defaultdict(set)
    for schema in walk(Schema):
        if schema.__module__.startswith("kefu."):
            modules[schema.__name__].add(schema.__module__)
    assert {name: mods for name, mods in modules.items() if len(mods) > 1} == {}
