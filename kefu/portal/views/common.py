"""What every customer page shares: the rate limit, the error page, the session cookie."""

from collections.abc import Callable
from functools import wraps

from django.conf import settings as django_settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from kefu.core.errors import KefuError
from kefu.portal import rules
from kefu.portal.errors import RateLimited
from kefu.portal.models import PortalSession, PortalSettings
from kefu.portal.selectors import SESSION_COOKIE, session_cookie_value

DEFAULT_PAGES_PER_MINUTE = 120


def client_address(request: HttpRequest) -> str:
    """The client's address as the server saw it (a proxy must set REMOTE_ADDR)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def page_limit(request: HttpRequest, settings: PortalSettings | None) -> None:
    """Every customer-side page counts against the client address's per-minute limit.

    Page views are counted in Django's cache (a fixed one-minute window), not in
    the database: a write per page view would cost more than the page. With the
    default per-process cache the limit holds per web process; configure a
    shared cache to make it global. Codes, verify attempts and urging are
    counted in the database (``rate_hit``).
    """
    limit = settings.requests_per_minute if settings else DEFAULT_PAGES_PER_MINUTE
    if settings is not None:
        request._portal_settings = settings  # the error page shows its service numbers
    now = timezone.now()
    window = int(rules.RATE_WINDOW_PAGES.total_seconds())
    key = f"kefu.portal.page:{client_address(request)}:{int(now.timestamp()) // window}"
    cache.add(key, 0, timeout=window * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=window * 2)
        count = 1
    if not rules.rate_allowed(count_in_window=count - 1, limit=limit):
        raise RateLimited()


def customer_page(view: Callable) -> Callable:
    """Render a ``KefuError`` on the portal's own small error page (translated)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            response = view(request, *args, **kwargs)
        except KefuError as error:
            # the identity only when the view looked it up (the same for every answer
            # of one view, so "not yours" and "no such …" stay alike)
            context = {"error": error, "identity": getattr(request, "_portal_identity", None)}
            response = render(request, "portal/error.html", context, status=error.status)
        response.headers.setdefault("Cache-Control", "private, no-store")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    return wrapper


def set_session_cookie(response: HttpResponse, session: PortalSession, minutes: int) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        session_cookie_value(session),
        max_age=minutes * 60,
        httponly=True,
        samesite="Lax",
        secure=not django_settings.DEBUG
        and getattr(django_settings, "SESSION_COOKIE_SECURE", False),
    )
