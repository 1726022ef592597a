"""Services: the stored queue, the register with its collision check, deals,
deposits, the ledger, disputes and penalties; errors change nothing."""

from datetime import date, timedelta

import pytest

from kefu.assessment.models import LedgerEntry
from kefu.core.errors import KefuError
from kefu.core.models import AuditEntry
from kefu.sales import services as svc
from kefu.sales.models import LedgerLine, Reception, Visit
from kefu.sales.policies import AbsenceKind, SplitRule
from kefu.sales.selectors import board_for, ledger_net, open_ownership, statistics
from kefu.sales.tests.factories import T, make_office

DAY = date(2026, 3, 2)


@pytest.fixture
def office(db):
    return make_office("b")


def compile_day(office, n=3, day=DAY):
    return svc.queue_compile(
        actor=office["supervisor"],
        site=office.site,
        day=day,
        order={"main": office.consultants[:n]},
        now=T(day, 8),
    )


def nxt(office, hh, mm=0, **kw):
    return svc.queue_next(actor=office["receptionist"], site=office.site, now=T(DAY, hh, mm), **kw)


def register(office, consultant, hh, phone="13800000001", **kw):
    return svc.visit_register(
        actor=office["receptionist"],
        site=office.site,
        consultant=consultant,
        name="买家",
        phone=phone,
        now=T(DAY, hh),
        **kw,
    )


def test_next_gives_numbered_turns_and_board_shows_next(office):
    compile_day(office)
    zhang, wang, li = office.consultants[:3]
    r1 = nxt(office, 9)
    r2 = nxt(office, 9, 5)
    assert (r1.seq, r1.receiver, r2.seq, r2.receiver) == (1, zhang, 2, wang)
    board = board_for(office.site, DAY)
    assert board.next_consultant == li
    assert AuditEntry.objects.filter(action="sales.turn_given").count() == 2


def test_next_errors_change_nothing(office):
    with pytest.raises(KefuError) as exc:
        nxt(office, 9)
    assert exc.value.code == "sales.queue_not_open"
    compile_day(office, n=1)
    zhang = office.consultants[0]
    nxt(office, 9)
    before = (Reception.objects.count(), AuditEntry.objects.count())
    with pytest.raises(KefuError) as exc:
        nxt(office, 9, 1)
    assert exc.value.code == "sales.queue_empty"
    assert (Reception.objects.count(), AuditEntry.objects.count()) == before
    with pytest.raises(KefuError) as exc:
        svc.queue_next(actor=zhang, site=office.site, now=T(DAY, 9, 2))
    assert exc.value.code == "sales.role_required"


def test_short_absence_cover_hands_customer_back(office):
    # [B] L37
    compile_day(office)
    zhang, wang, _li = office.consultants[:3]
    svc.queue_absence_start(
        actor=zhang, site=office.site, consultant=zhang, kind=AbsenceKind.SHORT, now=T(DAY, 9)
    )
    r = nxt(office, 9, 1)
    assert (r.receiver, r.on_behalf_of) == (wang, zhang)
    svc.queue_absence_end(actor=zhang, site=office.site, consultant=zhang, now=T(DAY, 9, 10))
    r.refresh_from_db()
    assert r.handed_back_at == T(DAY, 9, 10)


def test_register_collision_flagged_before_reception_goes_on(office):
    zhang, wang = office.consultants[:2]
    register(office, zhang, 9)
    before = Visit.objects.count()
    with pytest.raises(KefuError) as exc:
        register(office, wang, 10, phone="138-0000-0001")
    assert exc.value.code == "sales.collision" and exc.value.status == 409
    assert Visit.objects.count() == before
    visit = register(office, wang, 10, phone="13800000001", confirm_collision=True)
    assert visit.collision_with == zhang
    assert open_ownership(visit.customer).owner == zhang


def test_register_refuses_a_reception_of_another_sites_queue(office):
    other = make_office("b", code="sales2")
    svc.queue_compile(
        actor=other["supervisor"],
        site=other.site,
        day=DAY,
        order={"main": other.consultants[:3]},
        now=T(DAY, 8),
    )
    foreign = svc.queue_next(actor=other["receptionist"], site=other.site, now=T(DAY, 9))
    with pytest.raises(KefuError) as exc:
        register(office, office.consultants[0], 9, reception=foreign)
    assert exc.value.code == "sales.reception_other_site" and exc.value.status == 400
    assert Visit.objects.count() == 0


def test_register_no_backfill(office):
    # [E] L89: 漏记、忘记事后不得以任何理由补填
    zhang = office.consultants[0]
    with pytest.raises(KefuError) as exc:
        register(office, zhang, 9, visited_on=DAY - timedelta(days=1))
    assert exc.value.code == "sales.backfill_forbidden"
    assert Visit.objects.count() == 0


