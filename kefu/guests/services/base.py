"""Plumbing shared by the guest services: locks, rights, refusals, notices."""

import functools
import logging
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, TypeVar

from django.db import transaction
from django.utils import timezone

from kefu.core.errors import KefuError
from kefu.core.services import audit_record
from kefu.guests.errors import NotReceptionist, PolicyMissing
from kefu.guests.models import GuestPolicy, GuestVisit, UrgingItem
from kefu.notify.services import notify
from kefu.org.models import Department, Position, Site, User
from kefu.org.selectors import capability_grant, position_recipient

log = logging.getLogger("kefu.guests.services")
F = TypeVar("F", bound=Callable[..., Any])


def refusals_logged(func: F) -> F:
    """Write a refused rule (a ``logged`` error) to the audit trail after the rollback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KefuError as exc:
            target = kwargs.get("visit")
            if getattr(exc, "logged", False) and target is not None:
                log.warning("guest step refused: %s on %s: %s", func.__name__, target.pk, exc.code)
                audit_record(
                    actor=kwargs.get("actor"),
                    action="guests.refused",
                    target=target,
                    site=target.site,
                    changes={"step": [None, func.__name__], "code": [None, exc.code]},
                    note=str(exc.message),
                )
            raise

    return wrapper  # type: ignore[return-value]


def policy_for(site: Site) -> GuestPolicy:
    policy = GuestPolicy.objects.filter(site=site).first()
    if policy is None:
        raise PolicyMissing()
    return policy


def require(actor: User, site: Site, capability: str, at: datetime) -> None:
    if capability_grant(user=actor, site=site, capability=capability, at=at) is None:
        raise NotReceptionist()


def lock_visit(visit: GuestVisit) -> GuestVisit:
    return (
        GuestVisit.objects.select_for_update(of=("self",)).select_related("site").get(pk=visit.pk)
    )


def lock_urging(item: UrgingItem) -> UrgingItem:
    return (
        UrgingItem.objects.select_for_update(of=("self",))
        .select_related("site", "department")
        .get(pk=item.pk)
    )


def now_or(now: datetime | None) -> datetime:
    return now or timezone.now()


def holders(positions: Iterable[Position], at: datetime) -> list[User]:
    """Who receives work for ``positions`` now (deputies for the absent)."""
    users = []
    for position in positions:
        user, _holder = position_recipient(position=position, at=at)
        if user is not None:
            users.append(user)
    return users


def department_people(department: Department, at: datetime) -> list[User]:
    return holders(Position.objects.filter(department=department).order_by("pk"), at)


def position_people(site: Site, code: str, at: datetime) -> list[User]:
    if not code:
        return []
    return holders(Position.objects.filter(site=site, code=code).order_by("pk"), at)


def notify_after_commit(*, site: Site, users: list[User], **kwargs: Any) -> None:
    """Queue a notice for after the action's commit (the one notification path)."""
    if users:
        transaction.on_commit(lambda: notify(site=site, users=users, **kwargs))
