"""Site isolation and the desk list's filters (selector level)."""

from datetime import date, datetime

import pytest

from kefu.core.errors import KefuError
from kefu.desk.selectors import TicketFilters, access_ticket, ticket_actions_for, ticket_list_for
from kefu.desk.services import ticket_accept
from kefu.desk.tests.factories import register_ticket

T = datetime.fromisoformat


def test_a_user_of_another_site_gets_not_found(xlm, pmc):
    ticket = register_ticket(actor=xlm["cs_director"], site=xlm.site)
    with pytest.raises(KefuError) as info:
        access_ticket(pmc["cs_director"], ticket.pk)
    assert (info.value.status, info.value.code) == (404, "desk.ticket_not_found")
    assert list(ticket_list_for(pmc["cs_director"])) == []
    assert access_ticket(xlm["gm"], ticket.pk) == ticket


def test_missing_and_malformed_ids_are_not_found(xlm):
    for bad in [999999, "abc", None]:
        with pytest.raises(KefuError):
            access_ticket(xlm["cs_director"], bad)


def test_filters_by_status_type_date_and_search(xlm):
    cs = xlm["cs_director"]
    a = register_ticket(
        actor=cs,
        site=xlm.site,
        now=T("2010-09-12T10:00+08:00"),
        subject="床垫塌陷",
        contact_phone="13912345678",
    )
    b = register_ticket(
        actor=cs,
        site=xlm.site,
        now=T("2010-09-20T10:00+08:00"),
        subject="包装破损",
        category_code="packaging",
    )
    ticket_accept(actor=cs, ticket=b)

    def ids(**kw):
        return [t.pk for t in ticket_list_for(cs, TicketFilters(**kw))]

    assert ids() == [b.pk, a.pk]
    assert ids(status=["accepted"]) == [b.pk]
    assert ids(date_from=date(2010, 9, 13)) == [b.pk]
    assert ids(date_to=date(2010, 9, 12)) == [a.pk]
    assert ids(q="塌陷") == [a.pk]
    assert ids(q="100912") == [a.pk]
    assert ids(q="2345678") == [a.pk]
    assert ids(category=b.category_id) == [b.pk]
    assert ids(request_type="enquiry") == []


def test_actions_offered_match_the_role(xlm):
    ticket = register_ticket(actor=xlm["cs_director"], site=xlm.site)
    assert ticket_actions_for(xlm["cs_director"], ticket) == ["accept", "reject"]
    assert ticket_actions_for(xlm["production_manager"], ticket) == []
