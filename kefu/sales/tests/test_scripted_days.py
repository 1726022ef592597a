"""One scripted day per preset: arrivals, absences of each kind, returns, a
collision, a dispute; at the end the order, the owners and the ledger are checked.
Runs on SQLite and PostgreSQL alike (the services lock and number the same way)."""

from datetime import date, timedelta

import pytest

from kefu.assessment.models import LedgerEntry
from kefu.core.errors import KefuError
from kefu.sales import services as svc
from kefu.sales.models import Reception
from kefu.sales.policies import AbsenceKind as K
from kefu.sales.policies import MakeupReason, SplitRule
from kefu.sales.selectors import board_for, ledger_net, open_ownership
from kefu.sales.tests.factories import T, make_office

DAY = date(2026, 3, 2)


class Script:
    """The office's day, driven through the services with explicit clock times."""

    def __init__(self, preset: str, groups: bool = False):
        self.o = make_office(preset, groups=groups)
        self.site = self.o.site
        self.Z, self.W, self.L, self.H = self.o.consultants[:4]
        self.desk = self.o["receptionist"]

    def compile(self, *people, day=DAY, **groups):
        order = groups or {"main": list(people)}
        svc.queue_compile(
            actor=self.o["supervisor"], site=self.site, day=day, order=order, now=T(day, 8)
        )

    def next(self, hh, mm=0, group=None, day=DAY):
        g = self.site.receptiongroup_set.get(code=group) if group else None
        return svc.queue_next(actor=self.desk, site=self.site, group=g, now=T(day, hh, mm))

    def finish(self, reception, hh, mm=0, **kw):
        return svc.reception_finish(actor=self.desk, reception=reception, now=T(DAY, hh, mm), **kw)

    def serve(self, hh, mm=0, **kw):
        r = self.next(hh, mm, **kw)
        self.finish(r, hh, mm + 1)
        return r.receiver

    def away(self, who, kind, hh, mm=0, substitute=None):
        svc.queue_absence_start(
            actor=self.desk,
            site=self.site,
            consultant=who,
            kind=kind,
            substitute=substitute,
            now=T(DAY, hh, mm),
        )

    def back(self, who, hh, mm=0):
        svc.queue_absence_end(actor=self.desk, site=self.site, consultant=who, now=T(DAY, hh, mm))

    def register(self, who, phone, at, **kw):
        return svc.visit_register(
            actor=self.desk, site=self.site, consultant=who, name="买家", phone=phone, now=at, **kw
        )

    def order(self, group_index=0):
        board = board_for(self.site, DAY)
        return [row.member.consultant for row in board.groups[group_index][1]]

    def net(self, deal):
        return {(party, cid): fen for (party, cid), fen in ledger_net(deal).items()}


def u(user):
    return ("consultant", user.pk)


@pytest.mark.django_db
def test_day_b_cyclic_table():
    s = Script("b")
    Z, W, L, H = s.Z, s.W, s.L, s.H
    s.compile(Z, W, L, H)
    assert s.serve(9) == Z
    s.register(Z, "13800000001", T(DAY, 9, 5))
    s.away(W, K.PERSONAL, 9, 10)  # [B] L34
    assert s.serve(9, 20) == L
    s.away(H, K.OFFICIAL, 9, 30)  # [B] L36
    s.away(Z, K.SHORT, 9, 40)  # [B] L37
    covered = s.next(9, 45)
    assert (covered.receiver, covered.on_behalf_of) == (L, Z)
    s.finish(covered, 9, 50)
    s.back(W, 10)
    s.back(Z, 10, 5)
    s.back(H, 10, 10)
    assert s.serve(10, 20) == H  # the errand kept H's place
    assert s.order() == [L, Z, W, H]
    covered.refresh_from_db()
    assert covered.handed_back_at == T(DAY, 10, 5)
    # 撞单: H registers Z's buyer; flagged before the reception goes on
    with pytest.raises(KefuError, match="撞单"):
        s.register(H, "13800000001", T(DAY, 10, 25))
    s.register(H, "13800000001", T(DAY, 10, 26), confirm_collision=True)
    customer = open_ownership(covered.queue.site.customer_set.get()).customer
    deal = svc.deal_subscribe(
        actor=H,
        site=s.site,
        customer=customer,
        unit="3-1502",
        closer=H,
        commission_fen=100_000,
        split_rule=SplitRule.OWNER_ABSENT_70_30,
        now=T(DAY, 15),
    )
    assert s.net(deal) == {u(Z): 70_000, u(H): 30_000}  # [B] L44
    dispute = svc.dispute_file(
        actor=H,
        site=s.site,
        customer=customer,
        deal=deal,
        against=Z,
        statement="甲只拿了资料和名片",
        now=T(DAY, 16),
    )
    svc.dispute_decide(
        actor=s.o["supervisor"],
        dispute=dispute,
        reason="[B] L46 3:7",
        owner=Z,
        split_rule=SplitRule.TRIVIAL_FIRST_30_70,
        other=H,
        now=T(DAY, 17),
        penalties=[{"consultant": H, "kind": "day_wage", "reason": "争客", "day_wage_fen": 15_000}],
    )
    assert s.net(deal) == {u(Z): 30_000, u(H): 70_000}  # [B] L46
    assert open_ownership(customer).owner == Z
    assert LedgerEntry.objects.get().amount_fen == 15_000
    assert [m.turns for m in board_for(s.site, DAY).queue.members.order_by("consultant")] == [
        2,
        0,
        1,
        1,
    ]  # Z: own + covered; W: none; L: one of its own; H: one


