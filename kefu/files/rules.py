"""Pure rules of customer files: completeness, deadlines, scan and audio checks,
approvers, retention periods, inspection intervals (no ORM, no clock)."""

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

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


# Magic numbers of the call-recording formats accepted: (offset, bytes) pairs that
# must all match, per extension.
AUDIO_SIGNATURES: dict[str, tuple[tuple[tuple[tuple[int, bytes], ...], ...], str]] = {
    "wav": ((((0, b"RIFF"), (8, b"WAVE")),), "audio/wav"),
    "mp3": (
        (((0, b"ID3"),), ((0, b"\xff\xfb"),), ((0, b"\xff\xf3"),), ((0, b"\xff\xf2"),)),
        "audio/mpeg",
    ),
    "amr": ((((0, b"#!AMR"),),), "audio/amr"),
    "ogg": ((((0, b"OggS"),),), "audio/ogg"),
    "m4a": ((((4, b"ftyp"),),), "audio/mp4"),
}


def audio_content_type(filename: str, head: bytes) -> str | None:
    """The content type of a recording if its first bytes match its extension, else None."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    spec = AUDIO_SIGNATURES.get(ext)
    if spec is None:
        return None
    alternatives, content_type = spec
    for checks in alternatives:
        if all(head[offset : offset + len(magic)] == magic for offset, magic in checks):
            return content_type
    return None


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


#: Who approves access by kind and level. Reading: seed 000 L503 (密级 files need the
#: 客户服务部经理), L103 and L689 (the 总经理's authorisation for the strictest files).
#: Copying or exporting: L525 (the 总经理 or the 客户信息主管; 绝密 only the 总经理, L103).
APPROVER_CAPABILITIES: dict[tuple[str, str], tuple[str, ...]] = {
    ("read", "confidential"): ("files.approve_classified",),
    ("read", "top_secret"): ("files.approve_top_secret",),
    ("export", "confidential"): ("files.approve_copy",),
    ("export", "top_secret"): ("files.approve_top_secret",),
}
#: seed 000 L529: giving customer data to a third party needs the prior approval of
#: **both** the 客户信息主管 (``files.approve_copy``) and the 客户服务部经理
#: (``files.approve_classified``), at every level: two different people.
DISCLOSURE_APPROVERS = ("files.approve_copy", "files.approve_classified")
DEFAULT_ACCESS_DAYS = 3
MAX_ACCESS_DAYS = 30


def approver_capabilities(level: str, kind: str = "read") -> tuple[str, ...]:
    """The capabilities that must approve ``kind`` at ``level``: one of them for a read or
    an export (empty when no approval is needed), each of them for a disclosure."""
    if kind == "disclose":
        return DISCLOSURE_APPROVERS
    return APPROVER_CAPABILITIES.get((kind, level), ())


def approvals_needed(kind: str) -> int:
    """How many different people approve: two for a disclosure (L529), else one."""
    return 2 if kind == "disclose" else 1


def remaining_capabilities(caps: tuple[str, ...], first: str) -> tuple[str, ...]:
    """The approvers still needed after the first approval, given as ``first``."""
    return tuple(c for c in caps if c != first)


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


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months (31 Aug + 6 → 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


# --- retention per record kind (seed 000 L35, L693; seed 002 L254) --------------------

#: seed 000 L35: "录音保存不低于30天" — a recording is kept at least 30 days.
RECORDING_MIN_DAYS = 30


def period_days(period: int, unit: str) -> int:
    """A retention period in days, years counted as 365 days (for comparisons only)."""
    return period * 365 if unit == "years" else period


def retention_allowed(record_kind: str, period: int, unit: str) -> bool:
    """Recordings may not be kept less than 30 days; other kinds at least one day/year."""
    if period < 1:
        return False
    return record_kind != "recording" or period_days(period, unit) >= RECORDING_MIN_DAYS


def kept_until(start: date, *, period: int, unit: str) -> date:
    """The last day a record started on ``start`` is kept."""
    if unit == "years":
        return retain_until(start=start, years=period)
    return start + timedelta(days=period)


def retention_cutoff(today: date, *, period: int, unit: str) -> date:
    """Records started on or before this day have been kept their full period by ``today``.

    The inverse of ``kept_until``: ``kept_until(cutoff) <= today``.
    """
    if unit == "years":
        year = today.year - period
        if today.month == 2 and today.day == calendar.monthrange(today.year, 2)[1]:
            # the last day of February also ends what began on 29 Feb (``retain_until``)
            return date(year, 2, calendar.monthrange(year, 2)[1])
        return today.replace(year=year)
    return today - timedelta(days=period)


# --- custody inspections (seed 000 L487) -------------------------------------------------

#: "每半年对客户档案的保管状况进行一次全面检查": every six months.
INSPECTION_INTERVAL_MONTHS = 6


def next_inspection_due(last: date | None, *, today: date) -> date:
    """When the next inspection is due: 6 months after the last one, or now if never."""
    return today if last is None else add_months(last, INSPECTION_INTERVAL_MONTHS)
