"""Call recordings and 《录音存档记录表》 (seed 000 L35): stored when checked, kept at
least 30 days, held while their request is open, extracted copies exempt, destroyed
only with approval and a destruction record."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from kefu.core.errors import KefuError
from kefu.core.models import AuditEntry
from kefu.desk.tests.factories import register_ticket
from kefu.files import selectors, services
from kefu.files.models import CallRecording, FileDestruction, RecordingExtraction
from kefu.files.tests.factories import close_ticket, wav

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
CALL = datetime(2026, 10, 8, 9, 30, tzinfo=SH)
NOW = datetime(2026, 12, 6, 10, 0, tzinfo=SH)


def counts():
    return (
        CallRecording.objects.count(),
        RecordingExtraction.objects.count(),
        FileDestruction.objects.count(),
        AuditEntry.objects.count(),
    )


def refused(code, fn, **kwargs):
    before = counts()
    with pytest.raises(KefuError) as info:
        fn(**kwargs)
    assert info.value.code == code
    assert counts() == before


def store(centre, *, called_at=CALL, ticket=None, name="call.wav", content=None, **kwargs):
    return services.recording_add(
        actor=centre["cs_clerk"],
        site=centre.site,
        upload=ContentFile(wav() if content is None else content, name=name),
        called_at=called_at,
        phone="13812345678",
        ticket=ticket,
        now=NOW,
        **kwargs,
    )


def test_a_recording_is_stored_with_its_request_and_audited(centre):
    ticket = register_ticket(
        actor=centre["cs_director"], site=centre.site, category_code="property_service", now=CALL
    )
    recording = store(centre, ticket=ticket)
    assert recording.content_type == "audio/wav" and recording.size_bytes == len(wav())
    assert recording.ticket == ticket and default_storage.exists(recording.audio.name)
    assert recording.audio.name.startswith(f"recordings/{centre.site.pk}/")
    assert AuditEntry.objects.filter(action="files.recording_added", target_id=recording.pk)
    # the phone is masked for the clerk, shown to the 客服主任 (files.see_personal)
    assert selectors.shown_phone(centre["cs_clerk"], recording) == "138****5678"
    assert selectors.shown_phone(centre["cs_director"], recording) == "13812345678"


def test_bad_recordings_store_nothing(centre, settings, xlm):
    refused(
        "files.audio_type_mismatch",
        store,
        centre=centre,
        content=b"%PDF-1.4 not audio at all",
        name="call.wav",
    )
    refused("files.audio_type_mismatch", store, centre=centre, name="call.mp3")
    refused("files.audio_empty", store, centre=centre, content=b"")
    settings.KEFU_FILES_AUDIO_MAX_BYTES = 100
    refused("files.audio_too_large", store, centre=centre)
    settings.KEFU_FILES_AUDIO_MAX_BYTES = 50 * 1024 * 1024
    refused("files.call_time_invalid", store, centre=centre, called_at=NOW + timedelta(hours=1))
    other = register_ticket(actor=xlm["cs_director"], site=xlm.site, now=CALL)
    refused("files.wrong_site", store, centre=centre, ticket=other)
    refused(
        "files.not_recording_keeper",
        services.recording_add,
        actor=centre["technician"],
        site=centre.site,
        upload=ContentFile(wav(), name="a.wav"),
        called_at=CALL,
        now=NOW,
    )
    assert not default_storage.exists(f"recordings/{centre.site.pk}")


def test_extraction_logs_who_why_where_and_keeps_a_copy_apart(centre):
    recording = store(centre)
    refused(
        "files.extraction_incomplete",
        services.recording_extract,
        actor=centre["cs_clerk"],
        recording=recording,
        reason=" ",
        location="B-03",
    )
    refused(
        "files.not_recording_keeper",
        services.recording_extract,
        actor=centre["technician"],
        recording=recording,
        reason="特殊事件",
        location="B-03",
    )
    line = services.recording_extract(
        actor=centre["cs_clerk"],
        recording=recording,
        reason="特殊事件未能及时处理完成",
        location="档案室 录音备份盘 B-03",
        now=NOW,
    )
    assert (line.extracted_by, line.location, line.sha256) == (
        centre["cs_clerk"],
        "档案室 录音备份盘 B-03",
        recording.sha256,
    )
    assert "/extracted/" in line.copy.name and default_storage.exists(line.copy.name)
    assert list(selectors.extraction_list_for(centre["cs_director"])) == [line]
    assert AuditEntry.objects.filter(action="files.recording_extracted", note=line.reason)


def test_listening_is_recorded_for_the_file_manager(centre):
    recording = store(centre)
    audio = services.recording_open(actor=centre["cs_clerk"], recording=recording, origin="1.2.3.4")
    assert audio.name == recording.audio.name
    log = selectors.access_log_for(centre["cs_director"], action="files.recording_played")
    assert [(e.actor, e.changes["from"][1]) for e in log] == [(centre["cs_clerk"], "1.2.3.4")]


def test_recordings_are_seen_by_their_keepers_and_managers_only(centre, xlm):
    recording = store(centre)
    assert list(selectors.recording_list_for(centre["cs_clerk"])) == [recording]
    assert list(selectors.recording_list_for(centre["technician"])) == []
    with pytest.raises(KefuError) as info:
        selectors.access_recording(xlm["cs_director"], recording.pk)
    assert info.value.code == "files.recording_not_found"


def test_kept_30_days_then_listed_unless_its_request_is_open(centre):
    # seed 000 L35: kept at least 30 days; T3: a request not finished keeps its recording
    director = centre["cs_director"]
    plain = store(centre)  # 2026-10-08
    open_ticket = register_ticket(
        actor=director, site=centre.site, category_code="property_service", now=CALL
    )
    held = store(centre, ticket=open_ticket)
    assert selectors.recording_kept_until(plain) == date(2026, 11, 7)
    assert list(selectors.expired_recordings_for(director, today=date(2026, 11, 6))) == []
    assert list(selectors.expired_recordings_for(director, today=date(2026, 11, 7))) == [plain]
    assert selectors.recording_held(held)
    close_ticket(centre, open_ticket, CALL + timedelta(days=40))
    held.refresh_from_db()
    assert not selectors.recording_held(held)
    assert list(selectors.expired_recordings_for(director, today=date(2026, 12, 1))) == [
        plain,
        held,
    ]


def test_a_longer_rule_of_the_site_keeps_recordings_longer(centre):
    from kefu.files.models import RetentionRule

    RetentionRule.objects.create(site=centre.site, record_kind="recording", period=90, unit="days")
    recording = store(centre)
    assert selectors.recording_kept_until(recording) == date(2027, 1, 6)
    assert (
        list(selectors.expired_recordings_for(centre["cs_director"], today=date(2026, 12, 6))) == []
    )


def test_an_expired_recording_is_destroyed_with_approval_and_its_copy_stays(
    centre, django_capture_on_commit_callbacks
):
    recording = store(centre)
    line = services.recording_extract(
        actor=centre["cs_clerk"], recording=recording, reason="投诉升级", location="B-03", now=NOW
    )
    director, gm = centre["cs_director"], centre["gm"]
    refused(
        "files.not_expired",
        services.destruction_request,
        actor=director,
        recording=recording,
        reason="",
        today=date(2026, 11, 6),
    )
    refused(
        "files.not_manager",
        services.destruction_request,
        actor=centre["cs_clerk"],
        recording=recording,
        reason="",
        today=date(2026, 12, 6),
    )
    record = services.destruction_request(
        actor=director, recording=recording, reason="保存期满", today=date(2026, 12, 6)
    )
    assert record.description == f"REC-20261008-0930-{recording.pk}"
    assert record.retain_until == date(2026, 11, 7)
    refused(
        "files.destruction_pending",
        services.destruction_request,
        actor=director,
        recording=recording,
        reason="again",
        today=date(2026, 12, 6),
    )
    refused(
        "files.not_destruction_approver",
        services.destruction_decide,
        actor=director,
        destruction=record,
        approve=True,
    )
    audio = recording.audio.name
    with django_capture_on_commit_callbacks(execute=True):
        record = services.destruction_decide(actor=gm, destruction=record, approve=True)
    recording.refresh_from_db()
    assert (record.status, record.decided_by, record.scans_deleted) == ("destroyed", gm, 1)
    assert (recording.status, recording.audio.name, recording.phone) == ("destroyed", "", "")
    assert not default_storage.exists(audio)
    assert default_storage.exists(line.copy.name)  # the extracted copy never expires
    assert AuditEntry.objects.filter(action="files.recording_destroyed", target_id=recording.pk)
    assert list(selectors.expired_recordings_for(director, today=date(2026, 12, 6))) == []
    refused(
        "files.recording_destroyed",
        services.destruction_request,
        actor=director,
        recording=recording,
        reason="",
        today=date(2026, 12, 6),
    )
    refused(
        "files.recording_destroyed",
        services.recording_extract,
        actor=centre["cs_clerk"],
        recording=recording,
        reason="x",
        location="y",
    )


def test_a_held_recording_cannot_be_destroyed(centre):
    ticket = register_ticket(
        actor=centre["cs_director"], site=centre.site, category_code="property_service", now=CALL
    )
    recording = store(centre, ticket=ticket)
    refused(
        "files.recording_held",
        services.destruction_request,
        actor=centre["cs_director"],
        recording=recording,
        reason="",
        today=date(2026, 12, 6),
    )
