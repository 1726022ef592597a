"""Handbooks handed out against a signed acknowledgement (seed 004 L25, L71, L179).

"编制成用户手册、装修手册提供给客户" (L71, L179): the 《业/租户手册》 (user
handbook) and the 《装修手册》 go to every customer, who acknowledges receipt.
A handbook is a ``Notice`` of kind ``handbook`` — one concept, one model: an
edition is drafted on the unified template, approved, sealed and sent like any
external document; the customers it went to are its ``NoticeRecipient`` rows and
their acknowledgement is the ordinary sign-off (on paper with the scan, by link
or in the portal). ``handbook_hand_out`` hands a sent edition to one more
customer later (a new tenant at move-in), so the record per unit and customer of
who received which handbook when, and how they acknowledged it, stays complete.
"""

import secrets
from datetime import datetime

from django.db import IntegrityError, transaction

from kefu.core.services import audit_record, diff, snapshot
from kefu.customers.models import Customer, Unit, UnitOccupancy
from kefu.notices import errors, rules
from kefu.notices.models import (
    DeliveryMethod,
    Notice,
    NoticeKind,
    NoticeRecipient,
    NoticeStatus,
)
from kefu.notices.policies import RECORD
from kefu.notices.services.workflow import _now, lock_notice, require, variables_for
from kefu.org.models import User


def _unit_of(customer: Customer, unit: Unit | None) -> Unit | None:
    if unit is not None:
        if unit.site_id != customer.site_id:
            raise errors.RecipientNotFound()
        return unit
    occupancy = (
        UnitOccupancy.objects.filter(customer=customer).select_related("unit").order_by("-id")
    ).first()
    return occupancy.unit if occupancy else None


def handbook_hand_out(
    *,
    actor: User | None,
    notice: Notice,
    customer: Customer,
    unit: Unit | None = None,
    now: datetime | None = None,
) -> NoticeRecipient:
    """Hand a sent handbook edition to ``customer`` (seed 004 L71, L179).

    By a position with ``notices.record`` (the 客服专员 at move-in). Only a
    handbook (``notices.not_handbook``), only once it has been approved, sealed
    and sent (``notices.not_sent``: no path hands out an unapproved edition),
    once per customer (``notices.already_received``). The customer's copy is
    rendered as at sending; their acknowledgement is then outstanding (an
    edition signed off by all is open again until they sign). A copy by email,
    SMS or WeChat goes through the outbox with the sign-off link.
    """
    from kefu.notices.services.signoff import send_copy

    at = _now(now)
    grant = require(actor, notice.site, RECORD, errors.NotAllowedToRecord, at)
    if notice.kind != NoticeKind.HANDBOOK:
        raise errors.NotHandbook()
    if customer.site_id != notice.site_id:
        raise errors.RecipientNotFound()
    unit = _unit_of(customer, unit)
    try:
        with transaction.atomic():
            locked = lock_notice(notice)
            if locked.status not in (NoticeStatus.SENT, NoticeStatus.SIGNED_OFF):
                raise errors.NotSent()
            if NoticeRecipient.objects.filter(notice=locked, customer=customer).exists():
                raise errors.AlreadyReceived()
            before = snapshot(locked, ["status"])
            recipient = NoticeRecipient.objects.create(
                notice=locked,
                customer=customer,
                unit=unit,
                body=rules.template_render(
                    locked.body, variables_for(locked, customer, unit, locked.issued_at or at)
                ),
                token_nonce=secrets.token_hex(8),
                handed_out_by=actor,
            )
            if locked.status == NoticeStatus.SIGNED_OFF:
                locked.status = NoticeStatus.SENT
                locked.signed_off_at = None
                locked.save(update_fields=["status", "signed_off_at", "updated_at"])
            audit_record(
                actor=actor,
                action="notices.handbook_handed_out",
                target=locked,
                site=locked.site,
                at=at,
                changes=diff(before, snapshot(locked, ["status"])),
                note=f"{customer.pk}",
                on_behalf_of=grant.on_behalf_of if grant else None,
            )
            if locked.delivery != DeliveryMethod.PAPER:
                recipient.notice = locked
                send_copy(recipient, purpose="issue", at=at)
    except IntegrityError:  # a second hand-out of the same copy at the same moment
        raise errors.AlreadyReceived() from None
    return recipient
