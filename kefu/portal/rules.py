"""Pure rules of the portal: codes, limits, photos and the public timeline.

No ORM, no clock: "now" is passed in.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

CODE_DIGITS = 6  # issue 13: a 6-digit one-time code
CODE_LIFETIME = timedelta(minutes=5)  # issue 13: valid 5 minutes
CODE_MAX_TRIES = 5  # issue 13: at most 5 tries
RATE_WINDOW_CODES = timedelta(hours=1)
RATE_WINDOW_PAGES = timedelta(minutes=1)

# Photos: content is sniffed from the first bytes, never taken from the name
# or the browser's content type.
PHOTO_MAGIC = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)


def code_format_ok(code: str) -> bool:
    """Six ASCII digits."""
    return len(code) == CODE_DIGITS and code.isascii() and code.isdigit()


@dataclass(frozen=True)
class CodeCheck:
    ok: bool
    reason: str = ""  # "expired", "used", "tries", "wrong"


def code_check(
    *, now: datetime, expires_at: datetime, used: bool, tries: int, matches: bool
) -> CodeCheck:
    """Decide a code attempt: used, expired (5 minutes) or out of tries (5) fail first.

    ``tries`` counts the attempts before this one.
    """
    if used:
        return CodeCheck(False, "used")
    if now >= expires_at:
        return CodeCheck(False, "expired")
    if tries >= CODE_MAX_TRIES:
        return CodeCheck(False, "tries")
    return CodeCheck(True) if matches else CodeCheck(False, "wrong")


def rate_allowed(*, count_in_window: int, limit: int) -> bool:
    """One more event is allowed while fewer than ``limit`` fell in the window."""
    return count_in_window < limit


def photo_content_type(head: bytes, *, webp_ok: bool = True) -> str | None:
    """The image type the first bytes show (JPEG, PNG, WebP), else None."""
    for magic, content_type in PHOTO_MAGIC:
        if head.startswith(magic):
            return content_type
    if webp_ok and len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


# The public part of a request's timeline. Only these audit actions are shown
# to the customer, with a public label and never the actor, notes or changes
# (issue 13: never internal opinions, penalties, names of staff complained
# about). Everything else (comments, assignments' names, SLA warnings,
# complaint handling, ledger entries) is private by omission.
PUBLIC_ACTIONS = {
    "desk.ticket_registered": "registered",
    "desk.ticket_accepted": "accepted",
    "desk.ticket_rejected": "rejected",
    "desk.ticket_assigned": "assigned",
    "desk.ticket_started": "started",
    "desk.ticket_replied": "replied",
    "desk.ticket_closed": "closed",
    "desk.ticket_reopened": "reopened",
    "desk.ticket_urged": "urged",
    "portal.info_added": "info_added",
    "portal.request_withdrawn": "withdrawn",
    "portal.request_rated": "rated",
}
# Of those, the ones whose note the customer may read: their own words only.
PUBLIC_NOTE_ACTIONS = {"portal.info_added"}


def public_event(action: str) -> str | None:
    """The public event code of an audit action, or None when it stays internal."""
    return PUBLIC_ACTIONS.get(action)


# Online-channel items (seed 000 L69): the designated person's capability and the
# public reply's steps. A reply is drafted (or redrafted after a return), reviewed
# by the relevant department while submitted, and published only once approved.
ONLINE_CAPABILITY = "portal.online"
ONLINE_STEPS = {
    "draft": ("none", "returned"),
    "review": ("submitted",),
    "publish": ("approved",),
}


def online_step_allowed(step: str, reply_status: str) -> bool:
    """Whether the public reply in ``reply_status`` may take ``step`` now."""
    return reply_status in ONLINE_STEPS.get(step, ())
