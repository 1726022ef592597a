"""The portal's pure rules (issue 13: 6 digits, 5 minutes, at most 5 tries)."""

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from kefu.portal import rules

NOW = datetime(2026, 12, 1, 10, 0)


def test_code_is_six_digits():
    assert rules.code_format_ok("012345")
    assert not rules.code_format_ok("12345")
    assert not rules.code_format_ok("1234567")
    assert not rules.code_format_ok("12345a")
    assert not rules.code_format_ok("１２３４５６")  # full-width digits are not ASCII


def test_code_lifetime_is_five_minutes():
    expires = NOW + rules.CODE_LIFETIME
    assert timedelta(minutes=5) == rules.CODE_LIFETIME
    ok = rules.code_check(
        now=expires - timedelta(seconds=1), expires_at=expires, used=False, tries=0, matches=True
    )
    late = rules.code_check(now=expires, expires_at=expires, used=False, tries=0, matches=True)
    assert ok.ok and not late.ok and late.reason == "expired"


def test_code_at_most_five_tries():
    expires = NOW + rules.CODE_LIFETIME
    fifth = rules.code_check(now=NOW, expires_at=expires, used=False, tries=4, matches=True)
    sixth = rules.code_check(now=NOW, expires_at=expires, used=False, tries=5, matches=True)
    assert fifth.ok
    assert not sixth.ok and sixth.reason == "tries"


def test_used_code_is_refused():
    check = rules.code_check(
        now=NOW, expires_at=NOW + rules.CODE_LIFETIME, used=True, tries=0, matches=True
    )
    assert check.reason == "used"


@given(st.integers(min_value=0, max_value=50), st.integers(min_value=0, max_value=50))
def test_rate_allowed_below_limit(count, limit):
    assert rules.rate_allowed(count_in_window=count, limit=limit) == (count < limit)


def test_photo_content_from_bytes():
    assert rules.photo_content_type(b"\xff\xd8\xff\xe0....") == "image/jpeg"
    assert rules.photo_content_type(b"\x89PNG\r\n\x1a\n....") == "image/png"
    assert rules.photo_content_type(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "image/webp"
    assert rules.photo_content_type(b"<svg xmlns=") is None
    assert rules.photo_content_type(b"%PDF-1.7") is None


def test_public_timeline_whitelist():
    # issue 13: never internal opinions, penalties, names of staff complained about
    assert rules.public_event("desk.ticket_replied") == "replied"
    for private in (
        "desk.ticket_commented",
        "desk.ticket_updated",
        "desk.sla_escalated",
        "desk.ticket_opinion_received",
        "complaints.attribution_decided",
        "assessment.ledger_entry_recorded",
    ):
        assert rules.public_event(private) is None
    assert {"portal.info_added"} == rules.PUBLIC_NOTE_ACTIONS
