"""Render a ``KefuError`` raised by a page view as a translated message.

htmx requests get the message as an inline fragment with the error's status;
full-page requests get the same message on an error page. The API has its own
handler (``kefu.core.api``).
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from kefu.core.errors import KefuError


class KefuErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, KefuError):
            return None
        context = {"error": exception, "request": request}
        if getattr(request, "htmx", False):
            html = render_to_string("core/error_inline.html", context, request=request)
            response = HttpResponse(html, status=exception.status)
            # Let htmx swap the error in place of the target.
            response["HX-Retarget"] = "#flash"
            response["HX-Reswap"] = "innerHTML"
            return response
        html = render_to_string("core/error_page.html", context, request=request)
        return HttpResponse(html, status=exception.status)
