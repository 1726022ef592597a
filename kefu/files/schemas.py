"""API schemas of the customer-files app."""

from datetime import datetime
from typing import Any

from ninja import Field, Schema

from kefu.core.schemas import PageOut, PageQuery, UserRef
from kefu.files.models import (
    AccessKind,
    AccessStatus,
    Confidentiality,
    FileStatus,
    HandedBy,
    ItemDefect,
    LoanStatus,
)


class FilesNamedRef(Schema):
    id: int
    name: str


class ChecklistItemOut(Schema):
    id: int
    position: int
    code: str
    label: str
    hint: str
    required: bool
    needs_signature: bool


class KindOut(Schema):
    id: int
    site: FilesNamedRef
    code: str
    name: str
    preset_key: str
    seed: str
    per_vehicle: bool
    handed_by: HandedBy
    deadline_working_days: int | None
    deadline_start: str
    items: list[ChecklistItemOut]

    @staticmethod
    def resolve_items(obj: Any) -> list[Any]:
        return list(obj.items.all())


class FileRowOut(Schema):
    """A file as a list shows it: a classified file's customer is left out (``hidden``);
    phone and ID number are masked for viewers without ``files.see_personal``."""

    id: int
    number: str
    site: FilesNamedRef
    kind: FilesNamedRef
    status: FileStatus
    confidentiality: Confidentiality
    hidden: bool
    customer_name: str
    phone: str
    id_number: str
    plate: str
    handover_due_at: datetime | None
    handed_over_at: datetime | None


def row_out(row) -> dict[str, Any]:
    f = row.file
    return {
        "id": f.pk,
        "number": f.number,
        "site": f.site,
        "kind": f.kind,
        "status": f.status,
        "confidentiality": f.confidentiality,
        "hidden": row.hidden,
        "customer_name": row.customer_name,
        "phone": row.phone,
        "id_number": row.id_number,
        "plate": row.plate,
        "handover_due_at": f.handover_due_at,
        "handed_over_at": f.handed_over_at,
    }


class FilePage(PageOut):
    items: list[FileRowOut]


class FileQuery(PageQuery):
    q: str = Field("", max_length=50, description="File number, customer name or plate.")
    kind: str = Field("", max_length=32, description="File kind code, e.g. new_car.")
    status: FileStatus | None = None
    missing: bool = Field(False, description="Only files with required items missing (资料不齐).")


class FileItemOut(Schema):
    id: int
    code: str
    label: str
    required: bool
    present: bool
    defect: str
    complete: bool
    note: str
    checked_by: UserRef | None
    checked_at: datetime | None

    @staticmethod
    def resolve_code(obj: Any) -> str:
        return obj.item.code

    @staticmethod
    def resolve_label(obj: Any) -> str:
        return obj.item.label

    @staticmethod
    def resolve_required(obj: Any) -> bool:
        return obj.item.required


class DocumentOut(Schema):
    id: int
    title: str
    content_type: str
    size_bytes: int
    sha256: str
    confidentiality: Confidentiality
    created_at: datetime


class FileDetailOut(FileRowOut):
    """The file's content: only when ``readable`` (a classified file needs approval)."""

    readable: bool
    cabinet: str
    shelf_position: str
    sold_at: datetime | None
    delivered_at: datetime | None
    complete: bool | None
    missing: list[str]
    items: list[FileItemOut]
    documents: list[DocumentOut]


class ItemCheckIn(Schema):
    present: bool
    defect: ItemDefect = ItemDefect.NONE
    note: str = Field("", max_length=200)


class FilesHandoverIn(Schema):
    note: str = Field("", max_length=200)


class HandoverOut(Schema):
    id: int
    file: FilesNamedRef
    department: HandedBy
    handed_by: UserRef
    handed_at: datetime
    receiver: UserRef | None
    received_at: datetime | None
    missing: list[str]
    incomplete: bool = Field(description="资料不齐: handed over with required items missing.")
    due_at: datetime | None
    on_time: bool | None
    note: str

    @staticmethod
    def resolve_file(obj: Any) -> dict[str, Any]:
        return {"id": obj.file_id, "name": obj.file.number}


