"""Reading a file: what the reader may see, and the trace a classified read leaves.

seed 000 §5.2 item 2: "an audit log of every view, export and print". Opening
a 机密/绝密 file (or a scan at that level) writes ``files.file_read`` to the
one audit trail; a refusal writes ``files.read_denied`` — in its own
transaction, so the denial stays recorded although the request fails.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from kefu.core.errors import InvalidInput
from kefu.core.services import audit_record
from kefu.files import errors, rules
from kefu.files.models import (
    CLASSIFIED,
    AccessApplication,
    AccessKind,
    AccessStatus,
    CustomerFile,
    FileDocument,
    FileItem,
)
from kefu.files.selectors import file_items, may_read_content
from kefu.notify.services import notify
from kefu.org.models import PositionAssignment, User
from kefu.org.selectors import capability_grant


@dataclass
class FileView:
    """A file as one reader sees it: ``readable`` False shows only that it exists."""

    file: CustomerFile
    readable: bool
    items: list[FileItem] = field(default_factory=list)
    completeness: rules.Completeness | None = None
    documents: list[FileDocument] = field(default_factory=list)


def _record(actor: User, action: str, file: CustomerFile, *, origin: str, note: str) -> None:
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=action,
            target=file,
            site=file.site,
            changes={"level": [None, file.confidentiality], "from": [None, origin]},
            note=note,
        )


def file_view(*, actor: User, file: CustomerFile, origin: str = "") -> FileView:
    """Open a file's content for ``actor``: its checklist, completeness and scans.

    A classified file the reader may not read returns ``readable=False`` and
    records the denied attempt; a classified file they may read records the read.
    ``origin`` is where the request came from (an IP address).
    """
    readable = may_read_content(actor, file)
    if file.confidentiality in CLASSIFIED:
        action = "files.file_read" if readable else "files.read_denied"
        _record(actor, action, file, origin=origin, note=file.number)
    if not readable:
        return FileView(file=file, readable=False)
    items = file_items(file)
    completeness = rules.completeness(
        rules.ItemState(
            code=i.item.code,
            label=i.item.label,
            required=i.item.required,
            present=i.present,
            defect=i.defect,
        )
        for i in items
    )
    documents = [
        d
        for d in file.documents.select_related("uploaded_by").order_by("id")
        if may_read_content(actor, file, level=d.confidentiality)
    ]
    return FileView(file, True, items, completeness, documents)


def file_document_read(
    *, actor: User, file: CustomerFile, document_id: int | str, origin: str = ""
) -> FileDocument:
    """A scan of ``file`` for reading; a classified one is recorded, a refusal too."""
    try:
        document = file.documents.get(pk=int(document_id))
    except (ValueError, TypeError, FileDocument.DoesNotExist):
        raise errors.DocumentNotFound() from None
    level = max(
        (file.confidentiality, document.confidentiality), key=rules.CONFIDENTIALITY_ORDER.index
    )
    readable = may_read_content(actor, file, level=level)
    if level in CLASSIFIED:
        action = "files.document_read" if readable else "files.read_denied"
        _record(actor, action, file, origin=origin, note=f"{file.number} #{document.pk}")
    if not readable:
        raise errors.ReadNotAllowed()
    return document


# --- access applications (seed 000 §3.14) ------------------------------------------


def access_apply(
    *,
    actor: User,
    file: CustomerFile,
    purpose: str,
    reason: str,
    applicant_profile: str = "",
    kind: str = AccessKind.READ,
    recipient: str = "",
    now: datetime | None = None,
) -> AccessApplication:
    """Apply to read, copy/export or disclose a file: object, purpose, reason, who (L497).

    Reading and copying are applied for on 机密/绝密 files; a disclosure to a third
    party (``recipient``) on any file (seed 000 L529: customer data given out).
    The approvers of the kind and level are notified after commit.
    """
    at = now or timezone.now()
    if kind not in AccessKind.values:
        raise InvalidInput(code="files.access_kind_invalid", fields={"kind": ["?"]})
    if kind != AccessKind.DISCLOSE and file.confidentiality not in CLASSIFIED:
        raise errors.AccessNotNeeded()
    purpose, reason, recipient = purpose.strip(), reason.strip(), recipient.strip()
    if not purpose or not reason:
        fields = {k: ["?"] for k, v in (("purpose", purpose), ("reason", reason)) if not v}
        raise InvalidInput(code="files.access_reason_required", fields=fields)
    if kind == AccessKind.DISCLOSE and not recipient:
        raise errors.RecipientRequired(fields={"recipient": ["?"]})
    try:
        with transaction.atomic():
            application = AccessApplication.objects.create(
                site=file.site,
                file=file,
                kind=kind,
                level=file.confidentiality,
                applicant=actor,
                purpose=purpose,
                reason=reason,
                applicant_profile=applicant_profile,
                recipient=recipient if kind == AccessKind.DISCLOSE else "",
            )
            audit_record(
                actor=actor,
                action="files.access_applied",
                target=file,
                site=file.site,
                changes={"application": [None, application.pk], "kind": [None, kind]},
                note=f"{purpose} → {recipient}" if recipient else purpose,
                at=at,
            )
            caps = rules.approver_capabilities(application.level, kind)
            transaction.on_commit(lambda: _notify_approvers(application, caps))
    except IntegrityError:
        raise errors.AccessPending() from None
    return application


def _notify_approvers(application: AccessApplication, capabilities: tuple[str, ...]) -> None:
    round_ = "second" if application.first_approved_by_id else "first"
    approvers = {
        a.user
        for a in PositionAssignment.objects.filter(position__site=application.site).select_related(
            "user", "position"
        )
        if set(capabilities) & set(a.position.capabilities or [])
        and a.user_id != application.applicant_id
        and a.user_id != application.first_approved_by_id
    }
    notify(
        site=application.site,
        users=sorted(approvers, key=lambda u: u.pk),
        kind="files.access_applied",
        subject=f"{application.file.number} · {application.get_kind_display()} · "
        f"{application.get_level_display()}",
        body=f"{application.applicant}: {application.purpose}",
        link=reverse("files:access_list"),
        dedupe_key=f"files.access:{application.pk}:{round_}",
    )


def _decide_capability(actor: User, application: AccessApplication, at: datetime) -> str:
    """The approval ``actor`` gives: the first of the still-missing capabilities they hold."""
    caps = rules.approver_capabilities(application.level, application.kind)
    if application.first_approved_by_id is not None:
        if application.first_approved_by_id == actor.pk:
            raise errors.SecondApproverRequired()
        caps = rules.remaining_capabilities(caps, application.first_approval_capability)
    for capability in caps:
        if capability_grant(user=actor, site=application.site, capability=capability, at=at):
            return capability
    raise errors.NotApprover()


def access_decide(
    *,
    actor: User,
    application: AccessApplication,
    approve: bool,
    days: int = rules.DEFAULT_ACCESS_DAYS,
    note: str = "",
    now: datetime | None = None,
) -> AccessApplication:
    """An approver of the kind and level approves (for ``days``) or rejects.

    seed 000 L503: 密级 files are read with the 客户服务部经理's approval; 绝密 the
    总经理's (L103). L525: copies need the 客户信息主管 or the 总经理. L529: a
    disclosure needs both the 客户信息主管 and the 客户服务部经理 — the first approval
    keeps it pending, a second person completes it; either may reject. Nobody
    decides their own application.
    """
    at = now or timezone.now()
    _decide_capability(actor, application, at)
    if application.applicant_id == actor.pk:
        raise errors.OwnApplication()
    if approve and not (1 <= days <= rules.MAX_ACCESS_DAYS):
        raise errors.AccessPeriodInvalid()
    with transaction.atomic():
        locked = AccessApplication.objects.select_for_update(of=("self",)).get(pk=application.pk)
        if locked.status != AccessStatus.PENDING:
            raise errors.AccessDecided()
        capability = _decide_capability(actor, locked, at)
        first = (
            approve
            and rules.approvals_needed(locked.kind) == 2
            and locked.first_approved_by_id is None
        )
        if first:
            locked.first_approved_by, locked.first_approved_at = actor, at
            locked.first_approval_capability = capability
            fields = ["first_approved_by", "first_approved_at", "first_approval_capability"]
        else:
            locked.status = AccessStatus.APPROVED if approve else AccessStatus.REJECTED
            locked.decided_by, locked.decided_at, locked.decision_note = actor, at, note
            locked.valid_until = at + timedelta(days=days) if approve else None
            fields = ["status", "decided_by", "decided_at", "decision_note", "valid_until"]
        locked.save(update_fields=[*fields, "updated_at"])
        audit_record(
            actor=actor,
            action="files.access_decided",
            target=locked.file,
            site=locked.site,
            changes={
                "application": [None, locked.pk],
                "status": [AccessStatus.PENDING.value, locked.status],
                "approval": [None, "first" if first else "final"],
                "as": [None, capability],
                "valid_until": [
                    None,
                    locked.valid_until.isoformat() if locked.valid_until else None,
                ],
            },
            note=note,
            at=at,
        )
        if first:
            caps = rules.remaining_capabilities(
                rules.approver_capabilities(locked.level, locked.kind), capability
            )
            transaction.on_commit(lambda: _notify_approvers(locked, caps))
        else:
            applicant, site, number = locked.applicant, locked.site, locked.file.number
            transaction.on_commit(
                lambda: notify(
                    site=site,
                    users=[applicant],
                    kind="files.access_decided",
                    subject=f"{number} · {locked.get_status_display()}",
                    link=reverse("files:file_detail", args=[locked.file_id]),
                    dedupe_key=f"files.access_decided:{locked.pk}",
                )
            )
    return locked
