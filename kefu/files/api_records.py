"""API of call recordings, custody inspections, grading, exports and retention under
/api/v1/files (mounted beside ``kefu.files.api``).

Thin: ids resolve through the ``access_*`` selectors, each write is one service.
"""

from decimal import Decimal
from typing import Any

from django.http import FileResponse, HttpRequest
from django.utils import timezone
from ninja import File, Form, Query, Router, UploadedFile
from ninja.responses import Status

from kefu.core.api import ERRORS, paginate
from kefu.core.errors import InvalidInput
from kefu.core.schemas import LocalDatetime, PageQuery
from kefu.customers.selectors import access_customer
from kefu.desk.selectors import access_ticket
from kefu.files import selectors, services
from kefu.files.models import CallDirection
from kefu.files.schemas_records import (
    FileDestructionDecideIn,
    FileDestructionIn,
    FileDestructionOut,
    FileDestructionPage,
    FileExpiredPage,
    FileExpiredQuery,
    FileExportIn,
    FileExtractionIn,
    FileExtractionOut,
    FileExtractionPage,
    FileGradeIn,
    FileGradeOut,
    FileInspectionIn,
    FileInspectionOut,
    FileInspectionPage,
    FileRecordingDetailOut,
    FileRecordingOut,
    FileRecordingPage,
    FileRecordingQuery,
    FileRepairIn,
    FileRetentionRuleOut,
    FileReviewPage,
    FileReviewQuery,
    FileScheduleOut,
    recording_out,
)
from kefu.files.views.common import TempFile
from kefu.org.selectors import access_site

router = Router(tags=["files"])


