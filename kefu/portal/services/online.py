"""Online-channel items (seed 000 §3.10, L69): registered, a public reply reviewed, published.

A designated person (capability ``portal.online``) follows the company
website, forum and Weibo and registers each hot issue, suggestion or
complaint as a desk request with its source and link (channel ``online``);
the follow-up is assigned like any request. The public reply is drafted by
the designated person, reviewed by the relevant department (the request's
handling department; its people are told in the app) and only then published
(the drafter is told when it is approved or returned).
"""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.core.services import audit_record, diff, snapshot
from kefu.desk.models import Channel, RequestType
from kefu.desk.services import ticket_register
from kefu.org.models import Site, User
from kefu.org.selectors import capability_grant
from kefu.portal import rules
from kefu.portal.errors import (
    NotConfigured,
    OnlineForbidden,
    OwnReplyReview,
    ReplyState,
    ReviewForbidden,
    SourceInvalid,
    TextRequired,
)
from kefu.portal.models import OnlineItem, OnlineSource, ReplyStatus
from kefu.portal.selectors import online_review_grant, online_reviewers

ONLINE = rules.ONLINE_CAPABILITY  # the designated person for the website, forum and Weibo (L69)
ONLINE_CHANNEL = "online"
FIELDS = ["reply_draft", "drafted_by", "reply_status", "reviewed_by", "reviewed_at"]
FIELDS += ["review_note"]
FIELDS += ["published_by", "published_at"]


def _designated(actor: User, site: Site, at: datetime):
    grant = capability_grant(user=actor, site=site, capability=ONLINE, at=at)
    if grant is None:
        raise OnlineForbidden()
    return grant


def _tell(users: list[User], item: OnlineItem, kind: str, subject: str) -> None:
    """Tell ``users`` in the app (the bell) about a step of the item's public reply."""
    from kefu.notify.services import notify

    notify(
        site=item.site,
        users=users,
        kind=kind,
        subject=subject,
        link=item.get_absolute_url(),
        channels=("inapp",),
    )


def _lock(item: OnlineItem) -> OnlineItem:
    return OnlineItem.objects.select_for_update().select_related("ticket", "site").get(pk=item.pk)


@transaction.atomic
def online_item_register(
    *,
    actor: User,
    site: Site,
    request_type: RequestType,
    source: str,
    url: str,
    content: str,
    now: datetime | None = None,
    **ticket_data: Any,
) -> OnlineItem:
    """Register an item seen online as a desk request with its source and link."""
    at = now or timezone.now()
    grant = _designated(actor, site, at)
    if source not in OnlineSource.values:
        raise SourceInvalid(fields={"source": [str(SourceInvalid.default_message)]})
    url = (url or "").strip()
    if not url.startswith(("http://", "https://")):
        raise SourceInvalid(code="portal.url_invalid", fields={"url": ["http(s)://…"]})
    channel = Channel.objects.filter(site=site, code=ONLINE_CHANNEL).first()
    if channel is None:
        raise NotConfigured()
    ticket = ticket_register(
        actor=actor,
        site=site,
        request_type=request_type,
        channel=channel,
        content=content,
        subject=ticket_data.pop("subject", ""),
        now=now,
        **ticket_data,
    )
    item = OnlineItem.objects.create(
        ticket=ticket,
        site=site,
        source=source,
        url=url[:500],
        review_department=ticket.handling_department,
    )
    audit_record(
        actor=actor,
        on_behalf_of=grant.on_behalf_of,
        action="portal.online_registered",
        target=item,
        site=site,
        at=at,
        changes={"source": [None, source], "url": [None, item.url]},
    )
    return item


