"""What every API router shares: the one error shape, session auth, pagination.

Every error leaves the API as ``{code, message, fields}``: a ``KefuError``
with its own status (400/403/404/409), schema errors as 422 ``invalid``,
missing authentication as 401 ``unauthenticated``. Messages are translated
into the request's language (``Accept-Language``, via ``LocaleMiddleware``).
"""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import JSONRenderer
from ninja.security import SessionAuth as NinjaSessionAuth
from ninja.utils import check_csrf

from kefu.core.errors import KefuError, NotAllowed
from kefu.core.schemas import ErrorOut, PageQuery
from kefu.org.selectors import mark_request_user

#: ``response=`` entries documenting the error body for the usual statuses.
ERRORS: dict[Any, Any] = {frozenset({400, 401, 403, 404, 409, 422}): ErrorOut}


class CsrfFailed(NotAllowed):
    default_code = "csrf_failed"
    default_message = gettext_lazy(
        "The CSRF check failed. Send the csrftoken cookie's value in the X-CSRFToken header."
    )


class SessionAuth(NinjaSessionAuth):
    """Django's session login, for the browser and the docs page.

    Unsafe methods must pass the CSRF check, as with ninja's ``django_auth``;
    but a request with no session at all is reported as unauthenticated (401)
    rather than as a CSRF failure.
    """

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        if (
            self.csrf
            and not getattr(request, "_ninja_csrf_exempt", False)
            and check_csrf(request) is not None
        ):
            raise CsrfFailed()
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return mark_request_user(user) if user is not None else None


def install_error_handlers(api: NinjaAPI) -> None:
    """One JSON shape for every error: ``{code, message, fields}``."""

    def error(request: HttpRequest, status: int, code: str, message: str, fields=None):
        body = {"code": code, "message": message, "fields": fields or {}}
        return api.create_response(request, body, status=status)

    @api.exception_handler(KefuError)
    def kefu_error(request: HttpRequest, exc: KefuError) -> HttpResponse:
        return api.create_response(request, exc.as_dict(), status=exc.status)

    @api.exception_handler(NinjaValidationError)
    def schema_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        fields: dict[str, list[str]] = {}
        for err in exc.errors:
            message = str(err.get("msg", "")).removeprefix("Value error, ")
            fields.setdefault(_field_name(err.get("loc", ())), []).append(message)
        return error(request, 422, "invalid", _("The request is not valid."), fields)

    @api.exception_handler(AuthenticationError)
    def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return error(request, 401, "unauthenticated", _("Authentication is required."))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error(
            request, 404, "not_found", _("The record does not exist or you cannot see it.")
        )

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code = {404: "not_found", 403: "forbidden", 405: "method_not_allowed"}.get(
            exc.status_code, "invalid"
        )
        return error(request, exc.status_code, code, str(exc))


# Parameter names ninja puts in an error's location; clients know fields only.
_PAYLOAD_NAMES = {"body", "query", "path", "header", "cookie", "form", "payload", "filters"}


def _field_name(loc: Any) -> str:
    """``("body", "payload", "name")`` → ``"name"``; ``("query", "page")`` → ``"page"``."""
    parts = [str(p) for p in loc]
    while parts and parts[0] in _PAYLOAD_NAMES:
        parts.pop(0)
    return ".".join(parts) or "__all__"


def paginate(queryset: QuerySet, params: PageQuery) -> dict[str, Any]:
    """``{count, page, page_size, items}`` for one page of ``queryset``.

    The items are evaluated with the queryset's own ``select_related``, so
    serialising them costs no further queries. A page past the end is empty.
    """
    start = (params.page - 1) * params.page_size
    count = queryset.count()
    return {
        "count": count,
        "page": params.page,
        "page_size": params.page_size,
        "items": list(queryset[start : start + params.page_size]) if start < count else [],
    }


def shaped_response(request: HttpRequest, body: Any, *, status: int = 200) -> HttpResponse:
    """A body already in its response schema's shape, rendered the way django-ninja
    renders a schema's dump (``JSONRenderer``), without validating it again.

    Only for the hot lists, where walking every row through the schema costs more
    than the query (``kefu.desk.selectors.ticket_list_rows``); each such body has a
    test holding it equal to what the schema makes of the same records.
    """
    renderer = JSONRenderer()
    return HttpResponse(
        renderer.render(request, body, response_status=status),
        status=status,
        content_type=f"{renderer.media_type}; charset={renderer.charset}",
    )