@pytest.mark.django_db
def test_day_e_morning_arrival():
    s = Script("e")
    Z, W, L = s.Z, s.W, s.L
    for who, (hh, mm) in ((L, (8, 29)), (Z, (8, 31)), (W, (8, 45))):  # [E] L86
        svc.queue_check_in(actor=who, site=s.site, consultant=who, now=T(DAY, hh, mm))
    assert s.order() == [L, Z, W]
    assert s.serve(9) == L
    s.register(Z, "13900000001", T(DAY, 9, 5))
    assert s.serve(9, 10) == Z
    s.away(W, K.NON_WORK, 9, 15)  # [E] L90: gives up the round
    r = s.next(9, 20)
    assert r.receiver == L
    s.finish(r, 9, 21)
    s.back(W, 9, 25)
    assert s.order() == [Z, W, L]
    duty = s.next(9, 30)
    s.finish(duty, 9, 31, kind="not_counted")  # [E] L86: not counted → turn back
    assert s.serve(9, 40) == Z
    with pytest.raises(KefuError) as exc:
        svc.visit_register(
            actor=s.desk,
            site=s.site,
            consultant=W,
            name="补",
            phone="13900000002",
            visited_on=DAY - timedelta(days=1),
            now=T(DAY, 10),
        )
    assert exc.value.code == "sales.backfill_forbidden"
    s.register(W, "13900000001", T(DAY, 10, 5), confirm_collision=True)
    customer = open_ownership(duty.queue.site.customer_set.get()).customer
    # Z never recognised the customer before signing → the signer W owns ([E] L94)
    deal = svc.deal_subscribe(
        actor=W,
        site=s.site,
        customer=customer,
        unit="A-101",
        closer=W,
        commission_fen=88_888,
        now=T(DAY, 15),
    )
    assert s.net(deal) == {u(W): 88_888}
    assert open_ownership(customer).owner == W
    dispute = svc.dispute_file(
        actor=Z,
        site=s.site,
        customer=customer,
        deal=deal,
        against=W,
        statement="我先接待的",
        now=T(DAY, 16),
    )
    with pytest.raises(KefuError) as exc:
        svc.dispute_decide(actor=s.o["supervisor"], dispute=dispute, reason="x", now=T(DAY, 17))
    assert exc.value.code == "sales.dispute_not_your_level"
    svc.dispute_decide(
        actor=s.o["site_manager"],
        dispute=dispute,
        reason="签约前未认出 [E] L94",
        owner=W,
        now=T(DAY, 17),
    )  # [E] L95 the site manager rules
    assert s.net(deal) == {u(W): 88_888}
    assert s.order() == [W, L, Z]


