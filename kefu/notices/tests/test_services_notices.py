"""The notice workflow: approval and seal gates, who issues, recipients, sign-off."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kefu.core.models import AuditEntry
from kefu.notices import errors, rules, services
from kefu.notices.models import (
    Audience,
    DeliveryMethod,
    Notice,
    NoticeRecipient,
    NoticeStatus,
    SignMethod,
)
from kefu.notices.tests.factories import T0, NoticeTemplateFactory, sealed_notice
from kefu.notify.models import Delivery, Notification

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def counts():
    return (
        Notice.objects.count(),
        NoticeRecipient.objects.count(),
        AuditEntry.objects.count(),
        Delivery.objects.count(),
    )


def test_notice_flow_draft_approve_seal_issue(pmc, people):
    """seed 000 L47–51: draft → leader consents → 用章申请 → sealed at 总经办 → sent."""
    notice = sealed_notice(pmc, starts_on=date(2026, 3, 5), ends_on=date(2026, 3, 6))
    assert notice.status == NoticeStatus.SEALED
    sent = services.notice_issue(actor=pmc["cs_director"], notice=notice, now=T0)
    assert sent.status == NoticeStatus.SENT
    bodies = {r.customer.name: r.body for r in sent.recipients.select_related("customer")}
    assert set(bodies) == {"张三", "李四", "王五"}
    assert "尊敬的张三(1栋-101)" in bodies["张三"]
    assert "2026年3月5日至2026年3月6日" in bodies["张三"]
    actions = AuditEntry.objects.filter(
        target_id=notice.pk, target_type__model="notice"
    ).values_list("action", flat=True)
    assert list(actions) == [
        "notices.notice_drafted",
        "notices.notice_approved",
        "notices.seal_requested",
        "notices.seal_approved",
        "notices.notice_issued",
    ]


@pytest.mark.parametrize("step", ["draft", "approved", "seal_requested"])
def test_unsealed_notice_cannot_be_issued(pmc, people, step):
    """seed 000 L49: only a sealed notice goes out; seed 002 L76: 未经有效审批 is fined."""
    notice = services.notice_draft(
        actor=pmc["cs_clerk"], site=pmc.site, template=NoticeTemplateFactory(site=pmc.site), now=T0
    )
    if step in ("approved", "seal_requested"):
        services.notice_approve(actor=pmc["gm"], notice=notice, now=T0)
    if step == "seal_requested":
        services.notice_seal_apply(actor=pmc["cs_clerk"], notice=notice, now=T0)
    before = counts()
    with pytest.raises(errors.NotSealed):
        services.notice_issue(actor=pmc["cs_director"], notice=notice, now=T0)
    assert counts() == before


def test_only_the_cs_director_issues(pmc, people):
    """seed 002 L76: 客服主任为公司唯一向客户正式发文岗位 — the clerk and the GM may not."""
    notice = sealed_notice(pmc)
    before = counts()
    for who in ("cs_clerk", "gm", "security_captain"):
        with pytest.raises(errors.NotAllowedToIssue):
            services.notice_issue(actor=pmc[who], notice=notice, now=T0)
    assert counts() == before


def test_only_the_leader_approves_and_the_gm_office_seals(pmc, people):
    notice = services.notice_draft(
        actor=pmc["cs_clerk"], site=pmc.site, template=NoticeTemplateFactory(site=pmc.site), now=T0
    )
    with pytest.raises(errors.NotAllowedToApprove):
        services.notice_approve(actor=pmc["cs_director"], notice=notice, now=T0)
    services.notice_approve(actor=pmc["gm"], notice=notice, now=T0)
    services.notice_seal_apply(actor=pmc["cs_clerk"], notice=notice, now=T0)
    with pytest.raises(errors.NotAllowedToSeal):
        services.notice_seal_approve(actor=pmc["cs_director"], notice=notice, now=T0)
    with pytest.raises(errors.WrongState):
        services.notice_approve(actor=pmc["gm"], notice=notice, now=T0)


def test_technician_may_not_draft(pmc):
    with pytest.raises(errors.NotAllowedToDraft):
        services.notice_draft(actor=pmc["technician"], site=pmc.site, title="x", body="y", now=T0)


def test_template_with_include_is_refused(pmc):
    """Templates are sandboxed: no include/load/debug tags."""
    before = counts()
    for body in ("{% include 'base.html' %}", "{% load static %}", "{% debug %}", "{% if %}"):
        with pytest.raises(errors.TemplateRefused):
            services.notice_draft(actor=pmc["cs_clerk"], site=pmc.site, title="t", body=body)
    assert counts() == before


def test_template_variables_are_plain_strings():
    text = "{{ tenant }}|{{ tenant.delete }}|{{ missing }}|{% if unit %}{{ unit }}{% endif %}"
    assert rules.template_render(text, {"tenant": "张三", "unit": "1栋-101"}) == "张三|||1栋-101"


def test_recipients_of_a_building(pmc, people):
    notice = sealed_notice(pmc, audience=Audience.BUILDING, building="1栋")
    services.notice_issue(actor=pmc["cs_director"], notice=notice, now=T0)
    names = set(notice.recipients.values_list("customer__name", flat=True))
    assert names == {"张三", "李四"}


def test_recipients_from_a_list(pmc, people):
    notice = sealed_notice(pmc, audience=Audience.LIST, customers=[people.customers[2]])
    services.notice_issue(actor=pmc["cs_director"], notice=notice, now=T0)
    assert list(notice.recipients.values_list("customer__name", flat=True)) == ["王五"]


def test_building_audience_needs_a_building(pmc):
    with pytest.raises(errors.BuildingRequired):
        services.notice_draft(
            actor=pmc["cs_clerk"], site=pmc.site, title="t", body="b", audience=Audience.BUILDING
        )


def test_major_notice_needs_a_designated_deliverer(pmc, people):
    """seed 000 L41: 重大通知及文件有专人发放."""
    notice = sealed_notice(pmc, is_major=True)
    before = counts()
    with pytest.raises(errors.DelivererRequired):
        services.notice_issue(actor=pmc["cs_director"], notice=notice, now=T0)
    assert counts() == before
    with_deliverer = sealed_notice(pmc, is_major=True, deliverer=pmc["cs_clerk"])
    services.notice_issue(actor=pmc["cs_director"], notice=with_deliverer, now=T0)
    assert Notification.objects.filter(recipient=pmc["cs_clerk"], kind="notices.deliver").exists()


def test_sms_delivery_goes_through_the_notify_outbox(pmc, people):
    notice = sealed_notice(pmc, delivery=DeliveryMethod.SMS)
    services.notice_issue(actor=pmc["cs_director"], notice=notice, now=T0)
    deliveries = Delivery.objects.filter(channel="sms", notification__kind="notices.issue")
    assert deliveries.count() == 3
    assert all("/notices/sign/" in d.notification.body for d in deliveries)


def test_sign_off_by_link_is_idempotent(pmc, people):
    """A second confirmation of the same recipient changes nothing."""
    notice = sealed_notice(pmc)
    services.notice_issue(actor=pmc["cs_director"], notice=notice, now=T0)
    recipient = notice.recipients.first()
    token = services.recipient_token(recipient)
    found = services.recipient_for_token(token)
    assert found.pk == recipient.pk
    first = services.notice_recipient_sign_off(
        recipient=found, method=SignMethod.LINK, address="10.0.0.8", now=T0
    )
    before = counts()
    again = services.notice_recipient_sign_off(
        recipient=found, method=SignMethod.PORTAL, verified_phone="13900000000"
    )
    assert counts() == before
    assert (again.signed_at, again.sign_method, again.signed_from) == (
        first.signed_at,
        SignMethod.LINK,
        "10.0.0.8",
    )


def test_portal_sign_off_records_the_verified_number(pmc, people):
    notice = sealed_notice(pmc)
    services.notice_issue(actor=pmc["cs_director"], notice=notice, now=T0)
    recipient = notice.recipients.first()
    signed = services.notice_recipient_sign_off(
        recipient=recipient, method=SignMethod.PORTAL, verified_phone="13912345678", now=T0
    )
    assert (signed.sign_method, signed.verified_phone) == ("portal", "13912345678")


def test_forged_or_reused_token_is_refused(pmc, people):
    notice = sealed_notice(pmc)
    services.notice_issue(actor=pmc["cs_director"], notice=notice, now=T0)
    recipient = notice.recipients.first()
    token = services.recipient_token(recipient)
    for bad in (token + "x", "abc", token.replace(str(recipient.pk), str(recipient.pk + 1), 1)):
        with pytest.raises(errors.LinkInvalid):
            services.recipient_for_token(bad)


def test_expired_token_is_refused(pmc, people, settings):
    from django.core import signing

    notice = sealed_notice(pmc)
    services.notice_issue(actor=pmc["cs_director"], notice=notice, now=T0)
    recipient = notice.recipients.first()
    old = signing.TimestampSigner(salt="kefu.notices.sign_off")
    old.timestamp = lambda: signing.b62_encode(1_000_000_000)
    token = old.sign(f"{recipient.pk}.{recipient.token_nonce}")
    with pytest.raises(errors.LinkInvalid):
        services.recipient_for_token(token)


def test_all_signed_closes_the_notice(pmc, people):
    """seed 000 L51: the notice is done when every recipient has signed."""
    notice = sealed_notice(pmc)
    services.notice_issue(actor=pmc["cs_director"], notice=notice, now=T0)
    for recipient in notice.recipients.all():
        services.notice_recipient_sign_off(recipient=recipient, method=SignMethod.LINK, now=T0)
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.SIGNED_OFF
    assert notice.signed_off_at == T0


def test_paper_sign_off_files_the_scan(pmc, people):
    """seed 000 L53: the signed copy is filed with the notice."""
    notice = sealed_notice(pmc)
    services.notice_issue(actor=pmc["cs_director"], notice=notice, now=T0)
    recipient = notice.recipients.first()
    signed = services.notice_recipient_paper_record(
        actor=pmc["cs_clerk"],
        recipient=recipient,
        signer_name="张三",
        signed_copy=SimpleUploadedFile("sign.png", PNG),
        now=T0,
    )
    assert signed.sign_method == "paper"
    assert signed.recorded_by == pmc["cs_clerk"]
    assert signed.signed_copy.name.startswith(f"notices/{notice.pk}/signed/")
    assert signed.signed_copy_type == "image/png"


def test_paper_sign_off_refuses_a_fake_scan(pmc, people):
    notice = sealed_notice(pmc)
    services.notice_issue(actor=pmc["cs_director"], notice=notice, now=T0)
    recipient = notice.recipients.first()
    before = counts()
    with pytest.raises(errors.ScanRefused):
        services.notice_recipient_paper_record(
            actor=pmc["cs_clerk"],
            recipient=recipient,
            signer_name="张三",
            signed_copy=SimpleUploadedFile("sign.png", b"not an image at all"),
        )
    assert counts() == before
    recipient.refresh_from_db()
    assert recipient.signed_at is None


def test_chase_reminds_only_the_outstanding(pmc, people):
    notice = sealed_notice(pmc)
    services.notice_issue(actor=pmc["cs_director"], notice=notice, now=T0)
    first = notice.recipients.order_by("pk").first()
    services.notice_recipient_sign_off(recipient=first, method=SignMethod.LINK, now=T0)
    assert services.notice_chase(actor=pmc["cs_clerk"], notice=notice, now=T0) == 2
    assert services.notice_chase(actor=pmc["cs_clerk"], notice=notice, now=T0) == 2
    chases = Delivery.objects.filter(notification__kind="notices.chase")
    assert chases.count() == 4
    assert not chases.filter(address=first.customer.phone).exists()


def test_sign_off_before_sending_is_refused(pmc, people):
    notice = sealed_notice(pmc)
    fake = NoticeRecipient(notice=notice, customer=people.customers[0], body="x")
    with pytest.raises(errors.NotSent):
        services.notice_recipient_sign_off(recipient=fake, method=SignMethod.LINK)
