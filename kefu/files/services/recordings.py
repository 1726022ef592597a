"""Call recordings and 《录音存档记录表》 (seed 000 L35).

"通话尽可能录音, 录音保存不低于30天; 特殊事件未能及时处理完成的应提取录音另行保存,
并登记《录音存档记录表》". ``recording_add`` stores a call's audio (checked by
content and size) with its metadata; ``recording_extract`` copies it apart
for a special case and writes the register line (who, why, where) — the copy
is exempt from expiry; ``recording_open`` hands the audio to a listener and
leaves a trace in the audit trail. Expired recordings are destroyed through
the retention service (``destruction_request``/``destruction_decide``).
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.conf import settings
from django.core.files.base import File
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from kefu.core.errors import InvalidInput
from kefu.core.services import audit_record
from kefu.customers.models import Customer
from kefu.files import errors, rules
from kefu.files.models import (
    CallDirection,
    CallRecording,
    RecordingExtraction,
    RecordingStatus,
)
from kefu.files.selectors import RECORDINGS
from kefu.files.services.files import _require
from kefu.org.models import Site, User

DEFAULT_AUDIO_MAX_BYTES = 50 * 1024 * 1024


def _audio_limit() -> int:
    return int(getattr(settings, "KEFU_FILES_AUDIO_MAX_BYTES", DEFAULT_AUDIO_MAX_BYTES))


def _checked_audio(upload: File) -> tuple[str, str, int, str]:
    """(name, content type, size, sha256) of an upload that is what its name says."""
    size = upload.size or 0
    if size == 0:
        raise errors.AudioEmpty()
    if size > _audio_limit():
        raise errors.AudioTooLarge()
    name = (upload.name or "").rsplit("/", 1)[-1]
    upload.seek(0)
    content_type = rules.audio_content_type(name, upload.read(16))
    if content_type is None:
        raise errors.AudioTypeMismatch()
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return name, content_type, size, digest.hexdigest()


def recording_add(
    *,
    actor: User | None,
    site: Site,
    upload: File,
    called_at: datetime,
    phone: str = "",
    direction: str = CallDirection.INBOUND,
    customer: Customer | None = None,
    ticket=None,
    agent: User | None = None,
    duration_seconds: int | None = None,
    note: str = "",
    now: datetime | None = None,
) -> CallRecording:
    """Store a recorded call with its metadata (《录音存档记录表》's source, seed 000 L35).

    ``actor=None`` is the telephone system. The customer and the request must be
    of the site; the call cannot be in the future; the audio must be WAV, MP3,
    AMR, OGG or M4A by content and stay under ``KEFU_FILES_AUDIO_MAX_BYTES``.
    Nothing is stored otherwise.
    """
    at = now or timezone.now()
    _require(actor, site, RECORDINGS, errors.NotRecordingKeeper, at)
    if any(obj is not None and obj.site_id != site.pk for obj in (customer, ticket)):
        raise errors.WrongSite()
    if direction not in CallDirection.values:
        raise InvalidInput(code="files.direction_invalid", fields={"direction": ["?"]})
    if called_at > at:
        raise errors.CallTimeInvalid()
    name, content_type, size, sha256 = _checked_audio(upload)
    if customer is None and ticket is not None:
        customer = ticket.customer
    stored: CallRecording | None = None
    try:
        with transaction.atomic():
            stored = CallRecording(
                site=site,
                called_at=called_at,
                direction=direction,
                phone=phone.strip(),
                customer=customer,
                ticket=ticket,
                agent=agent,
                content_type=content_type,
                size_bytes=size,
                sha256=sha256,
                duration_seconds=duration_seconds,
                uploaded_by=actor,
                note=note,
            )
            stored.audio.save(name, upload, save=False)
            stored.save()
            audit_record(
                actor=actor,
                action="files.recording_added",
                target=stored,
                site=site,
                changes={"sha256": [None, sha256], "ticket": [None, ticket.pk if ticket else None]},
                at=at,
            )
    except Exception:
        if stored is not None and stored.audio.name:
            stored.audio.storage.delete(stored.audio.name)
        raise
    return stored


def recording_extract(
    *,
    actor: User,
    recording: CallRecording,
    reason: str,
    location: str,
    now: datetime | None = None,
) -> RecordingExtraction:
    """Extract a recording for a special case not finished in time (seed 000 L35, T3).

    The audio is copied apart (``recordings/<site>/extracted/``) and the line of
    《录音存档记录表》 says who extracted it, when, why and where the copy is
    kept. The copy is never listed for destruction.
    """
    at = now or timezone.now()
    _require(actor, recording.site, RECORDINGS, errors.NotRecordingKeeper, at)
    reason, location = reason.strip(), location.strip()
    if not reason or not location:
        fields = {k: ["?"] for k, v in (("reason", reason), ("location", location)) if not v}
        raise errors.ExtractionIncomplete(fields=fields)
    line: RecordingExtraction | None = None
    try:
        with transaction.atomic():
            locked = CallRecording.objects.select_for_update(of=("self",)).get(pk=recording.pk)
            if locked.status == RecordingStatus.DESTROYED or not locked.audio.name:
                raise errors.RecordingDestroyed()
            line = RecordingExtraction(
                site=locked.site,
                recording=locked,
                reason=reason,
                location=location,
                extracted_by=actor,
                extracted_at=at,
                size_bytes=locked.size_bytes,
                sha256=locked.sha256,
            )
            with locked.audio.open("rb") as source:
                line.copy.save(locked.audio.name.rsplit("/", 1)[-1], File(source), save=False)
            line.save()
            audit_record(
                actor=actor,
                action="files.recording_extracted",
                target=locked,
                site=locked.site,
                changes={"extraction": [None, line.pk], "location": [None, location]},
                note=reason,
                at=at,
            )
    except Exception:
        if line is not None and line.copy.name:
            line.copy.storage.delete(line.copy.name)
        raise
    return line


def recording_open(
    *,
    actor: User,
    recording: CallRecording,
    extraction: RecordingExtraction | None = None,
    origin: str = "",
) -> FieldFile:
    """The audio to listen to (the recording's, or an extracted copy's); each listening is
    recorded (who, when, from where) for the file manager's review."""
    if extraction is not None and extraction.recording_id != recording.pk:
        raise errors.ExtractionNotFound()
    audio = extraction.copy if extraction is not None else recording.audio
    if not audio.name:
        raise errors.RecordingDestroyed()
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="files.recording_played",
            target=recording,
            site=recording.site,
            changes={
                "from": [None, origin],
                "extraction": [None, extraction.pk if extraction else None],
            },
            note=recording.phone[-4:],
        )
    return audio