@pytest.mark.django_db
def test_day_e_recognised_before_signing_keeps_the_owner():
    s = Script("e")
    svc.queue_check_in(actor=s.Z, site=s.site, consultant=s.Z, now=T(DAY, 8))
    v = s.register(s.Z, "13900000009", T(DAY, 9))
    svc.ownership_recognise(actor=s.Z, customer=v.customer, now=T(DAY, 14))
    deal = svc.deal_subscribe(
        actor=s.W,
        site=s.site,
        customer=v.customer,
        unit="B-1",
        closer=s.W,
        commission_fen=1_000,
        now=T(DAY, 15),
    )
    assert s.net(deal) == {u(s.Z): 1_000}


@pytest.mark.django_db
def test_day_j_customer_choice_lapse_and_48h():
    s = Script("j")
    Z, W, L = s.Z, s.W, s.L
    s.compile(Z, W, L)
    s.away(Z, K.OFFICIAL, 9)
    assert s.serve(9, 5) == W
    s.back(Z, 10)
    assert s.order() == [Z, L, W]
    # [J] L160: no follow-up for a month → the next receiver is free to register
    jan = date(2026, 1, 5)
    v = s.register(Z, "13700000001", T(jan, 10))
    v2 = s.register(W, "13700000001", T(date(2026, 2, 6), 10))
    assert v2.collision_with is None and open_ownership(v.customer).owner == W
    # [J] L158: the customer chooses L
    svc.ownership_choose(actor=s.o["supervisor"], customer=v.customer, consultant=L, now=T(DAY, 11))
    deal = svc.deal_subscribe(
        actor=L,
        site=s.site,
        customer=v.customer,
        unit="9-901",
        closer=L,
        commission_fen=50_000,
        now=T(DAY, 12),
    )
    assert s.net(deal) == {u(L): 50_000}
    # one consultant per subscription: no splits
    p = s.register(Z, "13700000002", T(DAY, 13))
    with pytest.raises(KefuError) as exc:
        svc.deal_subscribe(
            actor=W,
            site=s.site,
            customer=p.customer,
            unit="9-902",
            closer=W,
            commission_fen=1,
            split_rule=SplitRule.OWNER_ABSENT_70_30,
            now=T(DAY, 14),
        )
    assert exc.value.code == "sales.split_not_allowed"
    # [J] L166: a proxy buyer's deal, found by the original within 48 h
    proxy = svc.deal_subscribe(
        actor=W,
        site=s.site,
        customer=p.customer,
        unit="9-903",
        closer=W,
        commission_fen=60_000,
        proxy_buyer=True,
        now=T(DAY, 15),
    )
    assert s.net(proxy) == {u(W): 60_000}
    svc.deal_claim(actor=Z, deal=proxy, now=T(DAY, 15) + timedelta(hours=47))
    assert s.net(proxy) == {u(Z): 60_000}
    q = s.register(Z, "13700000003", T(DAY, 13, 30))
    late = svc.deal_subscribe(
        actor=W,
        site=s.site,
        customer=q.customer,
        unit="9-904",
        closer=W,
        commission_fen=1_000,
        proxy_buyer=True,
        now=T(DAY, 15),
    )
    with pytest.raises(KefuError) as exc:
        svc.deal_claim(actor=Z, deal=late, now=T(DAY, 15) + timedelta(hours=49))
    assert exc.value.code == "sales.claim_too_late"
    # [J] L161: statement → superior → marketing manager → 陈总; 抢单 → recreation fund
    dispute = svc.dispute_file(
        actor=Z,
        site=s.site,
        customer=q.customer,
        deal=late,
        against=W,
        statement="书面情况说明",
        now=T(DAY, 16),
    )
    svc.dispute_escalate(actor=s.o["supervisor"], dispute=dispute, note="协商不成", now=T(DAY, 16))
    svc.dispute_escalate(
        actor=s.o["marketing_manager"], dispute=dispute, note="核实", now=T(DAY, 17)
    )
    with pytest.raises(KefuError) as exc:
        svc.dispute_escalate(actor=s.o["executive"], dispute=dispute, note="", now=T(DAY, 18))
    assert exc.value.code == "sales.dispute_top"
    svc.dispute_decide(
        actor=s.o["executive"],
        dispute=dispute,
        reason="抢单 [J] L165",
        split_rule=SplitRule.RECREATION_FUND,
        now=T(DAY, 18),
        penalties=[{"consultant": W, "kind": "points", "points": 3, "reason": "争吵 [J] L163"}],
    )
    assert s.net(late) == {("recreation_fund", None): 1_000}
    assert LedgerEntry.objects.get().points == 3


