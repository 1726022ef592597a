"""A customer's requests from the portal: report, add information, withdraw, urge, rate.

The request itself is a desk ticket registered by ``ticket_register`` (seed
000 L33: every item on 《訴求(需求)記錄表》, one channel for all tenant
information); the portal adds the verified number, the photos and the
customer's own events to the ticket's one timeline (the audit trail).
"""

import secrets
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from kefu.core.services import audit_record
from kefu.customers.models import Customer
from kefu.desk.models import Category, Channel, RequestType, Status, Ticket
from kefu.desk.services import ticket_register, ticket_update, ticket_urge
from kefu.org.models import User
from kefu.portal import rules
from kefu.portal.errors import (
    AlreadyRated,
    MatchInvalid,
    NotConfigured,
    NothingToRate,
    PhotoInvalid,
    RequestFinished,
    ScoreInvalid,
    TextRequired,
    TooManyPhotos,
    TypeNotOffered,
)
from kefu.portal.models import (
    PortalLink,
    PortalPhoto,
    PortalRating,
    PortalRequest,
    PortalSettings,
    RatingKind,
)
from kefu.portal.selectors import PortalIdentity
from kefu.portal.services.identity import rate_hit
from kefu.portal.services.setup import PORTAL_CHANNEL

URGE_WINDOW = timedelta(hours=24)  # one urge per request per day from the portal
TEXT_MAX = 2000


def _account(settings: PortalSettings) -> User:
    if settings.account_id is None:
        raise NotConfigured()
    return settings.account


def photos_checked(files: list[Any], settings: PortalSettings) -> list[tuple[Any, str]]:
    """Each upload's content type from its bytes and Pillow's check, within the limits.

    Raises ``TooManyPhotos`` or ``PhotoInvalid``; returns ``(file, content_type)``.
    """
    from PIL import Image

    files = [f for f in files if f]
    if len(files) > settings.photo_max_count:
        raise TooManyPhotos(fields={"photos": [str(TooManyPhotos.default_message)]})
    checked = []
    for upload in files:
        if not upload.size or upload.size > settings.photo_max_bytes:
            raise PhotoInvalid(fields={"photos": [str(PhotoInvalid.default_message)]})
        upload.seek(0)
        content_type = rules.photo_content_type(upload.read(16))
        upload.seek(0)
        try:
            with Image.open(upload) as image:
                image.verify()
        except Exception as exc:
            raise PhotoInvalid(fields={"photos": [str(PhotoInvalid.default_message)]}) from exc
        upload.seek(0)
        if content_type is None:
            raise PhotoInvalid(fields={"photos": [str(PhotoInvalid.default_message)]})
        checked.append((upload, content_type))
    return checked


def _photos_save(ticket: Ticket, checked: list[tuple[Any, str]]) -> list[PortalPhoto]:
    saved = []
    for upload, content_type in checked:
        photo = PortalPhoto(
            ticket=ticket,
            nonce=secrets.token_hex(8),
            content_type=content_type,
            size_bytes=upload.size,
        )
        photo.image.save("photo", upload, save=False)
        photo.save(force_insert=True)
        saved.append(photo)
    return saved


def _text(value: str) -> str:
    text = (value or "").strip()
    if not text:
        raise TextRequired(fields={"content": [str(TextRequired.default_message)]})
    return text[:TEXT_MAX]


@transaction.atomic
def portal_report(
    *,
    identity: PortalIdentity,
    settings: PortalSettings,
    request_type: str,
    content: str,
    category: Category | None = None,
    link: PortalLink | None = None,
    occurred_at: datetime | None = None,
    occurred_place: str = "",
    photos: list[Any] | None = None,
    now: datetime | None = None,
) -> Ticket:
    """Register the customer's report as a desk request (channel ``portal``).

    The unit comes from the scanned unit code, else from the customer record.
    An unknown number still registers the request, marked "identity
    unconfirmed" for the desk to match (issue 13).
    """
    at = now or timezone.now()
    site = identity.site
    if request_type not in (settings.request_types or []):
        raise TypeNotOffered(fields={"request_type": [str(TypeNotOffered.default_message)]})
    kind = RequestType.objects.filter(site=site, code=request_type, is_active=True).first()
    if kind is None:
        raise TypeNotOffered(fields={"request_type": [str(TypeNotOffered.default_message)]})
    content = _text(content)
    checked = photos_checked(list(photos or []), settings)
    channel = Channel.objects.filter(site=site, code=PORTAL_CHANNEL).first()
    if channel is None:
        raise NotConfigured()
    unit = link.unit if link is not None and link.site_id == site.pk else None
    ticket = ticket_register(
        actor=_account(settings),
        site=site,
        request_type=kind,
        channel=channel,
        subject="",
        content=content,
        category=category,
        customer=identity.customer,
        unit=unit,
        contact_phone=identity.phone,
        occurred_at=occurred_at,
        occurred_place=occurred_place or "",
        now=now,
    )
    portal_request = PortalRequest.objects.create(
        ticket=ticket,
        site=site,
        phone=identity.phone,
        link=link,
        identity_confirmed=identity.customer is not None,
    )
    saved = _photos_save(ticket, checked)
    audit_record(
        actor=_account(settings),
        action="portal.request_reported",
        target=portal_request,
        site=site,
        at=at,
        changes={
            "identity_confirmed": [None, portal_request.identity_confirmed],
            "photos": [None, len(saved)],
        },
    )
    return ticket


