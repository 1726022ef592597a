"""Satisfaction surveys: target lists, one answer per target, links, figures, actions."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from kefu.core.errors import KefuError
from kefu.core.models import AuditEntry
from kefu.customers.services import customer_create
from kefu.visits import services
from kefu.visits.models import Question, Questionnaire, SurveyAnswer, SurveyCampaign
from kefu.visits.selectors import campaign_stats
from kefu.visits.tests.factories import resident

T = datetime.fromisoformat


@pytest.fixture
def campaign(pmc):
    clerk = pmc["cs_clerk"]
    resident(actor=clerk, site=pmc.site, name="业主甲", number="101")
    resident(actor=clerk, site=pmc.site, name="租户乙", number="102", role="tenant")
    resident(actor=clerk, site=pmc.site, name="业主丙", number="103")
    customer_create(actor=clerk, site=pmc.site, kind="owner", name="无房客户")
    questionnaire = Questionnaire.objects.create(site=pmc.site, name="物业服务满意度")
    Question.objects.create(questionnaire=questionnaire, order=1, text="客服中心的服务态度")
    Question.objects.create(questionnaire=questionnaire, order=2, text="维修的及时性")
    Question.objects.create(
        questionnaire=questionnaire, order=3, text="意见和建议", kind="text", required=False
    )
    return SurveyCampaign.objects.create(
        site=pmc.site,
        questionnaire=questionnaire,
        name="2026年度业户满意度调查",
        year=2026,
        closes_on=date(2026, 12, 31),
        target_percent=90,
    )


def q(campaign, order: int) -> int:
    return campaign.questionnaire.questions.get(order=order).pk


def answers(campaign, a: int, b: int, text: str = "") -> dict:
    return {q(campaign, 1): a, q(campaign, 2): b, q(campaign, 3): text}


def test_opening_builds_the_target_list_from_the_units(pmc, campaign):
    # seed 000 L63 / L249: every tenant (here: every current owner and tenant).
    services.campaign_open(actor=pmc["cs_director"], campaign=campaign)
    campaign.refresh_from_db()
    names = sorted(campaign.targets.values_list("customer__name", flat=True))
    assert names == ["业主丙", "业主甲", "租户乙"]
    assert campaign.status == "open" and campaign.scale["satisfied_from"] == 4
    tokens = set(campaign.targets.values_list("token", flat=True))
    assert len(tokens) == 3 and all(len(t) >= 32 for t in tokens)


def test_the_owners_rule_leaves_tenants_out(pmc, campaign):
    campaign.target_rule = "owners"
    campaign.save()
    services.campaign_open(actor=pmc["cs_director"], campaign=campaign)
    assert sorted(campaign.targets.values_list("customer__name", flat=True)) == ["业主丙", "业主甲"]


def test_response_rate_averages_and_the_target(pmc, campaign):
    services.campaign_open(actor=pmc["cs_director"], campaign=campaign)
    t1, t2, _t3 = campaign.targets.order_by("id")
    services.survey_answer(
        actor=pmc["cs_clerk"], target=t1, answers=answers(campaign, 5, 3, "电梯慢")
    )
    services.survey_answer(
        target=t2, answers=answers(campaign, 4, 2), now=T("2026-06-01T10:00+08:00")
    )
    stats = campaign_stats(campaign)
    assert (stats.targets, stats.answered, stats.response_rate) == (3, 2, Decimal("66.7"))
    first, second, text = stats.questions
    assert (first.average, first.satisfied_percent) == (Decimal("4.50"), Decimal("100.0"))
    assert (second.average, second.satisfied_percent) == (Decimal("2.50"), Decimal("0.0"))
    assert text.texts == ["电梯慢"]
    assert stats.overall_satisfied_percent == Decimal("50.0") and stats.below_target
    t1.refresh_from_db()
    t2.refresh_from_db()
    assert (t1.responded_via, t1.entered_by, t2.responded_via) == ("staff", pmc["cs_clerk"], "link")


def test_one_response_per_target(pmc, campaign):
    services.campaign_open(actor=pmc["cs_director"], campaign=campaign)
    target = campaign.targets.first()
    services.survey_answer(target=target, answers=answers(campaign, 5, 5))
    before = SurveyAnswer.objects.count(), AuditEntry.objects.count()
    with pytest.raises(KefuError) as info:
        services.survey_answer(target=target, answers=answers(campaign, 1, 1))
    assert info.value.code == "visits.already_answered"
    assert (SurveyAnswer.objects.count(), AuditEntry.objects.count()) == before


@pytest.mark.parametrize(
    ("values", "now", "code"),
    [
        ((5, None), None, "visits.answer_invalid"),  # a required question unanswered
        ((6, 5), None, "visits.answer_invalid"),  # off the scale
        (("x", 5), None, "visits.answer_invalid"),
        ((5, 5), "2027-01-01T09:00+08:00", "visits.link_expired"),
    ],
)
def test_bad_or_late_answers_are_refused(pmc, campaign, values, now, code):
    services.campaign_open(actor=pmc["cs_director"], campaign=campaign)
    target = campaign.targets.first()
    given = {q(campaign, 1): values[0]}
    if values[1] is not None:
        given[q(campaign, 2)] = values[1]
    with pytest.raises(KefuError) as info:
        services.survey_answer(target=target, answers=given, now=T(now) if now else None)
    assert info.value.code == code
    assert not SurveyAnswer.objects.exists()
    target.refresh_from_db()
    assert target.responded_at is None


def test_a_draft_or_closed_survey_takes_no_answers(pmc, campaign):
    services.campaign_open(actor=pmc["cs_director"], campaign=campaign)
    services.campaign_close(actor=pmc["cs_director"], campaign=campaign)
    with pytest.raises(KefuError) as info:
        services.survey_answer(target=campaign.targets.first(), answers=answers(campaign, 5, 5))
    assert info.value.code == "visits.campaign_not_open"
    with pytest.raises(KefuError) as info:
        services.campaign_open(actor=pmc["cs_director"], campaign=campaign)
    assert info.value.code == "visits.campaign_state"


def test_surveys_need_a_desk_position(pmc, campaign):
    with pytest.raises(KefuError) as info:
        services.campaign_open(actor=pmc["technician"], campaign=campaign)
    assert info.value.code == "visits.forbidden"


def test_corrective_action_with_owner_and_due_date(pmc, xlm, campaign):
    # seed 000 L121: below the standard, the office organises corrective action.
    action = services.corrective_action_create(
        actor=pmc["cs_director"],
        campaign=campaign,
        title="维修及时性不足",
        measure="增加夜班维修人员",
        owner=pmc["engineering_supervisor"],
        due_on=date(2026, 7, 31),
        question=campaign.questionnaire.questions.get(order=2),
    )
    assert (action.status, action.owner) == ("open", pmc["engineering_supervisor"])
    # the owner moves their own action on
    action = services.corrective_action_update(
        actor=pmc["engineering_supervisor"],
        action=action,
        status="done",
        result="已增加两名夜班技工",
    )
    assert action.status == "done" and action.done_at is not None
    with pytest.raises(KefuError) as info:
        services.corrective_action_update(actor=pmc["cs_director"], action=action, status="open")
    assert info.value.code == "visits.campaign_state"
    with pytest.raises(KefuError) as info:
        services.corrective_action_create(
            actor=pmc["cs_director"],
            campaign=campaign,
            title="",
            owner=xlm["gm"],
            due_on=None,
        )
    assert info.value.code == "visits.action_invalid"
    assert set(info.value.fields) == {"title", "owner", "due_on"}
