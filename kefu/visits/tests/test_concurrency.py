"""Many people at once: one answer per survey target, one result per visit attempt,
one hand-over schedule per customer and unit (row locks + unique constraints)."""

import threading
from datetime import date

import pytest
from django.db import connection, connections

from kefu.core.errors import KefuError
from kefu.visits import services
from kefu.visits.models import (
    Question,
    Questionnaire,
    ReturnVisit,
    SurveyAnswer,
    SurveyCampaign,
    VisitAttempt,
)
from kefu.visits.tests.factories import occupancy_of, resident, schedule

THREADS = 8


def race(fn) -> tuple[list, list[str]]:
    """Run ``fn`` in THREADS threads at once; return results and error codes."""
    results, codes, barrier = [], [], threading.Barrier(THREADS)

    def run():
        try:
            barrier.wait()
            results.append(fn())
        except KefuError as exc:
            codes.append(exc.code)
        except Exception as exc:  # pragma: no cover - reported by the assertions
            codes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    connections.close_all()
    return results, codes


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_a_survey_link_is_answered_once_however_many_submit_at_once(pmc):
    resident(actor=pmc["cs_clerk"], site=pmc.site)
    questionnaire = Questionnaire.objects.create(site=pmc.site, name="问卷")
    question = Question.objects.create(questionnaire=questionnaire, text="服务态度")
    campaign = SurveyCampaign.objects.create(
        site=pmc.site, questionnaire=questionnaire, name="年度调查", year=2026
    )
    services.campaign_open(actor=pmc["cs_director"], campaign=campaign)
    target = campaign.targets.get()
    results, codes = race(lambda: services.survey_answer(target=target, answers={question.pk: 5}))
    assert len(results) == 1
    assert codes == ["visits.already_answered"] * (THREADS - 1)
    assert SurveyAnswer.objects.count() == 1


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_a_visit_is_recorded_once(pmc):
    owner = resident(actor=pmc["cs_clerk"], site=pmc.site)
    visit = schedule(actor=pmc["cs_clerk"], customer=owner, due_on=date(2026, 5, 6))
    results, codes = race(
        lambda: services.visit_record(
            actor=pmc["cs_clerk"], visit=visit, reached=True, satisfaction=5
        )
    )
    assert len(results) == 1 and codes == ["visits.visit_closed"] * (THREADS - 1)
    assert VisitAttempt.objects.count() == 1


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_the_handover_schedule_is_generated_once(pmc):
    owner = resident(actor=pmc["cs_clerk"], site=pmc.site)
    occupancy = occupancy_of(owner)
    results, codes = race(
        lambda: services.handover_visits_schedule(
            actor=pmc["cs_clerk"], occupancy=occupancy, handed_over_on=date(2026, 1, 31)
        )
    )
    assert len(results) == 1 and codes == ["visits.handover_exists"] * (THREADS - 1)
    assert ReturnVisit.objects.count() == 4