def _open(ticket: Ticket) -> PortalRequest | None:
    """Lock the request; refuse when it is closed, rejected or withdrawn."""
    Ticket.objects.select_for_update().filter(pk=ticket.pk).first()
    ticket.refresh_from_db(fields=["status"])
    portal_request = PortalRequest.objects.filter(ticket=ticket).first()
    if ticket.status in (Status.CLOSED, Status.REJECTED) or (
        portal_request is not None and portal_request.withdrawn_at is not None
    ):
        raise RequestFinished()
    return portal_request


def _handlers(ticket: Ticket) -> list[User]:
    return [u for u in (ticket.assignee, ticket.received_by) if u is not None and u.is_active]


def _record_and_tell(
    *,
    settings: PortalSettings,
    ticket: Ticket,
    action: str,
    subject: str,
    note: str,
    changes: dict[str, list[Any]],
    at: datetime,
) -> None:
    """The customer's event on the request's timeline, and a bell notice to its handlers."""
    from kefu.notify.services import notify

    audit_record(
        actor=_account(settings),
        action=action,
        target=ticket,
        site=ticket.site,
        at=at,
        changes=changes,
        note=note,
    )
    notify(
        site=ticket.site,
        users=[u for u in _handlers(ticket) if u.pk != settings.account_id],
        kind=action,
        subject=f"{ticket.number} {subject}",
        body=note,
        ticket=ticket,
        channels=("inapp",),
    )


@transaction.atomic
def portal_info_add(
    *,
    identity: PortalIdentity,
    settings: PortalSettings,
    ticket: Ticket,
    text: str,
    photos: list[Any] | None = None,
    now: datetime | None = None,
) -> Ticket:
    """The customer adds information (and photos) to an open request; the handler is told."""
    at = now or timezone.now()
    text = _text(text)
    checked = photos_checked(list(photos or []), settings)
    _open(ticket)
    existing = PortalPhoto.objects.filter(ticket=ticket).count()
    if existing + len(checked) > settings.photo_max_count * 2:
        raise TooManyPhotos(fields={"photos": [str(TooManyPhotos.default_message)]})
    saved = _photos_save(ticket, checked)
    _record_and_tell(
        settings=settings,
        ticket=ticket,
        action="portal.info_added",
        subject=gettext("The customer added information"),
        note=text,
        changes={"photos": [existing, existing + len(saved)]} if saved else {},
        at=at,
    )
    return ticket


@transaction.atomic
def portal_withdraw(
    *,
    identity: PortalIdentity,
    settings: PortalSettings,
    ticket: Ticket,
    reason: str = "",
    now: datetime | None = None,
) -> Ticket:
    """The customer withdraws an open request; the desk is told and closes it.

    The desk's status flow is left to the desk (closing needs a reply record,
    seed 000 L723); the withdrawal is on the timeline and the request leaves
    the customer's open list.
    """
    at = now or timezone.now()
    portal_request = _open(ticket)
    if portal_request is None:
        portal_request = PortalRequest.objects.create(
            ticket=ticket,
            site=ticket.site,
            phone=identity.phone,
            identity_confirmed=identity.customer is not None,
        )
    portal_request.withdrawn_at = at
    portal_request.save(update_fields=["withdrawn_at", "updated_at"])
    _record_and_tell(
        settings=settings,
        ticket=ticket,
        action="portal.request_withdrawn",
        subject=gettext("The customer withdrew the request"),
        note=(reason or "").strip()[:TEXT_MAX],
        changes={"withdrawn_at": [None, at.isoformat()]},
        at=at,
    )
    return ticket


