"""The complaint pages: board, managers' view, intake, and each step via htmx."""

import pytest

from kefu.complaints import services
from kefu.complaints.models import Complaint, Stage
from kefu.core.models import AuditEntry

HX = {"HX-Request": "true", "HX-Target": "complaint-panel"}


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def post_step(client, complaint, name, data):
    return client.post(f"/complaints/{complaint.pk}/steps/{name}/", data, headers=HX)


def test_pages_walk_a_suggestion_from_intake_to_closure(maker, client):
    cs, gm, vp = maker["cs_director"], maker["gm"], maker["vp_sales"]
    client.force_login(cs)
    r = client.post(
        "/complaints/new/",
        {
            "channel": maker.channel().pk,
            "category": maker.category("suggestion").pk,
            "content": "建议增加颜色",
            "occurred_at": "2026-03-01 10:00",
            "occurred_place": "沈阳",
        },
    )
    complaint = Complaint.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/complaints/{complaint.pk}/"
    r = client.get(r["Location"])
    assert "Acceptance and classification" in r.content.decode()
    assert post_step(client, complaint, "accept", {"accept": "1"}).status_code == 200
    r = post_step(client, complaint, "transfer", {})
    assert "Transfer awaiting approval" in r.content.decode()
    client.force_login(gm)
    post_step(client, complaint, "transfer_decide", {"approve": "1"})
    client.force_login(cs)
    post_step(client, complaint, "slip_sign", {"name": "陈"})
    client.force_login(vp)
    post_step(client, complaint, "slip_sign", {"name": "孙"})
    r = post_step(client, complaint, "opinion", {"investigation": "调研", "opinion": "采纳"})
    assert r.status_code == 200
    client.force_login(gm)
    post_step(client, complaint, "opinion_decide", {"approve": "1"})
    client.force_login(cs)
    post_step(
        client,
        complaint,
        "reply",
        {"reply_content": "采纳", "reply_method": "phone", "satisfaction": "satisfied"},
    )
    r = post_step(client, complaint, "close", {})
    assert r.status_code == 200
    complaint.refresh_from_db()
    assert complaint.stage == Stage.CLOSED
    pdf = client.get(f"/complaints/{complaint.pk}/slip.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_refused_step_shows_the_coded_message_and_changes_nothing(maker, client):
    complaint = maker.intake()
    client.force_login(maker["production_manager"])
    before = AuditEntry.objects.exclude(action="complaints.refused").count()
    r = post_step(client, complaint, "accept", {"accept": "1"})
    assert r.status_code == 403
    assert "does not allow this step" in r.content.decode()
    assert AuditEntry.objects.exclude(action="complaints.refused").count() == before
    complaint.refresh_from_db()
    assert complaint.stage == Stage.REGISTERED


def test_person_complained_about_sees_no_opinion(maker, client):
    complaint = maker.intake("service_quality", complained_about=maker["cs_deputy"])
    client.force_login(maker["cs_deputy"])
    html = client.get(f"/complaints/{complaint.pk}/").content.decode()
    assert "you are the person complained about" in html


def test_board_and_managers_view(maker, client):
    complaint = maker.intake()
    services.complaint_accept(
        actor=maker["cs_director"], complaint=complaint, major_triggers=["blocking"]
    )
    client.force_login(maker["cs_director"])
    html = client.get("/complaints/").content.decode()
    assert complaint.ticket.number in html and "To transfer" in html
    assert "Tracked items" in html  # the 24 h warning report
    html = client.get("/complaints/manage/").content.decode()
    assert complaint.ticket.number in html and "overdue" in html


def test_other_site_gets_404(maker, pmc, client):
    complaint = maker.intake()
    client.force_login(pmc["cs_director"])
    assert client.get(f"/complaints/{complaint.pk}/").status_code == 404
