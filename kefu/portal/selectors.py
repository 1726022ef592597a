"""Reads of the portal, and the one way to know who the customer is.

``portal_identity(request)`` is the reusable answer to "which verified phone
(and customer) is using this browser?" — other apps (the notices sign-off by
link) call it rather than reading the cookie themselves. ``access_portal_ticket``
is the only way to fetch a request for a customer: it answers "no such
request" alike for a missing request and for someone else's.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.core import signing
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from kefu.core.models import AuditEntry
from kefu.customers.models import Contact, Customer
from kefu.customers.rules import phone_digits
from kefu.desk.models import Ticket
from kefu.org.models import Site
from kefu.portal import rules
from kefu.portal.errors import (
    LinkNotFound,
    NoticeNotFound,
    NotVerified,
    PortalClosed,
    RequestNotFound,
)
from kefu.portal.models import PortalLink, PortalPhoto, PortalRating, PortalSession, PortalSettings

SESSION_COOKIE = "kefu_portal"
SESSION_SALT = "kefu.portal.session"


@dataclass
class PortalIdentity:
    """A verified phone at a site, and the customer it belongs to (or None)."""

    session: PortalSession
    site: Site
    phone: str
    customer: Customer | None = None


def portal_settings_for(site_id: int) -> PortalSettings:
    """The site's portal settings, or ``PortalClosed`` when it has no open portal."""
    try:  # get(), not first(): a unique lookup needs no ORDER BY
        found = PortalSettings.objects.select_related("site").get(site_id=site_id)
    except PortalSettings.DoesNotExist:
        found = None
    if found is None or not found.is_enabled or not found.site.is_active:
        raise PortalClosed()
    return found


def portal_is_open(site_id: int) -> bool:
    """Whether the site has an open portal (the notices app sends sign-off links to it)."""
    return PortalSettings.objects.filter(
        site_id=site_id, is_enabled=True, site__is_active=True
    ).exists()


def link_by_code(code: str) -> PortalLink:
    """An active short link with its site and unit, or ``LinkNotFound``."""
    link = (
        PortalLink.objects.select_related("site", "unit").filter(code=code, is_active=True).first()
    )
    if link is None:
        raise LinkNotFound()
    return link


def customer_for_phone(site_id: int, phone: str) -> Customer | None:
    """The site's customer whose number (or a contact's number) is ``phone``.

    The customer's own number wins over a contact's; the oldest record wins
    among equals.
    """
    digits = phone_digits(phone)
    own = Customer.objects.filter(site_id=site_id, phone_digits=digits).order_by("pk").first()
    if own is not None:
        return own
    contact = (
        Contact.objects.filter(customer__site_id=site_id, phone=phone)
        .select_related("customer")
        .order_by("pk")
        .first()
    )
    return contact.customer if contact else None


def session_cookie_value(session: PortalSession) -> str:
    """The signed cookie value of a session (single-purpose salt)."""
    return signing.dumps(session.key, salt=SESSION_SALT, compress=False)


def portal_identity(request: HttpRequest, *, now: datetime | None = None) -> PortalIdentity | None:
    """Who the portal customer of ``request`` is, or None.

    The cookie's signature is checked, then the session row: not ended and
    not past ``expires_at``. The result is kept on the request.
    """
    if hasattr(request, "_portal_identity"):
        return request._portal_identity
    identity = None
    raw = request.COOKIES.get(SESSION_COOKIE)
    if raw:
        try:
            key = signing.loads(raw, salt=SESSION_SALT)
        except signing.BadSignature:
            key = None
        if key:
            at = now or timezone.now()
            session = (
                PortalSession.objects.select_related("site", "customer")
                .filter(key=key, ended_at__isnull=True, expires_at__gt=at)
                .order_by()[:1]
            )
            session = session[0] if session else None
            if session is not None:
                identity = PortalIdentity(session, session.site, session.phone, session.customer)
    request._portal_identity = identity
    return identity


def require_identity(request: HttpRequest, site_id: int | None = None) -> PortalIdentity:
    """The verified identity, at ``site_id`` when given, else ``NotVerified``."""
    identity = portal_identity(request)
    if identity is None or (site_id is not None and identity.site.pk != site_id):
        raise NotVerified()
    return identity


def _own(identity: PortalIdentity) -> Q:
    own = Q(portal_request__phone=identity.phone)
    if identity.customer is not None:
        own |= Q(customer_id=identity.customer.pk)
    return Q(site_id=identity.site.pk) & own


def portal_tickets_for(identity: PortalIdentity) -> QuerySet[Ticket]:
    """The customer's own requests: made from their number, or filed under them."""
    return (
        Ticket.objects.filter(_own(identity))
        .select_related("request_type", "portal_request")
        .order_by("-received_at", "-id")
    )


