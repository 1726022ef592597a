"""Rating the reply and the return visit from the portal (issue 13; seed 000 L555, L649)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from kefu.desk.models import Ticket
from kefu.desk.services import ticket_accept, ticket_assign, ticket_reply, ticket_start
from kefu.portal.models import PortalRating
from kefu.portal.tests.helpers import report, sign_in
from kefu.visits.models import ReturnVisit, VisitStatus
from kefu.visits.services import visit_schedule

pytestmark = pytest.mark.django_db


def replied(pmc) -> Ticket:
    ticket = Ticket.objects.get()
    ticket_accept(actor=pmc["cs_director"], ticket=ticket)
    ticket_assign(actor=pmc["cs_director"], ticket=ticket, assignee=pmc["cs_clerk"])
    ticket_start(actor=pmc["cs_clerk"], ticket=ticket)
    return ticket_reply(actor=pmc["cs_clerk"], ticket=ticket, reply_content="已安排周五维修")


def rate(client, ticket, kind="reply", score="5"):
    return client.post(
        reverse("portal:my_request_action", args=[ticket.number, "rate"]),
        {"kind": kind, "score": score, "comment": "师傅很准时"},
    )


def test_nothing_to_rate_before_the_reply(client, portal, sms):
    sign_in(client, portal, sms)
    report(client, portal.unit_link)
    response = rate(client, Ticket.objects.get())
    assert response.status_code == 409 and b"portal.nothing_to_rate" in response.content
    assert PortalRating.objects.count() == 0


def test_rate_the_reply_once_and_it_completes_the_due_return_visit(client, portal, pmc, sms):
    sign_in(client, portal, sms)
    report(client, portal.unit_link)
    ticket = replied(pmc)
    visit = visit_schedule(
        actor=pmc["cs_director"],
        site=pmc.site,
        reason="other",
        ticket=ticket,
        due_on=timezone.localdate(),
        customer=portal.customer,
    )
    page = client.get(reverse("portal:my_request", args=[ticket.number])).content.decode()
    assert "已安排周五维修" in page  # the reply is public
    assert rate(client, ticket).status_code == 302
    rating = PortalRating.objects.get()
    assert (rating.kind, rating.score, rating.satisfied) == ("reply", 5, True)
    visit.refresh_from_db()
    assert visit.status == VisitStatus.DONE and visit.satisfaction == 5
    assert visit.customer_words == "师傅很准时"
    again = rate(client, ticket)
    assert again.status_code == 409 and PortalRating.objects.count() == 1


def test_rate_the_return_visit_after_it_was_made(client, portal, pmc, sms):
    sign_in(client, portal, sms)
    report(client, portal.unit_link)
    ticket = replied(pmc)
    assert rate(client, ticket, kind="visit").status_code == 409
    from kefu.visits.services import visit_record

    visit = visit_schedule(
        actor=pmc["cs_director"],
        site=pmc.site,
        reason="other",
        ticket=ticket,
        due_on=timezone.localdate(),
        customer=portal.customer,
    )
    visit_record(actor=pmc["cs_director"], visit=visit, reached=True, satisfaction=4)
    assert rate(client, ticket, kind="visit", score="3").status_code == 302
    assert PortalRating.objects.get(kind="visit").satisfied is False
    assert ReturnVisit.objects.get(pk=visit.pk).satisfaction == 4  # staff's record unchanged


def test_bad_score_changes_nothing(client, portal, pmc, sms):
    sign_in(client, portal, sms)
    report(client, portal.unit_link)
    ticket = replied(pmc)
    response = rate(client, ticket, score="9")
    assert response.status_code == 400 and PortalRating.objects.count() == 0
