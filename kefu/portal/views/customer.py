"""The customer's phone pages (no account): scan → verify → report → my requests.

Each view checks the rate limit, calls one selector or service and renders.
"""

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.timezone import make_aware
from django.views.decorators.http import require_GET, require_POST

from kefu.core.errors import KefuError
from kefu.desk.models import Category, RequestType
from kefu.portal import selectors, services
from kefu.portal.errors import NotVerified, TypeNotOffered
from kefu.portal.models import RatingKind
from kefu.portal.views.common import customer_page, page_limit
from kefu.portal.views.verification import send_code_step, verify_code_step


def _link_context(code: str):
    link = selectors.link_by_code(code)
    settings = selectors.portal_settings_for(link.site_id)
    return link, settings


def _types(settings) -> list[dict]:
    kinds = {t.code: t for t in RequestType.objects.filter(site_id=settings.site_id)}
    categories: dict[int, list] = {}
    for category in Category.objects.filter(site_id=settings.site_id, is_active=True):
        categories.setdefault(category.request_type_id, []).append(category)
    return [
        {
            "type": kinds[c],
            "categories": categories.get(kinds[c].pk, []),
        }
        for c in settings.request_types or []
        if c in kinds
    ]


def _base(settings, **extra) -> dict:
    return {"portal": settings, "site": settings.site, **extra}


def _verify_context(settings, link) -> dict:
    return _base(
        settings,
        link=link,
        send_url=reverse("portal:code_send", args=[link.code]),
        verify_url=reverse("portal:code_verify", args=[link.code]),
    )


@require_GET
@customer_page
def landing(request: HttpRequest, code: str) -> HttpResponse:
    """The page a QR code or short link opens: verify first, then the report form."""
    link, settings = _link_context(code)
    page_limit(request, settings)
    identity = selectors.portal_identity(request)
    if identity is None or identity.site.pk != link.site_id:
        context = {**_verify_context(settings, link), "step": "phone"}
        return render(request, "portal/verify.html", context)
    return render(
        request,
        "portal/report.html",
        _base(settings, link=link, identity=identity, types=_types(settings)),
    )


@require_POST
@customer_page
def code_send(request: HttpRequest, code: str) -> HttpResponse:
    link, settings = _link_context(code)
    page_limit(request, settings)
    return send_code_step(request, settings, _verify_context(settings, link))


@require_POST
@customer_page
def code_verify(request: HttpRequest, code: str) -> HttpResponse:
    link, settings = _link_context(code)
    page_limit(request, settings)
    next_url = reverse("portal:landing", args=[link.code])
    return verify_code_step(request, settings, _verify_context(settings, link), next_url)


def _occurred(request: HttpRequest):
    raw = request.POST.get("occurred_at", "").strip()
    value = parse_datetime(raw) if raw else None
    if value is not None and value.tzinfo is None:
        value = make_aware(value)
    return value


@require_POST
@customer_page
def report(request: HttpRequest, code: str) -> HttpResponse:
    """Register the report through the desk; then show the request."""
    link, settings = _link_context(code)
    page_limit(request, settings)
    identity = selectors.require_identity(request, link.site_id)
    category = None
    category_id = request.POST.get("category", "").strip()
    try:
        if category_id:
            category = Category.objects.filter(
                site_id=link.site_id, pk=int(category_id) if category_id.isdigit() else 0
            ).first()
            if category is None:
                raise TypeNotOffered(fields={"category": [str(TypeNotOffered.default_message)]})
        ticket = services.portal_report(
            identity=identity,
            settings=settings,
            request_type=request.POST.get("request_type", ""),
            category=category,
            content=request.POST.get("content", ""),
            link=link,
            occurred_at=_occurred(request),
            occurred_place=request.POST.get("occurred_place", ""),
            photos=request.FILES.getlist("photos"),
        )
    except KefuError as error:
        context = _base(
            settings,
            link=link,
            identity=identity,
            types=_types(settings),
            error=error,
            form=request.POST,
        )
        return render(request, "portal/report.html", context, status=error.status)
    return redirect(reverse("portal:my_request", args=[ticket.number]) + "?new=1")


