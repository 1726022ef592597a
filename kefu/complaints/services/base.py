"""Plumbing shared by the complaint services: locking, rights, recusal, step records.

See the package docstring.
"""

import functools
import logging
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar

from django.utils import timezone

from kefu.complaints import rules
from kefu.complaints.errors import (
    BadAmount,
    FieldRequired,
    PolicyMissing,
    Recused,
    StepForbidden,
    StepOutOfOrder,
)
from kefu.complaints.models import (
    Complaint,
    ComplaintPolicy,
    ComplaintStep,
)
from kefu.core.errors import KefuError
from kefu.core.services import audit_record
from kefu.org.models import Position, Site, User
from kefu.org.selectors import (
    ActingPosition,
    capability_grant,
    position_recipient,
)

log = logging.getLogger("kefu.complaints.services")
OPINION_DECISION_FIELDS = ["status", "decided_by", "decided_at", "decision_note", "updated_at"]
F = TypeVar("F", bound=Callable[..., Any])


# --- plumbing ------------------------------------------------------------------


def refusals_logged(func: F) -> F:
    """Write a refused rule (a ``logged`` error) to the audit trail and the log.

    Runs outside the step's transaction, so the refusal stays recorded while
    the step itself changed nothing.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KefuError as exc:
            if getattr(exc, "logged", False):
                _refusal_record(func.__name__, exc, kwargs)
            raise

    return wrapper  # type: ignore[return-value]


def _refusal_record(name: str, exc: KefuError, kwargs: dict[str, Any]) -> None:
    actor = kwargs.get("actor")
    complaint = kwargs.get("complaint")
    site = complaint.site if complaint is not None else kwargs.get("site")
    target = complaint or site
    log.warning(
        "complaint step refused: %s by %s on %s: %s",
        name,
        getattr(actor, "pk", None),
        getattr(target, "pk", None),
        exc.code,
    )
    if target is None:
        return
    audit_record(
        actor=actor,
        action="complaints.refused",
        target=target,
        site=site,
        changes={"step": [None, name], "code": [None, exc.code]},
        note=str(exc.message),
    )


def policy_for(site: Site) -> ComplaintPolicy:
    policy = ComplaintPolicy.objects.filter(site=site).first()
    if policy is None:
        raise PolicyMissing()
    return policy


def _lock(complaint: Complaint) -> Complaint:
    return (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("ticket", "site", "ticket__category")
        .get(pk=complaint.pk)
    )


def _recusal(actor: User, complaint: Complaint) -> None:
    """seed 000 L551: the person complained about takes no part."""
    if complaint.complained_about_id and actor.pk == complaint.complained_about_id:
        raise Recused()


def _grant(
    actor: User, complaint: Complaint, step: str, at: datetime, policy: ComplaintPolicy
) -> ActingPosition:
    _recusal(actor, complaint)
    capability = policy.step_capabilities.get(step) or rules.DEFAULT_STEP_CAPABILITIES[step]
    grant = capability_grant(user=actor, site=complaint.site, capability=capability, at=at)
    if grant is None:
        raise StepForbidden()
    return grant


def _stage(complaint: Complaint, step: str) -> None:
    if not rules.step_allowed(step, complaint.stage):
        raise StepOutOfOrder()


def _begin(
    actor: User, complaint: Complaint, step: str, now: datetime | None
) -> tuple[Complaint, ComplaintPolicy, ActingPosition, datetime]:
    at = now or timezone.now()
    complaint = _lock(complaint)
    policy = policy_for(complaint.site)
    grant = _grant(actor, complaint, step, at, policy)
    _stage(complaint, step)
    return complaint, policy, grant, at


def _record(
    complaint: Complaint,
    step: str,
    *,
    actor: User | None,
    on_behalf_of: User | None,
    at: datetime,
    before_stage: str,
    note: str = "",
    data: dict[str, Any] | None = None,
    due_at: datetime | None = None,
) -> ComplaintStep:
    """Save the complaint's changed stage and write the step and its audit entry."""
    record = ComplaintStep.objects.create(
        complaint=complaint,
        step=step,
        actor=actor,
        on_behalf_of=on_behalf_of,
        at=at,
        due_at=due_at,
        note=note,
        data=data or {},
    )
    changes: dict[str, list[Any]] = {}
    if before_stage != complaint.stage:
        changes["stage"] = [before_stage, complaint.stage]
    for key, value in (data or {}).items():
        changes[key] = [None, value]
    audit_record(
        actor=actor,
        on_behalf_of=on_behalf_of,
        action=f"complaints.{step}",
        target=complaint,
        site=complaint.site,
        at=at,
        changes=changes,
        note=note,
    )
    return record


def _save(complaint: Complaint, *fields: str) -> None:
    complaint.save(update_fields=sorted({"stage", "updated_at", *fields}))


def _amount(value: Any, field: str) -> Decimal | None:
    try:
        return rules.parse_amount(value)
    except ValueError:
        raise BadAmount(fields={field: [str(BadAmount.default_message)]}) from None


def _required(**values: Any) -> None:
    missing = [k for k, v in values.items() if not (str(v).strip() if v is not None else "")]
    if missing:
        raise FieldRequired(fields={k: [str(FieldRequired.default_message)] for k in missing})


def _holders(site: Site, codes: list[str], at: datetime) -> list[User]:
    """Who receives work for the positions ``codes`` now (deputies for the absent)."""
    users = []
    for position in Position.objects.filter(site=site, code__in=codes).order_by("pk"):
        user, _holder = position_recipient(position=position, at=at)
        if user is not None:
            users.append(user)
    return users


def _cs_director(complaint: Complaint, at: datetime) -> list[User]:
    """The 客服主任 who registered the complaint (or whom the deputy stood in for)."""
    ticket = complaint.ticket
    return [ticket.received_for or ticket.received_by]


def _memo_category(complaint: Complaint, policy: ComplaintPolicy) -> bool:
    category = complaint.ticket.category
    return category is not None and category.code in policy.memo_categories
