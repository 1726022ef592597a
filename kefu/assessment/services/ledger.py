"""Writes to the penalty ledger: the one place where anyone is fined or docked.

``ledger_entry_record`` is the only way an entry is made. Complaints, sales,
customer files, field service, notices and credit call it with a registered
rule code (``kefu.assessment.policies``) and the source record; the ledger
computes the amount, applies doubling (seed 000 L193) and audits the entry.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from kefu.assessment.errors import LedgerRuleUnknown
from kefu.assessment.models import LedgerEntry, LedgerStatus
from kefu.assessment.policies import ledger_rule
from kefu.assessment.rules import charged_fen, month_start
from kefu.core.services import audit_record


def _home_department(person: Any, site: Any) -> Any:
    """The department of the person's first post at the site (for the monthly
    statement per department) when the caller names none."""
    from kefu.org.models import PositionAssignment

    assignment = (
        PositionAssignment.objects.filter(
            user=person, position__site=site, position__department__isnull=False
        )
        .select_related("position__department")
        .order_by("position_id")
        .first()
    )
    return assignment.position.department if assignment else None


def ledger_entry_record(
    *,
    actor: Any,
    site: Any,
    person: Any,
    rule: str,
    occurred_at: datetime,
    source: models.Model | None = None,
    reason: str = "",
    amount_fen: int | None = None,
    points: Decimal | None = None,
    pay_basis: str = "",
    pay_share: Decimal | None = None,
    dismissal_recommended: bool = False,
    status: str = LedgerStatus.PROPOSED,
    approved_by: Any = None,
    proposed_by: Any = None,
    department: Any = None,
    dedupe_key: str = "",
) -> LedgerEntry:
    """Record one penalty for ``person`` under ``rule`` and return the entry.

    The month is the local month of ``occurred_at``. The person's row is
    locked so two recordings at once count occurrences correctly; the entry's
    ``occurrence`` is its place among the person's non-waived entries of the
    rule's repeat group that month, and the rule's repeat policy turns it into
    a multiplier (seed 000 L193: 2nd / 3rd and later doubled). With a
    ``dedupe_key`` a second call returns the first entry unchanged.
    ``proposed_by`` defaults to the actor (an approved opinion was proposed by
    its author and is recorded by the approver); an entry recorded already
    approved is approved at ``occurred_at``.
    """
    spec = ledger_rule(rule)
    if spec is None:
        raise LedgerRuleUnknown()
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=person.pk).first()
        if dedupe_key:
            existing = LedgerEntry.objects.filter(site=site, dedupe_key=dedupe_key).first()
            if existing is not None:
                return existing
        month = month_start(timezone.localtime(occurred_at).date())
        prior = (
            LedgerEntry.objects.filter(
                site=site, person=person, month=month, repeat_group=spec.repeat_group
            )
            .exclude(status=LedgerStatus.WAIVED)
            .count()
        )
        occurrence = prior + 1
        multiplier = spec.repeat.multiplier(occurrence)
        base_fen = amount_fen if amount_fen is not None else (spec.amount_fen or 0)
        base_points = points if points is not None else (spec.points or Decimal(0))
        entry = LedgerEntry.objects.create(
            site=site,
            person=person,
            department=department or _home_department(person, site),
            month=month,
            occurred_at=occurred_at,
            rule=spec.code,
            repeat_group=spec.repeat_group,
            kind=spec.kind,
            amount_fen=charged_fen(base_fen, multiplier),
            points=base_points * multiplier,
            pay_basis=pay_basis,
            pay_share=pay_share,
            occurrence=occurrence,
            multiplier=multiplier,
            dismissal_recommended=dismissal_recommended,
            reason=reason,
            source_type=(
                ContentType.objects.get_for_model(source, for_concrete_model=True)
                if source is not None
                else None
            ),
            source_id=source.pk if source is not None else None,
            dedupe_key=dedupe_key,
            status=status,
            proposed_by=proposed_by or (actor if getattr(actor, "pk", None) else None),
            approved_by=approved_by,
            approved_at=occurred_at if approved_by is not None else None,
        )
        audit_record(
            actor=actor,
            action="assessment.ledger_entry_recorded",
            target=entry,
            site=site,
            changes={
                "rule": [None, spec.code],
                "amount_fen": [None, entry.amount_fen],
                "points": [None, str(entry.points)],
                "multiplier": [None, multiplier],
                "status": [None, status],
            },
            note=reason,
        )
    return entry