def _identity_settings(request: HttpRequest):
    identity = selectors.portal_identity(request)
    if identity is None:
        page_limit(request, None)
        raise NotVerified()
    settings = selectors.portal_settings_for(identity.site.pk)
    page_limit(request, settings)
    return identity, settings


@require_GET
@customer_page
def my_requests(request: HttpRequest) -> HttpResponse:
    """The customer's own requests, newest first, and their open surveys."""
    identity, settings = _identity_settings(request)
    tickets = list(selectors.portal_tickets_for(identity)[:50])
    surveys = selectors.open_surveys_for(identity)
    return render(
        request,
        "portal/my_requests.html",
        _base(
            settings,
            identity=identity,
            tickets=tickets,
            surveys=surveys,
            site_link=selectors.site_link(settings.site_id),
        ),
    )


def _detail_context(identity, settings, ticket, **extra) -> dict:
    from kefu.visits.selectors import scale_for

    public = selectors.public_ticket(ticket)
    return _base(
        settings,
        identity=identity,
        public=public,
        ticket=ticket,
        scale=scale_for(ticket.site).choices(),
        can_rate_reply=bool(public.reply) and RatingKind.REPLY not in public.ratings,
        can_rate_visit=selectors.visit_done(ticket) and RatingKind.VISIT not in public.ratings,
        is_open=ticket.status not in ("closed", "rejected") and not public.withdrawn,
        **extra,
    )


@require_GET
@customer_page
def my_request(request: HttpRequest, number: str) -> HttpResponse:
    identity, settings = _identity_settings(request)
    ticket = selectors.access_portal_ticket(identity, number)
    context = _detail_context(identity, settings, ticket, new=request.GET.get("new") == "1")
    return render(request, "portal/my_request.html", context)


ACTIONS = ("info", "withdraw", "urge", "rate")


@require_POST
@customer_page
def my_request_action(request: HttpRequest, number: str, action: str) -> HttpResponse:
    """Add information, withdraw, urge or rate one of the customer's requests."""
    identity, settings = _identity_settings(request)
    ticket = selectors.access_portal_ticket(identity, number)
    common = {"identity": identity, "settings": settings, "ticket": ticket}
    data = request.POST
    try:
        if action == "info":
            services.portal_info_add(
                **common, text=data.get("text", ""), photos=request.FILES.getlist("photos")
            )
        elif action == "withdraw":
            services.portal_withdraw(**common, reason=data.get("reason", ""))
        elif action == "urge":
            services.portal_urge(**common)
        elif action == "rate":
            score = data.get("score", "")
            services.portal_rate(
                **common,
                kind=data.get("kind", ""),
                score=int(score) if score.isdigit() else None,
                comment=data.get("comment", ""),
            )
        else:
            raise selectors.RequestNotFound()
    except KefuError as error:
        if error.status == 404:
            raise
        ticket.refresh_from_db()
        context = _detail_context(identity, settings, ticket, error=error)
        return render(request, "portal/my_request.html", context, status=error.status)
    return redirect(reverse("portal:my_request", args=[ticket.number]) + f"?done={action}")


@require_GET
@customer_page
def photo(request: HttpRequest, pk: int) -> HttpResponse:
    """A request's photo, for its customer or the site's staff."""
    identity = selectors.portal_identity(request)
    page_limit(request, None)
    item = selectors.access_photo(identity, request.user, pk)
    response = FileResponse(item.image.open("rb"), content_type=item.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@customer_page
def sign_out(request: HttpRequest) -> HttpResponse:
    identity = selectors.portal_identity(request)
    page_limit(request, None)
    if identity is not None:
        services.portal_session_end(session=identity.session)
    response = render(request, "portal/signed_out.html", {})
    response.delete_cookie(selectors.SESSION_COOKIE)
    return response
