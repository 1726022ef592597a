"""Pages of notices: register, draft, notice page, paper sign-off, PDF, the public link."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kefu.notices import services
from kefu.notices.models import NoticeRecipient, NoticeStatus, SignMethod
from kefu.notices.tests.factories import T0, NoticeTemplateFactory, sealed_notice
from kefu.notices.tests.test_services_notices import PNG, counts


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def test_register_and_notice_page(client, pmc, people, django_assert_max_num_queries):
    notice = sealed_notice(pmc)
    services.notice_issue(actor=pmc["cs_director"], notice=notice, now=T0)
    client.force_login(pmc["cs_clerk"])
    with django_assert_max_num_queries(20):
        html = client.get("/notices/").content.decode()
    assert notice.title in html and "3 sign-offs outstanding" in html
    with django_assert_max_num_queries(25):
        html = client.get(f"/notices/{notice.pk}/").content.decode()
    assert "张三" in html and "Record paper sign-off" in html and "Chase 3 outstanding" in html


def test_draft_page_creates_a_draft(client, pmc, people):
    template = NoticeTemplateFactory(site=pmc.site)
    client.force_login(pmc["cs_clerk"])
    assert client.get("/notices/new/").status_code == 200
    response = client.post(
        "/notices/new/",
        {"site": pmc.site.pk, "template": template.pk, "audience": "site", "delivery": "paper"},
    )
    assert response.status_code == 302
    notice = pmc.site.notice_set.get()
    assert notice.status == NoticeStatus.DRAFT and notice.title == template.title


def test_draft_page_error_changes_nothing(client, pmc):
    client.force_login(pmc["cs_clerk"])
    before = counts()
    response = client.post(
        "/notices/new/",
        {
            "site": pmc.site.pk,
            "audience": "building",
            "delivery": "paper",
            "title": "t",
            "body": "b",
        },
    )
    assert response.status_code == 400
    assert "Name the building" in response.content.decode()
    assert counts() == before


def test_paper_sign_off_and_signed_copy(client, pmc, people):
    notice = sealed_notice(pmc)
    services.notice_issue(actor=pmc["cs_director"], notice=notice, now=T0)
    recipient = notice.recipients.first()
    client.force_login(pmc["cs_clerk"])
    response = client.post(
        f"/notices/{notice.pk}/recipients/{recipient.pk}/paper/",
        {"signer_name": "张三", "signed_copy": SimpleUploadedFile("s.png", PNG)},
    )
    assert response.status_code == 302
    copy = client.get(f"/notices/{notice.pk}/recipients/{recipient.pk}/signed-copy/")
    assert copy.status_code == 200 and b"".join(copy.streaming_content).startswith(b"\x89PNG")


def test_batch_pdf_has_a_page_per_recipient(client, pmc, people):
    notice = sealed_notice(pmc)
    services.notice_issue(actor=pmc["cs_director"], notice=notice, now=T0)
    client.force_login(pmc["cs_clerk"])
    response = client.get(f"/notices/{notice.pk}/print.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.count(b"/Type /Page\n") + response.content.count(
        b"/Type /Page "
    ) >= 3 or (
        response.content.count(b"/Type /Page") - response.content.count(b"/Type /Pages") == 3
    )


def test_public_link_signs_off_once(client, pmc, people):
    notice = sealed_notice(pmc)
    services.notice_issue(actor=pmc["cs_director"], notice=notice, now=T0)
    recipient = notice.recipients.first()
    url = services.sign_off_path(recipient)
    page = client.get(url)
    assert page.status_code == 200 and "Confirm receipt" in page.content.decode()
    assert client.post(url, {"signer_name": "张三本人"}, REMOTE_ADDR="10.1.2.3").status_code == 200
    recipient.refresh_from_db()
    assert (recipient.sign_method, recipient.signer_name, recipient.signed_from) == (
        SignMethod.LINK,
        "张三本人",
        "10.1.2.3",
    )
    before = counts()
    again = client.post(url, {"signer_name": "别人"})
    assert "Receipt confirmed by 张三本人" in again.content.decode()
    assert counts() == before


def test_public_link_refuses_a_bad_token(client, db):
    assert client.get("/notices/sign/nonsense/").status_code == 404
    assert NoticeRecipient.objects.count() == 0
