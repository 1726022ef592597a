"""Borrowing the paper file: 《客户资料外借登记册》 (seed 000 §3.15, L505–517; L147, L195).

The borrower applies with the material, the number of copies, the reason and
how long (3 days at most, L515); the 信息管理专员 (``files.approve_loan``,
L513) approves — the loan starts then — or rejects; the file keeper records
the return, and whether the file came back complete (L147, L517). A paper file
is out once at a time. ``loans_remind`` reminds the borrower on the due day and
every day it is overdue, through ``kefu.notify``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from kefu.core.errors import InvalidInput
from kefu.core.services import audit_record
from kefu.files import errors, rules
from kefu.files.models import CustomerFile, FileLoan, FileStatus, LoanStatus
from kefu.files.selectors import APPROVE_LOAN, KEEP, may_read_content
from kefu.notify.services import notify
from kefu.org.models import User
from kefu.org.selectors import capability_grant


def _lock_loan(loan: FileLoan) -> FileLoan:
    return FileLoan.objects.select_for_update(of=("self",)).select_related("file").get(pk=loan.pk)


def loan_request(
    *,
    actor: User,
    file: CustomerFile,
    material: str,
    reason: str,
    copies: int = 1,
    days: int = rules.MAX_LOAN_DAYS,
    now: datetime | None = None,
) -> FileLoan:
    """Apply to borrow the paper file (L509–515). A classified file needs the right to read it."""
    at = now or timezone.now()
    if not 1 <= days <= rules.MAX_LOAN_DAYS:
        raise errors.LoanTooLong()
    if file.status == FileStatus.DESTROYED:
        raise errors.FileClosed()
    if not may_read_content(actor, file, now=at):
        raise errors.ReadNotAllowed()
    material, reason = material.strip(), reason.strip()
    if not material or not reason or copies < 1:
        fields = {
            k: ["?"] for k, bad in (("material", not material), ("reason", not reason),
                                     ("copies", copies < 1)) if bad
        }  # fmt: skip
        raise InvalidInput(code="files.loan_incomplete", fields=fields)
    with transaction.atomic():
        loan = FileLoan.objects.create(
            site=file.site,
            file=file,
            borrower=actor,
            material=material,
            copies=copies,
            reason=reason,
            days=days,
        )
        audit_record(
            actor=actor,
            action="files.loan_requested",
            target=file,
            site=file.site,
            changes={"loan": [None, loan.pk], "days": [None, days]},
            note=material,
            at=at,
        )
    return loan


def loan_decide(
    *, actor: User, loan: FileLoan, approve: bool, note: str = "", now: datetime | None = None
) -> FileLoan:
    """The 信息管理专员 approves (the file is lent from now, due in ``days``) or rejects."""
    at = now or timezone.now()
    if capability_grant(user=actor, site=loan.site, capability=APPROVE_LOAN, at=at) is None:
        raise errors.NotLoanApprover()
    try:
        with transaction.atomic():
            locked = _lock_loan(loan)
            if locked.status != LoanStatus.REQUESTED:
                raise errors.LoanWrongState()
            locked.decided_by, locked.note = actor, note
            if approve:
                locked.status = LoanStatus.LENT
                locked.lent_at, locked.due_at = at, at + timedelta(days=locked.days)
            else:
                locked.status = LoanStatus.REJECTED
            locked.save(
                update_fields=["status", "decided_by", "note", "lent_at", "due_at", "updated_at"]
            )
            audit_record(
                actor=actor,
                action="files.loan_decided",
                target=locked.file,
                site=locked.site,
                changes={"loan": [None, locked.pk], "status": ["requested", locked.status]},
                note=note,
                at=at,
            )
    except IntegrityError:
        raise errors.FileLent() from None
    return locked


def loan_return(
    *,
    actor: User,
    loan: FileLoan,
    complete: bool = True,
    note: str = "",
    now: datetime | None = None,
) -> FileLoan:
    """The keeper records the return and whether the file came back complete (L147, L517)."""
    at = now or timezone.now()
    if capability_grant(user=actor, site=loan.site, capability=KEEP, at=at) is None:
        raise errors.NotKeeper()
    with transaction.atomic():
        locked = _lock_loan(loan)
        if locked.status != LoanStatus.LENT:
            raise errors.LoanWrongState()
        locked.status, locked.returned_at, locked.returned_to = LoanStatus.RETURNED, at, actor
        locked.return_complete = complete
        if note:
            locked.note = note
        locked.save(
            update_fields=[
                "status", "returned_at", "returned_to", "return_complete", "note", "updated_at",
            ]
        )  # fmt: skip
        audit_record(
            actor=actor,
            action="files.loan_returned",
            target=locked.file,
            site=locked.site,
            changes={
                "loan": [None, locked.pk],
                "late": [None, rules.loan_overdue(status="lent", due_at=locked.due_at, now=at)],
                "complete": [None, complete],
            },
            note=note,
            at=at,
        )
    return locked


def loans_remind(*, now: datetime | None = None) -> int:
    """Remind borrowers on the due day and each day a loan is overdue (one notice a day)."""
    at = now or timezone.now()
    day = timezone.localdate(at)
    count = 0
    due = FileLoan.objects.filter(status=LoanStatus.LENT, due_at__date__lte=day).select_related(
        "site", "file", "borrower"
    )
    for loan in due:
        overdue = rules.loan_overdue(status=loan.status, due_at=loan.due_at, now=at)
        notify(
            site=loan.site,
            users=[loan.borrower],
            kind="files.loan_overdue" if overdue else "files.loan_due",
            subject=f"{loan.file.number} · {loan.material}",
            body=f"{timezone.localtime(loan.due_at):%Y-%m-%d %H:%M}",
            link=reverse("files:loan_list"),
            dedupe_key=f"files.loan:{loan.pk}:{day.isoformat()}",
        )
        count += 1
    return count
