"""Pure rules of the service desk: request numbers and the status flow.

No ORM and no clock here; callers pass dates in.
"""

from dataclasses import dataclass
from datetime import date

# --- Numbering -------------------------------------------------------------
# seed 002 L50: 單號 = YYMMDDNNN. AA year, BB month, day, then the count of
# complaints *within the year*: 100912099 = registered 2010-09-12, the 99th
# complaint of 2010. The sequence runs per year and restarts on 1 January.
# Past 999 in a year the sequence simply widens (YYMMDD1000); it never wraps.

DATE_FORMATS = {
    "yymmdd": "%y%m%d",
    "yyyymmdd": "%Y%m%d",
    "yymm": "%y%m",
    "none": "",
}


def number_period(reset: str, day: date) -> str:
    """The counter bucket a number falls in: '2010', '2010-09', '2010-09-12' or 'all'."""
    if reset == "yearly":
        return f"{day.year:04d}"
    if reset == "monthly":
        return f"{day.year:04d}-{day.month:02d}"
    if reset == "daily":
        return day.isoformat()
    if reset == "never":
        return "all"
    raise ValueError(f"unknown reset {reset!r}")


def format_number(*, prefix: str, date_format: str, seq_digits: int, day: date, seq: int) -> str:
    """Build a request number.

    >>> format_number(prefix="", date_format="yymmdd", seq_digits=3,
    ...               day=date(2010, 9, 12), seq=99)
    '100912099'
    >>> format_number(prefix="", date_format="yymmdd", seq_digits=3,
    ...               day=date(2010, 9, 12), seq=1000)
    '1009121000'
    """
    if seq < 1:
        raise ValueError("sequence starts at 1")
    pattern = DATE_FORMATS[date_format]
    date_part = day.strftime(pattern) if pattern else ""
    return f"{prefix}{date_part}{seq:0{seq_digits}d}"


@dataclass(frozen=True)
class ComplaintNumber:
    year: int
    month: int
    day: int
    seq: int


def parse_complaint_number(number: str, *, century: int = 2000) -> ComplaintNumber:
    """Decode a YYMMDDNNN(N…) complaint number; raises ``ValueError`` if malformed.

    >>> parse_complaint_number("100912099")
    ComplaintNumber(year=2010, month=9, day=12, seq=99)
    """
    if not number.isdigit() or len(number) < 9:
        raise ValueError("a complaint number is at least 9 digits")
    year = century + int(number[0:2])
    month, day_ = int(number[2:4]), int(number[4:6])
    date(year, month, day_)  # raises ValueError for month 13 or 30 February
    seq = int(number[6:])
    if seq < 1:
        raise ValueError("sequence starts at 1")
    return ComplaintNumber(year, month, day_, seq)


# --- Status flow -----------------------------------------------------------
# registered → accepted | rejected → assigned → in progress → replied → closed;
# reopen with a reason. Seed 000 §3.1 L723 (有求必應,有應必解,有解必答): a request
# is closed only after the customer was replied to.


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    needs_reason: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition("accept", frozenset({"registered"}), "accepted"),
        Transition("reject", frozenset({"registered"}), "rejected", needs_reason=True),
        Transition("assign", frozenset({"accepted", "assigned", "in_progress"}), "assigned"),
        Transition("start", frozenset({"assigned"}), "in_progress"),
        Transition("reply", frozenset({"accepted", "assigned", "in_progress"}), "replied"),
        Transition("close", frozenset({"replied"}), "closed"),
        # The target of a reopen depends on the request; see ``reopen_target``.
        Transition(
            "reopen",
            frozenset({"replied", "closed", "rejected"}),
            "in_progress",
            needs_reason=True,
        ),
    ]
}

OPEN_STATUSES = frozenset({"registered", "accepted", "assigned", "in_progress"})


def allowed_actions(status: str) -> list[str]:
    """Actions the status flow allows from ``status`` (permissions aside)."""
    return [a for a, t in TRANSITIONS.items() if status in t.sources]


def reopen_target(*, status: str, has_assignee: bool) -> str:
    """A rejected request goes back to be decided again; others back to work."""
    if status == "rejected":
        return "registered"
    return "in_progress" if has_assignee else "accepted"