@transaction.atomic
def online_reply_draft(
    *, actor: User, item: OnlineItem, text: str, now: datetime | None = None
) -> OnlineItem:
    """Draft (or redraft) the public reply and send it for the department's review."""
    at = now or timezone.now()
    item = _lock(item)
    grant = _designated(actor, item.site, at)
    if not rules.online_step_allowed("draft", item.reply_status):
        raise ReplyState()
    text = (text or "").strip()
    if not text:
        raise TextRequired(fields={"text": [str(TextRequired.default_message)]})
    before = snapshot(item, FIELDS)
    item.reply_draft = text
    item.drafted_by, item.drafted_at = actor, at
    item.reply_status = ReplyStatus.SUBMITTED
    if item.review_department_id is None:
        item.review_department = item.ticket.handling_department
    item.save(
        update_fields=[
            "reply_draft",
            "drafted_by",
            "drafted_at",
            "reply_status",
            "review_department",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        on_behalf_of=grant.on_behalf_of,
        action="portal.online_reply_submitted",
        target=item,
        site=item.site,
        at=at,
        changes=diff(before, snapshot(item, FIELDS)),
    )
    subject = _("Review the public reply to online item %(number)s") % {
        "number": item.ticket.number
    }
    reviewers = [user for user in online_reviewers(item) if user.pk != actor.pk]
    _tell(reviewers, item, "portal.online_review", subject)
    return item


@transaction.atomic
def online_reply_review(
    *,
    actor: User,
    item: OnlineItem,
    approve: bool,
    note: str = "",
    now: datetime | None = None,
) -> OnlineItem:
    """The relevant department approves the public reply or returns it (seed 000 L69).

    The reviewer holds (or deputises) a position in the reviewing department,
    which is the request's handling department when the reply was submitted,
    and is not the person who drafted it (a review is a second pair of eyes).
    Returning needs a note. The drafter is told in the app.
    """
    at = now or timezone.now()
    item = _lock(item)
    if not rules.online_step_allowed("review", item.reply_status):
        raise ReplyState()
    grant = online_review_grant(actor, item, at)
    if grant is None:
        raise ReviewForbidden()
    if item.drafted_by_id == actor.pk:
        raise OwnReplyReview()
    note = (note or "").strip()
    if not approve and not note:
        raise TextRequired(fields={"note": [str(TextRequired.default_message)]})
    before = snapshot(item, FIELDS)
    item.reply_status = ReplyStatus.APPROVED if approve else ReplyStatus.RETURNED
    item.reviewed_by, item.reviewed_at, item.review_note = actor, at, note
    item.save(
        update_fields=["reply_status", "reviewed_by", "reviewed_at", "review_note", "updated_at"]
    )
    audit_record(
        actor=actor,
        on_behalf_of=grant.on_behalf_of,
        action="portal.online_reply_reviewed",
        target=item,
        site=item.site,
        at=at,
        changes=diff(before, snapshot(item, FIELDS)),
        note=note,
    )
    if approve:
        subject = _("Public reply approved, to publish: %(number)s")
    else:
        subject = _("Public reply returned for changes: %(number)s")
    subject = subject % {"number": item.ticket.number}
    _tell([item.drafted_by], item, "portal.online_reviewed", subject)
    return item


@transaction.atomic
def online_reply_publish(
    *, actor: User, item: OnlineItem, now: datetime | None = None
) -> OnlineItem:
    """Record that the approved reply was published on its channel (by the designated person)."""
    at = now or timezone.now()
    item = _lock(item)
    grant = _designated(actor, item.site, at)
    if not rules.online_step_allowed("publish", item.reply_status):
        raise ReplyState()
    before = snapshot(item, FIELDS)
    item.reply_status = ReplyStatus.PUBLISHED
    item.published_by, item.published_at = actor, at
    item.save(update_fields=["reply_status", "published_by", "published_at", "updated_at"])
    audit_record(
        actor=actor,
        on_behalf_of=grant.on_behalf_of,
        action="portal.online_reply_published",
        target=item,
        site=item.site,
        at=at,
        changes=diff(before, snapshot(item, FIELDS)),
    )
    return item
