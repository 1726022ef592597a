"""Identity without passwords: a one-time code to the phone, then a portal session.

Issue 13: 6 digits, valid 5 minutes, at most 5 tries, rate-limited per number
and per client address. Attempts and codes live in the database so the limits
hold across web processes; only a keyed hash of the code is stored. The code
goes out through the notify app's SMS sender (``kefu.notify.senders``; the
console sender prints it in the demo) after commit — not through the outbox,
whose rows keep their text, so the plain code is never stored.
"""

import logging
import secrets
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from kefu.core.services import audit_record
from kefu.customers.rules import normalize_phone
from kefu.portal import rules
from kefu.portal.errors import (
    CodeInvalid,
    CodeTriesExhausted,
    PhoneInvalid,
    RateLimited,
)
from kefu.portal.models import PhoneCode, PortalSession, PortalSettings, RateEvent
from kefu.portal.selectors import customer_for_phone

logger = logging.getLogger("kefu.portal")


def rate_hit(*, scope: str, key: str, limit: int, window: timedelta, now: datetime) -> None:
    """Count one event of ``scope`` for ``key``; raise ``RateLimited`` past ``limit``.

    The count and the new row are in the database (one index range scan and
    one insert), so every web process sees the same figure.
    """
    count = RateEvent.objects.filter(scope=scope, key=key[:80], at__gt=now - window).count()
    if not rules.rate_allowed(count_in_window=count, limit=limit):
        raise RateLimited()
    RateEvent.objects.create(scope=scope, key=key[:80], at=now)


def mobile_number(raw: str) -> str:
    """The canonical mobile number, or ``PhoneInvalid`` (codes go to mobiles only)."""
    try:
        phone = normalize_phone(raw)
    except Exception as exc:
        raise PhoneInvalid(fields={"phone": [str(PhoneInvalid.default_message)]}) from exc
    if len(phone) != 11 or not phone.startswith("1"):
        raise PhoneInvalid(fields={"phone": [str(PhoneInvalid.default_message)]})
    return phone


def _hash(code: str, phone: str, nonce: str) -> str:
    return salted_hmac(
        "kefu.portal.code", f"{phone}:{nonce}:{code}", algorithm="sha256"
    ).hexdigest()


def _send_sms(phone: str, code: str, site_name: str) -> None:
    from kefu.notify.senders import sender_for

    try:
        sender_for("sms").send(
            channel="sms",
            address=phone,
            subject=site_name,
            body=_("Your verification code is %(code)s, valid for 5 minutes.") % {"code": code},
        )
    except Exception:  # the customer asks for a new code; nothing to roll back
        logger.exception("could not send the portal code")


def phone_code_send(
    *, settings: PortalSettings, phone: str, client_address: str, now: datetime | None = None
) -> PhoneCode:
    """Send a new one-time code to ``phone`` (issue 13: 6 digits, 5 minutes).

    Rate limits: ``codes_per_phone_hour`` per number, ``codes_per_address_hour``
    per client address. Sent by SMS after commit.
    """
    at = now or timezone.now()
    phone = mobile_number(phone)
    with transaction.atomic():
        rate_hit(
            scope="code_phone",
            key=f"{settings.site_id}:{phone}",
            limit=settings.codes_per_phone_hour,
            window=rules.RATE_WINDOW_CODES,
            now=at,
        )
        rate_hit(
            scope="code_address",
            key=client_address,
            limit=settings.codes_per_address_hour,
            window=rules.RATE_WINDOW_CODES,
            now=at,
        )
        code = f"{secrets.randbelow(10**rules.CODE_DIGITS):0{rules.CODE_DIGITS}d}"
        nonce = secrets.token_hex(8)
        row = PhoneCode.objects.create(
            site_id=settings.site_id,
            phone=phone,
            code_hash=_hash(code, phone, nonce),
            nonce=nonce,
            expires_at=at + rules.CODE_LIFETIME,
            client_address=client_address[:64],
        )
        audit_record(actor=None, action="portal.code_sent", target=row, site=settings.site, at=at)
        site_name = settings.site.name
        transaction.on_commit(lambda: _send_sms(phone, code, site_name))
    return row


def phone_code_verify(
    *,
    settings: PortalSettings,
    phone: str,
    code: str,
    client_address: str,
    now: datetime | None = None,
) -> PortalSession:
    """Check ``code`` against the number's latest code; open a portal session.

    A wrong code counts a try even though the call fails (the try is committed
    before the error is raised); the 6th try of a code is refused whatever it
    says (issue 13: at most 5 tries). The number is looked up among the site's
    customers and their contacts.
    """
    at = now or timezone.now()
    phone = mobile_number(phone)
    code = (code or "").strip()
    with transaction.atomic():
        rate_hit(
            scope="verify_address",
            key=client_address,
            limit=max(settings.codes_per_address_hour * rules.CODE_MAX_TRIES, 1),
            window=rules.RATE_WINDOW_CODES,
            now=at,
        )
        row = (
            PhoneCode.objects.select_for_update()
            .filter(site_id=settings.site_id, phone=phone)
            .order_by("-created_at", "-id")
            .first()
        )
        if row is None:
            raise CodeInvalid(fields={"code": [str(CodeInvalid.default_message)]})
        matches = rules.code_format_ok(code) and constant_time_compare(
            _hash(code, phone, row.nonce), row.code_hash
        )
        check = rules.code_check(
            now=at,
            expires_at=row.expires_at,
            used=row.used_at is not None,
            tries=row.tries,
            matches=matches,
        )
        if not check.ok:
            if check.reason == "wrong":
                row.tries += 1
                row.save(update_fields=["tries", "updated_at"])
        else:
            row.tries += 1
            row.used_at = at
            row.save(update_fields=["tries", "used_at", "updated_at"])
            session = portal_session_open(
                settings=settings, phone=phone, client_address=client_address, now=at
            )
            return session
    # The failed try is committed; now report it.
    if check.reason == "tries":
        raise CodeTriesExhausted(fields={"code": [str(CodeTriesExhausted.default_message)]})
    raise CodeInvalid(fields={"code": [str(CodeInvalid.default_message)]})


@transaction.atomic
def portal_session_open(
    *, settings: PortalSettings, phone: str, client_address: str = "", now: datetime | None = None
) -> PortalSession:
    """Open a portal session for a number whose code was just checked.

    Called by ``phone_code_verify``; the demo calls it directly (its customers
    have no phone to read a code from). The number is looked up among the
    site's customers and their contacts.
    """
    at = now or timezone.now()
    phone = mobile_number(phone)
    session = PortalSession.objects.create(
        key=secrets.token_urlsafe(32),
        site_id=settings.site_id,
        phone=phone,
        customer=customer_for_phone(settings.site_id, phone),
        expires_at=at + timedelta(minutes=settings.session_minutes),
        client_address=client_address[:64],
    )
    audit_record(
        actor=None,
        action="portal.identity_verified",
        target=session,
        site=settings.site,
        at=at,
        changes={"customer": [None, session.customer_id]},
    )
    return session


@transaction.atomic
def portal_session_end(*, session: PortalSession, now: datetime | None = None) -> PortalSession:
    """Sign out: the session's cookie stops working at once."""
    at = now or timezone.now()
    if session.ended_at is None:
        PortalSession.objects.filter(pk=session.pk, ended_at__isnull=True).update(ended_at=at)
        session.ended_at = at
    return session
