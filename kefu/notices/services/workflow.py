"""A notice from draft to sent: draft, approve, seal application, seal, issue.

seed 000 L45–51: the unified template, a department's draft, the leader's
consent, the seal application approved at the GM office, then delivery to the
designated tenants. seed 002 L76: only the 客服主任 sends. ``notice_issue`` is
the only way a notice reaches a customer and it refuses anything not sealed.
"""

import secrets
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from kefu.calendar.selectors import work_calendar_for
from kefu.core.services import audit_record, diff, snapshot
from kefu.customers.models import Customer, OccupancyRole, UnitOccupancy
from kefu.notices import errors, rules
from kefu.notices.models import (
    Audience,
    DeliveryMethod,
    Notice,
    NoticeKind,
    NoticeRecipient,
    NoticeSettings,
    NoticeStatus,
    NoticeTemplate,
)
from kefu.notices.policies import APPROVE, DRAFT, ISSUE, SEAL
from kefu.org.models import Department, Site, User
from kefu.org.selectors import ActingPosition, capability_grant

STATE_FIELDS = ["status"]


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def require(
    actor: User | None, site: Site, capability: str, error: type, at: datetime
) -> ActingPosition | None:
    """System calls (``actor=None``) pass; people need the capability at the site."""
    if actor is None:
        return None
    grant = capability_grant(user=actor, site=site, capability=capability, at=at)
    if grant is None:
        raise error()
    return grant


def lock_notice(notice: Notice) -> Notice:
    """The notice row, locked for the action (``select_for_update``)."""
    return Notice.objects.select_for_update().get(pk=notice.pk)


def settings_for(site: Site) -> NoticeSettings:
    return NoticeSettings.objects.filter(site=site).first() or NoticeSettings(site=site)


def _check_text(title: str, body: str) -> None:
    if not title.strip() or not body.strip():
        raise errors.TitleRequired(fields={"title": [str(errors.TitleRequired.default_message)]})
    try:
        rules.template_check(body)
    except rules.TemplateRefused as exc:
        raise errors.TemplateRefused(fields={"body": [str(exc)]}) from None


def notice_draft(
    *,
    actor: User | None,
    site: Site,
    template: NoticeTemplate | None = None,
    title: str = "",
    body: str = "",
    kind: str = "",
    department: Department | None = None,
    audience: str = Audience.SITE,
    building: str = "",
    customers: list[Customer] | None = None,
    delivery: str = DeliveryMethod.PAPER,
    deliverer: User | None = None,
    is_major: bool | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
    parent: Notice | None = None,
    period: date | None = None,
    now: datetime | None = None,
) -> Notice:
    """Draft a notice on the unified template (seed 000 L45, L47).

    Title and text default to the template's; the text is checked for allowed
    tags only. Recipients: all tenants of the site, of a building, or a list.
    """
    at = _now(now)
    require(actor, site, DRAFT, errors.NotAllowedToDraft, at)
    if template is not None and template.site_id != site.pk:
        raise errors.TemplateNotFound()
    title = (title or (template.title if template else "")).strip()
    body = body or (template.body if template else "")
    _check_text(title, body)
    if audience == Audience.BUILDING and not building.strip():
        raise errors.BuildingRequired(
            fields={"building": [str(errors.BuildingRequired.default_message)]}
        )
    customer_ids = sorted({c.pk for c in customers or [] if c.site_id == site.pk})
    if audience == Audience.LIST and not customer_ids:
        raise errors.NoRecipients(fields={"customers": [str(errors.NoRecipients.default_message)]})
    if deliverer is not None and not deliverer.assignments.filter(position__site=site).exists():
        raise errors.DelivererNotHere(
            fields={"deliverer": [str(errors.DelivererNotHere.default_message)]}
        )
    with transaction.atomic():
        notice = Notice.objects.create(
            site=site,
            template=template,
            kind=kind or (template.kind if template else NoticeKind.NOTICE),
            title=title,
            body=body,
            department=department,
            is_major=bool(template.is_major if is_major is None and template else is_major),
            audience=audience,
            building=building.strip() if audience == Audience.BUILDING else "",
            customer_ids=customer_ids if audience == Audience.LIST else [],
            delivery=delivery,
            deliverer=deliverer,
            starts_on=starts_on,
            ends_on=ends_on,
            parent=parent,
            period=period,
            drafted_by=actor,
        )
        audit_record(
            actor=actor,
            action="notices.notice_drafted",
            target=notice,
            site=site,
            at=at,
            changes={"status": [None, notice.status]},
        )
    return notice