@pytest.mark.django_db
def test_day_k_any_absence_loses_the_turn():
    s = Script("k")
    Z, W, L, H = s.Z, s.W, s.L, s.H
    s.compile(Z, W, L, H)
    s.away(Z, K.MEAL, 9)  # [K]: even meals
    r = s.next(9, 5)
    assert r.receiver == W
    s.finish(r, 9, 10)
    s.back(Z, 9, 20)
    assert s.order() == [L, H, Z, W]
    svc.queue_swap(actor=s.o["supervisor"], site=s.site, a=L, b=H, now=T(DAY, 9, 30))
    assert s.order() == [H, L, Z, W]
    s.away(H, K.OFFICIAL, 9, 40)
    assert s.serve(9, 45) == L  # no swap asked: the errand also passes the turn
    s.back(H, 10)
    assert s.order() == [Z, W, H, L]
    # phone registrations do not count; on-site L owns; never lapses
    s.register(W, "13600000001", T(DAY, 9), channel="phone")
    v = s.register(L, "13600000001", T(DAY, 10))
    assert v.collision_with is None and open_ownership(v.customer).owner == L
    later = v.visited_at + timedelta(days=400)
    with pytest.raises(KefuError):
        s.register(Z, "13600000001", later)
    s.register(Z, "13600000001", later, confirm_collision=True)
    deal = svc.deal_subscribe(
        actor=Z,
        site=s.site,
        customer=v.customer,
        unit="K-1",
        closer=Z,
        commission_fen=123_457,
        now=later,
    )
    assert s.net(deal) == {u(L): 123_457}  # 归属第一次接待登记销售员
    dispute = svc.dispute_file(
        actor=Z, site=s.site, customer=v.customer, deal=deal, statement="矛盾不可调和", now=later
    )
    svc.dispute_decide(
        actor=s.o["sales_manager"],
        dispute=dispute,
        reason="首次撞单, 公用基金",
        split_rule=SplitRule.COMMON_FUND,
        now=later,
        penalties=[
            {"consultant": Z, "kind": "month_wage", "reason": "抢单", "month_wage_fen": 500_000}
        ],
    )
    assert s.net(deal) == {("common_fund", None): 123_457}
    assert LedgerEntry.objects.get().amount_fen == 500_000


@pytest.mark.django_db
def test_day_p_first_onsite_receiver():
    s = Script("p")
    Z, W, L = s.Z, s.W, s.L
    s.compile(Z, W, L)
    s.away(Z, K.LEAVE, 9)
    assert s.serve(9, 5) == W
    s.back(Z, 12)
    assert s.order() == [L, W, Z]
    s.register(Z, "13500000001", T(DAY, 9, 30), channel="phone")
    v = s.register(L, "13500000001", T(DAY, 10))  # [P] L261 第一次现场接待
    assert open_ownership(v.customer).owner == L
    s.register(W, "13500000001", T(DAY, 11), confirm_collision=True)
    deal = svc.deal_subscribe(
        actor=W,
        site=s.site,
        customer=v.customer,
        unit="P-1",
        closer=W,
        commission_fen=40_000,
        now=T(DAY, 15),
    )
    assert s.net(deal) == {u(L): 40_000}
    dispute = svc.dispute_file(
        actor=W, site=s.site, customer=v.customer, deal=deal, statement="撞单", now=T(DAY, 16)
    )
    svc.dispute_decide(
        actor=s.o["supervisor"],
        dispute=dispute,
        reason="[P] L259 主管视情节",
        owner=L,
        now=T(DAY, 17),
        penalties=[{"consultant": W, "kind": "dismissal", "reason": "换名 [P] L268"}],
    )
    assert s.net(deal) == {u(L): 40_000}
    assert LedgerEntry.objects.get().dismissal_recommended


