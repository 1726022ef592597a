"""Joint-venture partners (seed 000 篇七, L355–387): admission, hidden grades, joint
grade decisions, visits, snapshots, ranking."""

from datetime import date

import pytest

from kefu.accounts import errors, partner_rules, services
from kefu.accounts.models import GradeChange, OnsiteCheck, Partner, PartnerSnapshot
from kefu.accounts.selectors import partner_ranking, partner_visits_due
from kefu.accounts.tests.factories import COMPLETE_FORM, admitted_partner, at
from kefu.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def register(dist, **fields):
    return services.partner_register(
        actor=dist["partner_unit"],
        site=dist.site,
        name="远大安装",
        responsible_unit=dist.unit,
        **fields,
    )


def test_unclear_onsite_check_is_not_qualified(dist):
    # seed 000 L363: 对于模糊的情况默认为不具备条件
    partner = register(dist, **COMPLETE_FORM)
    check = services.partner_onsite_check(
        actor=dist["partner_unit"],
        partner=partner,
        checked_on=date(2026, 1, 5),
        address="confirmed",
        staff="unclear",
        equipment="confirmed",
    )
    assert not check.qualified
    before = Partner.objects.get(pk=partner.pk).status, AuditEntry.objects.count()
    with pytest.raises(errors.OnsiteNotQualified):
        services.partner_submit(actor=dist["partner_unit"], partner=partner, now=at("2026-01-05"))
    assert (Partner.objects.get(pk=partner.pk).status, AuditEntry.objects.count()) == before


def test_incomplete_form_cannot_be_submitted(dist):
    partner = register(dist, form_main={"company": "远大"})
    services.partner_onsite_check(
        actor=dist["partner_unit"],
        partner=partner,
        checked_on=date(2026, 1, 5),
        address="confirmed",
        staff="confirmed",
        equipment="confirmed",
    )
    with pytest.raises(errors.FormIncomplete) as exc:
        services.partner_submit(actor=dist["partner_unit"], partner=partner, now=at("2026-01-05"))
    assert "annex_staff.headcount" in exc.value.fields["form"]


def test_partner_office_checks_before_negotiation_and_may_turn_away(dist):
    # seed 000 L365: 盛昌公司进行初步把关 … 及时劝退,并做好解释
    partner = register(dist, **COMPLETE_FORM)
    services.partner_onsite_check(
        actor=dist["partner_unit"],
        partner=partner,
        checked_on=date(2026, 1, 5),
        address="confirmed",
        staff="confirmed",
        equipment="confirmed",
    )
    services.partner_submit(actor=dist["partner_unit"], partner=partner, now=at("2026-01-05"))
    with pytest.raises(errors.CannotManagePartners):
        services.partner_initial_check(
            actor=dist["partner_unit"], partner=partner, admit=True, grade="C", now=at("2026-01-06")
        )
    with pytest.raises(errors.ExplanationRequired):
        services.partner_initial_check(
            actor=dist["partner_office"], partner=partner, admit=False, now=at("2026-01-06")
        )
    away = services.partner_initial_check(
        actor=dist["partner_office"],
        partner=partner,
        admit=False,
        note="资质不符合合作要求",
        now=at("2026-01-06"),
    )
    assert away.status == "turned_away" and away.grade == ""


def test_grade_a_or_b_needs_complete_materials(dist):
    # seed 000 L385: 不能提供相关材料的默认为不具备条件
    partner = admitted_partner(dist, grade="C")
    services.partner_update(
        actor=dist["partner_unit"], partner=partner, annex_record={"qualifications": "三级"}
    )
    change = services.grade_change_propose(
        actor=dist["partner_unit"],
        partner=partner,
        to_grade="A",
        reason="中标两个项目",
        now=at("2026-02-01"),
    )
    services.grade_change_decide(
        actor=dist["partner_office"], change=change, approve=True, now=at("2026-02-02")
    )
    with pytest.raises(errors.MaterialsIncomplete):
        services.grade_change_decide(
            actor=dist["market_development"], change=change, approve=True, now=at("2026-02-03")
        )
    assert Partner.objects.get(pk=partner.pk).grade == "C"


