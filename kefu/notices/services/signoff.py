"""Per-recipient sign-off: by link, on paper (recorded by the clerk), chased.

seed 000 L51 (每个租户完成签收), L53 (签收记录与发文一同保存). A tenant's
link carries a signed, expiring, single-purpose token; ``recipient_for_token``
resolves it. Where the site's portal is open the link is the portal's page,
which proves the tenant's phone first. ``notice_recipient_sign_off`` is the
one sign-off service — the link page, the clerk's paper record and the
customer portal (with the verified phone number) all call it; a second
confirmation changes nothing.
"""

from datetime import datetime

from django.apps import apps
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse

from kefu.core.services import audit_record, diff, snapshot
from kefu.files.rules import scan_content_type
from kefu.notices import errors, rules
from kefu.notices.models import (
    DeliveryMethod,
    Notice,
    NoticeRecipient,
    NoticeStatus,
    SignMethod,
)
from kefu.notices.policies import RECORD
from kefu.notices.services.workflow import _now, lock_notice, require, settings_for
from kefu.org.models import User

TOKEN_SALT = "kefu.notices.sign_off"
DEFAULT_SCAN_MAX_BYTES = 20 * 1024 * 1024
SIGN_FIELDS = ["signed_at", "sign_method", "signer_name", "signed_from", "verified_phone"]


def recipient_token(recipient: NoticeRecipient) -> str:
    """A token that only signs off this recipient's copy (salted, timestamped)."""
    return signing.TimestampSigner(salt=TOKEN_SALT).sign(f"{recipient.pk}.{recipient.token_nonce}")


def signs_in_portal(recipient: NoticeRecipient) -> bool:
    """Whether the tenant signs in the customer portal, with a verified phone.

    Issue 13: when the site's portal is open, the link proves the tenant's
    number with a one-time code before the confirmation (method ``portal``);
    otherwise the public link page records a typed name (method ``link``).
    """
    if not apps.is_installed("kefu.portal"):
        return False
    from kefu.portal.selectors import portal_is_open

    return portal_is_open(recipient.notice.site_id)


def sign_off_path(recipient: NoticeRecipient) -> str:
    """The tenant's sign-off link: the portal's page when the site's portal is open."""
    name = "portal:notice" if signs_in_portal(recipient) else "notices:sign_off"
    return reverse(name, args=[recipient_token(recipient)])


def sign_off_url(recipient: NoticeRecipient) -> str:
    base = getattr(settings, "KEFU_PUBLIC_URL", "").rstrip("/")
    return f"{base}{sign_off_path(recipient)}"


def recipient_for_token(token: str) -> NoticeRecipient:
    """The recipient a link token names, if it is genuine and not expired.

    Expired, forged, re-keyed or unknown tokens are all ``LinkInvalid``.
    """
    try:
        value = signing.TimestampSigner(salt=TOKEN_SALT).unsign(token)
        pk, nonce = value.split(".", 1)
        recipient = NoticeRecipient.objects.select_related("notice__site", "customer", "unit").get(
            pk=int(pk), token_nonce=nonce
        )
    except (signing.BadSignature, ValueError, NoticeRecipient.DoesNotExist):
        raise errors.LinkInvalid() from None
    max_age = settings_for(recipient.notice.site).link_valid_days * 86400
    try:
        signing.TimestampSigner(salt=TOKEN_SALT).unsign(token, max_age=max_age)
    except signing.SignatureExpired:
        raise errors.LinkInvalid() from None
    if recipient.notice.status not in (NoticeStatus.SENT, NoticeStatus.SIGNED_OFF):
        raise errors.LinkInvalid()
    return recipient


def send_copy(recipient: NoticeRecipient, *, purpose: str, at: datetime) -> None:
    """Queue the tenant's copy (or a reminder) with their sign-off link in the
    notify outbox, on the notice's channel (SMS for paper notices)."""
    from kefu.notify.services import notify_address

    notice = recipient.notice
    channel = notice.delivery if notice.delivery != DeliveryMethod.PAPER else DeliveryMethod.SMS
    customer = recipient.customer
    address = customer.email if channel == DeliveryMethod.EMAIL else customer.phone
    link = sign_off_url(recipient)
    text = recipient.body if purpose == "issue" else notice.title
    notify_address(
        site=notice.site,
        channel=channel,
        address=address,
        kind=f"notices.{purpose}",
        subject=notice.title,
        body=f"{text}\n\n{link}",
        link=link,
        dedupe_key=f"notices.{purpose}.{recipient.pk}.{recipient.chase_count}",
    )


def _close_if_done(notice: Notice, at: datetime) -> None:
    total = notice.recipients.count()
    signed = notice.recipients.filter(signed_at__isnull=False).count()
    if notice.status == NoticeStatus.SENT and rules.all_signed(signed, total):
        notice.status = NoticeStatus.SIGNED_OFF
        notice.signed_off_at = at
        notice.save(update_fields=["status", "signed_off_at", "updated_at"])


