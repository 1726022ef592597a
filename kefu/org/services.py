"""Writes of the org app: absences with deputies, API tokens.

Sites, departments and positions are configuration and are edited in the admin.
"""

import hashlib
import secrets
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from kefu.core.services import audit_record
from kefu.org.errors import (
    AbsenceOverlaps,
    AbsencePeriodInvalid,
    CannotManageAbsence,
    InvalidDeputy,
    NotPositionHolder,
)
from kefu.org.models import Absence, ApiToken, Capability, Position, PositionAssignment, User
from kefu.org.selectors import capability_grant, user_site_ids


@transaction.atomic
def absence_declare(
    *,
    actor: User,
    holder: User,
    position: Position,
    deputy: User,
    starts_at: datetime,
    ends_at: datetime,
    reason: str = "",
) -> Absence:
    """Mark ``holder`` absent from ``position`` and name ``deputy`` (seed 002 L40).

    While the absence runs, work routed to the position goes to the deputy and
    records show it was done on the holder's behalf.
    """
    if ends_at <= starts_at:
        raise AbsencePeriodInvalid()
    if not PositionAssignment.objects.filter(user=holder, position=position).exists():
        raise NotPositionHolder()
    if actor != holder and not capability_grant(
        user=actor, site=position.site, capability=Capability.MANAGE, at=timezone.now()
    ):
        raise CannotManageAbsence()
    if deputy == holder or position.site_id not in user_site_ids(deputy) or not deputy.is_active:
        raise InvalidDeputy()
    # Lock the holder's absences for this position so two overlapping
    # declarations cannot both pass the overlap check.
    list(
        Absence.objects.select_for_update()
        .filter(holder=holder, position=position)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    overlapping = Absence.objects.filter(
        holder=holder,
        position=position,
        cancelled_at__isnull=True,
        starts_at__lt=ends_at,
        ends_at__gt=starts_at,
    )
    if overlapping.exists():
        raise AbsenceOverlaps()
    absence = Absence.objects.create(
        holder=holder,
        position=position,
        deputy=deputy,
        starts_at=starts_at,
        ends_at=ends_at,
        reason=reason,
    )
    audit_record(
        actor=actor,
        action="org.absence_declared",
        target=absence,
        site=position.site,
        changes={
            "deputy": [None, deputy.pk],
            "starts_at": [None, starts_at.isoformat()],
            "ends_at": [None, ends_at.isoformat()],
        },
        note=reason,
    )
    return absence


@transaction.atomic
def absence_cancel(*, actor: User, absence: Absence) -> Absence:
    """End an absence early; work goes back to the holder from now on."""
    absence = Absence.objects.select_for_update().get(pk=absence.pk)
    if actor != absence.holder and not capability_grant(
        user=actor, site=absence.position.site, capability=Capability.MANAGE, at=timezone.now()
    ):
        raise CannotManageAbsence()
    if absence.cancelled_at is None:
        absence.cancelled_at = timezone.now()
        absence.save(update_fields=["cancelled_at", "updated_at"])
        audit_record(
            actor=actor,
            action="org.absence_cancelled",
            target=absence,
            site=absence.position.site,
            changes={"cancelled_at": [None, absence.cancelled_at.isoformat()]},
        )
    return absence


def token_digest(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, actor: User, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a bearer token for ``user``; the raw key is returned once, never stored."""
    raw_key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=raw_key[:8], digest=token_digest(raw_key)
    )
    audit_record(actor=actor, action="org.api_token_created", target=token)
    return token, raw_key


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Revoke a token: requests bearing its key are refused from now on."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        audit_record(
            actor=actor,
            action="org.api_token_revoked",
            target=token,
            changes={"revoked_at": [None, token.revoked_at.isoformat()]},
        )
    return token


def position_capabilities_grant(*, site: Any, capabilities: dict[str, tuple[str, ...]]) -> None:
    """Give the site's positions (by code) the capabilities they lack; held ones are kept.

    Used by the app presets (reception, procedures) inside their own transaction;
    missing positions are skipped (a site may not have them).
    """
    for code, wanted in capabilities.items():
        position = Position.objects.select_for_update().filter(site=site, code=code).first()
        if position is None:
            continue
        held = list(position.capabilities or [])
        missing = [c for c in wanted if c not in held]
        if missing:
            position.capabilities = held + missing
            position.save(update_fields=["capabilities", "updated_at"])
