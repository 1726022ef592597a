"""Survey pages: results, staff entry, the personal link (no login), export, API."""

from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook

from kefu.core.tests.api_support import Api, assert_error
from kefu.visits import services
from kefu.visits.models import Question, Questionnaire, SurveyAnswer, SurveyCampaign
from kefu.visits.tests.factories import resident


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def campaign(pmc):
    resident(actor=pmc["cs_clerk"], site=pmc.site, name="业主甲", number="101")
    resident(actor=pmc["cs_clerk"], site=pmc.site, name="租户乙", number="102", role="tenant")
    questionnaire = Questionnaire.objects.create(site=pmc.site, name="物业服务满意度")
    Question.objects.create(questionnaire=questionnaire, order=1, text="服务态度")
    Question.objects.create(
        questionnaire=questionnaire, order=2, text="建议", kind="text", required=False
    )
    campaign = SurveyCampaign.objects.create(
        site=pmc.site,
        questionnaire=questionnaire,
        name="2026年度满意度调查",
        year=2026,
        closes_on=date(2099, 12, 31),
    )
    return services.campaign_open(actor=pmc["cs_director"], campaign=campaign)


def qid(campaign, order):
    return campaign.questionnaire.questions.get(order=order).pk


def test_the_personal_link_needs_no_login_and_answers_once(client, campaign):
    target = campaign.targets.first()
    url = f"/visits/s/{target.token}/"
    page = client.get(url)
    assert page.status_code == 200 and "服务态度" in page.content.decode()
    response = client.post(url, {f"q_{qid(campaign, 1)}": "5", f"q_{qid(campaign, 2)}": "很好"})
    assert "Thank you for your answers." in response.content.decode()
    assert SurveyAnswer.objects.filter(target=target).count() == 2
    assert "already been answered" in client.get(url).content.decode()
    again = client.post(url, {f"q_{qid(campaign, 1)}": "1"})
    assert again.status_code == 409 and "visits.already_answered" in again.content.decode()


def test_an_unknown_token_is_not_found(client, campaign):
    response = client.get("/visits/s/not-a-real-token/")
    assert response.status_code == 404 and "visits.link_not_found" in response.content.decode()


def test_staff_enter_answers_and_see_the_figures(client, pmc, campaign):
    target = campaign.targets.first()
    client.force_login(pmc["cs_clerk"])
    assert client.get(f"/visits/surveys/{campaign.pk}/targets/{target.pk}/").status_code == 200
    client.post(
        f"/visits/surveys/{campaign.pk}/targets/{target.pk}/", {f"q_{qid(campaign, 1)}": "4"}
    )
    html = client.get(f"/visits/surveys/{campaign.pk}/").content.decode()
    assert "50.0%" in html  # response rate 1 of 2
    assert "4.00" in html
    assert client.get("/visits/surveys/").status_code == 200


def test_corrective_action_from_the_page(client, pmc, campaign):
    client.force_login(pmc["cs_director"])
    client.post(
        f"/visits/surveys/{campaign.pk}/actions/",
        {
            "title": "电梯等待时间长",
            "owner": pmc["engineering_supervisor"].pk,
            "due_on": "2026-08-01",
        },
    )
    action = campaign.corrective_actions.get()
    client.post(f"/visits/surveys/{campaign.pk}/actions/{action.pk}/", {"status": "in_progress"})
    action.refresh_from_db()
    assert (action.title, action.status) == ("电梯等待时间长", "in_progress")


def test_excel_export(client, pmc, campaign):
    target = campaign.targets.first()
    services.survey_answer(target=target, answers={qid(campaign, 1): 5})
    client.force_login(pmc["cs_clerk"])
    response = client.get(f"/visits/surveys/{campaign.pk}/export.xlsx")
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["Summary", "Answers", "Corrective actions"]
    rows = list(book["Answers"].values)
    assert rows[0][4] == "服务态度"
    assert [r[4] for r in rows[1:]].count(5) == 1


def test_another_site_cannot_see_the_survey(client, xlm, campaign):
    client.force_login(xlm["cs_director"])
    assert client.get(f"/visits/surveys/{campaign.pk}/").status_code == 404
    assert client.get(f"/visits/surveys/{campaign.pk}/export.xlsx").status_code == 404


def test_api_survey_detail_answer_and_action(pmc, xlm, campaign):
    api = Api(pmc["cs_director"])
    target = campaign.targets.first()
    response = api.post(
        f"/visits/surveys/{campaign.pk}/answers",
        {"target_id": target.pk, "answers": {str(qid(campaign, 1)): 3}},
    )
    assert response.status_code == 201 and response.json()["responded_via"] == "staff"
    detail = api.get(f"/visits/surveys/{campaign.pk}").json()
    assert detail["stats"]["answered"] == 1 and detail["stats"]["response_rate"] == "50.0"
    assert detail["stats"]["questions"][0]["average"] == "3.00"
    assert [c["id"] for c in api.get("/visits/surveys").json()] == [campaign.pk]
    assert_error(
        api.post(
            f"/visits/surveys/{campaign.pk}/answers",
            {"target_id": target.pk, "answers": {str(qid(campaign, 1)): 3}},
        ),
        409,
        "visits.already_answered",
    )
    response = api.post(
        f"/visits/surveys/{campaign.pk}/actions",
        {"title": "提升维修速度", "owner_id": pmc["technician"].pk, "due_on": "2026-09-30"},
    )
    assert response.status_code == 201
    action_id = response.json()["id"]
    body = api.post(
        f"/visits/surveys/{campaign.pk}/actions/{action_id}", {"status": "done", "result": "完成"}
    ).json()
    assert body["status"] == "done"
    assert_error(
        Api(xlm["cs_director"]).get(f"/visits/surveys/{campaign.pk}"),
        404,
        "visits.campaign_not_found",
    )
