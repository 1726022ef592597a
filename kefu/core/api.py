"""The API's error handler and token authentication, shared by every router."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from kefu.core.errors import KefuError


def install_error_handlers(api: NinjaAPI) -> None:
    """One JSON shape for every error: ``{code, message, fields}``."""

    @api.exception_handler(KefuError)
    def kefu_error(request: HttpRequest, exc: KefuError) -> HttpResponse:
        return api.create_response(request, exc.as_dict(), status=exc.status)

    @api.exception_handler(NinjaValidationError)
    def schema_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        fields: dict[str, list[str]] = {}
        for err in exc.errors:
            loc = [str(p) for p in err.get("loc", []) if p not in ("body", "query", "path")]
            fields.setdefault(".".join(loc) or "__all__", []).append(str(err.get("msg", "")))
        body = {"code": "invalid", "message": _("The request is not valid."), "fields": fields}
        return api.create_response(request, body, status=422)

    @api.exception_handler(AuthenticationError)
    def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        body = {
            "code": "unauthenticated",
            "message": _("Authentication is required."),
            "fields": {},
        }
        return api.create_response(request, body, status=401)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code = {404: "not_found", 403: "forbidden", 405: "method_not_allowed"}.get(
            exc.status_code, "invalid"
        )
        body = {"code": code, "message": str(exc), "fields": {}}
        return api.create_response(request, body, status=exc.status_code)