def test_grade_change_is_decided_jointly_by_two_departments(dist):
    # seed 000 L387: 由负责该客户的单位发起,由盛昌公司与市场开发部共同决策
    partner = admitted_partner(dist, grade="C")
    with pytest.raises(errors.CannotManagePartners):
        services.grade_change_propose(
            actor=dist["partner_office"],
            partner=partner,
            to_grade="B",
            reason="x",
            now=at("2026-02-01"),
        )
    change = services.grade_change_propose(
        actor=dist["partner_unit"],
        partner=partner,
        to_grade="B",
        reason="中标",
        now=at("2026-02-01"),
    )
    with pytest.raises(errors.CannotDecideGrade):
        services.grade_change_decide(
            actor=dist["partner_unit"], change=change, approve=True, now=at("2026-02-02")
        )
    services.grade_change_decide(
        actor=dist["partner_office"], change=change, approve=True, now=at("2026-02-02")
    )
    assert Partner.objects.get(pk=partner.pk).grade == "C"  # one side is not enough
    with pytest.raises(errors.SameDecider):
        services.grade_change_decide(
            actor=dist["partner_office"], change=change, approve=True, now=at("2026-02-02")
        )
    done = services.grade_change_decide(
        actor=dist["market_development"], change=change, approve=True, now=at("2026-02-03")
    )
    assert done.status == "decided" and Partner.objects.get(pk=partner.pk).grade == "B"
    with pytest.raises(errors.GradeChangeClosed):
        services.grade_change_decide(
            actor=dist["market_development"], change=done, approve=False, now=at("2026-02-04")
        )


def test_visit_updates_the_partner_data(dist):
    # seed 000 L373: 每次走访时,需要对合作伙伴资料主动进行更新
    partner = admitted_partner(dist)
    visit = services.partner_visit_record(
        actor=dist["partner_unit"],
        partner=partner,
        visited_on=date(2026, 3, 1),
        visitors="第一工程公司 张工",
        updates={"next_moves": "拟投标保定项目", "upcoming_project": True},
    )
    partner.refresh_from_db()
    assert partner.next_moves == "拟投标保定项目" and partner.last_visit_on == date(2026, 3, 1)
    assert visit.updates["next_moves"] == ["", "拟投标保定项目"]


def test_visit_frequencies(dist):
    # seed 000 L369: 外埠 every half year; L371: 公司高层 to A yearly
    assert partner_rules.visits_due(
        grade="A",
        out_of_town=True,
        senior_visits=False,
        last_visit=date(2026, 1, 10),
        last_senior_visit=None,
        admitted_on=date(2025, 6, 1),
        today=date(2026, 7, 11),
        local_months=3,
    ) == [
        partner_rules.VisitDue("unit", date(2026, 7, 10), True),
        partner_rules.VisitDue("senior", date(2026, 6, 1), True),
    ]
    c = partner_rules.visits_due(
        grade="C",
        out_of_town=False,
        senior_visits=True,
        last_visit=None,
        last_senior_visit=None,
        admitted_on=date(2026, 1, 31),
        today=date(2026, 3, 1),
        local_months=3,
    )
    assert c == [partner_rules.VisitDue("unit", date(2026, 4, 30), False)]
    admitted_partner(dist, name="A户", grade="A", out_of_town=True)
    due = partner_visits_due(dist["partner_office"], today=date(2027, 3, 1))
    assert {(r.kind, r.overdue) for r in due} == {("unit", True), ("senior", True)}


def test_snapshot_is_not_changed_by_a_later_edit(dist):
    # seed 000 L379: a类和b类客户的档案每半年存档一次
    b = admitted_partner(dist, name="B户", grade="B", reputation="守信")
    admitted_partner(dist, name="C户", grade="C")
    taken = services.partner_snapshots_take(
        actor=dist["partner_office"], site=dist.site, now=at("2026-06-30")
    )
    assert [(s.partner.name, s.period) for s in taken] == [("B户", "2026H1")]
    services.partner_update(actor=dist["partner_unit"], partner=b, reputation="有拖欠")
    snapshot = PartnerSnapshot.objects.get()
    assert snapshot.data["reputation"] == "守信"
    again = services.partner_snapshots_take(
        actor=dist["partner_office"], site=dist.site, now=at("2026-06-30", "18:00")
    )
    assert again == [] and PartnerSnapshot.objects.count() == 1


def test_ranking_by_completeness_file_and_past_year(dist):
    # seed 000 L383
    admitted_partner(
        dist,
        name="甲",
        grade="C",
        score_contract=90,
        score_safety_quality=90,
        score_cooperation=90,
        reputation="好",
        region="河北",
    )
    admitted_partner(
        dist, name="乙", grade="C", score_contract=95, score_safety_quality=80, score_cooperation=99
    )
    ranked = partner_ranking(dist["partner_office"])
    assert [(p.name, outstanding) for p, _missing, outstanding in ranked] == [
        ("甲", True),
        ("乙", False),
    ]
    assert OnsiteCheck.objects.count() == 2 and GradeChange.objects.count() == 0
