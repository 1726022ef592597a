"""Copying, exporting and disclosing one customer file (seed 000 §3.16, L525–529).

``file_export`` packs a file (its sheet and the scans the exporter may take)
into a .zip whose sheet names the exporting user and the time (§5.2 item 4).

- Copy/export (``purpose="export"``) of a 机密/绝密 file needs an approved
  application of that kind — the 客户信息主管 or the 总经理 approve (L525), at
  绝密 the 总经理 (L103) — unless the exporter is that approver; an ordinary
  file is copied by anyone who may read it.
- Disclosure to a third party (``purpose="disclose"``) needs an application
  approved by both the 客户信息主管 and the 客户服务部经理 (L529), whatever the
  level; the recipient comes from it and is written into the sheet.

Every export is audited (``files.file_exported``: who, when, which file, level,
purpose, recipient, from where); every refusal too (``files.export_denied``, in
its own transaction, so it stays although the request fails).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from kefu.core.errors import InvalidInput
from kefu.core.services import audit_record
from kefu.files import errors, rules
from kefu.files.models import AccessKind, CustomerFile, FileStatus
from kefu.files.selectors import access_grant, may_export
from kefu.org.models import Site, User

PURPOSES = (AccessKind.EXPORT, AccessKind.DISCLOSE)


@dataclass(frozen=True)
class FileExport:
    """A packed file: the temporary .zip, its download name, the scans it holds."""

    path: str
    filename: str
    scans: int
    recipient: str


def export_denied_record(
    *, actor: User, target, site: Site | None, purpose: str, origin: str, note: str
) -> None:
    """Record a refused export in its own transaction (it stays although the call fails)."""
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="files.export_denied",
            target=target,
            site=site,
            changes={"purpose": [None, purpose], "from": [None, origin]},
            note=note,
        )


def file_export(
    *,
    actor: User,
    file: CustomerFile,
    purpose: str = AccessKind.EXPORT,
    origin: str = "",
    now: datetime | None = None,
) -> FileExport:
    """Pack ``file`` for copying/export or for disclosure, if the rules allow it.

    The scans included are those the exporter may export at their own level (a
    scan stricter than the file needs an approval at that level).
    """
    from kefu.files.exports import file_package

    at = now or timezone.now()
    if purpose not in PURPOSES:
        raise InvalidInput(code="files.export_purpose_invalid", fields={"purpose": ["?"]})
    if file.status == FileStatus.DESTROYED:
        raise errors.FileClosed()
    if not may_export(actor, file, purpose=purpose, now=at):
        export_denied_record(
            actor=actor, target=file, site=file.site, purpose=purpose, origin=origin,
            note=file.number,
        )  # fmt: skip
        if purpose == AccessKind.DISCLOSE:
            raise errors.DisclosureNotApproved()
        raise errors.ExportNotAllowed()
    recipient = ""
    application = None
    if purpose == AccessKind.DISCLOSE:
        application = access_grant(
            actor, file, level=file.confidentiality, now=at, kind=AccessKind.DISCLOSE
        )
        recipient = application.recipient if application else ""
    documents = [
        d
        for d in file.documents.order_by("id")
        if may_export(
            actor,
            file,
            purpose=purpose,
            level=max(
                (file.confidentiality, d.confidentiality), key=rules.CONFIDENTIALITY_ORDER.index
            ),
            now=at,
        )
    ]
    path = file_package(user=actor, file=file, documents=documents, at=at, recipient=recipient)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="files.file_exported",
            target=file,
            site=file.site,
            changes={
                "level": [None, file.confidentiality],
                "from": [None, origin],
                "purpose": [None, purpose],
                "recipient": [None, recipient],
                "application": [None, application.pk if application else None],
                "scans": [None, len(documents)],
            },
            note=f"{file.number} → {recipient}" if recipient else file.number,
            at=at,
        )
    stamp = timezone.localtime(at).strftime("%Y%m%d-%H%M")
    return FileExport(path, f"{file.number}-{stamp}.zip", len(documents), recipient)