def _origin(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")


# --- call recordings (seed 000 L35) ------------------------------------------------------


@router.get("/recordings", response={200: FileRecordingPage, **ERRORS})
def recording_list(request: HttpRequest, filters: Query[FileRecordingQuery]):
    """Recordings the caller keeps or manages, newest call first; numbers masked."""
    recordings = selectors.recording_list_for(
        request.auth, query=filters.q, extracted_only=filters.extracted
    )
    page = paginate(recordings, filters)
    page["items"] = [
        recording_out(r, selectors.shown_phone(request.auth, r)) for r in page["items"]
    ]
    return page


@router.post("/recordings", response={201: FileRecordingOut, **ERRORS})
def recording_add(
    request: HttpRequest,
    site_id: Form[int],
    called_at: Form[LocalDatetime],
    audio: File[UploadedFile],
    phone: Form[str] = "",
    direction: Form[CallDirection] = CallDirection.INBOUND,
    ticket_id: Form[int | None] = None,
    customer_id: Form[int | None] = None,
    duration_seconds: Form[int | None] = None,
    note: Form[str] = "",
):
    """Store a recorded call (WAV, MP3, AMR, OGG or M4A, checked by content and size)."""
    site = access_site(request.auth, site_id)
    if len(phone) > 30 or len(note) > 200:
        raise InvalidInput(code="invalid", fields={"phone": ["≤ 30"], "note": ["≤ 200"]})
    if duration_seconds is not None and not 0 <= duration_seconds <= 86_400:
        raise InvalidInput(code="invalid", fields={"duration_seconds": ["0–86400"]})
    recording = services.recording_add(
        actor=request.auth,
        site=site,
        upload=audio,
        called_at=called_at,
        phone=phone,
        direction=direction,
        ticket=access_ticket(request.auth, ticket_id) if ticket_id else None,
        customer=access_customer(request.auth, customer_id) if customer_id else None,
        duration_seconds=duration_seconds,
        note=note,
    )
    return Status(201, recording_out(recording, selectors.shown_phone(request.auth, recording)))


@router.get("/recordings/{int:recording_id}", response={200: FileRecordingDetailOut, **ERRORS})
def recording_detail(request: HttpRequest, recording_id: int):
    """One recording: how long it is kept, whether it is held, its extractions."""
    recording = selectors.access_recording(request.auth, recording_id)
    body = recording_out(recording, selectors.shown_phone(request.auth, recording))
    body.update(
        kept_until=selectors.recording_kept_until(recording),
        held=selectors.recording_held(recording),
        extractions=list(recording.extractions.select_related("extracted_by")),
    )
    return body


@router.get("/recordings/{int:recording_id}/audio", response={200: None, **ERRORS})
def recording_audio(request: HttpRequest, recording_id: int):
    """The audio; each listening is recorded in the access log."""
    recording = selectors.access_recording(request.auth, recording_id)
    audio = services.recording_open(
        actor=request.auth, recording=recording, origin=_origin(request)
    )
    return FileResponse(audio.open("rb"), content_type=recording.content_type)


@router.post(
    "/recordings/{int:recording_id}/extractions", response={201: FileExtractionOut, **ERRORS}
)
def recording_extract(request: HttpRequest, recording_id: int, payload: FileExtractionIn):
    """Extract the recording for a special case: a line of 《录音存档记录表》."""
    recording = selectors.access_recording(request.auth, recording_id)
    line = services.recording_extract(
        actor=request.auth, recording=recording, reason=payload.reason, location=payload.location
    )
    return Status(201, line)


@router.get("/recording-extractions", response={200: FileExtractionPage, **ERRORS})
def extraction_list(request: HttpRequest, filters: Query[PageQuery]):
    """《录音存档记录表》 of the caller's sites, newest first."""
    return paginate(selectors.extraction_list_for(request.auth), filters)


# --- custody inspections (seed 000 L487–491) -------------------------------------------


@router.get("/inspections", response={200: FileInspectionPage, **ERRORS})
def inspection_list(request: HttpRequest, filters: Query[PageQuery]):
    """Custody inspections of the sites the caller keeps or manages, newest first."""
    qs = selectors.inspection_list_for(request.auth).prefetch_related("findings__repaired_by")
    return paginate(qs, filters)


@router.get("/inspections/schedule", response={200: list[FileScheduleOut], **ERRORS})
def inspection_schedule(request: HttpRequest):
    """Per site: the last inspection, when the next is due (6 months), overdue or not."""
    rows = selectors.inspection_schedule(request.auth, today=timezone.localdate())
    return [
        {
            "site": r.site,
            "last_inspected_on": r.last.inspected_on if r.last else None,
            "next_due_on": r.next_due_on,
            "overdue": r.overdue,
            "open_findings": r.open_findings,
        }
        for r in rows
    ]


@router.post("/inspections", response={201: FileInspectionOut, **ERRORS})
def inspection_record(request: HttpRequest, payload: FileInspectionIn):
    """The file keeper records a half-yearly custody inspection with its findings."""
    site = access_site(request.auth, payload.site_id)
    findings = [
        services.FindingInput(
            kind=f.kind.value,
            description=f.description,
            location=f.location,
            file=selectors.access_file(request.auth, f.file_id) if f.file_id else None,
            repair=f.repair,
        )
        for f in payload.findings
    ]
    inspection = services.inspection_record(
        actor=request.auth,
        site=site,
        inspected_on=payload.inspected_on,
        scope=payload.scope,
        environment_ok=payload.environment_ok,
        note=payload.note,
        findings=findings,
    )
    return Status(201, inspection)


@router.get("/inspections/{int:inspection_id}", response={200: FileInspectionOut, **ERRORS})
def inspection_detail(request: HttpRequest, inspection_id: int):
    return selectors.access_inspection(request.auth, inspection_id)


@router.post(
    "/inspections/{int:inspection_id}/findings/{int:finding_id}/repair",
    response={200: FileInspectionOut, **ERRORS},
)
def finding_repair(
    request: HttpRequest, inspection_id: int, finding_id: int, payload: FileRepairIn
):
    """The file keeper records the repair of a finding (faded, damaged, damp, mould)."""
    inspection = selectors.access_inspection(request.auth, inspection_id)
    finding = selectors.access_finding(inspection, finding_id)
    services.finding_repair(
        actor=request.auth,
        finding=finding,
        repair=payload.repair,
        repaired_on=payload.repaired_on,
    )
    return selectors.access_inspection(request.auth, inspection_id)


# --- grading ---------------------------------------------------------------------------


@router.post("/{int:file_id}/grade", response={200: FileGradeOut, **ERRORS})
def file_grade(request: HttpRequest, file_id: int, payload: FileGradeIn):
    """Grade the file under the site's scheme; another grade than the rules give needs a
    reason. Returns the grade and the date of its review."""
    file = selectors.access_file(request.auth, file_id)
    return services.file_grade(
        actor=request.auth,
        file=file,
        grade=payload.grade.upper(),
        annual_value_fen=int(Decimal(payload.annual_value) * 100),
        credit_rating=payload.credit_rating.value,
        reason=payload.reason,
    )


@router.get("/grading/due", response={200: FileReviewPage, **ERRORS})
def grading_due(request: HttpRequest, filters: Query[FileReviewQuery]):
    """Graded files due for review within ``within`` days (overdue first)."""
    files = selectors.files_due_for_review(
        request.auth, today=timezone.localdate(), within_days=filters.within
    )
    page = paginate(files, filters)
    page["items"] = [_review_out(r) for r in selectors.file_rows(request.auth, page["items"])]
    return page


def _review_out(row: Any) -> dict[str, Any]:
    f = row.file
    return {
        "id": f.pk,
        "number": f.number,
        "site": f.site,
        "hidden": row.hidden,
        "customer_name": row.customer_name,
        "grade": f.grade,
        "grade_temporary": f.grade_temporary,
        "annual_value_fen": None if row.hidden else f.annual_value_fen,
        "credit_rating": "" if row.hidden else f.credit_rating,
        "graded_at": f.graded_at,
        "review_due_on": f.review_due_on,
    }


# --- copying, export and disclosure (seed 000 L525–529) --------------------------------


@router.post("/{int:file_id}/exports", response={200: None, **ERRORS})
def file_export(request: HttpRequest, file_id: int, payload: FileExportIn):
    """The file as a .zip (sheet with who/when, scans): a classified file needs an approved
    copy application, a disclosure two approvals. Audited, refusals too."""
    file = selectors.access_file(request.auth, file_id)
    export = services.file_export(
        actor=request.auth, file=file, purpose=payload.purpose.value, origin=_origin(request)
    )
    return FileResponse(
        TempFile(export.path, "rb"),
        as_attachment=True,
        filename=export.filename,
        content_type="application/zip",
    )


# --- retention and destruction ---------------------------------------------------------


@router.get("/retention/rules", response={200: list[FileRetentionRuleOut], **ERRORS})
def retention_rules(request: HttpRequest):
    """How long each record kind is kept at the sites the caller manages."""
    return [
        {
            "site": r.site,
            "record_kind": r.record_kind,
            "label": r.label,
            "period": r.period,
            "unit": r.unit,
            "important_permanent": r.important_permanent,
            "seed": r.seed,
        }
        for r in selectors.retention_rules_for(request.auth)
    ]


@router.get("/retention/expired", response={200: FileExpiredPage, **ERRORS})
def retention_expired(request: HttpRequest, filters: Query[FileExpiredQuery]):
    """What is past its retention, of one record kind, at the sites the caller manages."""
    today = timezone.localdate()
    if filters.kind == "recording":
        page = paginate(selectors.expired_recordings_for(request.auth, today=today), filters)
        page["items"] = [
            {"kind": "recording", "id": r.pk, "site": r.site, "label": f"REC-{r.pk}",
             "started": r.called_at}
            for r in page["items"]
        ]  # fmt: skip
    elif filters.kind == "complaint_record":
        page = paginate(selectors.expired_complaint_records_for(request.auth, today=today), filters)
        page["items"] = [
            {"kind": "complaint_record", "id": t.pk, "site": t.site, "label": t.number,
             "started": t.closed_at}
            for t in page["items"]
        ]  # fmt: skip
    else:
        page = paginate(selectors.expired_files(request.auth, today=today), filters)
        page["items"] = [
            {"kind": "customer_file", "id": f.pk, "site": f.site, "label": f.number,
             "started": f.retain_until}
            for f in page["items"]
        ]  # fmt: skip
    return page


@router.post("/destructions", response={201: FileDestructionOut, **ERRORS})
def destruction_request(request: HttpRequest, payload: FileDestructionIn):
    """The file manager asks to destroy a file or a recording past its retention."""
    if (payload.file_id is None) == (payload.recording_id is None):
        raise InvalidInput(
            code="files.destruction_target",
            fields={"file_id": ["?"], "recording_id": ["?"]},
        )
    if payload.file_id is not None:
        target = {"file": selectors.access_file(request.auth, payload.file_id)}
    else:
        target = {"recording": selectors.access_recording(request.auth, payload.recording_id)}
    record = services.destruction_request(actor=request.auth, reason=payload.reason, **target)
    return Status(201, record)


@router.get("/destructions", response={200: FileDestructionPage, **ERRORS})
def destruction_list(request: HttpRequest, filters: Query[PageQuery]):
    """The destruction records of the caller's sites, newest first."""
    return paginate(selectors.destruction_list_for(request.auth), filters)


@router.post(
    "/destructions/{int:destruction_id}/decide", response={200: FileDestructionOut, **ERRORS}
)
def destruction_decide(request: HttpRequest, destruction_id: int, payload: FileDestructionDecideIn):
    """The 总经理 approves (the scans or the audio and the data are deleted) or rejects."""
    record = selectors.access_destruction(request.auth, destruction_id)
    return services.destruction_decide(
        actor=request.auth, destruction=record, approve=payload.approve
    )
