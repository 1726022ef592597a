"""The yearly survey from the portal: the visits app's own link, once per customer per
campaign (seed 000 L119, L249)."""

import pytest
from django.urls import reverse

from kefu.portal.tests.helpers import sign_in
from kefu.visits import services
from kefu.visits.errors import AlreadyAnswered
from kefu.visits.models import Question, Questionnaire, SurveyCampaign

pytestmark = pytest.mark.django_db


def test_open_survey_listed_until_answered_once(client, portal, pmc, sms):
    questionnaire = Questionnaire.objects.create(site=pmc.site, name="问卷")
    question = Question.objects.create(questionnaire=questionnaire, order=1, text="服务态度")
    campaign = services.campaign_open(
        actor=pmc["cs_director"],
        campaign=SurveyCampaign.objects.create(
            site=pmc.site, questionnaire=questionnaire, name="2026年度满意度调查", year=2026
        ),
    )
    target = campaign.targets.get(customer=portal.customer)
    sign_in(client, portal, sms)
    page = client.get(reverse("portal:my_requests")).content.decode()
    assert "2026年度满意度调查" in page and f"/visits/s/{target.token}/" in page
    services.survey_answer(target=target, answers={str(question.pk): "5"})
    with pytest.raises(AlreadyAnswered):
        services.survey_answer(target=target, answers={str(question.pk): "4"})
    page = client.get(reverse("portal:my_requests")).content.decode()
    assert "2026年度满意度调查" not in page
