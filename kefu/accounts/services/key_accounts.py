"""Key accounts (大客户): plans, notes, monthly reviews (seed 000 篇十一, L567–581)."""

from __future__ import annotations

from datetime import date, datetime

from django.db import IntegrityError, transaction

from kefu.accounts import rules
from kefu.accounts import selectors as sel
from kefu.accounts.errors import (
    AmountInvalid,
    CannotManageKeyAccount,
    PlanPeriodInvalid,
    ReviewExists,
)
from kefu.accounts.models import (
    AccountNote,
    AccountReview,
    BusinessAccount,
    NoteKind,
    PlanPeriod,
    SalesPlan,
)
from kefu.core.services import audit_record
from kefu.org.models import User


def _require_manager(actor: User, account: BusinessAccount) -> None:
    if actor.pk != account.key_account_manager_id and not sel.may(
        actor, account.site, "accounts.credit"
    ):
        raise CannotManageKeyAccount()


def sales_plan_set(
    *,
    actor: User,
    account: BusinessAccount,
    period: str,
    starts_on: date,
    target_fen: int,
    note: str = "",
) -> SalesPlan:
    """Set (or replace) the annual, quarterly or monthly plan of a key account (L581)."""
    _require_manager(actor, account)
    if period not in PlanPeriod.values or not rules.period_start_valid(period, starts_on):
        raise PlanPeriodInvalid(fields={"starts_on": [starts_on.isoformat()]})
    if not isinstance(target_fen, int) or target_fen < 0:
        raise AmountInvalid(fields={"target_fen": [str(target_fen)]})
    with transaction.atomic():
        plan, created = SalesPlan.objects.select_for_update().get_or_create(
            account=account,
            period=period,
            starts_on=starts_on,
            defaults={"target_fen": target_fen, "note": note, "set_by": actor},
        )
        before = None if created else plan.target_fen
        if not created:
            plan.target_fen, plan.note, plan.set_by = target_fen, note, actor
            plan.save(update_fields=["target_fen", "note", "set_by", "updated_at"])
        audit_record(
            actor=actor,
            action="accounts.plan_set",
            target=plan,
            site=account.site,
            changes={"target_fen": [before, target_fen]},
        )
    return plan


def account_note_add(
    *, actor: User, account: BusinessAccount, kind: str, body: str, now: datetime
) -> AccountNote:
    """An order, follow-up, logistics or technical-support note on the account (L571–577)."""
    _require_manager(actor, account)
    if kind not in NoteKind.values or not body.strip():
        raise AmountInvalid(code="invalid", fields={"body": [""]})
    with transaction.atomic():
        note = AccountNote.objects.create(
            account=account, kind=kind, body=body.strip(), at=now, author=actor
        )
        audit_record(actor=actor, action="accounts.note_added", target=note, site=account.site)
    return note


def account_review_record(
    *,
    actor: User,
    account: BusinessAccount,
    month: date,
    summary: str,
    next_steps: str = "",
) -> AccountReview:
    """The monthly review: the month's plan and actual and the open requests are frozen
    on the review with the manager's summary; one review per month."""
    _require_manager(actor, account)
    if not summary.strip():
        raise AmountInvalid(code="invalid", fields={"summary": [""]})
    month = month.replace(day=1)
    figures = sel.key_account_month(account, month=month, viewer=actor)
    try:
        with transaction.atomic():
            review = AccountReview.objects.create(
                account=account,
                month=month,
                target_fen=figures["target_fen"],
                actual_fen=figures["actual_fen"],
                open_requests=figures["open_requests"],
                summary=summary.strip(),
                next_steps=next_steps.strip(),
                reviewed_by=actor,
            )
            audit_record(
                actor=actor, action="accounts.review_recorded", target=review, site=account.site
            )
    except IntegrityError as exc:
        raise ReviewExists() from exc
    return review
