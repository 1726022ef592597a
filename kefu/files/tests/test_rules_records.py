"""Pure rules of recordings, retention, inspections, approvers and grading schemes."""

from datetime import date

import pytest

from kefu.files import grading, rules
from kefu.files.tests.factories import wav


def test_audio_is_checked_by_content_not_by_name():
    assert rules.audio_content_type("call.wav", wav()[:16]) == "audio/wav"
    assert rules.audio_content_type("call.mp3", b"ID3\x04\x00") == "audio/mpeg"
    assert rules.audio_content_type("call.mp3", b"\xff\xfb\x90\x00") == "audio/mpeg"
    assert rules.audio_content_type("call.amr", b"#!AMR\n") == "audio/amr"
    assert rules.audio_content_type("call.m4a", b"\x00\x00\x00\x20ftypM4A ") == "audio/mp4"
    # a PDF renamed .wav, a WAV renamed .mp3, an unknown extension
    assert rules.audio_content_type("call.wav", b"%PDF-1.4 xxxxxxxx") is None
    assert rules.audio_content_type("call.mp3", wav()[:16]) is None
    assert rules.audio_content_type("call.exe", wav()[:16]) is None
    # RIFF of another kind (AVI) is not a WAV
    assert rules.audio_content_type("call.wav", b"RIFF\x00\x00\x00\x00AVI LIST") is None


def test_recordings_are_kept_at_least_30_days():
    # seed 000 L35: "录音保存不低于30天"
    assert not rules.retention_allowed("recording", 29, "days")
    assert rules.retention_allowed("recording", 30, "days")
    assert rules.retention_allowed("recording", 1, "years")
    assert rules.retention_allowed("complaint_record", 1, "days")
    assert not rules.retention_allowed("complaint_record", 0, "years")


@pytest.mark.parametrize(
    ("start", "period", "unit", "kept"),
    [
        (date(2026, 1, 1), 30, "days", date(2026, 1, 31)),
        (date(2025, 12, 6), 1, "years", date(2026, 12, 6)),
        (date(2016, 2, 29), 10, "years", date(2026, 2, 28)),
    ],
)
def test_kept_until_and_the_cutoff_agree(start, period, unit, kept):
    assert rules.kept_until(start, period=period, unit=unit) == kept
    # expired on the last day kept: started on or before the cutoff of that day
    assert rules.retention_cutoff(kept, period=period, unit=unit) >= start


def test_custody_is_inspected_every_six_months():
    # seed 000 L487: "每半年"
    assert rules.next_inspection_due(date(2026, 3, 15), today=date(2026, 12, 6)) == date(
        2026, 9, 15
    )
    assert rules.next_inspection_due(date(2026, 8, 31), today=date(2026, 9, 1)) == date(2027, 2, 28)
    assert rules.next_inspection_due(None, today=date(2026, 12, 6)) == date(2026, 12, 6)


def test_approvers_by_kind_and_level():
    # L503 read 机密: 客户服务部经理; L103 绝密: 总经理; L525 copies: 客户信息主管 or 总经理
    assert rules.approver_capabilities("confidential", "read") == ("files.approve_classified",)
    assert rules.approver_capabilities("top_secret", "read") == ("files.approve_top_secret",)
    assert rules.approver_capabilities("confidential", "export") == ("files.approve_copy",)
    assert rules.approver_capabilities("top_secret", "export") == ("files.approve_top_secret",)
    assert rules.approver_capabilities("ordinary", "export") == ()
    # L529: a disclosure needs both the 客户信息主管 and the 客户服务部经理, at any level
    assert rules.approver_capabilities("ordinary", "disclose") == (
        "files.approve_copy",
        "files.approve_classified",
    )
    assert rules.approvals_needed("disclose") == 2 and rules.approvals_needed("read") == 1
    assert rules.remaining_capabilities(rules.DISCLOSURE_APPROVERS, "files.approve_copy") == (
        "files.approve_classified",
    )


def test_every_grading_preset_has_a_seed_and_its_numbers():
    for key, preset in grading.PRESETS.items():
        assert preset["scheme"].seed.startswith("seed "), key
        assert len(preset["scheme"].thresholds_fen) == len(preset["scheme"].grades) - 1, key


def test_the_annual_round_grades_abc_and_reviews_by_30_march():
    # seed 001 L873 (three grades), L889 (25–30 March), L899 (temporary, 6 months)
    scheme = grading.grading_scheme("seed001_annual_abc")
    yuan = 100
    assert scheme.suggest(annual_value_fen=6_000_000 * yuan, credit="good") == "A"
    # an A needs good credit ("信誉好", L903); poor credit steps one grade down
    assert scheme.suggest(annual_value_fen=6_000_000 * yuan, credit="normal") == "B"
    assert scheme.suggest(annual_value_fen=2_000_000 * yuan, credit="poor") == "C"
    assert scheme.suggest(annual_value_fen=100 * yuan, credit="poor") == "C"
    assert scheme.review_due(graded_on=date(2026, 12, 6), temporary=False) == date(2027, 3, 30)
    assert scheme.review_due(graded_on=date(2026, 3, 27), temporary=False) == date(2026, 3, 30)
    assert scheme.review_due(graded_on=date(2026, 3, 30), temporary=False) == date(2027, 3, 30)
    assert scheme.review_due(graded_on=date(2026, 12, 6), temporary=True) == date(2027, 6, 6)


def test_the_vip_scheme_grades_abcd_and_reviews_after_12_months():
    # seed 000 L591: VIP A/B/C/D
    scheme = grading.grading_scheme("seed000_vip_abcd")
    assert scheme.grades == "ABCD"
    assert scheme.suggest(annual_value_fen=20_000_000, credit="good") == "A"
    assert scheme.suggest(annual_value_fen=20_000_000, credit="poor") == "B"
    assert scheme.suggest(annual_value_fen=0, credit="normal") == "D"
    assert scheme.review_due(graded_on=date(2026, 12, 6), temporary=True) == date(2027, 12, 6)


def test_grading_overrides_are_checked():
    assert grading.overrides_problem("seed000_vip_abcd", {"months": 6}) is None
    assert grading.overrides_problem("seed000_vip_abcd", {"month": 3}) is not None  # not its
    assert grading.overrides_problem("seed001_annual_abc", {"day": 31, "month": 2}) is not None
    assert grading.overrides_problem("seed001_annual_abc", {"thresholds_fen": [1, 2]}) is not None
    assert grading.overrides_problem("seed001_annual_abc", {"thresholds_fen": [2, 1]}) is None
    assert grading.overrides_problem("nope", {}) is not None
    scheme = grading.grading_scheme("seed000_vip_abcd", {"months": 6})
    assert scheme.review_due(graded_on=date(2026, 1, 31), temporary=False) == date(2026, 7, 31)
    # invalid overrides are ignored, the preset stands
    assert grading.grading_scheme("seed000_vip_abcd", {"months": "x"}).months == 12
