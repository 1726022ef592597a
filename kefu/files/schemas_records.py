"""API schemas of call recordings, custody inspections, grading, exports and retention.

Names carry a ``File``/``Files`` prefix so they stay unique across the API.
"""

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema

from kefu.core.schemas import Day, Money, PageOut, PageQuery, RecordId, UserRef
from kefu.files.models import (
    AccessKind,
    CallDirection,
    CreditRating,
    DestructionStatus,
    FindingKind,
    RecordingStatus,
)
from kefu.files.schemas import FilesNamedRef

# --- call recordings --------------------------------------------------------------------


class FileRecordingOut(Schema):
    """A recorded call; ``phone`` is masked for callers without ``files.see_personal``."""

    id: int
    site: FilesNamedRef
    called_at: datetime
    direction: CallDirection
    phone: str
    customer: FilesNamedRef | None
    ticket: FilesNamedRef | None
    content_type: str
    size_bytes: int
    sha256: str
    duration_seconds: int | None
    status: RecordingStatus
    note: str
    extracted: bool
    created_at: datetime


class FileRecordingPage(PageOut):
    items: list[FileRecordingOut]


class FileRecordingQuery(PageQuery):
    q: str = Field("", max_length=50, description="Phone number, customer or request number.")
    extracted: bool = Field(False, description="Only recordings extracted for a special case.")


class FileExtractionIn(Schema):
    reason: str = Field(max_length=200, description="The special case not finished in time.")
    location: str = Field(max_length=200, description="Where the extracted copy is kept.")


class FileExtractionOut(Schema):
    """A line of 《录音存档记录表》."""

    id: int
    recording_id: int
    reason: str
    location: str
    extracted_by: UserRef
    extracted_at: datetime
    size_bytes: int
    sha256: str


class FileExtractionPage(PageOut):
    items: list[FileExtractionOut]


class FileRecordingDetailOut(FileRecordingOut):
    kept_until: date | None = Field(description="The last day of its retention.")
    held: bool = Field(description="Kept past its retention: its request is not finished.")
    extractions: list[FileExtractionOut]


def recording_out(recording: Any, phone: str) -> dict[str, Any]:
    return {
        "id": recording.pk,
        "site": recording.site,
        "called_at": recording.called_at,
        "direction": recording.direction,
        "phone": phone,
        "customer": (
            {"id": recording.customer_id, "name": recording.customer.name}
            if recording.customer_id
            else None
        ),
        "ticket": (
            {"id": recording.ticket_id, "name": recording.ticket.number}
            if recording.ticket_id
            else None
        ),
        "content_type": recording.content_type,
        "size_bytes": recording.size_bytes,
        "sha256": recording.sha256,
        "duration_seconds": recording.duration_seconds,
        "status": recording.status,
        "note": recording.note,
        "extracted": (
            recording.extracted
            if hasattr(recording, "extracted")
            else recording.extractions.exists()
        ),
        "created_at": recording.created_at,
    }


# --- custody inspections ---------------------------------------------------------------


class FileFindingIn(Schema):
    kind: FindingKind
    description: str = Field(min_length=1, max_length=200)
    location: str = Field("", max_length=100)
    file_id: RecordId | None = None
    repair: str = Field("", max_length=200, description="When repaired on the spot.")


class FileInspectionIn(Schema):
    site_id: RecordId
    inspected_on: Day
    scope: str = Field("", max_length=200)
    environment_ok: bool = True
    note: str = Field("", max_length=2000)
    findings: list[FileFindingIn] = Field(default_factory=list, max_length=50)


class FileFindingOut(Schema):
    id: int
    kind: FindingKind
    location: str
    file_id: int | None
    description: str
    repair: str
    repaired_on: date | None
    repaired_by: UserRef | None


class FileInspectionOut(Schema):
    id: int
    site: FilesNamedRef
    inspected_on: date
    inspector: UserRef
    scope: str
    environment_ok: bool
    note: str
    next_due_on: date
    findings: list[FileFindingOut]

    @staticmethod
    def resolve_findings(obj: Any) -> list[Any]:
        return list(obj.findings.all())


class FileInspectionPage(PageOut):
    items: list[FileInspectionOut]


class FileRepairIn(Schema):
    repair: str = Field(max_length=200)
    repaired_on: Day | None = None


class FileScheduleOut(Schema):
    """When a site's next half-yearly custody inspection is due (seed 000 L487)."""

    site: FilesNamedRef
    last_inspected_on: date | None
    next_due_on: date
    overdue: bool
    open_findings: int


# --- grading ---------------------------------------------------------------------------


class FileGradeIn(Schema):
    grade: str = Field(min_length=1, max_length=1, description="One of the site's grades.")
    annual_value: Money = Field(description="The customer's annual value in yuan.")
    credit_rating: CreditRating
    reason: str = Field("", max_length=200, description="Needed when the grade differs.")


class FileGradeOut(Schema):
    id: int
    number: str
    grade: str
    grade_temporary: bool
    annual_value_fen: int | None
    credit_rating: str
    graded_at: datetime | None
    review_due_on: date | None


class FileReviewOut(FileGradeOut):
    site: FilesNamedRef
    hidden: bool
    customer_name: str


class FileReviewPage(PageOut):
    items: list[FileReviewOut]


class FileReviewQuery(PageQuery):
    within: int = Field(30, ge=0, le=3660, description="Due within this many days.")


# --- export ----------------------------------------------------------------------------


class FileExportIn(Schema):
    purpose: AccessKind = Field(
        AccessKind.EXPORT, description="export (copy/export) or disclose (third party)."
    )


# --- retention and destruction --------------------------------------------------------


class FileRetentionRuleOut(Schema):
    site: FilesNamedRef
    record_kind: str
    label: str
    period: int | None
    unit: str
    important_permanent: bool
    seed: str


class FileExpiredOut(Schema):
    """Something past its retention: a customer file, a recording or a complaint record."""

    kind: str
    id: int
    site: FilesNamedRef
    label: str
    started: datetime | date | None


class FileExpiredPage(PageOut):
    items: list[FileExpiredOut]


class FileExpiredQuery(PageQuery):
    kind: str = Field("customer_file", pattern="^(customer_file|recording|complaint_record)$")


class FileDestructionIn(Schema):
    file_id: RecordId | None = None
    recording_id: RecordId | None = None
    reason: str = Field("", max_length=200)


class FileDestructionDecideIn(Schema):
    approve: bool


class FileDestructionOut(Schema):
    id: int
    site: FilesNamedRef
    file_id: int | None
    recording_id: int | None
    description: str
    retain_until: date
    reason: str
    status: DestructionStatus
    requested_by: UserRef
    decided_by: UserRef | None
    decided_at: datetime | None
    scans_deleted: int
    created_at: datetime


class FileDestructionPage(PageOut):
    items: list[FileDestructionOut]
