"""Reads of confidentiality: who may read a classified file, applications, the access
log, loans of the paper file."""

from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils import timezone

from kefu.core.models import AuditEntry
from kefu.files import rules
from kefu.files.errors import (
    AccessNotFound,
    LoanNotFound,
    NotFileManager,
)
from kefu.files.models import (
    CLASSIFIED,
    AccessApplication,
    AccessKind,
    AccessStatus,
    Confidentiality,
    CustomerFile,
    FileLoan,
    LoanStatus,
)
from kefu.files.selectors.base import (
    APPROVE_CLASSIFIED,
    APPROVE_TOP_SECRET,
    KEEP,
    MANAGE,
    _pk,
    may,
)
from kefu.org.models import Site, User
from kefu.org.selectors import user_site_ids


def may_read_content(
    user: User,
    file: CustomerFile,
    *,
    level: str | None = None,
    now: datetime | None = None,
    kind: str = AccessKind.READ,
) -> bool:
    """May ``user`` read (or export, ``kind``) the content at ``level`` (default: the file's)?

    普通 and 秘密: anyone at the site. 机密: the file keeper (the dedicated
    custodian, seed 000 L521) and the 客户服务部经理 (L503); 绝密: the keeper and
    the 总经理 (L103, L689). Anyone else needs an approved application of that
    kind, at that level or stricter, that has not expired (seed 000 §5.2 item 2).
    """
    level = level or file.confidentiality
    if level not in CLASSIFIED:
        return True
    if may(user, file.site_id, KEEP):
        return True
    if level == Confidentiality.TOP_SECRET:
        if may(user, file.site_id, APPROVE_TOP_SECRET):
            return True
    elif may(user, file.site_id, APPROVE_CLASSIFIED) or may(user, file.site_id, APPROVE_TOP_SECRET):
        return True
    return access_grant(user, file, level=level, now=now, kind=kind) is not None


def access_grant(
    user: User,
    file: CustomerFile,
    *,
    level: str,
    now: datetime | None = None,
    kind: str = AccessKind.READ,
) -> AccessApplication | None:
    """The user's approved, unexpired application covering ``level``, if any."""
    now = now or timezone.now()
    needed = rules.CONFIDENTIALITY_ORDER.index(level)
    covering = [
        lv for lv in rules.CONFIDENTIALITY_ORDER if rules.CONFIDENTIALITY_ORDER.index(lv) >= needed
    ]
    return (
        AccessApplication.objects.filter(
            file=file,
            applicant=user,
            kind=kind,
            status=AccessStatus.APPROVED,
            level__in=covering,
            valid_until__gt=now,
        )
        .order_by("-valid_until")
        .first()
    )


def access_application_for(user: User, application_id: int | str | None) -> AccessApplication:
    """An application the user made or is an approver of (at one of their sites), else
    not found."""
    pk = _pk(application_id)
    application = (
        AccessApplication.objects.filter(pk=pk, site_id__in=user_site_ids(user))
        .select_related("site", "file", "file__kind", "applicant", "decided_by")
        .select_related("first_approved_by")
        .first()
        if pk is not None
        else None
    )
    if application is None or not (
        application.applicant_id == user.pk or is_approver(user, application)
    ):
        raise AccessNotFound()
    return application


def is_approver(user: User, application: AccessApplication) -> bool:
    """Does ``user`` hold one of the capabilities that approve this application?"""
    caps = rules.approver_capabilities(application.level, application.kind)
    return any(may(user, application.site_id, c) for c in caps)


def may_decide(user: User, application: AccessApplication) -> bool:
    """May ``user`` give the application's next decision? For a disclosure already
    approved once, only another person holding the approval still missing (L529)."""
    caps = rules.approver_capabilities(application.level, application.kind)
    if application.first_approved_by_id is not None:
        if application.first_approved_by_id == user.pk:
            return False
        caps = rules.remaining_capabilities(caps, application.first_approval_capability)
    return any(may(user, application.site_id, c) for c in caps)