@pytest.mark.django_db
def test_day_r_groups_makeup_and_violations():
    s = Script("r", groups=True)
    Z, W, L, H = s.Z, s.W, s.L, s.H
    s.compile(g1=[Z, W], g2=[L, H])
    r1 = s.next(9, group="g1")
    r2 = s.next(9, 1, group="g1")
    r3 = s.next(9, 2, group="g1")  # g1 all receiving → the second group ([R] L315)
    assert (r1.receiver, r2.receiver, r3.receiver) == (Z, W, L)
    s.finish(r1, 9, 30)
    assert s.order(0) == [W, Z]  # the finisher goes to the group's tail
    s.finish(r2, 9, 40)
    s.away(Z, K.BUSY, 9, 45, substitute=W)  # accompanying a signing ([R] L318)
    r4 = s.next(9, 50, group="g1")
    assert r4.receiver == W
    s.back(Z, 10)
    s.finish(r4, 10, 5)
    r5 = s.next(10, 10, group="g1")
    assert (r5.receiver, r5.makeup_used) == (Z, True)  # the passed turn made up
    s.finish(r5, 10, 20, kind="invalid", makeup_reason=MakeupReason.AGENCY)  # [R] L324
    r6 = s.next(10, 30, group="g1")
    assert r6.receiver == Z and r6.makeup_used
    s.finish(r6, 10, 40)
    s.finish(r3, 10, 45)
    s.away(H, K.PERSONAL, 11)  # no substitute: counted violation
    s.back(H, 11, 10)
    s.away(H, K.PERSONAL, 12)
    violations = LedgerEntry.objects.filter(person=H).order_by("id")
    assert [p.dismissal_recommended for p in violations] == [False, True]  # 累计2次以上
    assert s.order(0) == [W, Z]
    v = s.register(Z, "13400000001", T(DAY, 11))
    s.register(L, "13400000001", T(DAY, 13), confirm_collision=True)
    deal = svc.deal_subscribe(
        actor=L,
        site=s.site,
        customer=v.customer,
        unit="R-1",
        closer=L,
        commission_fen=77_777,
        now=T(DAY, 15),
    )
    dispute = svc.dispute_file(
        actor=L, site=s.site, customer=v.customer, deal=deal, statement="公司客户", now=T(DAY, 16)
    )
    svc.dispute_decide(
        actor=s.o["sales_manager"],
        dispute=dispute,
        reason="[R] L318 公司统一分配",
        split_rule=SplitRule.COMPANY,
        now=T(DAY, 17),
    )
    assert s.net(deal) == {("company", None): 77_777}
    assert Reception.objects.filter(kind="invalid").count() == 1


@pytest.mark.django_db
def test_day_re002_make_up_and_two_month_file():
    s = Script("re002")
    Z, W, L = s.Z, s.W, s.L
    s.compile(Z, W, L)
    s.away(Z, K.OFFICIAL, 9)  # 因公事外出 → 空幾輪, 補接幾名新客戶 (L352)
    got = [s.serve(9, 5 + i) for i in range(4)]
    assert got == [W, L, W, L]
    s.back(Z, 10)
    assert [s.serve(10, 5), s.serve(10, 10), s.serve(10, 15)] == [Z, Z, W]
    v = s.register(W, "13300000001", T(date(2026, 1, 2), 10))
    s.register(L, "13300000001", T(DAY, 11))  # file expired after 2 months (L406)
    assert open_ownership(v.customer).owner == L
    s.register(W, "13300000001", T(DAY, 12), confirm_collision=True)
    deal = svc.deal_subscribe(
        actor=W,
        site=s.site,
        customer=v.customer,
        unit="E-1",
        closer=W,
        commission_fen=99_999,
        split_rule=SplitRule.REFUSED_20_80,
        now=T(DAY, 15),
    )
    assert s.net(deal) == {u(L): 20_000, u(W): 79_999}  # (2) A:80% B:20%
    dispute = svc.dispute_file(
        actor=L, site=s.site, customer=v.customer, deal=deal, statement="第N次指定", now=T(DAY, 16)
    )
    svc.dispute_escalate(actor=s.o["supervisor"], dispute=dispute, note="調解不成", now=T(DAY, 16))
    svc.dispute_decide(
        actor=s.o["sales_manager"],
        dispute=dispute,
        reason="(8) 50/50",
        owner=L,
        split_rule=SplitRule.SHARED_50_50,
        other=W,
        now=T(DAY, 17),
    )
    assert s.net(deal) == {u(L): 50_000, u(W): 49_999}
    assert s.order() == [L, Z, W]
