"""The demo's return visits and survey: every state on the work list, through the services."""

import pytest
from django.utils import timezone

from kefu.core.models import AuditEntry
from kefu.visits.models import ReturnVisit, SurveyCampaign


@pytest.mark.slow
def test_demo_has_visits_in_every_state_a_handover_schedule_and_a_survey(demo):
    today = timezone.localdate()
    visits = ReturnVisit.objects.filter(site__code="sunshine")
    assert visits.filter(status="done", satisfied=True).exists()
    assert visits.filter(status="due", due_on__lt=today).exists()  # overdue
    assert visits.filter(status="due", due_on__gte=today).exists()  # today or upcoming
    assert (
        visits.filter(attempts__gt=0, reached=False).exists()
        or visits.filter(attempt_log__reached=False).exists()
    )
    assert set(visits.values_list("reason", flat=True)) >= {
        "repair_delivered",
        "complaint_reply",
        "handover_15d",
        "handover_1m",
        "handover_3m",
        "handover_6m",
    }
    handover = visits.filter(reason__startswith="handover").order_by("due_on")
    assert [v.status for v in handover] == ["done", "due", "due", "due"]
    # every visit was written through the services (one audit entry at least each)
    audited = set(
        AuditEntry.objects.filter(action="visits.visit_scheduled").values_list(
            "target_id", flat=True
        )
    )
    assert set(visits.values_list("id", flat=True)) <= audited
    campaign = SurveyCampaign.objects.get(site__code="sunshine")
    answered = campaign.targets.filter(responded_at__isnull=False).count()
    assert campaign.status == "open" and 0 < answered < campaign.targets.count()
    assert campaign.corrective_actions.count() == 1


@pytest.mark.slow
def test_demo_has_a_meeting_with_requests_and_a_plan_at_sixty_percent(demo):
    from kefu.org.models import Site
    from kefu.visits.models import TenantMeeting
    from kefu.visits.selectors import coverage_for

    meeting = TenantMeeting.objects.get(site__code="sunshine")
    assert meeting.suggestions.count() == 3
    assert all(s.ticket.channel.code == "meeting" for s in meeting.suggestions.all())
    site = Site.objects.get(code="sunshine")
    figures = coverage_for(site, timezone.localdate().year)
    assert figures.planned == figures.tenants > 0
    done = sum(v for _, _, v in figures.months)
    assert 0 < done <= sum(p for m, p, _ in figures.months if m <= 7)
