"""Credit: accounts, recorded shipments and payments, the shipment check, recovery.

seed 000 [CRD] L273–315. Every shipment check and sign-off locks the
account's row first, so two requests at once see each other's shipment and
cannot together exceed the limit.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction

from kefu.accounts import rules
from kefu.accounts import selectors as sel
from kefu.accounts.errors import (
    AccountCodeTaken,
    AmountInvalid,
    CannotApprovePastTerm,
    CannotManageCredit,
    CannotRunRecovery,
    CannotSignOverLimit,
    EntryDuplicate,
    MonthNotOver,
    OverLimitExhausted,
    OverThird,
    RecoveryPlanRequired,
    ShipmentNotRefused,
    WrongRefusal,
)
from kefu.accounts.models import (
    BusinessAccount,
    ContractKind,
    CreditEntry,
    EntryKind,
    EntrySource,
    ShipmentRefusal,
    ShipmentRequest,
    ShipmentStatus,
)
from kefu.accounts.policies import UNAPPROVED_RULE, UNRECOVERED_RULE
from kefu.core.services import audit_record
from kefu.org.models import Site, User

CREDIT = "accounts.credit"
SHIP = "accounts.ship"
SIGN = "accounts.sign_over_limit"
PAST_TERM = "accounts.approve_past_term"


def _require(actor: User, site: Site, capability: str, error: type) -> None:
    if not sel.may(actor, site, capability):
        raise error()


def lock_account(account: BusinessAccount) -> BusinessAccount:
    """The account's row, locked (``select_for_update``) for the rest of the transaction."""
    return BusinessAccount.objects.select_for_update().get(pk=account.pk)


ACCOUNT_FIELDS = (
    "customer_file",
    "id_copy_on_file",
    "contract_kind",
    "contract_signed_on",
    "settlement_agreement",
    "key_account_manager",
    "is_key_account",
)


