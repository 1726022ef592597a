"""A notice signed off from a link with a verified phone (seed 000 L51; issue 13).

``/p/notice/<token>/``: the token is the notices app's sign-off token (one
recipient's copy, expiring). Without a portal session at the notice's site the
page asks for the number and a code first; with one, the number must be the
recipient's, else the answer is the same as for a link that names no notice.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from kefu.core.errors import KefuError
from kefu.portal import selectors, services
from kefu.portal.errors import NoticeNotFound
from kefu.portal.views.common import client_address, customer_page, page_limit
from kefu.portal.views.verification import send_code_step, verify_code_step


def _notice_link(request: HttpRequest, token: str):
    """The recipient and the site's portal settings; counted against the page limit.

    A bad token, or a site whose portal is closed, is ``NoticeNotFound``. The
    identity is looked up first, so every answer of these pages knows it alike.
    """
    selectors.portal_identity(request)
    try:
        recipient = selectors.notice_copy_for_token(token)
        settings = selectors.portal_settings_for(recipient.notice.site_id)
    except KefuError:
        page_limit(request, None)
        raise NoticeNotFound() from None
    page_limit(request, settings)
    return recipient, settings


def _verify_context(settings, token: str) -> dict:
    return {
        "portal": settings,
        "site": settings.site,
        "notice_waiting": True,
        "send_url": reverse("portal:notice_code_send", args=[token]),
        "verify_url": reverse("portal:notice_code_verify", args=[token]),
    }


def _verified_here(request: HttpRequest, recipient):
    identity = selectors.portal_identity(request)
    if identity is None or identity.site.pk != recipient.notice.site_id:
        return None
    return identity


@require_GET
@customer_page
def notice(request: HttpRequest, token: str) -> HttpResponse:
    """Verify first; then the tenant's copy with "Confirm receipt" (or the sign-off)."""
    recipient, settings = _notice_link(request, token)
    identity = _verified_here(request, recipient)
    if identity is None:
        context = {**_verify_context(settings, token), "step": "phone"}
        return render(request, "portal/verify.html", context)
    recipient = selectors.access_notice_copy(identity, recipient)
    context = {
        "portal": settings,
        "site": settings.site,
        "identity": identity,
        "recipient": recipient,
        "notice": recipient.notice,
        "token": token,
        "done": request.GET.get("done") == "1",
    }
    return render(request, "portal/notice.html", context)


@require_POST
@customer_page
def notice_code_send(request: HttpRequest, token: str) -> HttpResponse:
    _recipient, settings = _notice_link(request, token)
    return send_code_step(request, settings, _verify_context(settings, token))


@require_POST
@customer_page
def notice_code_verify(request: HttpRequest, token: str) -> HttpResponse:
    _recipient, settings = _notice_link(request, token)
    next_url = reverse("portal:notice", args=[token])
    return verify_code_step(request, settings, _verify_context(settings, token), next_url)


@require_POST
@customer_page
def notice_sign(request: HttpRequest, token: str) -> HttpResponse:
    """Confirm receipt with the verified number (the notices' one sign-off service)."""
    recipient, _settings = _notice_link(request, token)
    identity = selectors.require_identity(request, recipient.notice.site_id)
    services.portal_notice_sign_off(
        identity=identity, recipient=recipient, client_address=client_address(request)
    )
    return redirect(reverse("portal:notice", args=[token]) + "?done=1")