def _step(
    *,
    actor: User | None,
    notice: Notice,
    capability: str,
    error: type,
    expected: str,
    fields: dict[str, Any],
    action: str,
    now: datetime | None,
) -> Notice:
    at = _now(now)
    grant = require(actor, notice.site, capability, error, at)
    with transaction.atomic():
        locked = lock_notice(notice)
        if locked.status != expected:
            raise errors.WrongState()
        before = snapshot(locked, STATE_FIELDS)
        locked.status = rules.next_status(locked.status)
        for name, value in fields.items():
            setattr(locked, name, at if value is _AT else value)
        locked.save(update_fields=[*STATE_FIELDS, *fields, "updated_at"])
        audit_record(
            actor=actor,
            action=action,
            target=locked,
            site=locked.site,
            at=at,
            changes=diff(before, snapshot(locked, STATE_FIELDS)),
            on_behalf_of=grant.on_behalf_of if grant else None,
        )
    return locked


_AT = object()


def notice_approve(*, actor: User | None, notice: Notice, now: datetime | None = None) -> Notice:
    """The leader consents to the draft (seed 000 L49 "經領導同意")."""
    return _step(
        actor=actor,
        notice=notice,
        capability=APPROVE,
        error=errors.NotAllowedToApprove,
        expected=NoticeStatus.DRAFT,
        fields={"approved_by": actor, "approved_at": _AT},
        action="notices.notice_approved",
        now=now,
    )


def notice_seal_apply(*, actor: User | None, notice: Notice, now: datetime | None = None) -> Notice:
    """File the seal application (用章申请) for an approved notice (seed 000 L49)."""
    return _step(
        actor=actor,
        notice=notice,
        capability=DRAFT,
        error=errors.NotAllowedToDraft,
        expected=NoticeStatus.APPROVED,
        fields={"seal_requested_by": actor, "seal_requested_at": _AT},
        action="notices.seal_requested",
        now=now,
    )


def notice_seal_approve(
    *, actor: User | None, notice: Notice, now: datetime | None = None
) -> Notice:
    """The GM office approves the seal application and seals (seed 000 L49 至总经办盖章)."""
    return _step(
        actor=actor,
        notice=notice,
        capability=SEAL,
        error=errors.NotAllowedToSeal,
        expected=NoticeStatus.SEAL_REQUESTED,
        fields={"sealed_by": actor, "sealed_at": _AT},
        action="notices.seal_approved",
        now=now,
    )


def audience_pairs(notice: Notice) -> list[tuple[Customer, Any]]:
    """``(tenant, unit)`` for each recipient: tenants by occupancy, one row each."""
    if notice.audience == Audience.LIST:
        customers = Customer.objects.filter(site=notice.site, pk__in=notice.customer_ids)
        units = {
            o.customer_id: o.unit
            for o in UnitOccupancy.objects.filter(customer__in=customers)
            .select_related("unit")
            .order_by("-id")
        }
        return [(c, units.get(c.pk)) for c in customers.order_by("pk")]
    occupancies = UnitOccupancy.objects.filter(
        unit__site=notice.site, role=OccupancyRole.TENANT
    ).select_related("customer", "unit")
    if notice.audience == Audience.BUILDING:
        occupancies = occupancies.filter(unit__building=notice.building)
    seen: dict[int, tuple[Customer, Any]] = {}
    for occupancy in occupancies.order_by("unit__building", "unit__number", "id"):
        seen.setdefault(occupancy.customer_id, (occupancy.customer, occupancy.unit))
    return list(seen.values())


