"""Retention per record kind and destruction (seed 000 L35, L473, L531, L693; seed 002 L254).

What is kept how long:

- customer files: their kind's ``retention_years`` from opening (10 by
  default, [REG] L693), stored as ``retain_until``;
- call recordings: the site's ``RetentionRule`` (at least 30 days, L35) from
  the call; a recording of a request not yet finished is held, and an
  extracted copy (《录音存档记录表》) never expires;
- complaint records: the site's rule (the distillery's 1 year, important ones
  permanently, seed 002 L254); without a rule they are kept.

``retention_scan`` (the daily retention job, ``retention_scan_task``) lists
what has expired of every kind and tells the file managers. Customer files and
recordings are destroyed through ``destruction_request`` (the file manager)
and ``destruction_decide`` (the 总经理): the approval deletes the scans or the
audio from storage (after commit) and the data, marks the record destroyed,
and keeps a ``FileDestruction`` record — what, when, approved by. Complaint
records are only listed: they belong to the service desk.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.core.services import audit_record
from kefu.files import errors
from kefu.files.models import (
    CallRecording,
    CustomerFile,
    DestructionStatus,
    FileDestruction,
    FileDocument,
    FileStatus,
    RecordingStatus,
    RetentionRule,
)
from kefu.files.presets import RETENTION_PRESETS
from kefu.files.selectors import (
    APPROVE_DESTRUCTION,
    MANAGE,
    expired_complaint_records,
    expired_recordings,
    recording_held,
    recording_kept_until,
)
from kefu.notify.services import notify
from kefu.org.models import PositionAssignment, Site, User
from kefu.org.selectors import capability_grant


def retention_rule_preset_apply(*, actor: User | None, site: Site, key: str) -> RetentionRule:
    """Set a site's retention of one record kind from ``RETENTION_PRESETS[key]``."""
    preset = RETENTION_PRESETS.get(key)
    if preset is None:
        raise errors.PresetUnknown()
    with transaction.atomic():
        rule, created = RetentionRule.objects.update_or_create(
            site=site,
            record_kind=preset["record_kind"],
            defaults={
                "period": preset["period"],
                "unit": preset["unit"],
                "important_permanent": preset["important_permanent"],
                "preset_key": key,
                "seed": preset["seed"],
            },
        )
        audit_record(
            actor=actor,
            action="files.retention_preset_applied",
            target=rule,
            site=site,
            changes={"preset": [None, key], "created": [None, created]},
        )
    return rule


def _check_expired_recording(recording: CallRecording, today: date) -> date:
    if recording.status == RecordingStatus.DESTROYED:
        raise errors.RecordingDestroyed()
    kept = recording_kept_until(recording)
    if kept is None or kept > today:
        raise errors.NotExpired()
    if recording_held(recording):
        raise errors.RecordingHeld()
    return kept


def destruction_request(
    *,
    actor: User,
    file: CustomerFile | None = None,
    recording: CallRecording | None = None,
    reason: str,
    today: date | None = None,
    now: datetime | None = None,
) -> FileDestruction:
    """The file manager asks to destroy a file or a recording whose retention has ended."""
    at = now or timezone.now()
    today = today or timezone.localdate(at)
    target = file if file is not None else recording
    if target is None or (file is not None and recording is not None):
        raise TypeError("destruction_request needs a file or a recording")
    if capability_grant(user=actor, site=target.site, capability=MANAGE, at=at) is None:
        raise errors.NotFileManager()
    if file is not None:
        if file.status == FileStatus.DESTROYED:
            raise errors.FileClosed()
        if file.retain_until is None or file.retain_until > today:
            raise errors.NotExpired()
        kept, description = file.retain_until, f"{file.number} {file.kind.name}"
    else:
        kept = _check_expired_recording(recording, today)
        called = timezone.localtime(recording.called_at)
        description = f"REC-{called:%Y%m%d-%H%M}-{recording.pk}"
    try:
        with transaction.atomic():
            record = FileDestruction.objects.create(
                site=target.site,
                file=file,
                recording=recording,
                description=description,
                retain_until=kept,
                reason=reason.strip() or "保存期满",
                requested_by=actor,
            )
            audit_record(
                actor=actor,
                action="files.destruction_requested",
                target=target,
                site=target.site,
                changes={"destruction": [None, record.pk]},
                note=record.reason,
                at=at,
            )
    except IntegrityError:
        raise errors.DestructionPending() from None
    return record