def notice_recipient_sign_off(
    *,
    recipient: NoticeRecipient,
    method: str,
    actor: User | None = None,
    signer_name: str = "",
    address: str = "",
    verified_phone: str = "",
    now: datetime | None = None,
) -> NoticeRecipient:
    """Record that ``recipient`` signed for the notice: who, when, how, from where.

    ``method`` is ``link`` (the public page; ``address`` is the client's IP),
    ``portal`` (the customer portal passes the ``verified_phone``) or ``paper``
    (``actor`` is the clerk). Idempotent: a second confirmation returns the
    first sign-off unchanged and writes nothing. When the last recipient signs
    the notice becomes ``signed_off``.
    """
    at = _now(now)
    if method not in SignMethod.values:
        raise errors.SignMethodUnknown(fields={"method": [method]})
    with transaction.atomic():
        notice = lock_notice(recipient.notice)
        if notice.status not in (NoticeStatus.SENT, NoticeStatus.SIGNED_OFF):
            raise errors.NotSent()
        locked = NoticeRecipient.objects.select_for_update().get(pk=recipient.pk)
        if locked.signed_at is not None:
            return locked
        before = snapshot(locked, SIGN_FIELDS)
        locked.signed_at = at
        locked.sign_method = method
        locked.signer_name = (signer_name or locked.customer.name)[:100]
        locked.signed_from = (address or "")[:64]
        locked.verified_phone = (verified_phone or "")[:32]
        locked.recorded_by = actor
        locked.save(update_fields=[*SIGN_FIELDS, "recorded_by", "updated_at"])
        audit_record(
            actor=actor,
            action="notices.recipient_signed_off",
            target=notice,
            site=notice.site,
            at=at,
            changes={
                f"recipient.{locked.pk}.{k}": v
                for k, v in diff(before, snapshot(locked, SIGN_FIELDS)).items()
            },
        )
        _close_if_done(notice, at)
    return locked


def _scan_limit() -> int:
    return int(getattr(settings, "KEFU_NOTICES_SCAN_MAX_BYTES", DEFAULT_SCAN_MAX_BYTES))


def notice_recipient_paper_record(
    *,
    actor: User,
    recipient: NoticeRecipient,
    signer_name: str,
    signed_copy,
    signed_at: datetime | None = None,
    now: datetime | None = None,
) -> NoticeRecipient:
    """The clerk records a paper sign-off and files the scanned signed copy (seed 000 L53).

    The scan is checked by content (PDF/JPEG/PNG/TIFF magic bytes) and size
    and stored through Django's storage API with the notice; a bad scan
    changes nothing.
    """
    at = _now(now)
    require(actor, recipient.notice.site, RECORD, errors.NotAllowedToRecord, at)
    size = getattr(signed_copy, "size", 0) or 0
    name = getattr(signed_copy, "name", "") or ""
    if not size or size > _scan_limit():
        raise errors.ScanRefused(fields={"signed_copy": [str(errors.ScanRefused.default_message)]})
    signed_copy.seek(0)
    content_type = scan_content_type(name, signed_copy.read(16))
    signed_copy.seek(0)
    if content_type is None:
        raise errors.ScanRefused(fields={"signed_copy": [str(errors.ScanRefused.default_message)]})
    stored = None
    try:
        with transaction.atomic():
            signed = notice_recipient_sign_off(
                recipient=recipient,
                method=SignMethod.PAPER,
                actor=actor,
                signer_name=signer_name,
                now=signed_at or at,
            )
            if signed.signed_copy:
                return signed
            stored = signed
            signed.signed_copy.save(name.rsplit("/", 1)[-1], signed_copy, save=False)
            signed.signed_copy_type = content_type
            signed.save(update_fields=["signed_copy", "signed_copy_type", "updated_at"])
    except Exception:
        if stored is not None and stored.signed_copy.name:
            stored.signed_copy.storage.delete(stored.signed_copy.name)
        raise
    return signed


def notice_chase(*, actor: User | None, notice: Notice, now: datetime | None = None) -> int:
    """Remind every tenant who has not signed yet, through the notify outbox (催签).

    Returns how many were chased. Each chase is a new message (the chase count
    is part of its dedupe key), so chasing twice reminds twice.
    """
    at = _now(now)
    grant = require(actor, notice.site, RECORD, errors.NotAllowedToRecord, at)
    with transaction.atomic():
        locked = lock_notice(notice)
        if locked.status != NoticeStatus.SENT:
            raise errors.NotSent()
        outstanding = list(
            NoticeRecipient.objects.select_for_update()
            .filter(notice=locked, signed_at__isnull=True)
            .select_related("customer", "notice__site")
            .order_by("pk")
        )
        for recipient in outstanding:
            recipient.chase_count += 1
            recipient.last_chased_at = at
            recipient.save(update_fields=["chase_count", "last_chased_at", "updated_at"])
            send_copy(recipient, purpose="chase", at=at)
        audit_record(
            actor=actor,
            action="notices.notice_chased",
            target=locked,
            site=locked.site,
            at=at,
            note=str(len(outstanding)),
            on_behalf_of=grant.on_behalf_of if grant else None,
        )
    return len(outstanding)