def variables_for(notice: Notice, customer: Customer, unit: Any, at: datetime) -> dict[str, str]:
    return {
        "tenant": customer.name,
        "company": customer.company or customer.name,
        "unit": str(unit) if unit else "",
        "building": unit.building if unit else "",
        "site": notice.site.name,
        "hotline": notice.site.hotline,
        "title": notice.title,
        "issued_on": rules.chinese_date(timezone.localtime(at)),
        "starts_on": rules.chinese_date(notice.starts_on),
        "ends_on": rules.chinese_date(notice.ends_on),
        "follow_up_due": rules.chinese_date(
            timezone.localtime(notice.follow_up_due) if notice.follow_up_due else None
        ),
    }


def notice_issue(*, actor: User | None, notice: Notice, now: datetime | None = None) -> Notice:
    """Send a sealed notice to its recipients (seed 000 L51; seed 002 L76).

    Only a sealed notice, only by a position the site allows (``notices.issue``,
    the 客服主任 or their deputy), a major notice only with a designated
    deliverer. Each tenant gets their own copy rendered from the template; a
    rectification letter gets its follow-up deadline on the working calendar
    first. Email/SMS/WeChat copies go through the notify outbox with the
    tenant's sign-off link; paper copies are printed as one batch PDF.
    """
    from kefu.notices.services.signoff import send_copy

    at = _now(now)
    grant = require(actor, notice.site, ISSUE, errors.NotAllowedToIssue, at)
    with transaction.atomic():
        locked = lock_notice(notice)
        if not rules.is_issuable(locked.status):
            raise errors.NotSealed()
        if rules.needs_deliverer(is_major=locked.is_major, deliverer_id=locked.deliverer_id):
            raise errors.DelivererRequired(
                fields={"deliverer": [str(errors.DelivererRequired.default_message)]}
            )
        pairs = audience_pairs(locked)
        if not pairs:
            raise errors.NoRecipients()
        before = snapshot(locked, [*STATE_FIELDS, "follow_up_due"])
        if locked.kind == NoticeKind.RECTIFICATION:
            days = settings_for(locked.site).rectification_working_days
            locked.follow_up_due = work_calendar_for(locked.site).add_working_days(at, days).at
        recipients = NoticeRecipient.objects.bulk_create(
            [
                NoticeRecipient(
                    notice=locked,
                    customer=customer,
                    unit=unit,
                    body=rules.template_render(
                        locked.body, variables_for(locked, customer, unit, at)
                    ),
                    token_nonce=secrets.token_hex(8),
                )
                for customer, unit in pairs
            ]
        )
        locked.status = NoticeStatus.SENT
        locked.issued_by = actor
        locked.issued_at = at
        locked.save(
            update_fields=["status", "issued_by", "issued_at", "follow_up_due", "updated_at"]
        )
        audit_record(
            actor=actor,
            action="notices.notice_issued",
            target=locked,
            site=locked.site,
            at=at,
            changes=diff(before, snapshot(locked, [*STATE_FIELDS, "follow_up_due"])),
            note=f"{len(recipients)}",
            on_behalf_of=grant.on_behalf_of if grant else None,
        )
        if locked.delivery != DeliveryMethod.PAPER:
            for recipient in NoticeRecipient.objects.filter(notice=locked).select_related(
                "customer"
            ):
                send_copy(recipient, purpose="issue", at=at)
        if locked.deliverer_id:
            from kefu.notify.services import notify

            notify(
                site=locked.site,
                users=[locked.deliverer],
                kind="notices.deliver",
                subject=locked.title,
                link=locked.get_absolute_url(),
                dedupe_key=f"notices.deliver.{locked.pk}",
                channels=("inapp",),
            )
    return locked
