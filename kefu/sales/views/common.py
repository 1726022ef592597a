"""What every sales page shares: the site being worked on."""

from django.http import HttpRequest
from django.utils import timezone

from kefu.org.models import Site
from kefu.org.selectors import access_site
from kefu.sales.errors import SalesNotFound
from kefu.sales.selectors import sales_sites_for, site_policy, site_preset_key, user_roles_at


def current_site(request: HttpRequest) -> Site:
    """``?site=`` (or a posted ``site``) if the user works there, else their first sales office."""
    raw = request.POST.get("site") or request.GET.get("site")
    if raw:
        return access_site(request.user, raw)
    site = sales_sites_for(request.user).order_by("code").first()
    if site is None:
        raise SalesNotFound()
    return site


def site_context(request: HttpRequest, site: Site) -> dict:
    from kefu.sales.policies import PRESETS

    preset = PRESETS[site_preset_key(site)]
    return {
        "site": site,
        "sites": sales_sites_for(request.user).order_by("code"),
        "preset": preset,
        "policy": site_policy(site),
        "roles": user_roles_at(request.user, site),
        "today": timezone.localdate(),
    }
