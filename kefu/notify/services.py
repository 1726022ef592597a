"""Notifications: the one write path for notices, their outbox and read marks.

``notify`` is what other apps call. It writes one ``Notification`` per
recipient and one ``Delivery`` per other channel, all in the caller's
transaction, and after commit enqueues ``tasks.deliver_pending``, which sends
the outbox. Idempotent per ``(dedupe_key, recipient)``: a unique constraint
keeps a given notice to one row per person even when two workers race.

Delivery guarantee (docs/notify.md): the bell is exactly-once (the row is the
notice). Email, SMS and WeChat are **at-least-once**: a delivery row is locked,
sent and marked ``sent`` in one transaction; a worker killed after the send but
before the commit leaves the row pending and the next run sends it again. So a
killed worker re-sends at most the one row it was sending; nothing is lost.
"""

import logging
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from kefu.notify.errors import UnknownChannel
from kefu.notify.models import Channel, Delivery, DeliveryStatus, Notification
from kefu.notify.senders import sender_for
from kefu.org.models import Site, User

logger = logging.getLogger("kefu.notify")

INAPP = "inapp"
MAX_ATTEMPTS = 5


def _address(user: User, channel: str) -> str:
    """Email goes to the user's email; SMS and WeChat (企业微信 finds people by
    mobile number) to the user's phone."""
    if channel == Channel.EMAIL:
        return user.email or ""
    return user.phone or ""


def _enqueue_delivery() -> None:
    from kefu.notify.tasks import deliver_pending

    try:
        deliver_pending.enqueue()
    except Exception:  # the outbox stays; the next run or worker start sends it
        logger.exception("could not enqueue the notification delivery")


def notify(
    *,
    site: Site,
    users: Iterable[User],
    kind: str,
    subject: str,
    body: str = "",
    ticket: Any = None,
    link: str = "",
    dedupe_key: str | None = None,
    channels: Iterable[str] = (INAPP, "email"),
) -> list[Notification]:
    """Notify ``users`` at ``site``: one notice each, on ``channels``.

    ``channels``: ``inapp`` (the bell) and any of ``email``, ``sms``,
    ``wechat``. Inactive users and duplicates in ``users`` are skipped. With a
    ``dedupe_key`` a second call for the same key and person returns the
    existing notice and sends nothing. Returns the notices, one per person.
    """
    channels = tuple(dict.fromkeys(channels))
    unknown = [c for c in channels if c != INAPP and c not in Channel.values]
    if unknown:
        raise UnknownChannel(fields={"channels": unknown})
    if ticket is not None and not link:
        link = ticket.get_absolute_url()
    result: list[Notification] = []
    queued = False
    with transaction.atomic():
        seen: set[int] = set()
        for user in users:
            if user is None or user.pk in seen or not user.is_active:
                continue
            seen.add(user.pk)
            notification, created = _notification_create(
                site=site,
                user=user,
                kind=kind,
                subject=subject[:200],
                body=body,
                ticket=ticket,
                link=link,
                dedupe_key=dedupe_key,
                in_app=INAPP in channels,
            )
            result.append(notification)
            if not created:
                continue
            for channel in channels:
                if channel == INAPP:
                    continue
                address = _address(user, channel)
                Delivery.objects.create(
                    notification=notification,
                    channel=channel,
                    address=address,
                    status=DeliveryStatus.PENDING if address else DeliveryStatus.SKIPPED,
                )
                queued = queued or bool(address)
        connection = transaction.get_connection()
        if queued and not any(item[1] is _enqueue_delivery for item in connection.run_on_commit):
            # One delivery task per transaction, however many notices it wrote. A
            # lost enqueue only delays: sla_watch sweeps the outbox every minute.
            transaction.on_commit(_enqueue_delivery)
    return result


