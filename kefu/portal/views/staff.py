"""The desk's portal pages: links and QR codes, the sticker sheet, matching identities."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kefu.customers.models import Customer
from kefu.org.selectors import access_site, site_list_for, user_site_ids
from kefu.portal import qr, services
from kefu.portal.errors import LinkNotFound, MatchInvalid
from kefu.portal.models import PortalLink
from kefu.portal.selectors import access_portal_request, unconfirmed_requests


def link_url(request: HttpRequest, link: PortalLink) -> str:
    return request.build_absolute_uri(reverse("portal:landing", args=[link.code]))


def _link(request: HttpRequest, pk: int) -> PortalLink:
    link = PortalLink.objects.select_related("unit").filter(pk=pk).first()
    if link is None or link.site_id not in user_site_ids(request.user):
        raise LinkNotFound()
    return link


@login_required
@require_GET
def link_list(request: HttpRequest) -> HttpResponse:
    """The sites' short links, their QR codes, and the unconfirmed identities to match."""
    site_ids = user_site_ids(request.user)
    links = PortalLink.objects.filter(site_id__in=site_ids, unit__isnull=True).select_related(
        "site"
    )
    context = {
        "links": [(link, link_url(request, link)) for link in links],
        "sites": site_list_for(request.user),
        "unconfirmed": list(unconfirmed_requests(site_ids)[:100]),
    }
    return render(request, "portal/staff_links.html", context)


@login_required
@require_GET
def link_qr(request: HttpRequest, pk: int) -> HttpResponse:
    link = _link(request, pk)
    return HttpResponse(qr.qr_svg(link_url(request, link)), content_type="image/svg+xml")


@login_required
@require_GET
def sticker_sheet(request: HttpRequest, site_id: int) -> HttpResponse:
    """A printable PDF of every unit's sticker (QR code + short link)."""
    site = access_site(request.user, site_id)
    services.portal_links_ensure(actor=request.user, site=site)
    links = (
        PortalLink.objects.filter(site=site, unit__isnull=False, is_active=True)
        .select_related("unit")
        .order_by("unit__building", "unit__number")
    )
    stickers = [
        (
            f"{link.unit.building} {link.unit.number}",
            link_url(request, link),
            link_url(request, link),
        )
        for link in links
    ]
    pdf = qr.sticker_sheet(stickers, title=f"{site.name} {_('unit codes')}")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="stickers-{site.code}.pdf"'
    return response


@login_required
@require_POST
def request_match(request: HttpRequest, pk: int) -> HttpResponse:
    """Match an unconfirmed number to a customer of the request's site."""
    portal_request = access_portal_request(request.user, pk)
    raw = request.POST.get("customer", "")
    customer = Customer.objects.filter(
        pk=int(raw) if raw.isdigit() else 0, site_id=portal_request.site_id
    ).first()
    if customer is None:
        raise MatchInvalid(fields={"customer": [str(MatchInvalid.default_message)]})
    services.portal_request_match(
        actor=request.user, portal_request=portal_request, customer=customer
    )
    messages.success(request, _("The request is filed under %(name)s.") % {"name": customer.name})
    return redirect("portal:link_list")
