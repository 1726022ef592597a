"""The desk's view of a request's portal part: the verified number and the photos."""

from django import template

from kefu.portal.models import PortalPhoto, PortalRequest

register = template.Library()


@register.inclusion_tag("portal/_desk_panel.html")
def portal_panel(ticket):
    """Shown on the desk's request page when the request came from the portal."""
    if ticket.channel.code != "portal":
        return {"portal_request": None}
    return {
        "portal_request": PortalRequest.objects.filter(ticket=ticket).first(),
        "photos": list(PortalPhoto.objects.filter(ticket=ticket)),
    }