def _destroy_file(record: FileDestruction) -> list[str]:
    """Delete the file's scans (rows now, storage after commit), data and place."""
    file = CustomerFile.objects.select_for_update(of=("self",)).get(pk=record.file_id)
    documents = FileDocument.objects.filter(file=file)
    names = [d.scan.name for d in documents if d.scan.name]
    documents.delete()
    file.status = FileStatus.DESTROYED
    file.keyed_data, file.cabinet, file.shelf_position = {}, "", ""
    file.save(update_fields=["status", "keyed_data", "cabinet", "shelf_position", "updated_at"])
    storage = FileDocument._meta.get_field("scan").storage
    transaction.on_commit(lambda: [storage.delete(name) for name in names])
    return names


def _destroy_recording(record: FileDestruction) -> list[str]:
    """Delete the recording's audio (after commit), its number and note; the metadata of
    the call and every extracted copy stay (the copies are exempt, seed 000 L35)."""
    recording = CallRecording.objects.select_for_update(of=("self",)).get(pk=record.recording_id)
    names = [recording.audio.name] if recording.audio.name else []
    recording.status = RecordingStatus.DESTROYED
    recording.audio, recording.phone, recording.note = "", "", ""
    recording.save(update_fields=["status", "audio", "phone", "note", "updated_at"])
    storage = CallRecording._meta.get_field("audio").storage
    transaction.on_commit(lambda: [storage.delete(name) for name in names])
    return names


def destruction_decide(
    *, actor: User, destruction: FileDestruction, approve: bool, now: datetime | None = None
) -> FileDestruction:
    """The 总经理 approves (the scans or audio and the data are deleted) or rejects."""
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
            names = _destroy_file(record) if record.file_id else _destroy_recording(record)
            record.scans_deleted = len(names)
            record.status = DestructionStatus.DESTROYED
        else:
            record.status = DestructionStatus.REJECTED
        record.save(
            update_fields=["status", "decided_by", "decided_at", "scans_deleted", "updated_at"]
        )
        target = record.file if record.file_id else record.recording
        if record.file_id:
            action = "files.file_destroyed" if approve else "files.destruction_rejected"
        else:
            action = "files.recording_destroyed" if approve else "files.destruction_rejected"
        audit_record(
            actor=actor,
            action=action,
            target=target,
            site=site,
            changes={"destruction": [None, record.pk], "scans_deleted": [None, len(names)]},
            note=record.description,
            at=at,
        )
    return record


@dataclass(frozen=True)
class ExpiredCounts:
    """What has expired at one site, per record kind."""

    site: Site
    files: int
    recordings: int
    complaint_records: int

    @property
    def total(self) -> int:
        return self.files + self.recordings + self.complaint_records


def retention_scan(*, today: date | None = None) -> list[ExpiredCounts]:
    """The daily retention job: per site, what has expired of every kind; the file
    managers (``files.manage``) get one notice a day while anything is waiting."""
    today = today or timezone.localdate()
    found: list[ExpiredCounts] = []
    for site in Site.objects.order_by("code"):
        counts = ExpiredCounts(
            site,
            CustomerFile.objects.filter(site=site, retain_until__lte=today)
            .exclude(status=FileStatus.DESTROYED)
            .count(),
            expired_recordings([site.pk], today=today).count(),
            expired_complaint_records([site.pk], today=today).count(),
        )
        if not counts.total:
            continue
        found.append(counts)
        managers = [
            a.user
            for a in PositionAssignment.objects.filter(position__site=site).select_related(
                "user", "position"
            )
            if MANAGE in (a.position.capabilities or [])
        ]
        notify(
            site=site,
            users=managers,
            kind="files.retention_expired",
            subject=_(
                "Past retention: %(files)d customer files, %(recordings)d recordings, "
                "%(complaints)d complaint records"
            )
            % {
                "files": counts.files,
                "recordings": counts.recordings,
                "complaints": counts.complaint_records,
            },
            body=site.name,
            link=reverse("files:retention_list"),
            dedupe_key=f"files.retention:{site.pk}:{today.isoformat()}",
        )
    return found
