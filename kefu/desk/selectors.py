"""Reads of the service desk: ``access_ticket``, the filtered desk list, actions.

Site isolation lives here: a user only ever sees requests of the sites they
work at; anything else is "not found".
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from kefu.desk import rules
from kefu.desk.errors import TicketNotFound
from kefu.desk.models import Category, Channel, RequestType, Ticket
from kefu.org.models import Capability, Site, User
from kefu.org.selectors import acting_positions, capability_grant, user_site_ids


def access_ticket(user: User, ticket_id: int | str) -> Ticket:
    """The request, if it belongs to one of the user's sites; else not found."""
    try:
        pk = int(ticket_id)
    except (TypeError, ValueError):
        raise TicketNotFound() from None
    ticket = ticket_queryset().filter(pk=pk, site_id__in=user_site_ids(user)).first()
    if ticket is None:
        raise TicketNotFound()
    return ticket


def ticket_queryset() -> QuerySet[Ticket]:
    return Ticket.objects.select_related(
        "site",
        "request_type",
        "category",
        "channel",
        "customer",
        "unit",
        "received_by",
        "received_for",
        "handling_department",
        "handling_position",
        "assignee",
        "assigned_for",
    )


@dataclass
class TicketFilters:
    """The desk list's filters; every field is optional."""

    q: str = ""
    site: int | None = None
    status: list[str] = field(default_factory=list)
    request_type: str = ""  # request type code
    category: int | None = None
    channel: int | None = None
    assignee: int | None = None
    mine: bool = False
    date_from: date | None = None
    date_to: date | None = None
    open_only: bool = False


def ticket_list_for(user: User, filters: TicketFilters | None = None) -> QuerySet[Ticket]:
    """Requests the user may see, filtered, newest first."""
    f = filters or TicketFilters()
    qs = ticket_queryset().filter(site_id__in=user_site_ids(user))
    if f.site:
        qs = qs.filter(site_id=f.site)
    if f.status:
        qs = qs.filter(status__in=f.status)
    if f.open_only:
        qs = qs.filter(status__in=rules.OPEN_STATUSES)
    if f.request_type:
        qs = qs.filter(request_type__code=f.request_type)
    if f.category:
        qs = qs.filter(category_id=f.category)
    if f.channel:
        qs = qs.filter(channel_id=f.channel)
    if f.assignee:
        qs = qs.filter(assignee_id=f.assignee)
    if f.mine:
        qs = qs.filter(assignee=user)
    tz = timezone.get_current_timezone()
    if f.date_from:
        qs = qs.filter(received_at__gte=datetime.combine(f.date_from, time.min, tzinfo=tz))
    if f.date_to:
        end = datetime.combine(f.date_to + timedelta(days=1), time.min, tzinfo=tz)
        qs = qs.filter(received_at__lt=end)
    q = f.q.strip()
    if q:
        cond = (
            Q(number__startswith=q)
            | Q(subject__icontains=q)
            | Q(content__icontains=q)
            | Q(contact_name__icontains=q)
            | Q(customer__name__icontains=q)
        )
        digits = "".join(ch for ch in q if ch.isdigit())
        if len(digits) >= 4:
            cond |= Q(contact_phone__contains=digits) | Q(customer__phone_digits__contains=digits)
        qs = qs.filter(cond)
    return qs.order_by("-received_at", "-id")


def ticket_actions_for(user: User, ticket: Ticket, at: datetime | None = None) -> list[str]:
    """Transitions ``user`` may apply to ``ticket`` now (to show only usable buttons)."""
    at = at or timezone.now()
    site = ticket.site

    def has(cap: str) -> bool:
        return capability_grant(user=user, site=site, capability=cap, at=at) is not None

    def handles() -> bool:
        if user.pk == ticket.assignee_id or user.is_superuser:
            return True
        if ticket.handling_position_id and any(
            a.position.pk == ticket.handling_position_id
            for a in acting_positions(user=user, site=site, at=at)
        ):
            return True
        return has(Capability.TRIAGE)

    needed = {
        "accept": lambda: has(Capability.TRIAGE),
        "reject": lambda: has(Capability.TRIAGE),
        "assign": lambda: has(Capability.TRIAGE),
        "start": handles,
        "reply": handles,
        "close": lambda: has(Capability.CLOSE),
        "reopen": lambda: has(Capability.REOPEN),
    }
    return [a for a in rules.allowed_actions(ticket.status) if needed[a]()]


def desk_config_for(site: Site) -> dict[str, QuerySet]:
    """Active channels, request types and categories of a site, for forms."""
    return {
        "channels": Channel.objects.filter(site=site, is_active=True),
        "request_types": RequestType.objects.filter(site=site, is_active=True),
        "categories": Category.objects.filter(site=site, is_active=True).select_related(
            "request_type", "owner_position"
        ),
    }


def registrable_types_for(user: User, site: Site, at: datetime | None = None) -> list[RequestType]:
    """Request types this user may register at the site now (designated registrars)."""
    from kefu.core.errors import KefuError
    from kefu.desk.services import registrar_grant

    at = at or timezone.now()
    result = []
    for request_type in RequestType.objects.filter(site=site, is_active=True).prefetch_related(
        "registrar_positions"
    ):
        try:
            registrar_grant(user=user, site=site, request_type=request_type, at=at)
        except KefuError:
            continue
        result.append(request_type)
    return result
