"""Patrols (seed 004 L237–265, 五巡八检): a customer's site is patrolled every
N days (每五天巡视一次) against the site's checkpoints (一检 … 八检); the
customer signs at the checkpoints that ask for it; a finding raises a work
order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from kefu.core.services import audit_record
from kefu.customers.models import Customer
from kefu.field import policies, rules
from kefu.field.errors import FieldRequired, PatrolDone, PatrolIncomplete, SiteMismatch
from kefu.field.models import Checkpoint, Patrol, PatrolCheck, PatrolPlan, WorkOrder
from kefu.field.selectors import field_settings_for
from kefu.field.services.orders import _grant, order_create
from kefu.org.models import Site, User


@transaction.atomic
def patrol_plan_create(
    *,
    actor: User,
    site: Site,
    customer: Customer,
    address: str,
    starts_on: date,
    inspector: User | None = None,
    interval_days: int | None = None,
    now: datetime | None = None,
) -> PatrolPlan:
    """Patrol a customer's site every N days from ``starts_on`` (the site's
    interval: 5 days in the decoration preset, seed 004 L237)."""
    at = now or timezone.now()
    grant = _grant(actor, site, at, policies.PATROL, policies.DISPATCH)
    if customer.site_id != site.pk:
        raise SiteMismatch()
    address = (address or "").strip()
    if not address:
        raise FieldRequired(fields={"address": [str(FieldRequired.default_message)]})
    interval = interval_days or field_settings_for(site).patrol_interval_days
    plan = PatrolPlan.objects.create(
        site=site,
        customer=customer,
        address=address,
        interval_days=interval,
        starts_on=starts_on,
        next_due_on=starts_on,
        inspector=inspector,
    )
    audit_record(
        actor=actor,
        on_behalf_of=grant.on_behalf_of if grant else None,
        action="field.patrol_plan_created",
        target=plan,
        site=site,
        at=at,
        changes={"interval_days": [None, interval], "next_due_on": [None, str(starts_on)]},
    )
    return plan


@dataclass(frozen=True)
class CheckInput:
    checkpoint_id: int
    passed: bool
    finding: str = ""
    customer_signed_by: str = ""
    raise_order: bool = False


@transaction.atomic
def patrol_record(
    *,
    actor: User,
    plan: PatrolPlan,
    checks: list[CheckInput],
    now: datetime | None = None,
) -> Patrol:
    """Record the due patrol of ``plan``: every active checkpoint once, the
    customer's signature where the checkpoint asks (seed 004 L239, L243,
    L265). A failed check marked ``raise_order`` raises a repair order for the
    customer, awaiting approval. The next patrol is due N days later."""
    at = now or timezone.now()
    plan = PatrolPlan.objects.select_for_update().select_related("site", "customer").get(pk=plan.pk)
    grant = _grant(actor, plan.site, at, policies.PATROL, policies.DISPATCH)
    checkpoints = {c.pk: c for c in Checkpoint.objects.filter(site=plan.site, is_active=True)}
    given = {c.checkpoint_id: c for c in checks}
    missing_sig = rules.missing_signatures(
        (checkpoints[c].order, checkpoints[c].requires_signature, given[c].customer_signed_by)
        for c in given
        if c in checkpoints
    )
    if set(given) != set(checkpoints) or len(given) != len(checks) or missing_sig:
        raise PatrolIncomplete(fields={"checks": [str(PatrolIncomplete.default_message)]})
    if any(not c.passed and not c.finding.strip() for c in checks):
        raise PatrolIncomplete(fields={"finding": [str(PatrolIncomplete.default_message)]})
    today = timezone.localdate(at)
    try:
        with transaction.atomic():
            patrol = Patrol.objects.create(
                plan=plan,
                due_on=plan.next_due_on,
                done_at=at,
                done_by=actor,
                late=rules.patrol_late(plan.next_due_on, today),
            )
    except IntegrityError:
        raise PatrolDone() from None
    raised: list[WorkOrder] = []
    for checkpoint_id, check in sorted(given.items(), key=lambda kv: checkpoints[kv[0]].order):
        row = PatrolCheck(
            patrol=patrol,
            checkpoint=checkpoints[checkpoint_id],
            passed=check.passed,
            finding=check.finding.strip(),
            customer_signed_by=check.customer_signed_by.strip(),
        )
        if not check.passed and check.raise_order:
            row.work_order = order_create(
                actor=None,
                site=plan.site,
                kind="repair",
                customer=plan.customer,
                address=plan.address,
                contact_phone=plan.customer.phone or "-",
                problem=f"{checkpoints[checkpoint_id].name}: {row.finding}",
                now=at,
            )
            raised.append(row.work_order)
        row.save()
    due_before = plan.next_due_on
    plan.next_due_on = rules.next_patrol_due(plan.next_due_on, today, plan.interval_days)
    plan.save(update_fields=["next_due_on", "updated_at"])
    audit_record(
        actor=actor,
        on_behalf_of=grant.on_behalf_of if grant else None,
        action="field.patrol_recorded",
        target=plan,
        site=plan.site,
        at=at,
        changes={
            "next_due_on": [str(due_before), str(plan.next_due_on)],
            "work_orders": [None, [o.number for o in raised]] if raised else [None, []],
        },
        note="late" if patrol.late else "",
    )
    return patrol