def access_portal_ticket(identity: PortalIdentity, number: str) -> Ticket:
    """The customer's request by its number; ``RequestNotFound`` for missing and
    for someone else's alike (issue 13: never leak by changing the number)."""
    ticket = (
        Ticket.objects.filter(_own(identity), number=str(number)[:32])
        .select_related("request_type", "unit", "site")
        .first()
    )
    if ticket is None:
        raise RequestNotFound()
    return ticket


@dataclass
class PublicEvent:
    at: datetime
    event: str
    note: str = ""


@dataclass
class PublicTicket:
    """What a customer may see of a request: the public part only."""

    ticket: Ticket
    events: list[PublicEvent] = field(default_factory=list)
    reply: str = ""
    photos: list[PortalPhoto] = field(default_factory=list)
    ratings: dict[str, PortalRating] = field(default_factory=dict)
    withdrawn: bool = False


def public_timeline(ticket: Ticket) -> list[PublicEvent]:
    """The request's audit entries the customer may see (``rules.PUBLIC_ACTIONS``).

    Never the actor, never the changes; a note only for the customer's own
    words (``rules.PUBLIC_NOTE_ACTIONS``).
    """
    entries = AuditEntry.objects.filter(
        target_type__app_label="desk",
        target_type__model="ticket",
        target_id=ticket.pk,
        action__in=list(rules.PUBLIC_ACTIONS),
    ).order_by("at", "id")
    return [
        PublicEvent(
            at=entry.at,
            event=rules.PUBLIC_ACTIONS[entry.action],
            note=entry.note if entry.action in rules.PUBLIC_NOTE_ACTIONS else "",
        )
        for entry in entries.only("at", "action", "note")
    ]


def public_ticket(ticket: Ticket) -> PublicTicket:
    """The public view of one request (timeline, the reply once given, photos, ratings)."""
    portal_request = getattr(ticket, "portal_request", None)
    return PublicTicket(
        ticket=ticket,
        events=public_timeline(ticket),
        reply=ticket.reply_content if ticket.replied_at else "",
        photos=list(PortalPhoto.objects.filter(ticket=ticket)),
        ratings={r.kind: r for r in PortalRating.objects.filter(ticket=ticket)},
        withdrawn=bool(portal_request and portal_request.withdrawn_at),
    )


def unconfirmed_requests(site_ids: set[int]) -> QuerySet:
    """Portal requests whose number matched no customer, for the desk to match."""
    from kefu.portal.models import PortalRequest

    return (
        PortalRequest.objects.filter(site_id__in=site_ids, identity_confirmed=False)
        .select_related("ticket", "site")
        .order_by("created_at", "id")
    )


def access_photo(identity: PortalIdentity | None, user, photo_id: int) -> PortalPhoto:
    """A photo for its customer or for staff of its site; ``RequestNotFound`` otherwise."""
    from kefu.org.selectors import user_site_ids

    photo = PortalPhoto.objects.select_related("ticket").filter(pk=photo_id).first()
    if photo is None:
        raise RequestNotFound()
    if user is not None and user.is_authenticated and photo.ticket.site_id in user_site_ids(user):
        return photo
    if identity is not None:
        access_portal_ticket(identity, photo.ticket.number)
        if photo.ticket.site_id == identity.site.pk:
            return photo
    raise RequestNotFound()


def open_surveys_for(identity: PortalIdentity) -> list:
    """The customer's unanswered targets of open surveys (visits' own links, reused).

    Once per customer per campaign is the visits app's rule (one target per
    customer and campaign, one answer per target).
    """
    if identity.customer is None:
        return []
    from kefu.visits.models import SurveyTarget

    today = timezone.localdate()
    targets = SurveyTarget.objects.filter(
        customer=identity.customer, campaign__status="open", responded_at__isnull=True
    ).select_related("campaign")
    return [t for t in targets if not t.campaign.closes_on or t.campaign.closes_on >= today]


def site_link(site_id: int) -> PortalLink | None:
    """The site's own short link (no unit)."""
    return PortalLink.objects.filter(site_id=site_id, unit__isnull=True, is_active=True).first()


def visit_done(ticket: Ticket) -> bool:
    """Whether a return visit of the request was made (the customer may rate it)."""
    from kefu.visits.models import ReturnVisit, VisitStatus

    return ReturnVisit.objects.filter(ticket=ticket, status=VisitStatus.DONE).exists()


def access_portal_request(user, portal_request_id: int | str):
    """A portal request of one of the user's sites, else ``RequestNotFound``."""
    from kefu.org.selectors import user_site_ids
    from kefu.portal.models import PortalRequest

    try:
        pk = int(portal_request_id)
    except (TypeError, ValueError):
        raise RequestNotFound() from None
    found = (
        PortalRequest.objects.filter(pk=pk, site_id__in=user_site_ids(user))
        .select_related("ticket", "site")
        .first()
    )
    if found is None:
        raise RequestNotFound()
    return found


