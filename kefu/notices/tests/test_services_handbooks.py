"""Handbooks handed out against a signed acknowledgement (seed 004 L25, L71, L179):
a handbook is a notice of kind ``handbook`` whose recipients sign off."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kefu.customers.tests.factories import CustomerFactory, UnitFactory
from kefu.notices import errors, services
from kefu.notices.models import Audience, NoticeKind, NoticeStatus, SignMethod
from kefu.notices.selectors import ReceiptFilters, handbook_receipts_for
from kefu.notices.tests.factories import T0, NoticeTemplateFactory, sealed_notice, tenants
from kefu.notices.tests.test_services_notices import PNG, counts

HANDBOOK_BODY = "{{ tenant }}({{ unit }}):\n《业主/租户手册》(2026版)已交付,请签收。\n{{ site }}"


def handbook(pmc, people, **kwargs):
    template = NoticeTemplateFactory(
        site=pmc.site,
        kind=NoticeKind.HANDBOOK,
        name="用户手册",
        title="《业主/租户手册》(2026版)",
        body=HANDBOOK_BODY,
    )
    kwargs.setdefault("audience", Audience.LIST)
    kwargs.setdefault("customers", people.customers[:2])
    return sealed_notice(pmc, template=template, **kwargs)


def test_a_handbook_is_handed_out_and_acknowledged_per_unit(pmc, people):
    """Sent to 张三 and 李四 (paper acknowledgement and link), then handed to a new
    tenant at move-in: each customer's row says which handbook, when, how acknowledged."""
    edition = handbook(pmc, people)
    services.notice_issue(actor=pmc["cs_director"], notice=edition, now=T0)
    zhang, li = (edition.recipients.get(customer=c) for c in people.customers[:2])
    services.notice_recipient_paper_record(
        actor=pmc["cs_clerk"],
        recipient=zhang,
        signer_name="张三",
        signed_copy=SimpleUploadedFile("ack.png", PNG),
        now=T0,
    )
    services.notice_recipient_sign_off(recipient=li, method=SignMethod.LINK, now=T0)
    edition.refresh_from_db()
    assert edition.status == NoticeStatus.SIGNED_OFF

    newcomer = tenants(pmc.site, [("3栋", "301", "赵六")]).customers[0]
    copy = services.handbook_hand_out(
        actor=pmc["cs_clerk"], notice=edition, customer=newcomer, now=T0
    )
    assert (str(copy.unit), copy.handed_out_by, copy.signed_at) == (
        "3栋-301",
        pmc["cs_clerk"],
        None,
    )
    assert "赵六(3栋-301)" in copy.body
    edition.refresh_from_db()
    assert edition.status == NoticeStatus.SENT  # an acknowledgement is outstanding again
    services.notice_recipient_sign_off(recipient=copy, method=SignMethod.PORTAL, now=T0)
    edition.refresh_from_db()
    assert edition.status == NoticeStatus.SIGNED_OFF

    rows = handbook_receipts_for(pmc["cs_clerk"])
    assert [(str(r.unit), r.customer.name, r.sign_method) for r in rows] == [
        ("1栋-101", "张三", "paper"),
        ("1栋-102", "李四", "link"),
        ("3栋-301", "赵六", "portal"),
    ]
    only = handbook_receipts_for(pmc["cs_clerk"], ReceiptFilters(building="3栋"))
    assert [r.customer.name for r in only] == ["赵六"]


def test_hand_out_refusals_change_nothing(pmc, xlm, people):
    edition = handbook(pmc, people)
    wang = people.customers[2]
    before = counts()
    with pytest.raises(errors.NotSent):  # sealed, not yet sent: no path hands it out
        services.handbook_hand_out(actor=pmc["cs_clerk"], notice=edition, customer=wang)
    services.notice_issue(actor=pmc["cs_director"], notice=edition, now=T0)
    before = counts()
    with pytest.raises(errors.AlreadyReceived):
        services.handbook_hand_out(
            actor=pmc["cs_clerk"], notice=edition, customer=people.customers[0]
        )
    with pytest.raises(errors.NotAllowedToRecord):
        services.handbook_hand_out(actor=pmc["technician"], notice=edition, customer=wang)
    with pytest.raises(errors.RecipientNotFound):
        services.handbook_hand_out(
            actor=pmc["cs_clerk"], notice=edition, customer=CustomerFactory(site=xlm.site)
        )
    with pytest.raises(errors.RecipientNotFound):
        services.handbook_hand_out(
            actor=pmc["cs_clerk"],
            notice=edition,
            customer=wang,
            unit=UnitFactory(site=xlm.site),
        )
    assert counts() == before
    notice = sealed_notice(pmc)
    services.notice_issue(actor=pmc["cs_director"], notice=notice, now=T0)
    with pytest.raises(errors.NotHandbook):
        services.handbook_hand_out(actor=pmc["cs_clerk"], notice=notice, customer=wang)
