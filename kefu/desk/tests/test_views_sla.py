"""The desk pages' SLA parts: the list's deadline filter and badges, the request's
deadline panel, pausing and urging from the page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kefu.calendar.tests.factories import at
from kefu.core.models import AuditEntry
from kefu.desk import services
from kefu.desk.models import TicketUrge
from kefu.desk.templatetags.desk_sla import sla_badge, sla_countdown
from kefu.desk.tests.factories import register_ticket

HX = {"HX-Request": "true", "HX-Target": "ticket-panel"}


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def tickets(xlm):
    """Telecom targets: one request overdue for sign-for, one whose reply is due in 30 min."""
    services.site_sla_preset_apply(actor=None, site=xlm.site, key="telecom")
    now = timezone.now()
    cs = xlm["cs_director"]
    overdue = register_ticket(
        actor=cs, site=xlm.site, now=now - timedelta(hours=50), subject="过期"
    )
    soon = register_ticket(
        actor=cs, site=xlm.site, now=now - timedelta(hours=23, minutes=30), subject="将到期"
    )
    services.ticket_accept(actor=cs, ticket=soon)
    return overdue, soon


@pytest.mark.parametrize(
    ("due", "text", "badge"),
    [
        (at(2025, 1, 1, 12, 30), "due in 30 min", "due-soon"),
        (at(2025, 1, 1, 15), "due in 3 h", "running"),
        (at(2025, 1, 1, 10), "overdue by 2 h", "overdue"),
        (at(2024, 12, 30, 11), "overdue by 2 d", "overdue"),
    ],
)
def test_countdown_badge(due, text, badge):
    now = at(2025, 1, 1, 12)
    assert (sla_countdown(due, now), sla_badge(due, now)) == (text, badge)


def test_list_filters_by_deadline_and_shows_badges(xlm, tickets, client):
    overdue, soon = tickets
    client.force_login(xlm["cs_director"])
    html = client.get("/desk/", {"sla": "overdue"}).content.decode()
    assert overdue.number in html and soon.number not in html
    assert "overdue by 2 d" in html
    html = client.get("/desk/", {"sla": "due_soon"}).content.decode()
    assert soon.number in html and overdue.number not in html
    assert "due in 29 min" in html or "due in 30 min" in html


def test_detail_shows_the_deadlines_and_urging_counts(xlm, tickets, client):
    overdue, _soon = tickets
    client.force_login(xlm["gm"])
    response = client.post(f"/desk/{overdue.pk}/urge/", {"note": "客户催促"}, headers=HX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "The request was urged." in html and 'id="urge-count">1<' in html
    assert "Sign-for / first response" in html and "客户催促" in html
    assert TicketUrge.objects.filter(ticket=overdue).count() == 1
    html = client.get("/desk/", {"sla": "overdue"}).content.decode()
    assert "urged 1×" in html


def test_pause_and_resume_from_the_page(xlm, tickets, client):
    overdue, _soon = tickets
    client.force_login(xlm["cs_director"])
    html = client.post(
        f"/desk/{overdue.pk}/pause/", {"reason": "等待客户照片"}, headers=HX
    ).content.decode()
    assert "Waiting on the customer since" in html and "等待客户照片" in html
    assert "Waiting on the customer (clocks paused)" in html  # timeline
    assert overdue.number not in client.get("/desk/", {"sla": "overdue"}).content.decode()
    html = client.post(f"/desk/{overdue.pk}/resume/", headers=HX).content.decode()
    assert "Clocks resumed" in html


def test_refused_pause_shows_the_code_and_changes_nothing(xlm, tickets, client):
    overdue, _soon = tickets
    client.force_login(xlm["cs_director"])
    before = AuditEntry.objects.count()
    response = client.post(f"/desk/{overdue.pk}/resume/", headers=HX)
    assert response.status_code == 409
    assert AuditEntry.objects.count() == before
