"""Set a site's portal up: settings, the portal account, the channel and the links."""

import secrets

from django.contrib.auth.hashers import make_password
from django.db import transaction

from kefu.core.services import audit_record
from kefu.customers.models import Unit
from kefu.desk.models import Channel, RequestType
from kefu.org.models import Capability, Position, PositionAssignment, Site, User
from kefu.portal.models import PortalLink, PortalSettings

PORTAL_CHANNEL = "portal"
PORTAL_POSITION = "portal"
DEFAULT_TYPES = ["repair", "complaint", "enquiry", "suggestion"]


def _account(site: Site) -> User:
    """The site's portal account: the actor of what customers do on the portal.

    It cannot log in (unusable password) and holds only the ``portal``
    position, which may register requests (and so record return visits).
    """
    position, _ = Position.objects.get_or_create(
        site=site,
        code=PORTAL_POSITION,
        defaults={"name": "客户自助", "capabilities": [Capability.REGISTER]},
    )
    user, _created = User.objects.get_or_create(
        username=f"portal-{site.code}",
        defaults={"display_name": "客户自助", "password": make_password(None)},
    )
    PositionAssignment.objects.get_or_create(user=user, position=position)
    return user


@transaction.atomic
def portal_setup(
    *,
    actor: User | None,
    site: Site,
    hotline: str = "",
    emergency_phone: str = "",
    daily_service_phone: str = "",
    complaint_phone: str = "",
    request_types: list[str] | None = None,
) -> PortalSettings:
    """Open the portal of ``site`` (idempotent).

    Publishes the service numbers on every page (seed 000 L29: the 24-hour
    hotline; L69: emergency, daily service and complaint numbers), creates the
    ``portal`` channel and account, and lets the portal account register the
    offered types whose registration is reserved to designated positions
    (seed 002 L40 binds staff; a customer registers their own request).
    """
    account = _account(site)
    Channel.objects.get_or_create(
        site=site, code=PORTAL_CHANNEL, defaults={"name": "手机自助", "sort_order": 90}
    )
    codes = request_types if request_types is not None else DEFAULT_TYPES
    types = list(RequestType.objects.filter(site=site, code__in=codes))
    position = Position.objects.get(site=site, code=PORTAL_POSITION)
    for request_type in types:
        if request_type.registrar_positions.exists():
            request_type.registrar_positions.add(position)
    offered = [c for c in codes if any(t.code == c for t in types)]
    settings, _created = PortalSettings.objects.get_or_create(
        site=site, defaults={"request_types": offered, "account": account}
    )
    values = {
        "hotline": hotline,
        "emergency_phone": emergency_phone,
        "daily_service_phone": daily_service_phone,
        "complaint_phone": complaint_phone,
    }
    changed = ["account"]
    settings.account = account
    for name, value in values.items():
        if value:
            setattr(settings, name, value)
            changed.append(name)
    if request_types is not None:
        settings.request_types = offered
        changed.append("request_types")
    settings.save(update_fields=[*changed, "updated_at"])
    PortalLink.objects.get_or_create(
        site=site, unit=None, defaults={"code": secrets.token_urlsafe(6)}
    )
    audit_record(
        actor=actor,
        action="portal.setup",
        target=settings,
        site=site,
        changes={k: [None, v] for k, v in values.items() if v},
    )
    return settings


@transaction.atomic
def portal_links_ensure(*, actor: User | None, site: Site) -> int:
    """Give every unit of ``site`` its short link (for the sticker sheet); returns how many new."""
    have = set(
        PortalLink.objects.filter(site=site, unit__isnull=False).values_list("unit_id", flat=True)
    )
    new = [
        PortalLink(site=site, unit_id=unit_id, code=secrets.token_urlsafe(6))
        for unit_id in Unit.objects.filter(site=site).values_list("pk", flat=True)
        if unit_id not in have
    ]
    PortalLink.objects.bulk_create(new)
    if new:
        settings = PortalSettings.objects.filter(site=site).first()
        if settings is not None:
            audit_record(
                actor=actor,
                action="portal.links_created",
                target=settings,
                site=site,
                changes={"links": [len(have), len(have) + len(new)]},
            )
    return len(new)