def test_correction_after_close_keeps_original(office):
    compile_day(office)
    zhang = office.consultants[0]
    visit = register(office, zhang, 9, intent="3栋 89㎡")
    with pytest.raises(KefuError) as exc:
        svc.visit_correction_request(
            actor=zhang, visit=visit, changes={"intent": "5栋"}, reason="写错", now=T(DAY, 10)
        )
    assert exc.value.code == "sales.correction_not_allowed"
    svc.queue_close(actor=office["supervisor"], site=office.site, day=DAY, now=T(DAY, 18))
    with pytest.raises(KefuError) as exc:
        register(office, zhang, 19, phone="13900000000")
    assert exc.value.code == "sales.backfill_forbidden"
    c = svc.visit_correction_request(
        actor=zhang,
        visit=visit,
        changes={"intent": "5栋 89㎡"},
        reason="写错楼号",
        now=T(DAY, 19),
    )
    svc.visit_correction_decide(
        actor=office["supervisor"], correction=c, approve=True, now=T(DAY, 20)
    )
    visit.refresh_from_db()
    c.refresh_from_db()
    assert visit.intent == "5栋 89㎡" and c.original == {"intent": "3栋 89㎡"}


def test_deal_split_70_30_and_deposit_by_finance_only(office):
    # [B] L44: 后续接待人占30%, 原始接待人占70%
    zhang, wang = office.consultants[:2]
    visit = register(office, zhang, 9)
    deal = svc.deal_subscribe(
        actor=wang,
        site=office.site,
        customer=visit.customer,
        unit="3-1502",
        closer=wang,
        commission_fen=1_000_001,
        split_rule=SplitRule.OWNER_ABSENT_70_30,
        now=T(DAY, 15),
    )
    assert ledger_net(deal) == {("consultant", zhang.pk): 700_001, ("consultant", wang.pk): 300_000}
    with pytest.raises(KefuError) as exc:
        svc.deposit_record(actor=wang, deal=deal, kind="small", amount_fen=500_000, receipt_no="1")
    assert exc.value.code == "sales.role_required"
    svc.deposit_record(
        actor=office["finance"], deal=deal, kind="small", amount_fen=500_000, receipt_no="No.1"
    )
    with pytest.raises(KefuError) as exc:
        svc.deal_subscribe(
            actor=wang,
            site=office.site,
            customer=visit.customer,
            unit="3-1502",
            closer=wang,
            commission_fen=1,
            now=T(DAY, 16),
        )
    assert exc.value.code == "sales.unit_taken"
    svc.deal_contract(actor=wang, deal=deal, now=T(DAY, 17))
    rows, total = statistics(office.site, DAY, DAY + timedelta(days=1))
    assert (total.visits, total.subscriptions, total.contracts) == (1, 1, 1)
    assert [r.subscriptions for r in rows if r.consultant == wang] == [1]


def test_dispute_decision_adjusts_ledger_with_reason(office):
    zhang, wang = office.consultants[:2]
    visit = register(office, zhang, 9)
    deal = svc.deal_subscribe(
        actor=wang,
        site=office.site,
        customer=visit.customer,
        unit="1-101",
        closer=wang,
        commission_fen=10_000,
        split_rule=SplitRule.OWNER_ABSENT_70_30,
        now=T(DAY, 15),
    )
    d = svc.dispute_file(
        actor=wang,
        site=office.site,
        customer=visit.customer,
        deal=deal,
        statement="甲只给了资料和名片, 我做了大量工作",
        against=zhang,
        now=T(DAY, 16),
    )
    with pytest.raises(KefuError) as exc:
        svc.dispute_decide(actor=office["site_manager"], dispute=d, reason="x", now=T(DAY, 17))
    assert exc.value.code == "sales.dispute_not_your_level"
    svc.dispute_decide(
        actor=office["supervisor"],
        dispute=d,
        reason="[B] L46 3:7",
        owner=zhang,
        split_rule=SplitRule.TRIVIAL_FIRST_30_70,
        other=wang,
        penalties=[
            {"consultant": zhang, "kind": "day_wage", "reason": "争客", "day_wage_fen": 12_000}
        ],
        now=T(DAY, 17),
    )
    assert ledger_net(deal) == {("consultant", zhang.pk): 3_000, ("consultant", wang.pk): 7_000}
    assert LedgerLine.objects.filter(deal=deal, reason__startswith="reversal").count() == 2
    assert LedgerEntry.objects.get().amount_fen == 12_000
