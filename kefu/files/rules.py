"""Pure rules of customer files: completeness, deadlines, scan checks (no ORM, no clock)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

# Magic numbers of the scan formats accepted (checked by content, not by name).
SCAN_SIGNATURES: dict[str, tuple[tuple[bytes, ...], str]] = {
    "pdf": ((b"%PDF-",), "application/pdf"),
    "jpg": ((b"\xff\xd8\xff",), "image/jpeg"),
    "jpeg": ((b"\xff\xd8\xff",), "image/jpeg"),
    "png": ((b"\x89PNG\r\n\x1a\n",), "image/png"),
    "tif": ((b"II*\x00", b"MM\x00*"), "image/tiff"),
    "tiff": ((b"II*\x00", b"MM\x00*"), "image/tiff"),
}


def scan_content_type(filename: str, head: bytes) -> str | None:
    """The content type of a scan if its first bytes match its extension, else None."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    spec = SCAN_SIGNATURES.get(ext)
    if spec is None:
        return None
    magics, content_type = spec
    return content_type if any(head.startswith(m) for m in magics) else None


@dataclass(frozen=True)
class ItemState:
    code: str
    label: str
    required: bool
    present: bool
    defect: str = ""

    @property
    def complete(self) -> bool:
        return self.present and not self.defect


@dataclass(frozen=True)
class Completeness:
    """What a file holds and lacks; ``missing`` lists required items not complete."""

    total: int
    complete: int
    missing: tuple[ItemState, ...]

    @property
    def is_complete(self) -> bool:
        return not self.missing


def completeness(items: Iterable[ItemState]) -> Completeness:
    """Required items that are absent or defective make a file 资料不齐 (seed 000 L153)."""
    items = list(items)
    missing = tuple(i for i in items if i.required and not i.complete)
    return Completeness(
        total=sum(1 for i in items if i.required),
        complete=sum(1 for i in items if i.required and i.complete),
        missing=missing,
    )


def deadline_start(
    *, start: str, sold_at: datetime | None, delivered_at: datetime | None
) -> datetime | None:
    """The moment the hand-over clock starts: sale (T4, L153) or delivery (T5, L183)."""
    return sold_at if start == "sale" else delivered_at


def is_late(received_at: datetime, due_at: datetime | None) -> bool:
    """Handed over after the deadline? Within the limit counts as on time."""
    return due_at is not None and received_at > due_at


def mask_phone(phone: str) -> str:
    """Keep the first 3 and last 4 digits of a phone: 138****5678 (seed 000 §5.2).

    Short numbers keep only their last 2 characters.
    """
    phone = phone or ""
    if len(phone) >= 8:
        return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
    if len(phone) > 2:
        return "*" * (len(phone) - 2) + phone[-2:]
    return phone


def mask_id_number(id_number: str) -> str:
    """Keep the first 4 and last 4 characters of an ID number: 4403**********123X."""
    id_number = id_number or ""
    if len(id_number) > 8:
        return id_number[:4] + "*" * (len(id_number) - 8) + id_number[-4:]
    return "*" * len(id_number)


#: 普通 < 秘密 < 机密 < 绝密: a document is read at the stricter of its own and its file's level.
CONFIDENTIALITY_ORDER = ("ordinary", "secret", "confidential", "top_secret")


#: Who approves access by level (seed 000 L503: 密级 files need the 客户服务部经理;
#: L103, L689: the 总经理's authorisation for the strictest files).
APPROVER_CAPABILITY = {
    "confidential": "files.approve_classified",
    "top_secret": "files.approve_top_secret",
}
DEFAULT_ACCESS_DAYS = 3
MAX_ACCESS_DAYS = 30


def approver_capability(level: str) -> str | None:
    """The capability that approves access at ``level``; None when no approval is needed."""
    return APPROVER_CAPABILITY.get(level)


def grant_holds(*, status: str, valid_until: datetime | None, now: datetime) -> bool:
    """An approval holds until its expiry (exclusive)."""
    return status == "approved" and valid_until is not None and now < valid_until


#: seed 000 L515: "借阅时间不得超过三天".
MAX_LOAN_DAYS = 3


def loan_overdue(*, status: str, due_at: datetime | None, now: datetime) -> bool:
    return status == "lent" and due_at is not None and now >= due_at


def retain_until(*, start: date, years: int) -> date:
    """The last day a record is kept: ``years`` after ``start`` (29 Feb → 28 Feb)."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)
