"""API of notices: the register, a notice, each step, chase, paper sign-off."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kefu.core.models import AuditEntry
from kefu.core.tests.api_support import BASE, Api, assert_error, audit_mark
from kefu.notices import services
from kefu.notices.models import SignMethod
from kefu.notices.tests.factories import T0, NoticeTemplateFactory, sealed_notice
from kefu.notices.tests.test_services_notices import PNG, counts


def test_draft_through_the_whole_flow(pmc, people):
    template = NoticeTemplateFactory(site=pmc.site)
    mark = audit_mark()
    created = Api(pmc["cs_clerk"]).post(
        "/notices",
        {
            "site_id": pmc.site.pk,
            "template_id": template.pk,
            "audience": "building",
            "building": "1栋",
        },
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["status"] == "draft"
    assert Api(pmc["gm"]).post(f"/notices/{pk}/approve").json()["status"] == "approved"
    assert (
        Api(pmc["cs_clerk"]).post(f"/notices/{pk}/seal-application").json()["status"]
        == "seal_requested"
    )
    assert Api(pmc["gm"]).post(f"/notices/{pk}/seal").json()["status"] == "sealed"
    sent = Api(pmc["cs_director"]).post(f"/notices/{pk}/issue").json()
    assert sent["status"] == "sent"
    assert {r["customer_name"] for r in sent["recipients"]} == {"张三", "李四"}
    assert sent["outstanding_count"] == 2
    actions = list(AuditEntry.objects.filter(id__gt=mark).values_list("action", flat=True))
    assert actions[-1] == "notices.notice_issued"
    chased = Api(pmc["cs_clerk"]).post(f"/notices/{pk}/chase")
    assert chased.json() == {"chased": 2}


def test_register_lists_counts(pmc, people, django_assert_max_num_queries):
    for _ in range(3):
        notice = sealed_notice(pmc)
        services.notice_issue(actor=pmc["cs_director"], notice=notice, now=T0)
    first = notice.recipients.first()
    services.notice_recipient_sign_off(recipient=first, method=SignMethod.LINK, now=T0)
    api = Api(pmc["cs_clerk"])
    with django_assert_max_num_queries(8):
        body = api.get("/notices").json()
    assert body["count"] == 3
    top = body["items"][0]
    assert (top["recipient_count"], top["signed_count"], top["outstanding_count"]) == (3, 1, 2)
    with django_assert_max_num_queries(10):
        detail = api.get(f"/notices/{notice.pk}").json()
    assert len(detail["recipients"]) == 3


def test_other_sites_notice_is_not_found(pmc, xlm, people):
    notice = sealed_notice(pmc)
    assert_error(
        Api(xlm["cs_director"]).get(f"/notices/{notice.pk}"), 404, "notices.notice_not_found"
    )
    assert_error(
        Api(xlm["cs_director"]).post(f"/notices/{notice.pk}/issue"), 404, "notices.notice_not_found"
    )


def test_draft_errors_change_nothing(pmc, people):
    api = Api(pmc["cs_clerk"])
    before = counts()
    assert_error(
        api.post("/notices", {"site_id": pmc.site.pk, "title": "", "body": ""}),
        400,
        "notices.title_required",
    )
    assert_error(
        api.post("/notices", {"site_id": pmc.site.pk, "title": "t", "body": "{% load x %}"}),
        400,
        "notices.template_refused",
    )
    assert_error(
        api.post(
            "/notices", {"site_id": pmc.site.pk, "title": "t", "body": "b", "audience": "building"}
        ),
        400,
        "notices.building_required",
    )
    assert_error(
        api.post(
            "/notices", {"site_id": pmc.site.pk, "title": "t", "body": "b", "audience": "list"}
        ),
        400,
        "notices.no_recipients",
    )
    assert_error(
        Api(pmc["technician"]).post(
            "/notices", {"site_id": pmc.site.pk, "title": "t", "body": "b"}
        ),
        403,
        "notices.draft_not_allowed",
    )
    assert counts() == before


def test_step_errors(pmc, people):
    notice = services.notice_draft(
        actor=pmc["cs_clerk"], site=pmc.site, title="t", body="b", now=T0
    )
    assert_error(
        Api(pmc["cs_director"]).post(f"/notices/{notice.pk}/approve"),
        403,
        "notices.approve_not_allowed",
    )
    assert_error(Api(pmc["gm"]).post(f"/notices/{notice.pk}/seal"), 409, "notices.wrong_state")
    assert_error(
        Api(pmc["cs_director"]).post(f"/notices/{notice.pk}/seal"), 403, "notices.seal_not_allowed"
    )
    assert_error(Api(pmc["cs_clerk"]).post(f"/notices/{notice.pk}/chase"), 409, "notices.not_sent")
    major = sealed_notice(pmc, is_major=True)
    assert_error(
        Api(pmc["cs_director"]).post(f"/notices/{major.pk}/issue"),
        400,
        "notices.deliverer_required",
    )


def test_paper_sign_off_upload(pmc, people):
    notice = sealed_notice(pmc)
    services.notice_issue(actor=pmc["cs_director"], notice=notice, now=T0)
    recipient = notice.recipients.first()
    api = Api(pmc["cs_clerk"])
    url = f"{BASE}/notices/{notice.pk}/recipients/{recipient.pk}/paper"
    bad = api.client.post(
        url, {"signer_name": "张三", "signed_copy": SimpleUploadedFile("a.pdf", b"hello")}
    )
    assert_error(bad, 400, "notices.scan_refused")
    ok = api.client.post(
        url, {"signer_name": "张三", "signed_copy": SimpleUploadedFile("a.png", PNG)}
    )
    assert ok.status_code == 200, ok.json()
    assert ok.json()["sign_method"] == "paper" and ok.json()["has_signed_copy"]
    assert_error(
        api.client.post(
            f"{BASE}/notices/{notice.pk}/recipients/999999/paper",
            {"signer_name": "x", "signed_copy": SimpleUploadedFile("a.png", PNG)},
        ),
        404,
        "notices.recipient_not_found",
    )


@pytest.mark.parametrize("path", ["/notices", "/notices/1"])
def test_anonymous_is_refused(db, path):
    assert Api().get(path).status_code == 401