def access_applications_for(user: User, *, to_decide: bool = False) -> list[AccessApplication]:
    """The user's own applications, or (``to_decide``) the pending ones they may decide."""
    qs = AccessApplication.objects.select_related(
        "site", "file", "file__kind", "applicant", "decided_by", "first_approved_by"
    )
    if not to_decide:
        return list(qs.filter(applicant=user)[:100])
    pending = qs.filter(status=AccessStatus.PENDING, site_id__in=user_site_ids(user))
    return [a for a in pending.order_by("created_at", "id")[:200] if may_decide(user, a)]


def may_export(
    user: User,
    file: CustomerFile,
    *,
    purpose: str = AccessKind.EXPORT,
    level: str | None = None,
    now: datetime | None = None,
) -> bool:
    """May ``user`` copy/export (``purpose`` export) or disclose the content at ``level``?

    Disclosing to a third party always needs an approved disclosure (seed 000 L529).
    Copying a 机密/绝密 file needs an approved export application (L525), unless the
    user is the approver of that level themselves (客户信息主管 or 总经理; 绝密: 总经理);
    an ordinary file is copied by anyone who may read it.
    """
    level = level or file.confidentiality
    if purpose == AccessKind.DISCLOSE:
        return access_grant(user, file, level=level, now=now, kind=AccessKind.DISCLOSE) is not None
    if level not in CLASSIFIED:
        return may_read_content(user, file, level=level, now=now)
    caps = rules.approver_capabilities(level, AccessKind.EXPORT)
    if any(may(user, file.site_id, c) for c in caps):
        return True
    return access_grant(user, file, level=level, now=now, kind=AccessKind.EXPORT) is not None


#: What the file manager reviews (seed 000 §5.2 item 2: every view, export and print).
TRACE_ACTIONS = (
    "files.file_read",
    "files.document_read",
    "files.read_denied",
    "files.access_applied",
    "files.access_decided",
    "files.exported",
    "files.file_exported",
    "files.export_denied",
    "files.recording_played",
    "files.recording_extracted",
    "files.loan_requested",
    "files.loan_decided",
    "files.loan_returned",
)


def access_log_for(user: User, *, site: Site | None = None, action: str = ""):
    """Reads, exports, denials and access decisions at the sites where ``user`` is file
    manager (``files.manage``), newest first, from the one audit trail."""
    site_ids = [sid for sid in user_site_ids(user) if may(user, sid, MANAGE)]
    if not site_ids:
        raise NotFileManager()
    qs = AuditEntry.objects.filter(
        site_id__in=site_ids,
        action__in=[action] if action in TRACE_ACTIONS else TRACE_ACTIONS,
    ).select_related("actor", "site", "target_type")
    if site is not None:
        qs = qs.filter(site=site)
    return qs.order_by("-at", "-id")


def files_of_entries(entries) -> dict[int, CustomerFile]:
    """Per audit entry id, the file it points at (entries about other targets left out)."""
    file_type = ContentType.objects.get_for_model(CustomerFile)
    entries = [e for e in entries if e.target_type_id == file_type.pk]
    files = CustomerFile.objects.filter(pk__in={e.target_id for e in entries}).only("id", "number")
    by_id = {f.pk: f for f in files}
    return {e.pk: by_id[e.target_id] for e in entries if e.target_id in by_id}


def loan_list_for(
    user: User, *, open_only: bool = False, overdue_at: datetime | None = None
) -> QuerySet[FileLoan]:
    """《客户资料外借登记册》 of the user's sites; ``overdue_at``: lent and past due then."""
    qs = FileLoan.objects.filter(site_id__in=user_site_ids(user)).select_related(
        "site", "file", "file__kind", "borrower", "decided_by", "returned_to"
    )
    if open_only:
        qs = qs.filter(status__in=[LoanStatus.REQUESTED, LoanStatus.LENT])
    if overdue_at is not None:
        qs = qs.filter(status=LoanStatus.LENT, due_at__lte=overdue_at)
        return qs.order_by("due_at", "id")
    return qs.order_by("-created_at", "-id")


def access_loan(user: User, loan_id: int | str | None) -> FileLoan:
    pk = _pk(loan_id)
    loan = (
        FileLoan.objects.filter(pk=pk, site_id__in=user_site_ids(user))
        .select_related("site", "file", "borrower")
        .first()
        if pk is not None
        else None
    )
    if loan is None:
        raise LoanNotFound()
    return loan