class HandoverPage(PageOut):
    items: list[HandoverOut]


class HandoverQuery(PageQuery):
    pending: bool = Field(False, description="Only lines waiting for the keeper's receipt.")


class AccessApplyIn(Schema):
    purpose: str = Field(max_length=200)
    reason: str = Field(max_length=2000)
    applicant_profile: str = Field("", max_length=200)
    kind: AccessKind = AccessKind.READ
    recipient: str = Field("", max_length=200, description="The third party, for a disclosure.")


class AccessDecideIn(Schema):
    approve: bool
    days: int = Field(3, description="How long an approval holds (1–30 days).")
    note: str = Field("", max_length=200)


class AccessApplicationOut(Schema):
    id: int
    file: FilesNamedRef
    kind: AccessKind
    level: Confidentiality
    applicant: UserRef
    purpose: str
    reason: str
    applicant_profile: str
    recipient: str
    status: AccessStatus
    first_approved_by: UserRef | None = Field(
        description="A disclosure's first of two approvers (seed 000 L529)."
    )
    first_approved_at: datetime | None
    decided_by: UserRef | None
    decided_at: datetime | None
    decision_note: str
    valid_until: datetime | None
    created_at: datetime

    @staticmethod
    def resolve_file(obj: Any) -> dict[str, Any]:
        return {"id": obj.file_id, "name": obj.file.number}


class AccessListQuery(Schema):
    to_decide: bool = Field(False, description="The pending applications the caller may decide.")


class AccessLogOut(Schema):
    id: int
    at: datetime
    actor: UserRef | None
    action: str
    file_id: int
    level: str
    origin: str
    note: str

    @staticmethod
    def resolve_file_id(obj: Any) -> int:
        return obj.target_id

    @staticmethod
    def resolve_level(obj: Any) -> str:
        return (obj.changes.get("level") or [None, ""])[1] or ""

    @staticmethod
    def resolve_origin(obj: Any) -> str:
        return (obj.changes.get("from") or [None, ""])[1] or ""


class AccessLogPage(PageOut):
    items: list[AccessLogOut]


class AccessLogQuery(PageQuery):
    action: str = Field("", max_length=64, description="e.g. files.file_read, files.read_denied")


class LoanIn(Schema):
    material: str = Field(max_length=200)
    copies: int = Field(1, ge=1, le=99)
    reason: str = Field(max_length=200)
    days: int = Field(3, description="3 at most (seed 000 L515).")


class LoanDecideIn(Schema):
    approve: bool
    note: str = Field("", max_length=200)


class LoanReturnIn(Schema):
    complete: bool = True
    note: str = Field("", max_length=200)


class LoanOut(Schema):
    id: int
    file: FilesNamedRef
    borrower: UserRef
    material: str
    copies: int
    reason: str
    days: int
    status: LoanStatus
    decided_by: UserRef | None
    lent_at: datetime | None
    due_at: datetime | None
    returned_at: datetime | None
    returned_to: UserRef | None
    return_complete: bool | None
    note: str

    @staticmethod
    def resolve_file(obj: Any) -> dict[str, Any]:
        return {"id": obj.file_id, "name": obj.file.number}


class LoanPage(PageOut):
    items: list[LoanOut]


class LoanQuery(PageQuery):
    show: str = Field("open", pattern="^(open|overdue|all)$")


class ImportErrorOut(Schema):
    row: int
    column: str
    code: str
    value: str
    message: str


class ImportOut(Schema):
    id: int
    site: FilesNamedRef
    original_name: str
    status: str
    total_rows: int
    processed_rows: int
    error_count: int
    errors: list[ImportErrorOut] = Field(description="The first 500 row errors.")
    file_error: str
    preview: list[dict[str, Any]]
    created: dict[str, int]
    started_at: datetime | None
    finished_at: datetime | None

    @staticmethod
    def resolve_errors(obj: Any) -> list[dict[str, Any]]:
        from kefu.files.imports import ROW_MESSAGES

        return [{**e, "message": str(ROW_MESSAGES.get(e["code"], e["code"]))} for e in obj.errors]
