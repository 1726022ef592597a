"""Visits admin: site-scoped lists, read-only visits, settings validated."""

from datetime import date

import pytest
from django.contrib.auth.models import Permission

from kefu.core.tests.admin_support import admin_url, make_site_admin
from kefu.visits.models import ReturnVisit, SurveyCampaign, VisitSettings
from kefu.visits.tests.factories import resident, schedule


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def pmc_admin(client, pmc):
    user = make_site_admin(pmc["cs_director"])
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="visits"))
    client.force_login(user)
    return user


def test_visits_are_listed_for_the_own_site_only_and_read_only(client, pmc, xlm, pmc_admin):
    owner = resident(actor=pmc["cs_clerk"], site=pmc.site, name="本站客户")
    mine = schedule(actor=pmc["cs_clerk"], customer=owner, due_on=date(2030, 1, 1))
    dealer = resident(actor=xlm["cs_director"], site=xlm.site, name="外站客户")
    other = schedule(actor=xlm["cs_director"], customer=dealer, due_on=date(2030, 1, 1))
    html = client.get(admin_url(ReturnVisit)).content.decode()
    assert "本站客户" in html and "外站客户" not in html
    assert client.get(admin_url(other, "change")).status_code == 404
    page = client.get(admin_url(mine, "change"))
    assert page.status_code == 200 and "Return visit scheduled" in page.content.decode()
    assert client.get(admin_url(ReturnVisit, "add")).status_code == 403


def test_settings_refuse_a_bad_handover_schedule(client, pmc, pmc_admin):
    data = {
        "site": pmc.site.pk,
        "scale": "three_level",
        "custom_labels": "[]",
        "max_attempts": 3,
        "retry_working_days": 1,
        "reply_offset_days": 15,
        "repair_offset_days": 1,
        "unsatisfied_follow_up_working_days": 3,
        "handover_schedule": '[["handover_3m", "3 weeks"]]',
    }
    response = client.post(admin_url(VisitSettings, "add"), data)
    assert response.status_code == 200 and not VisitSettings.objects.exists()
    data["handover_schedule"] = '[["handover_3m", "3m"]]'
    response = client.post(admin_url(VisitSettings, "add"), data)
    assert response.status_code == 302
    assert VisitSettings.objects.get().scale == "three_level"


def test_campaign_open_action_runs_the_service(client, pmc, pmc_admin):
    from kefu.visits.models import Questionnaire

    resident(actor=pmc["cs_clerk"], site=pmc.site)
    questionnaire = Questionnaire.objects.create(site=pmc.site, name="年度问卷")
    campaign = SurveyCampaign.objects.create(
        site=pmc.site, questionnaire=questionnaire, name="2026年度满意度调查", year=2026
    )
    response = client.post(
        admin_url(SurveyCampaign),
        {"action": "open_campaigns", "_selected_action": [campaign.pk]},
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == "open" and campaign.targets.count() == 1


def test_meetings_show_attendance_and_suggestions_read_only(client, pmc, xlm, pmc_admin):
    """seed 000 L39, L57: the meeting with the tenants present and each suggestion's
    desk request; another site's meeting is not found; nothing is added here."""
    from kefu.visits.models import TenantMeeting, TenantVisit, VisitPlanItem
    from kefu.visits.services import meeting_record, tenant_visit_record, visit_plan_create

    tenant = resident(actor=pmc["cs_clerk"], site=pmc.site, name="到会租户", role="tenant")
    meeting = meeting_record(
        actor=pmc["cs_clerk"],
        site=pmc.site,
        kind="quarterly",
        held_on=date(2026, 3, 28),
        title="第一季度全体租户大会",
        attendees=[tenant],
        suggestions=[(tenant, "增加访客车位")],
    )
    other = TenantMeeting.objects.create(
        site=xlm.site, kind="extra", held_on=date(2026, 3, 1), title="外站会议"
    )
    listing = client.get(admin_url(TenantMeeting)).content.decode()
    assert "第一季度全体租户大会" in listing and "外站会议" not in listing
    html = client.get(admin_url(meeting, "change")).content.decode()
    assert "到会租户" in html and "增加访客车位" in html
    assert meeting.suggestions.get().ticket.number in html
    assert client.get(admin_url(other, "change")).status_code == 404
    assert client.get(admin_url(TenantMeeting, "add")).status_code == 403
    tenant_visit_record(actor=pmc["cs_clerk"], customer=tenant, visited_on=date(2026, 3, 2))
    visit_plan_create(actor=pmc["cs_clerk"], site=pmc.site, year=2026)
    assert "到会租户" in client.get(admin_url(TenantVisit)).content.decode()
    assert "到会租户" in client.get(admin_url(VisitPlanItem)).content.decode()
