"""The ledger's approval and appeal workflow.

An entry is proposed (by the app that recorded it), approved by someone who
holds ``assessment.approve`` at the site, and may be appealed once by the
person charged, with a reason. The appeal is decided by an approver with a
written decision: upheld (the entry stands, approved) or granted (waived). A
waived entry no longer counts toward the month's doubling (``ledger.py``) or a
scorecard's ``ledger`` measure. Every step is audited.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from kefu.assessment.errors import (
    AssessmentNotAllowed,
    LedgerAppealNotPending,
    LedgerNotAppealable,
    LedgerNotProposed,
    LedgerNotYours,
    ReasonRequired,
)
from kefu.assessment.models import LedgerEntry, LedgerStatus
from kefu.core.services import audit_record
from kefu.org.selectors import capability_grant

APPROVE = "assessment.approve"


def _lock(entry: LedgerEntry) -> LedgerEntry:
    return LedgerEntry.objects.select_for_update(of=("self",)).get(pk=entry.pk)


def _approver(actor: Any, entry: LedgerEntry, at: datetime) -> None:
    if capability_grant(user=actor, site=entry.site, capability=APPROVE, at=at) is None:
        raise AssessmentNotAllowed()


def _text(value: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ReasonRequired(fields={field: [str(ReasonRequired.default_message)]})
    return value


def _audit(actor, entry, action, before, at, note="") -> None:
    audit_record(
        actor=actor,
        action=action,
        target=entry,
        site=entry.site,
        at=at,
        note=note,
        changes={"status": [before, entry.status]},
    )


@transaction.atomic
def ledger_entry_approve(
    *, actor: Any, entry: LedgerEntry, now: datetime | None = None
) -> LedgerEntry:
    """Approve a proposed entry (the proposer → approver step, e.g. seed 002 L86)."""
    at = now or timezone.now()
    entry = _lock(entry)
    _approver(actor, entry, at)
    if entry.status != LedgerStatus.PROPOSED:
        raise LedgerNotProposed()
    entry.status, entry.approved_by, entry.approved_at = LedgerStatus.APPROVED, actor, at
    entry.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    _audit(actor, entry, "assessment.ledger_entry_approved", LedgerStatus.PROPOSED, at)
    return entry


@transaction.atomic
def ledger_entry_appeal(
    *, actor: Any, entry: LedgerEntry, reason: str, now: datetime | None = None
) -> LedgerEntry:
    """The person charged appeals (申诉) a proposed or approved entry, once, with a reason."""
    at = now or timezone.now()
    entry = _lock(entry)
    if entry.person_id != getattr(actor, "pk", None):
        raise LedgerNotYours()
    if entry.status not in (LedgerStatus.PROPOSED, LedgerStatus.APPROVED) or entry.appealed_at:
        raise LedgerNotAppealable()
    before = entry.status
    entry.appeal_reason = _text(reason, "reason")
    entry.status, entry.appealed_at = LedgerStatus.APPEALED, at
    entry.save(update_fields=["status", "appeal_reason", "appealed_at", "updated_at"])
    _audit(actor, entry, "assessment.ledger_entry_appealed", before, at, entry.appeal_reason)
    return entry


@transaction.atomic
def ledger_appeal_decide(
    *,
    actor: Any,
    entry: LedgerEntry,
    grant: bool,
    decision: str,
    now: datetime | None = None,
) -> LedgerEntry:
    """Decide an appeal: ``grant`` waives the entry, otherwise it stands approved."""
    at = now or timezone.now()
    entry = _lock(entry)
    _approver(actor, entry, at)
    if entry.status != LedgerStatus.APPEALED:
        raise LedgerAppealNotPending()
    entry.appeal_decision = _text(decision, "decision")
    entry.status = LedgerStatus.WAIVED if grant else LedgerStatus.APPROVED
    entry.appeal_decided_by, entry.appeal_decided_at = actor, at
    fields = ["status", "appeal_decision", "appeal_decided_by", "appeal_decided_at", "updated_at"]
    if not grant and entry.approved_by_id is None:
        entry.approved_by, entry.approved_at = actor, at
        fields += ["approved_by", "approved_at"]
    entry.save(update_fields=fields)
    _audit(
        actor, entry, "assessment.ledger_appeal_decided", LedgerStatus.APPEALED, at,
        entry.appeal_decision,
    )  # fmt: skip
    return entry