def online_items_for(site_ids: set[int], *, status: str = "") -> QuerySet:
    """Online-channel items of the given sites, newest first; ``status`` filters
    by the public reply's state."""
    from kefu.portal.models import OnlineItem

    items = OnlineItem.objects.filter(site_id__in=site_ids)
    if status:
        items = items.filter(reply_status=status)
    return items.select_related("ticket", "review_department").order_by("-created_at", "-id")


def online_status_counts(site_ids: set[int]) -> dict[str, int]:
    """How many online items of the sites are in each reply state (one query)."""
    from django.db.models import Count

    from kefu.portal.models import OnlineItem, ReplyStatus

    counts = dict.fromkeys(ReplyStatus.values, 0)
    rows = (
        OnlineItem.objects.filter(site_id__in=site_ids)
        .values_list("reply_status")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts.update(dict(rows))
    return counts


def online_designated_sites(user, *, at: datetime | None = None) -> list[Site]:
    """The sites where ``user`` is the designated person for online channels
    (holds ``portal.online``, in their own post or as a deputy; seed 000 L69)."""
    from kefu.org.selectors import capability_grant, site_list_for

    at = at or timezone.now()
    return [
        site
        for site in site_list_for(user)
        if capability_grant(user=user, site=site, capability=rules.ONLINE_CAPABILITY, at=at)
    ]


def online_review_grant(user, item, at: datetime | None = None):
    """How ``user`` may review the item's public reply: a position (own or
    deputised) in the reviewing department, else None (seed 000 L69: the
    relevant departments review replies before they are published)."""
    from kefu.org.selectors import acting_positions

    if item.review_department_id is None:
        return None
    acting = acting_positions(user=user, site=item.site, at=at or timezone.now())
    for grant in sorted(acting, key=lambda a: a.on_behalf_of is not None):
        if grant.position.department_id == item.review_department_id:
            return grant
    return None


def online_reviewers(item) -> list:
    """The holders of the reviewing department's positions, told when a reply waits."""
    from kefu.org.models import User

    if item.review_department_id is None:
        return []
    return list(
        User.objects.filter(
            assignments__position__department_id=item.review_department_id,
            assignments__position__site_id=item.site_id,
            is_active=True,
        )
        .distinct()
        .order_by("pk")
    )


def online_item_history(item) -> list[dict]:
    """The item's audit entries (register, draft, review, publish), oldest first,
    with the reply state each step left, for the item's page."""
    from kefu.core.actions import action_label
    from kefu.core.selectors import audit_timeline
    from kefu.portal.models import ReplyStatus

    labels = dict(ReplyStatus.choices)
    rows = []
    for entry in audit_timeline(item):
        change = (entry.changes or {}).get("reply_status")
        rows.append(
            {
                "entry": entry,
                "label": action_label(entry.action),
                "status": labels.get(change[1], "") if change else "",
            }
        )
    return rows


def access_online_item(user, item_id: int | str):
    """An online item of one of the user's sites, else ``RequestNotFound``."""
    from kefu.org.selectors import user_site_ids

    try:
        pk = int(item_id)
    except (TypeError, ValueError):
        raise RequestNotFound() from None
    found = online_items_for(user_site_ids(user)).filter(pk=pk).select_related("site").first()
    if found is None:
        raise RequestNotFound()
    return found


# --- notices signed off by link with a verified phone (seed 000 L51; issue 13) -------------


def notice_copy_for_token(token: str):
    """The notice recipient a sign-off link names, or ``NoticeNotFound``.

    The token is the notices app's own (salted for the sign-off only, naming
    one recipient's copy, expiring after ``link_valid_days``); a forged,
    altered, expired or unsent one is "no such notice".
    """
    from kefu.notices.errors import LinkInvalid
    from kefu.notices.services import recipient_for_token

    try:
        return recipient_for_token(str(token)[:200])
    except LinkInvalid:
        raise NoticeNotFound() from None


def phone_holder(customer: Customer, phone: str) -> str | None:
    """Who holds ``phone`` for ``customer``: the customer's own name, a contact's
    name, or None when the number is not theirs (as ``customer_for_phone`` matches)."""
    if customer.phone_digits and customer.phone_digits == phone_digits(phone):
        return customer.name
    contact = Contact.objects.filter(customer=customer, phone=phone).order_by("pk").first()
    return contact.name if contact else None


def access_notice_copy(identity: PortalIdentity, recipient):
    """The recipient's copy when the verified phone is the recipient's customer's
    (their own number or a contact's); ``NoticeNotFound`` otherwise — the same
    answer as for a link that names no notice (issue 13)."""
    if recipient.notice.site_id != identity.site.pk:
        raise NoticeNotFound()
    if phone_holder(recipient.customer, identity.phone) is None:
        raise NoticeNotFound()
    return recipient