def _notification_create(*, user: User, dedupe_key: str | None, **fields: Any):
    if dedupe_key:
        existing = Notification.objects.filter(dedupe_key=dedupe_key, recipient=user).first()
        if existing is not None:
            return existing, False
    try:
        with transaction.atomic():
            return (
                Notification.objects.create(recipient=user, dedupe_key=dedupe_key or "", **fields),
                True,
            )
    except IntegrityError:
        # Another worker wrote the same notice first (the unique constraint).
        return Notification.objects.get(dedupe_key=dedupe_key, recipient=user), False


def notify_address(
    *,
    site: Site,
    channel: str,
    address: str,
    kind: str,
    subject: str,
    body: str = "",
    link: str = "",
    dedupe_key: str = "",
) -> Notification:
    """Send one message to an address that is not a staff user (a customer's
    phone or email), through the same outbox: a ``Notification`` without a
    recipient or bell and one ``Delivery``. With a ``dedupe_key`` a second call
    returns the first message and sends nothing. An empty address is recorded
    as ``skipped``.
    """
    if channel not in Channel.values:
        raise UnknownChannel(fields={"channels": [channel]})
    with transaction.atomic():
        if dedupe_key:
            existing = Notification.objects.filter(
                dedupe_key=dedupe_key, recipient__isnull=True
            ).first()
            if existing is not None:
                return existing
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    site=site,
                    recipient=None,
                    kind=kind,
                    subject=subject[:200],
                    body=body,
                    link=link,
                    in_app=False,
                    dedupe_key=dedupe_key,
                )
        except IntegrityError:
            return Notification.objects.get(dedupe_key=dedupe_key, recipient__isnull=True)
        Delivery.objects.create(
            notification=notification,
            channel=channel,
            address=address,
            status=DeliveryStatus.PENDING if address else DeliveryStatus.SKIPPED,
        )
        connection = transaction.get_connection()
        if address and not any(item[1] is _enqueue_delivery for item in connection.run_on_commit):
            transaction.on_commit(_enqueue_delivery)
    return notification


def notification_mark_read(
    *, actor: User, notification: Notification, now: datetime | None = None
) -> Notification:
    """Mark one of the actor's notices read (already read: unchanged)."""
    if notification.read_at is None:
        notification.read_at = now or timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notification_mark_all_read(*, actor: User, now: datetime | None = None) -> int:
    """Mark every unread notice of the actor read; returns how many."""
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(
        read_at=now or timezone.now()
    )


def deliveries_send(*, limit: int = 200, now: datetime | None = None) -> int:
    """Send up to ``limit`` pending deliveries, oldest first; returns how many were sent.

    Each row is locked (``SKIP LOCKED`` on PostgreSQL, so workers share the
    outbox), sent and marked in its own transaction (at-least-once, see the
    module docstring). A failure is recorded and the row stays pending until
    ``MAX_ATTEMPTS``, then it is ``failed``.
    """
    sent = 0
    last_id = 0
    for _ in range(limit):
        with transaction.atomic():
            delivery = (
                Delivery.objects.select_for_update(skip_locked=True)
                .filter(status=DeliveryStatus.PENDING, id__gt=last_id)
                .select_related("notification")
                .order_by("id")
                .first()
            )
            if delivery is None:
                break
            last_id = delivery.pk
            delivery.attempts += 1
            note = delivery.notification
            try:
                sender_for(delivery.channel).send(
                    channel=delivery.channel,
                    address=delivery.address,
                    subject=note.subject,
                    body=note.body,
                )
            except Exception as exc:
                delivery.last_error = f"{type(exc).__name__}: {exc}"[:1000]
                if delivery.attempts >= MAX_ATTEMPTS:
                    delivery.status = DeliveryStatus.FAILED
                logger.warning("delivery %s failed: %s", delivery.pk, delivery.last_error)
            else:
                delivery.status = DeliveryStatus.SENT
                delivery.sent_at = now or timezone.now()
                sent += 1
            delivery.save(
                update_fields=["status", "attempts", "sent_at", "last_error", "updated_at"]
            )
    return sent
