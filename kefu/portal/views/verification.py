"""The two verification steps (send a code, check it), shared by every page that
needs a verified phone: the report link and the notice sign-off link."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from kefu.core.errors import KefuError
from kefu.portal import services
from kefu.portal.models import PortalSettings
from kefu.portal.views.common import client_address, set_session_cookie

TEMPLATE = "portal/verify.html"


def send_code_step(request: HttpRequest, settings: PortalSettings, context: dict) -> HttpResponse:
    """Send a code to the posted number; show the code form (or the error)."""
    phone = request.POST.get("phone", "")
    context = {**context, "step": "phone", "phone": phone}
    try:
        row = services.phone_code_send(
            settings=settings, phone=phone, client_address=client_address(request)
        )
    except KefuError as error:
        return render(request, TEMPLATE, {**context, "error": error}, status=error.status)
    return render(request, TEMPLATE, {**context, "step": "code", "phone": row.phone})


def verify_code_step(
    request: HttpRequest, settings: PortalSettings, context: dict, next_url: str
) -> HttpResponse:
    """Check the posted code; on success set the session cookie and go to ``next_url``."""
    phone = request.POST.get("phone", "")
    context = {**context, "step": "code", "phone": phone}
    try:
        session = services.phone_code_verify(
            settings=settings,
            phone=phone,
            code=request.POST.get("code", ""),
            client_address=client_address(request),
        )
    except KefuError as error:
        return render(request, TEMPLATE, {**context, "error": error}, status=error.status)
    response = redirect(next_url)
    set_session_cookie(response, session, settings.session_minutes)
    return response
