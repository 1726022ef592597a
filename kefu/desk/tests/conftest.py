"""Fixtures shared by the desk's tests."""

from datetime import datetime

import pytest

from kefu.desk.services import (
    site_sla_preset_apply,
    ticket_accept,
    ticket_assign,
    ticket_comment,
    ticket_pause,
    ticket_urge,
)
from kefu.desk.tests.factories import register_ticket

#: Requests in ``busy``: more than one page holds (KEFU_PAGE_SIZE 25).
ROWS = 30


@pytest.fixture
def busy(xlm):
    """30 xlm complaints under the telecom SLA policy (seed 002 L178), a third
    registered, a third accepted, a third assigned to 生产部经理; the last one
    paused, urged and commented, so its page shows every kind of row."""
    site_sla_preset_apply(actor=None, site=xlm.site, key="telecom")
    cs = xlm["cs_director"]
    last = None
    for i in range(ROWS):
        last = register_ticket(
            actor=cs,
            site=xlm.site,
            now=datetime.fromisoformat("2010-09-12T10:00+08:00"),
            subject=f"床垫塌陷 {i}",
            contact_name="王先生",
            contact_phone="13912345678",
        )
        if i % 3:
            ticket_accept(actor=cs, ticket=last)
        if i % 3 == 2:
            ticket_assign(actor=cs, ticket=last)
    ticket_pause(actor=cs, ticket=last, reason="等待客户提供照片")
    ticket_urge(actor=cs, ticket=last, note="客户来电催促")
    ticket_comment(actor=cs, ticket=last, note="已联系经销商")
    return {"preset": xlm, "cs": cs, "last": last}