def account_open(
    *, actor: User, site: Site, customer: Any, code: str, **fields: Any
) -> BusinessAccount:
    """Open a business account for ``customer`` (its credit data in ``fields``)."""
    _require(actor, site, CREDIT, CannotManageCredit)
    unknown = set(fields) - set(ACCOUNT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {unknown}")
    if fields.get("contract_kind") is None:
        fields["contract_kind"] = ContractKind.NONE
    try:
        with transaction.atomic():
            account = BusinessAccount.objects.create(
                site=site, customer=customer, code=code, **fields
            )
            audit_record(
                actor=actor,
                action="accounts.account_opened",
                target=account,
                site=site,
                changes={"code": [None, code]},
            )
    except IntegrityError as exc:
        raise AccountCodeTaken() from exc
    return account


def account_update(*, actor: User, account: BusinessAccount, **fields: Any) -> BusinessAccount:
    """Record the account's eligibility data: file, ID copy, contract (seed 000 L275–277)."""
    _require(actor, account.site, CREDIT, CannotManageCredit)
    unknown = set(fields) - set(ACCOUNT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {unknown}")
    with transaction.atomic():
        locked = lock_account(account)
        changes = {}
        for name, value in fields.items():
            before = getattr(locked, name)
            if before != value:
                setattr(locked, name, value)
                changes[name] = [_plain(before), _plain(value)]
        if changes:
            locked.save(update_fields=[*changes, "updated_at"])
            audit_record(
                actor=actor,
                action="accounts.account_updated",
                target=locked,
                site=locked.site,
                changes=changes,
            )
    return locked


def _plain(value: Any) -> Any:
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, date):
        return value.isoformat()
    return value


def _check_entry(kind: str, amount_fen: int) -> None:
    if kind not in EntryKind.values:
        raise AmountInvalid(code="invalid", fields={"kind": [str(kind)]})
    if not isinstance(amount_fen, int) or amount_fen <= 0:
        raise AmountInvalid(fields={"amount": [str(amount_fen)]})


def _create_entry(
    *,
    actor: User,
    account: BusinessAccount,
    kind: str,
    occurred_on: date,
    amount_fen: int,
    reference: str,
    source: str,
) -> CreditEntry:
    """Create one entry under the caller's lock; a direct shipment is checked (L307)."""
    unapproved = False
    if kind == EntryKind.SHIPMENT:
        moves = sel.movements(account)
        status = sel.credit_status(account, today=occurred_on, moves=moves)
        limit = status.limit_fen if status.eligibility.eligible else 0
        unapproved = status.balance_fen + amount_fen > limit
    if (
        reference
        and CreditEntry.objects.filter(account=account, kind=kind, reference=reference).exists()
    ):
        raise EntryDuplicate(fields={"reference": [reference]})
    entry = CreditEntry.objects.create(
        account=account,
        kind=kind,
        occurred_on=occurred_on,
        amount_fen=amount_fen,
        reference=reference,
        source=source,
        unapproved_over_limit=unapproved,
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action="accounts.entry_recorded",
        target=entry,
        site=account.site,
        changes={
            "kind": [None, kind],
            "amount_fen": [None, amount_fen],
            "occurred_on": [None, occurred_on.isoformat()],
            "unapproved_over_limit": [None, unapproved],
        },
    )
    return entry


def credit_entry_record(
    *,
    actor: User,
    account: BusinessAccount,
    kind: str,
    occurred_on: date,
    amount_fen: int,
    reference: str = "",
) -> CreditEntry:
    """Record a shipment or a payment from the finance system (kefu keeps no books).

    A shipment recorded here did not pass the shipment check: if it took the
    account over its limit without prepayment (a manual invoice, or goods out
    with no invoice) it is flagged ``unapproved_over_limit`` (seed 000 L307).
    """
    _require(actor, account.site, CREDIT, CannotManageCredit)
    _check_entry(kind, amount_fen)
    try:
        with transaction.atomic():
            locked = lock_account(account)
            return _create_entry(
                actor=actor,
                account=locked,
                kind=kind,
                occurred_on=occurred_on,
                amount_fen=amount_fen,
                reference=reference.strip(),
                source=EntrySource.MANUAL,
            )
    except IntegrityError as exc:
        raise EntryDuplicate() from exc


def credit_entries_import(*, actor: User, site: Site, rows: list[dict[str, Any]]) -> dict[str, int]:
    """Import parsed rows of the finance workbook (``imports.read_workbook``), all or nothing.

    A row whose reference is already recorded for the account is skipped, so
    importing the same workbook twice records each entry once.
    """
    _require(actor, site, CREDIT, CannotManageCredit)
    accounts = {a.code: a for a in BusinessAccount.objects.filter(site=site)}
    errors: dict[str, list[str]] = {}
    for i, row in enumerate(rows, start=2):
        if row["account"] not in accounts:
            errors.setdefault(f"row {i}", []).append(f"account {row['account']}")
        try:
            _check_entry(row["kind"], row["amount_fen"])
        except AmountInvalid:
            errors.setdefault(f"row {i}", []).append("amount/kind")
    if errors:
        from kefu.accounts.errors import ImportInvalid

        raise ImportInvalid(fields=errors)
    created = skipped = 0
    with transaction.atomic():
        for pk in sorted({accounts[r["account"]].pk for r in rows}):
            BusinessAccount.objects.select_for_update().get(pk=pk)
        for row in sorted(rows, key=lambda r: (r["occurred_on"], r["kind"] != "payment")):
            account = accounts[row["account"]]
            ref = row.get("reference", "")
            if (
                ref
                and CreditEntry.objects.filter(
                    account=account, kind=row["kind"], reference=ref
                ).exists()
            ):
                skipped += 1
                continue
            _create_entry(
                actor=actor,
                account=account,
                kind=row["kind"],
                occurred_on=row["occurred_on"],
                amount_fen=row["amount_fen"],
                reference=ref,
                source=EntrySource.IMPORT,
            )
            created += 1
    return {"created": created, "skipped": skipped}


def _decide(
    locked: BusinessAccount,
    shipment_amount: int,
    invoice_date: date,
    *,
    prepaid_fen: int = 0,
    signed: bool = False,
    past_term_approved: bool = False,
) -> tuple[rules.Decision, sel.CreditStatus]:
    status = sel.credit_status(locked, today=invoice_date)
    decision = rules.check_shipment(
        rules.CheckInput(
            amount_fen=shipment_amount,
            limit_fen=status.limit_fen,
            balance_fen=status.balance_fen,
            eligible=status.eligibility.eligible,
            past_term=status.past_term,
            prepaid_fen=prepaid_fen,
            open_over_limit=status.open_over_limit,
            signed=signed,
            past_term_approved=past_term_approved,
            fraction=status.policy.fraction,
        )
    )
    return decision, status


def _ship(*, actor: User, shipment: ShipmentRequest, way: str, now: datetime) -> None:
    CreditEntry.objects.create(
        account=shipment.account,
        kind=EntryKind.SHIPMENT,
        occurred_on=shipment.invoice_date,
        amount_fen=shipment.amount_fen,
        source=EntrySource.REQUEST,
        shipment=shipment,
        way=way,
        recorded_by=actor,
    )


def shipment_request(
    *,
    actor: User,
    account: BusinessAccount,
    amount_fen: int,
    invoice_date: date,
    now: datetime,
    prepaid_fen: int = 0,
    recovery_plan: str = "",
    reference: str = "",
) -> ShipmentRequest:
    """Check an invoice/shipment request against the credit at request time (L285–301).

    Allowed → the shipment is recorded as an entry at once (so the next check
    sees it); refused → the request is kept with the reason, for the 区域经理's
    sign-off (over the limit) or the sales department's approval (past the term).
    A prepayment is recorded as a payment first; shipping against payment needs
    the recovery plan (L287, L301).
    """
    _require(actor, account.site, SHIP, CannotManageCredit)
    if not isinstance(amount_fen, int) or amount_fen <= 0 or prepaid_fen < 0:
        raise AmountInvalid(fields={"amount": [str(amount_fen)]})
    with transaction.atomic():
        locked = lock_account(account)
        decision, status = _decide(locked, amount_fen, invoice_date, prepaid_fen=prepaid_fen)
        if decision.way in (rules.PREPAID, rules.CASH) and not recovery_plan.strip():
            raise RecoveryPlanRequired(fields={"recovery_plan": [""]})
        if prepaid_fen:
            _create_entry(
                actor=actor,
                account=locked,
                kind=EntryKind.PAYMENT,
                occurred_on=invoice_date,
                amount_fen=prepaid_fen,
                reference="",
                source=EntrySource.REQUEST,
            )
        shipment = ShipmentRequest.objects.create(
            site=locked.site,
            account=locked,
            amount_fen=amount_fen,
            invoice_date=invoice_date,
            reference=reference.strip(),
            requested_by=actor,
            requested_at=now,
            status=ShipmentStatus.ALLOWED if decision.allowed else ShipmentStatus.REFUSED,
            way=decision.way,
            refusal=decision.refusal,
            limit_fen=status.limit_fen,
            balance_fen=status.balance_fen,
            prepaid_fen=prepaid_fen,
            recovery_plan=recovery_plan.strip(),
            decided_at=now if decision.allowed else None,
        )
        if decision.allowed:
            _ship(actor=actor, shipment=shipment, way=decision.way, now=now)
        elif decision.refusal in APPROVER_OF:
            transaction.on_commit(lambda: _notify_approvers(shipment))
        audit_record(
            actor=actor,
            action="accounts.shipment_checked",
            target=shipment,
            site=locked.site,
            at=now,
            changes={
                "status": [None, shipment.status],
                "way": [None, decision.way],
                "refusal": [None, decision.refusal],
                "amount_fen": [None, amount_fen],
                "limit_fen": [None, status.limit_fen],
                "balance_fen": [None, status.balance_fen],
            },
        )
    return shipment


#: Who can let a refused request go out, by refusal: the 区域经理 (L297), the sales dept (L289).
APPROVER_OF = {rules.OVER_LIMIT: SIGN, rules.PAST_TERM_REFUSED: PAST_TERM}


def _notify_approvers(shipment: ShipmentRequest) -> None:
    """Tell the holders of the approving post that a refused shipment waits for them."""
    from django.utils.translation import gettext as _

    from kefu.notify.services import notify
    from kefu.org.models import Position
    from kefu.org.selectors import position_recipient

    capability = APPROVER_OF[shipment.refusal]
    users = [
        position_recipient(position=p, at=shipment.requested_at)[0]
        for p in Position.objects.filter(site=shipment.site)
        if capability in (p.capabilities or [])
    ]
    notify(
        site=shipment.site,
        users=[u for u in users if u is not None],
        kind="accounts.shipment_refused",
        subject=_("Shipment refused: %(account)s %(amount).2f")
        % {"account": shipment.account.code, "amount": shipment.amount_fen / 100},
        body=shipment.get_refusal_display(),
        link=f"/business/{shipment.account_id}/",
        dedupe_key=f"accounts.shipment_refused:{shipment.pk}",
    )


def _lock_refused(shipment: ShipmentRequest) -> tuple[BusinessAccount, ShipmentRequest]:
    account = lock_account(shipment.account)
    locked = ShipmentRequest.objects.select_for_update().get(pk=shipment.pk)
    if locked.status != ShipmentStatus.REFUSED:
        raise ShipmentNotRefused()
    return account, locked


def _allow(
    *,
    actor: User,
    account: BusinessAccount,
    shipment: ShipmentRequest,
    decision: rules.Decision,
    status: sel.CreditStatus,
    action: str,
    now: datetime,
) -> ShipmentRequest:
    """Let a refused request go out on ``actor``'s signature: record the shipment, audit."""
    shipment.status = ShipmentStatus.ALLOWED
    shipment.way = decision.way
    shipment.limit_fen = status.limit_fen
    shipment.balance_fen = status.balance_fen
    shipment.signer, shipment.signed_at, shipment.decided_at = actor, now, now
    shipment.save(
        update_fields=[
            "status",
            "way",
            "limit_fen",
            "balance_fen",
            "decided_at",
            "signer",
            "signed_at",
            "updated_at",
        ]
    )
    shipment.account = account
    _ship(actor=actor, shipment=shipment, way=decision.way, now=now)
    audit_record(
        actor=actor,
        action=action,
        target=shipment,
        site=shipment.site,
        at=now,
        changes={"status": ["refused", "allowed"], "way": [None, decision.way]},
    )
    return shipment


def shipment_sign_over_limit(
    *, actor: User, shipment: ShipmentRequest, now: datetime
) -> ShipmentRequest:
    """The 区域经理 signs off a refused over-limit shipment (seed 000 L297–299).

    Re-checked under the account's lock: the first and then the last unpaid
    over-limit shipment are possible, each strictly below 1/3 of the limit.
    The signer answers for it at month end (L313).
    """
    _require(actor, shipment.site, SIGN, CannotSignOverLimit)
    with transaction.atomic():
        account, locked = _lock_refused(shipment)
        if locked.refusal not in (ShipmentRefusal.OVER_LIMIT, ShipmentRefusal.OVER_THIRD):
            raise WrongRefusal()
        decision, status = _decide(account, locked.amount_fen, locked.invoice_date, signed=True)
        if decision.refusal == rules.OVER_THIRD:
            raise OverThird(fields={"amount": [f"{locked.amount_fen} ≥ {status.limit_fen} / 3"]})
        if decision.refusal == rules.OVER_LIMIT_EXHAUSTED:
            raise OverLimitExhausted()
        if not decision.allowed:
            raise WrongRefusal()
        return _allow(
            actor=actor,
            account=account,
            shipment=locked,
            decision=decision,
            status=status,
            action="accounts.shipment_signed",
            now=now,
        )


def shipment_approve_past_term(
    *, actor: User, shipment: ShipmentRequest, now: datetime
) -> ShipmentRequest:
    """The sales department approves credit past the 30-day term, case by case (L289)."""
    _require(actor, shipment.site, PAST_TERM, CannotApprovePastTerm)
    with transaction.atomic():
        account, locked = _lock_refused(shipment)
        if locked.refusal != ShipmentRefusal.PAST_TERM:
            raise WrongRefusal()
        decision, status = _decide(
            account, locked.amount_fen, locked.invoice_date, past_term_approved=True
        )
        if not decision.allowed:
            raise WrongRefusal()
        return _allow(
            actor=actor,
            account=account,
            shipment=locked,
            decision=decision,
            status=status,
            action="accounts.shipment_past_term_approved",
            now=now,
        )


def recovery_run(*, actor: Any, site: Site, month: date, now: datetime) -> list[Any]:
    """Month-end recovery of over-limit shipments into the one penalty ledger.

    - a signed over-limit shipment of the policy's ways (the last one, L299/L313)
      not paid by the end of its month: the signer bears the bad-debt share;
    - an over-limit shipment without prepayment or approval (L307) still unpaid:
      the logistics specialist, the warehouse keeper and the market-dept head
      (the policy's position codes) bear the batch's payment, split equally.
    Amounts come from the records, never typed by hand; each entry has a
    ``dedupe_key``, so running a month again records nothing new.
    """
    from django.utils import timezone

    from kefu.assessment.services import ledger_entry_record
    from kefu.org.models import Position
    from kefu.org.selectors import position_recipient

    if actor is not None:
        _require(actor, site, "accounts.recover", CannotRunRecovery)
    end = rules.period_end("month", month.replace(day=1))
    if timezone.localdate(now) <= end:
        raise MonthNotOver()
    policy = sel.credit_policy_for(site)
    start = end.replace(day=1)
    occurred = timezone.make_aware(datetime.combine(end, datetime.min.time().replace(hour=23)))
    results = []
    liable = [
        p
        for code in policy.liable_positions
        if (p := Position.objects.filter(site=site, code=code).first()) is not None
    ]
    for account in BusinessAccount.objects.filter(site=site).order_by("pk"):
        moves = sel.movements(account)
        unpaid = {m.key: left for m, left in rules.unpaid_shipments(moves, as_of=end)}
        entries = CreditEntry.objects.filter(
            account=account,
            kind=EntryKind.SHIPMENT,
            occurred_on__gte=start,
            occurred_on__lte=end,
        ).select_related("shipment__signer")
        for entry in entries:
            left = unpaid.get(entry.pk, 0)
            if left <= 0:
                continue
            if entry.way in policy.recovery_ways and entry.shipment and entry.shipment.signer:
                results.append(
                    ledger_entry_record(
                        actor=actor,
                        site=site,
                        person=entry.shipment.signer,
                        rule=UNRECOVERED_RULE,
                        occurred_at=occurred,
                        source=entry.shipment,
                        amount_fen=rules.share_fen(left, policy.signer_share_percent),
                        reason=f"{account.code} {entry.occurred_on} {left / 100:.2f}",
                        dedupe_key=f"accounts.unrecovered:{entry.pk}",
                    )
                )
            elif entry.unapproved_over_limit and liable:
                holders = [(p, position_recipient(position=p, at=now)[0]) for p in liable]
                holders = [(p, u) for p, u in holders if u is not None]
                for (position, user), share in zip(
                    holders, rules.split_fen(left, len(holders) or 1), strict=False
                ):
                    results.append(
                        ledger_entry_record(
                            actor=actor,
                            site=site,
                            person=user,
                            rule=UNAPPROVED_RULE,
                            occurred_at=occurred,
                            source=entry,
                            amount_fen=share,
                            reason=f"{account.code} {entry.occurred_on} {left / 100:.2f}",
                            dedupe_key=f"accounts.unapproved:{entry.pk}:{position.code}",
                        )
                    )
    return results
