"""The telecom month replayed from the records (seed 002 §7.3, L162–L210).

March 2026 at a telecom-preset site:
- 10 complaints. 6 were signed for after 3 h (> 2 h, L178) and finally replied
  to after 26 h (> 24 h); 4 were signed for within 1 h and replied to in 8 h.
  6 late tickets ≥ 5 → the EOMS item (allocation 10) is forfeited: −10.
  Average reply time (6 × 26 + 4 × 8) / 10 = 18.8 h > 17 h → −5.
- 3 return visits due: one on time, one late, one not done → 2 × −2 = −4.
- The assessor enters: confidentiality −8 (range −5~−15, L168), 10086 misuse
  3 × −1 (L172); bonus: 2 tickets solved by cell parameters (+1 each) and one
  case report adopted by the province (+2) (L210).
Sections: 15 − 8 − 3 = 4; 40 − 10 − 5 − 4 = 21; 20; 20 → 65; bonus +4 → 69.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest

from kefu.assessment.errors import (
    ApproverRequired,
    AssessmentNotAllowed,
    MonthNotOver,
    PointsOutOfRange,
    ReasonRequired,
    ScorecardFrozen,
    ScorecardNotSignedOff,
)
from kefu.assessment.models import LineKind, Scorecard, ScorecardItem, ScorecardLine
from kefu.assessment.services import (
    scorecard_adjust,
    scorecard_entry_add,
    scorecard_run,
    scorecard_sign_off,
    scorecards_run_due,
)
from kefu.assessment.tests.factories import eoms_ticket, telecom_site
from kefu.core.models import AuditEntry
from kefu.desk.models import Ticket
from kefu.visits.services import visit_record, visit_schedule

SH = ZoneInfo("Asia/Shanghai")
MARCH = date(2026, 3, 1)
RUN_AT = datetime(2026, 4, 7, 9, 0, tzinfo=SH)


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=SH)


@pytest.fixture
def telecom(xlm):
    template = telecom_site(xlm)
    items = {i.code: i for i in ScorecardItem.objects.filter(section__template=template)}
    return xlm, template, items


def march_records(xlm, *, late: int = 6, on_time: int = 4) -> list[Ticket]:
    tickets = []
    for n in range(late):
        tickets.append(eoms_ticket(xlm, at(2 + n), sign_for_h=3, reply_h=26))
    for n in range(on_time):
        tickets.append(eoms_ticket(xlm, at(10 + n), sign_for_h=1, reply_h=8))
    director = xlm["cs_director"]
    visits = [
        visit_schedule(
            actor=director,
            site=xlm.site,
            reason="complaint_reply",
            due_on=date(2026, 3, 20 + n),
            ticket=tickets[n],
            visitor=director,
            now=at(3),
        )
        for n in range(3)
    ]
    visit_record(actor=director, visit=visits[0], reached=True, satisfaction=5, now=at(20, 15))
    visit_record(actor=director, visit=visits[1], reached=True, satisfaction=5, now=at(25, 15))
    return tickets


def assessor_entries(xlm, card, items):
    director, gm = xlm["cs_director"], xlm["gm"]

    def add(code, points=None, reason="现场抽查"):
        return scorecard_entry_add(
            actor=director,
            scorecard=card,
            item=items[code],
            points=points,
            reason=reason,
            approver=gm,
            now=RUN_AT,
        )

    add("confidentiality", D(8), "测试数据外泄")
    for _ in range(3):
        add("caller_id_10086", reason="私用10086号码显示")
    for _ in range(2):
        add("solved_by_parameters", reason="通过小区参数调整解决")
    add("case_adopted", reason="案例分析报告被省公司采纳")


def test_the_telecom_month_scores_69_of_95(telecom):
    xlm, template, items = telecom
    march_records(xlm)
    [card] = scorecard_run(actor=xlm["cs_director"], template=template, month=MARCH, now=RUN_AT)
    assert (card.base_score, card.bonus, card.total) == (D(76), D(0), D(76))
    assessor_entries(xlm, card, items)
    card.refresh_from_db()
    sections = {s["code"]: s for s in card.breakdown["sections"]}
    assert [sections[c]["score"] for c in ("conduct", "tickets", "solutions", "reports")] == [
        "4.00", "21.00", "20.00", "20.00",
    ]  # fmt: skip
    eoms = sections["tickets"]["items"][str(items["eoms_timeliness"].pk)]
    assert (eoms["count"], eoms["raw"], eoms["points"], eoms["forfeited"]) == (
        6, "12.00", "10.00", True,
    )  # fmt: skip
    assert (card.base_score, card.bonus, card.total) == (D(65), D(4), D(69))
    figures = card.breakdown["figures"][str(items["average_handling"].pk)]
    assert (figures["average_hours"], figures["replied"]) == (18.8, 10)


def test_every_computed_deduction_links_to_its_record(telecom):
    xlm, template, items = telecom
    tickets = march_records(xlm)
    [card] = scorecard_run(actor=None, template=template, month=MARCH, now=RUN_AT)
    eoms = card.lines.filter(item=items["eoms_timeliness"])
    assert sorted(line.source.pk for line in eoms) == sorted(t.pk for t in tickets[:6])
    visits = card.lines.filter(item=items["return_visit"])
    assert sorted(line.source.due_on.day for line in visits) == [21, 22]
    [average] = card.lines.filter(item=items["average_handling"])
    assert (average.source, average.note) == (None, "18.8 h > 17 h")


def test_four_late_tickets_deduct_8_and_no_forfeit(telecom):
    # seed 002 L178: −2 per ticket below the 5-ticket wipe-out
    xlm, template, items = telecom
    march_records(xlm, late=4, on_time=6)
    [card] = scorecard_run(actor=None, template=template, month=MARCH, now=RUN_AT)
    section = next(s for s in card.breakdown["sections"] if s["code"] == "tickets")
    eoms = section["items"][str(items["eoms_timeliness"].pk)]
    assert (eoms["points"], eoms["forfeited"]) == ("8.00", False)
    # (4 × 26 + 6 × 8) / 10 = 15.2 h ≤ 17 h: no deduction
    assert not card.lines.filter(item=items["average_handling"]).exists()
    assert section["score"] == "28.00"  # 40 − 8 − 4 (visits)


def test_a_rerun_before_sign_off_gives_the_same_card(telecom):
    xlm, template, items = telecom
    march_records(xlm)
    [card] = scorecard_run(actor=None, template=template, month=MARCH, now=RUN_AT)
    assessor_entries(xlm, card, items)
    [again] = scorecard_run(actor=None, template=template, month=MARCH, now=RUN_AT)
    assert again.pk == card.pk
    assert again.total == D(69)
    assert again.lines.filter(kind=LineKind.COMPUTED).count() == 6 + 1 + 2
    assert again.lines.filter(kind=LineKind.MANUAL).count() == 7
    assert Scorecard.objects.count() == 1


def test_the_background_run_happens_on_the_7th_for_the_previous_month(telecom):
    # seed 002 L164: "每个月7号对前一个月进行考核"
    xlm, template, _items = telecom
    march_records(xlm)
    assert scorecards_run_due(today=date(2026, 4, 6), now=RUN_AT - timedelta(days=1)) == 0
    assert scorecards_run_due(today=date(2026, 4, 7), now=RUN_AT) == 1
    card = Scorecard.objects.get(template=template, month=MARCH)
    assert card.total == D(76)
    # later runs the same month leave the computed card alone
    assert scorecards_run_due(today=date(2026, 4, 8), now=RUN_AT + timedelta(days=1)) == 0


def test_a_month_not_over_is_refused(telecom):
    _xlm, template, _items = telecom
    with pytest.raises(MonthNotOver):
        scorecard_run(actor=None, template=template, month=MARCH, now=at(31, 20))
    assert Scorecard.objects.count() == 0


def test_running_needs_the_assess_capability(telecom):
    xlm, template, _items = telecom
    with pytest.raises(AssessmentNotAllowed):
        scorecard_run(actor=xlm["production_manager"],
                      template=template, month=MARCH, now=RUN_AT)  # fmt: skip
    assert Scorecard.objects.count() == 0


def _card(xlm, template):
    march_records(xlm, late=0, on_time=3)
    [card] = scorecard_run(actor=None, template=template, month=MARCH, now=RUN_AT)
    return card


def _counts():
    return ScorecardLine.objects.count(), AuditEntry.objects.count()


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"reason": ""}, ReasonRequired),
        ({"approver": None}, ApproverRequired),
        ({"approver": "production_manager"}, ApproverRequired),
        ({"points": D(16)}, PointsOutOfRange),
        ({"points": D(4)}, PointsOutOfRange),
    ],
)
def test_manual_entries_need_a_reason_an_approver_and_points_in_range(telecom, kwargs, error):
    xlm, template, items = telecom
    card = _card(xlm, template)
    args = {"reason": "泄密", "approver": xlm["gm"], "points": D(10), **kwargs}
    if isinstance(args["approver"], str):
        args["approver"] = xlm[args["approver"]]
    before = _counts()
    with pytest.raises(error):
        scorecard_entry_add(
            actor=xlm["cs_director"], scorecard=card, item=items["confidentiality"], **args
        )
    assert _counts() == before


def test_a_signed_off_month_is_frozen_and_corrected_by_adjustment(telecom):
    xlm, template, items = telecom
    march_records(xlm)
    [card] = scorecard_run(actor=None, template=template, month=MARCH, now=RUN_AT)
    assessor_entries(xlm, card, items)
    with pytest.raises(ScorecardNotSignedOff):
        scorecard_adjust(
            actor=xlm["cs_director"], scorecard=card, points=D(2), reason="x", approver=xlm["gm"]
        )
    card = scorecard_sign_off(actor=xlm["gm"], scorecard=card, now=RUN_AT + timedelta(days=1))
    assert (card.status, card.total) == ("signed_off", D(69))
    before = _counts()
    with pytest.raises(ScorecardFrozen):
        scorecard_run(actor=None, template=template, month=MARCH, now=RUN_AT)
    with pytest.raises(ScorecardFrozen):
        scorecard_entry_add(
            actor=xlm["cs_director"], scorecard=card, item=items["language"], reason="语气激动",
            approver=xlm["gm"],
        )  # fmt: skip
    with pytest.raises(ReasonRequired):
        scorecard_adjust(
            actor=xlm["cs_director"], scorecard=card, points=D(2), reason=" ", approver=xlm["gm"]
        )
    assert _counts() == before
    # one visit was in fact done on time (the visitor recorded it late): +2 back
    line = scorecard_adjust(
        actor=xlm["cs_director"],
        scorecard=card,
        points=D(2),
        reason="回访已按时完成,补录",
        approver=xlm["gm"],
        item=items["return_visit"],
    )
    card.refresh_from_db()
    assert (line.kind, card.adjustment, card.total) == ("adjustment", D(2), D(71))
    audit = AuditEntry.objects.get(action="assessment.scorecard_adjusted", target_id=card.pk)
    assert audit.changes["total"] == ["69.00", "71.00"]
    assert audit.note == "回访已按时完成,补录"


def test_sign_off_needs_the_approve_capability(telecom):
    xlm, template, _items = telecom
    card = _card(xlm, template)
    with pytest.raises(AssessmentNotAllowed):
        scorecard_sign_off(actor=xlm["cs_director"], scorecard=card)
    card.refresh_from_db()
    assert card.status == "draft"
