"""Tenant meetings, face-to-face coverage and the visit plan (seed 000 L39, L57, L63)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from kefu.core.models import AuditEntry
from kefu.desk.models import Ticket
from kefu.visits import rules
from kefu.visits.errors import PlanExists, VisitForbidden
from kefu.visits.models import MeetingKind, TenantMeeting, VisitPlanItem
from kefu.visits.selectors import coverage_for
from kefu.visits.services import meeting_record, tenant_visit_record, visit_plan_create
from kefu.visits.tests.factories import resident

NOW = datetime(2026, 6, 30, 17, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def ten(pmc):
    """Ten tenants (and one owner, who is not a tenant) at the property centre."""
    people = [
        resident(
            actor=pmc["cs_clerk"],
            site=pmc.site,
            name=f"租户{n}",
            number=f"{100 + n}",
            role="tenant",
        )
        for n in range(1, 11)
    ]
    resident(actor=pmc["cs_clerk"], site=pmc.site, name="业主", number="999", role="owner")
    return people


def test_meeting_suggestions_become_desk_requests(pmc, ten):
    """seed 000 L57: suggestions go into 《訴求(需求)記錄表》; 100% must be answered."""
    meeting = meeting_record(
        actor=pmc["cs_clerk"],
        site=pmc.site,
        kind=MeetingKind.QUARTERLY,
        held_on=date(2026, 3, 28),
        title="2026年第一季度租户大会",
        attendees=ten[:6],
        topics="消防安全;停车管理",
        suggestions=[(ten[0], "希望增加访客车位"), (None, "电梯高峰期等待太久"), (ten[1], "  ")],
        now=NOW,
    )
    assert meeting.attendance.count() == 6
    tickets = Ticket.objects.filter(request_type__code="suggestion", channel__code="meeting")
    assert tickets.count() == 2
    assert set(meeting.suggestions.values_list("ticket__content", flat=True)) == {
        "希望增加访客车位",
        "电梯高峰期等待太久",
    }
    assert AuditEntry.objects.filter(action="visits.meeting_recorded").count() == 1


def test_meeting_refused_changes_nothing(pmc, ten):
    before = (TenantMeeting.objects.count(), Ticket.objects.count())
    with pytest.raises(VisitForbidden):
        meeting_record(
            actor=pmc["technician"],
            site=pmc.site,
            kind=MeetingKind.EXTRA,
            held_on=date(2026, 3, 28),
            title="x",
            attendees=ten,
            suggestions=[(None, "y")],
        )
    assert (TenantMeeting.objects.count(), Ticket.objects.count()) == before


def test_coverage_against_a_hand_counted_fixture(pmc, ten):
    """10 tenants in 2026. Met in person: 6 at the Q1 meeting (租户1–6) + visits to
    租户5, 租户7, 租户8 → 8 of 10 = 80% (< 90%, seed 000 L57). Visited: 租户5, 7, 8
    (租户8 twice, and 租户9 only in 2025) → 3 of 10 = 30% (< 100%, L63)."""
    clerk = pmc["cs_clerk"]
    meeting_record(
        actor=clerk,
        site=pmc.site,
        kind=MeetingKind.QUARTERLY,
        held_on=date(2026, 3, 28),
        title="Q1",
        attendees=ten[:6],
        now=NOW,
    )
    for index, day in ((4, date(2026, 2, 10)), (6, date(2026, 4, 2)), (7, date(2026, 5, 6))):
        tenant_visit_record(actor=clerk, customer=ten[index], visited_on=day, now=NOW)
    tenant_visit_record(actor=clerk, customer=ten[7], visited_on=date(2026, 6, 1), now=NOW)
    tenant_visit_record(actor=clerk, customer=ten[8], visited_on=date(2025, 12, 30), now=NOW)
    visit_plan_create(actor=clerk, site=pmc.site, year=2026, now=NOW)
    figures = coverage_for(pmc.site, 2026)
    assert (figures.tenants, figures.met, figures.visited) == (10, 8, 3)
    assert (figures.met_percent, figures.visited_percent) == (80.0, 30.0)
    assert not figures.met_ok and not figures.visited_ok
    assert figures.planned == 10
    assert sum(planned for _, planned, _ in figures.months) == 10
    assert len(figures.not_visited) == 7
    assert "业主" not in {c.name for c in figures.not_visited}


def test_face_to_face_target_is_more_than_ninety_percent():
    """seed 000 L57 每年…当面沟通达到90%以上; L63 年拜访率100%."""
    assert rules.meets_target(9, 10, rules.FACE_TO_FACE_TARGET)
    assert not rules.meets_target(8, 10, rules.FACE_TO_FACE_TARGET)
    assert not rules.meets_target(99, 100, rules.VISIT_RATE_TARGET)
    assert rules.meets_target(100, 100, rules.VISIT_RATE_TARGET)
    assert rules.plan_months(10) == [1, 2, 3, 4, 5, 7, 8, 9, 10, 11]
    assert rules.plan_months(24) == [m for m in range(1, 13) for _ in range(2)]


def test_visit_plan_is_made_once_a_year(pmc, ten):
    visit_plan_create(actor=pmc["cs_clerk"], site=pmc.site, year=2026)
    with pytest.raises(PlanExists):
        visit_plan_create(actor=pmc["cs_clerk"], site=pmc.site, year=2026)
    assert VisitPlanItem.objects.filter(year=2026).count() == 10
