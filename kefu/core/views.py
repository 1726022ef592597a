"""Operator endpoints: health and metrics (docs/deploy.md)."""

import hmac

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from kefu.core import health

LOOPBACK = {"127.0.0.1", "::1"}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 with every check when healthy, 503 naming the failing check otherwise."""
    report = health.health_report()
    return JsonResponse(report.as_dict(), status=200 if report.ok else 503)


def metrics_allowed(request: HttpRequest) -> bool:
    token = settings.KEFU_METRICS_TOKEN
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        return hmac.compare_digest(given.encode(), token.encode())
    return request.META.get("REMOTE_ADDR") in LOOPBACK


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus text format; the bearer token or loopback only."""
    if not metrics_allowed(request):
        return HttpResponseForbidden("metrics: token required")
    return HttpResponse(health.metrics_text(), content_type="text/plain; version=0.0.4")


@csrf_exempt
def api_not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Any path under /api/v1/ that no endpoint matches (``/requests/abc``): the
    API's own 404 body instead of Django's HTML page, in every mode."""
    from django.utils.translation import gettext as _

    body = {
        "code": "not_found",
        "message": _("The record does not exist or you cannot see it."),
        "fields": {},
    }
    return JsonResponse(body, status=404)