@transaction.atomic
def portal_urge(
    *,
    identity: PortalIdentity,
    settings: PortalSettings,
    ticket: Ticket,
    note: str = "",
    now: datetime | None = None,
) -> Ticket:
    """催办 from the portal: the desk's ``ticket_urge`` counts it (once a day per request)."""
    at = now or timezone.now()
    _open(ticket)
    rate_hit(scope="urge", key=str(ticket.pk), limit=1, window=URGE_WINDOW, now=at)
    return ticket_urge(
        actor=_account(settings),
        ticket=ticket,
        note=(note or "").strip()[:TEXT_MAX]
        or gettext("Urged by the customer on the phone (…%(last4)s)")
        % {"last4": identity.phone[-4:]},
        now=now,
    )


@transaction.atomic
def portal_rate(
    *,
    identity: PortalIdentity,
    settings: PortalSettings,
    ticket: Ticket,
    kind: str,
    score: int | None,
    comment: str = "",
    now: datetime | None = None,
) -> PortalRating:
    """Rate the reply or the return visit, once each (on the site's visits scale).

    Rating the reply completes the request's due return visit, if any, through
    ``visit_record`` (seed 000 L555, L649: per-request satisfaction is taken on
    the return visit), so the satisfaction feeds the visits and KPI figures.
    """
    from kefu.visits.models import ReturnVisit, VisitStatus
    from kefu.visits.selectors import scale_for
    from kefu.visits.services import visit_record

    at = now or timezone.now()
    Ticket.objects.select_for_update().filter(pk=ticket.pk).first()
    scale = scale_for(ticket.site)
    if kind not in RatingKind.values:
        raise ScoreInvalid(fields={"kind": [str(ScoreInvalid.default_message)]})
    if score is None or not scale.is_valid(score):
        raise ScoreInvalid(fields={"score": [str(ScoreInvalid.default_message)]})
    visits = ReturnVisit.objects.filter(ticket=ticket).order_by("pk")
    if kind == RatingKind.REPLY and ticket.replied_at is None:
        raise NothingToRate()
    if kind == RatingKind.VISIT and not visits.filter(status=VisitStatus.DONE).exists():
        raise NothingToRate()
    if PortalRating.objects.filter(ticket=ticket, kind=kind).exists():
        raise AlreadyRated()
    comment = (comment or "").strip()[:TEXT_MAX]
    rating = PortalRating.objects.create(
        ticket=ticket,
        kind=kind,
        score=score,
        satisfied=scale.is_satisfied(score),
        comment=comment,
        phone=identity.phone,
    )
    audit_record(
        actor=_account(settings),
        action="portal.request_rated",
        target=ticket,
        site=ticket.site,
        at=at,
        changes={f"rating_{kind}": [None, score]},
        note=comment,
    )
    due = visits.filter(status=VisitStatus.DUE).first()
    if kind == RatingKind.REPLY and due is not None:
        visit_record(
            actor=_account(settings),
            visit=due,
            reached=True,
            satisfaction=score,
            comment=gettext("Rated by the customer on the phone"),
            customer_words=comment,
            now=now,
        )
    return rating


@transaction.atomic
def portal_request_match(
    *,
    actor: User,
    portal_request: PortalRequest,
    customer: Customer,
    now: datetime | None = None,
) -> PortalRequest:
    """The desk matches an unconfirmed number to a customer.

    The request is filed under the customer (``ticket_update``, which checks
    the actor may edit it) and the number is added to the customer's contacts
    when it is not the customer's own, so the next code from it is recognised.
    """
    from kefu.customers.rules import phone_digits
    from kefu.customers.services import contact_add

    at = now or timezone.now()
    locked = PortalRequest.objects.select_for_update().get(pk=portal_request.pk)
    if customer.site_id != locked.site_id:
        raise MatchInvalid(fields={"customer": [str(MatchInvalid.default_message)]})
    ticket_update(actor=actor, ticket=locked.ticket, customer=customer, now=now)
    known = (
        customer.phone_digits == phone_digits(locked.phone)
        or customer.contacts.filter(phone=locked.phone).exists()
    )
    if not known:
        contact_add(
            actor=actor,
            customer=customer,
            name=customer.name,
            phone=locked.phone,
            relation=gettext("portal"),
        )
    locked.identity_confirmed = True
    locked.matched_by = actor
    locked.matched_at = at
    locked.save(update_fields=["identity_confirmed", "matched_by", "matched_at", "updated_at"])
    audit_record(
        actor=actor,
        action="portal.identity_matched",
        target=locked,
        site=locked.site,
        at=at,
        changes={"customer": [None, customer.pk], "identity_confirmed": [False, True]},
    )
    return locked
