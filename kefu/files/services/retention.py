"""Retention and destruction of customer files (seed 000 L473, L531, L693).

Each file keeps ``retain_until`` (its kind's ``retention_years`` from opening,
10 by default). ``selectors.expired_files`` lists what has expired; the file
manager requests the destruction (``destruction_request``), the 总经理 approves
it (``destruction_decide``): the scans are deleted from storage (after commit),
their rows and the keyed data and place are cleared, the file is marked
destroyed and a ``FileDestruction`` record stays — what, when, approved by.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from kefu.core.services import audit_record
from kefu.files import errors
from kefu.files.models import (
    CustomerFile,
    DestructionStatus,
    FileDestruction,
    FileDocument,
    FileStatus,
)
from kefu.files.selectors import APPROVE_DESTRUCTION, MANAGE
from kefu.org.models import User
from kefu.org.selectors import capability_grant


def destruction_request(
    *,
    actor: User,
    file: CustomerFile,
    reason: str,
    today: date | None = None,
    now: datetime | None = None,
) -> FileDestruction:
    """The file manager asks to destroy a file whose retention has ended."""
    at = now or timezone.now()
    today = today or timezone.localdate(at)
    if capability_grant(user=actor, site=file.site, capability=MANAGE, at=at) is None:
        raise errors.NotFileManager()
    if file.status == FileStatus.DESTROYED:
        raise errors.FileClosed()
    if file.retain_until is None or file.retain_until > today:
        raise errors.NotExpired()
    try:
        with transaction.atomic():
            record = FileDestruction.objects.create(
                site=file.site,
                file=file,
                description=f"{file.number} {file.kind.name}",
                retain_until=file.retain_until,
                reason=reason.strip() or "保存期满",
                requested_by=actor,
            )
            audit_record(
                actor=actor,
                action="files.destruction_requested",
                target=file,
                site=file.site,
                changes={"destruction": [None, record.pk]},
                note=record.reason,
                at=at,
            )
    except IntegrityError:
        raise errors.DestructionPending() from None
    return record


def destruction_decide(
    *, actor: User, destruction: FileDestruction, approve: bool, now: datetime | None = None
) -> FileDestruction:
    """The 总经理 approves (the file's scans and data are deleted) or rejects."""
    at = now or timezone.now()
    site = destruction.site
    if capability_grant(user=actor, site=site, capability=APPROVE_DESTRUCTION, at=at) is None:
        raise errors.NotDestructionApprover()
    with transaction.atomic():
        record = FileDestruction.objects.select_for_update(of=("self",)).get(pk=destruction.pk)
        if record.status != DestructionStatus.REQUESTED:
            raise errors.DestructionDecided()
        record.decided_by, record.decided_at = actor, at
        names: list[str] = []
        if approve:
            file = CustomerFile.objects.select_for_update(of=("self",)).get(pk=record.file_id)
            documents = FileDocument.objects.filter(file=file)
            names = [d.scan.name for d in documents if d.scan.name]
            record.scans_deleted = len(names)
            documents.delete()
            file.status = FileStatus.DESTROYED
            file.keyed_data, file.cabinet, file.shelf_position = {}, "", ""
            file.save(
                update_fields=["status", "keyed_data", "cabinet", "shelf_position", "updated_at"]
            )
            record.status = DestructionStatus.DESTROYED
            storage = FileDocument._meta.get_field("scan").storage
            transaction.on_commit(lambda: [storage.delete(name) for name in names])
        else:
            record.status = DestructionStatus.REJECTED
        record.save(
            update_fields=["status", "decided_by", "decided_at", "scans_deleted", "updated_at"]
        )
        audit_record(
            actor=actor,
            action="files.file_destroyed" if approve else "files.destruction_rejected",
            target=record.file,
            site=site,
            changes={"destruction": [None, record.pk], "scans_deleted": [None, len(names)]},
            note=record.description,
            at=at,
        )
    return record
