"""The work list, the visit form (htmx) and a customer's visit history."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from kefu.core.models import AuditEntry
from kefu.visits.models import ReturnVisit
from kefu.visits.services import visit_schedule
from kefu.visits.tests.factories import resident, schedule

HX = {"HX-Request": "true", "HX-Target": "visit-panel"}


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def owner(pmc):
    return resident(actor=pmc["cs_clerk"], site=pmc.site, name="王业主")


@pytest.fixture
def visits(pmc, owner):
    today = timezone.localdate()
    return {
        "overdue": schedule(actor=pmc["cs_clerk"], customer=owner, due_on=today - timedelta(2)),
        "today": schedule(actor=pmc["cs_clerk"], customer=owner, due_on=today),
        "upcoming": schedule(actor=pmc["cs_clerk"], customer=owner, due_on=today + timedelta(5)),
    }


def test_work_list_shows_overdue_first_with_counts(client, pmc, visits):
    client.force_login(pmc["cs_clerk"])
    html = client.get("/visits/").content.decode()
    assert "Overdue 1" in html and "Due today 1" in html and "Upcoming 1" in html
    positions = [html.index(f'/visits/{visits[k].pk}/"') for k in ("overdue", "today", "upcoming")]
    assert positions == sorted(positions)
    assert "王业主" in html


def test_work_list_buckets_and_reason_filter(client, pmc, visits, owner):
    client.force_login(pmc["cs_clerk"])
    html = client.get(
        "/visits/",
        {"bucket": "today"},
        headers={"HX-Request": "true", "HX-Target": "visit-results"},
    ).content.decode()
    assert f'/visits/{visits["today"].pk}/"' in html
    assert f'/visits/{visits["overdue"].pk}/"' not in html
    assert "<form" not in html  # only the results
    html = client.get("/visits/", {"reason": "handover_3m"}).content.decode()
    assert "No return visits here." in html


def test_another_sites_visit_is_not_found(client, xlm, visits):
    client.force_login(xlm["cs_director"])
    assert client.get(f"/visits/{visits['today'].pk}/").status_code == 404
    assert f"/visits/{visits['today'].pk}/" not in client.get("/visits/").content.decode()


def test_recording_through_the_htmx_form(client, pmc, visits):
    visit = visits["today"]
    client.force_login(pmc["cs_clerk"])
    page = client.get(f"/visits/{visit.pk}/").content.decode()
    assert 'id="visit-record-form"' in page and "5 非常满意" in page
    response = client.post(
        f"/visits/{visit.pk}/record/",
        {"reached": "yes", "satisfaction": "4", "comment": "已修好", "customer_words": "挺好"},
        headers=HX,
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'id="visit-panel"' in html
    assert "The return visit was recorded." in html and "挺好" in html
    visit.refresh_from_db()
    assert (visit.status, visit.satisfaction, visit.satisfied) == ("done", 4, True)


def test_a_refused_record_shows_the_coded_error_and_changes_nothing(client, pmc, visits):
    visit = visits["today"]
    client.force_login(pmc["cs_clerk"])
    before = AuditEntry.objects.count()
    response = client.post(f"/visits/{visit.pk}/record/", {"reached": "yes"}, headers=HX)
    assert response.status_code == 400
    assert "visits.satisfaction_required" in response.content.decode()
    assert response["HX-Retarget"] == "#flash"
    visit.refresh_from_db()
    assert (visit.status, visit.attempts, AuditEntry.objects.count()) == ("due", 0, before)


def test_not_reached_moves_the_visit_to_the_next_working_day(client, pmc, visits):
    visit = visits["today"]
    client.force_login(pmc["cs_clerk"])
    html = client.post(
        f"/visits/{visit.pk}/record/", {"reached": "no"}, headers=HX
    ).content.decode()
    visit.refresh_from_db()
    assert visit.due_on > timezone.localdate() and visit.attempts == 1
    assert f"due again on {visit.due_on.isoformat()}" in html


def test_customer_history_schedule_and_handover(client, pmc, owner, visits):
    client.force_login(pmc["cs_director"])
    html = client.get(f"/visits/customer/{owner.pk}/").content.decode()
    assert html.count("<tr>") >= 3
    response = client.post(
        f"/visits/customer/{owner.pk}/schedule/",
        {"reason": "other", "due_on": "2030-01-02", "note": "年度拜访"},
    )
    visit = ReturnVisit.objects.get(note="年度拜访")
    assert response.status_code == 302 and response["Location"] == f"/visits/{visit.pk}/"
    response = client.post(
        f"/visits/customer/{owner.pk}/handover/", {"handed_over_on": "2030-01-31"}
    )
    assert response.status_code == 302
    assert list(
        ReturnVisit.objects.filter(reason__startswith="handover").values_list("due_on", flat=True)
    ) == [date(2030, 2, 15), date(2030, 2, 28), date(2030, 4, 30), date(2030, 7, 31)]


def test_nav_and_customer_page_link_to_visits(client, pmc, owner):
    client.force_login(pmc["cs_clerk"])
    html = client.get(f"/customers/{owner.pk}/").content.decode()
    assert 'href="/visits/"' in html and f'href="/visits/customer/{owner.pk}/"' in html


def test_cancel_and_reassign_from_the_page(client, pmc, visits):
    visit = visits["upcoming"]
    client.force_login(pmc["cs_director"])
    client.post(f"/visits/{visit.pk}/assign/", {"visitor": pmc["cs_clerk"].pk}, headers=HX)
    client.post(f"/visits/{visit.pk}/cancel/", {"reason": "已搬离"}, headers=HX)
    visit.refresh_from_db()
    assert (visit.visitor, visit.status) == (pmc["cs_clerk"], "cancelled")


def test_complaint_visit_without_customer_shows_the_callers_name(client, xlm):
    from kefu.desk.tests.factories import register_ticket

    ticket = register_ticket(
        actor=xlm["cs_director"], site=xlm.site, contact_name="刘店长", contact_phone="13900001111"
    )
    visit = visit_schedule(
        actor=xlm["cs_director"],
        site=xlm.site,
        reason="complaint_reply",
        due_on=timezone.localdate(),
        ticket=ticket,
    )
    client.force_login(xlm["cs_director"])
    html = client.get("/visits/").content.decode()
    assert "刘店长" in html and ticket.number in html
    assert "刘店长" in client.get(f"/visits/{visit.pk}/").content.decode()


def test_the_pages_are_in_chinese_by_default(client, pmc, visits, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    client.force_login(pmc["cs_clerk"])
    html = client.get("/visits/").content.decode()
    assert "今日到期 1" in html and ">回访<" in html
    response = client.post(f"/visits/{visits['today'].pk}/record/", {"reached": "yes"}, headers=HX)
    assert "已联系上客户时必须填写满意度。" in response.content.decode()
