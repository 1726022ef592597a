"""The desk's pages for online-channel items (seed 000 §3.10, L69): the designated person
registers an item seen on the forum as a desk request with its source and link, drafts the
public reply, the relevant department approves or returns it, and it is published."""

import pytest
from django.test import Client

from kefu.core.models import AuditEntry
from kefu.core.tests.api_support import Api, assert_error, audit_mark, audit_since
from kefu.desk.models import Category
from kefu.notify.models import Notification
from kefu.portal.models import OnlineItem, ReplyStatus
from kefu.portal.rules import ONLINE_STEPS

pytestmark = pytest.mark.django_db

FORUM = "https://bbs.example.cn/thread/8812"


@pytest.fixture
def designated(pmc):
    position = pmc.position("cs_clerk")
    position.capabilities = [*position.capabilities, "portal.online"]
    position.save()
    return pmc["cs_clerk"]


def browser(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_data(pmc, **extra) -> dict:
    category = Category.objects.get(site=pmc.site, code="plumbing_electric")
    return {
        "site": pmc.site.pk,
        "source": "forum",
        "url": FORUM,
        "request_type": category.request_type_id,
        "category": category.pk,
        "subject": "地下车库漏水",
        "content": "论坛网友反映3栋地下车库漏水多日无人处理",
        "contact_name": "业主小王",
        **extra,
    }


@pytest.fixture
def item(pmc, designated) -> OnlineItem:
    response = browser(designated).post("/portal/online/new/", form_data(pmc))
    assert response.status_code == 302, response.content.decode()[:2000]
    return OnlineItem.objects.get()


def state(item) -> str:
    item.refresh_from_db()
    return item.reply_status


def test_register_from_the_page(pmc, designated, item):
    # seed 000 L69: a desk request with its source and link, routed like any request
    assert item.ticket.channel.code == "online" and item.url == FORUM
    assert item.source == "forum" and item.ticket.contact_name == "业主小王"
    assert item.ticket.handling_position.code == "engineering_supervisor"
    assert AuditEntry.objects.filter(action="portal.online_registered", target_id=item.pk).exists()
    page = browser(designated).get(item.get_absolute_url()).content.decode()
    assert item.ticket.number in page and FORUM in page and 'id="online-draft-form"' in page


def test_only_the_designated_person_may_register(pmc, designated):
    director = browser(pmc["cs_director"])
    assert "online-register" not in director.get("/portal/online/").content.decode()
    assert director.get("/portal/online/new/").status_code == 403
    mark = audit_mark()
    response = director.post("/portal/online/new/", form_data(pmc))
    assert response.status_code == 403 and b"portal.online_forbidden" in response.content
    assert OnlineItem.objects.count() == 0 and audit_since(mark) == []
    assert "online-register" in browser(designated).get("/portal/online/").content.decode()


@pytest.mark.parametrize(
    ("extra", "message"),
    [({"url": "javascript:alert(1)"}, "http(s)://"), ({"source": "tiktok"}, "tiktok")],
)
def test_bad_link_or_source_shows_the_form_again(pmc, designated, extra, message):
    mark = audit_mark()
    response = browser(designated).post("/portal/online/new/", form_data(pmc, **extra))
    assert response.status_code == 400
    assert 'id="online-form"' in response.content.decode()
    assert message in response.content.decode()
    assert OnlineItem.objects.count() == 0 and audit_since(mark) == []


def test_draft_review_return_approve_publish(pmc, designated, item):
    clerk, engineer = browser(designated), browser(pmc["engineering_supervisor"])
    url = f"/portal/online/{item.pk}"
    # not yet drafted: nothing to review or publish
    assert engineer.post(f"{url}/review/", {"decision": "approve"}).status_code == 409
    clerk.post(f"{url}/draft/", {"text": "已安排工程部今日排查。"})
    assert state(item) == ReplyStatus.SUBMITTED
    # the department is told; the designated person may not review it
    assert Notification.objects.filter(
        recipient=pmc["engineering_supervisor"], kind="portal.online_review"
    ).exists()
    assert 'id="online-review-form"' not in clerk.get(f"{url}/").content.decode()
    assert clerk.post(f"{url}/review/", {"decision": "approve"}).status_code == 403
    # an unreviewed reply cannot be published
    assert clerk.post(f"{url}/publish/").status_code == 409
    assert state(item) == ReplyStatus.SUBMITTED
    # returning needs a note; nothing changes without one
    mark = audit_mark()
    assert engineer.post(f"{url}/review/", {"decision": "return"}).status_code == 400
    assert state(item) == ReplyStatus.SUBMITTED and audit_since(mark) == []
    assert 'id="online-review-form"' in engineer.get(f"{url}/").content.decode()
    engineer.post(f"{url}/review/", {"decision": "return", "note": "写明完成时间"})
    assert state(item) == ReplyStatus.RETURNED
    assert Notification.objects.filter(recipient=designated, kind="portal.online_reviewed").exists()
    page = clerk.get(f"{url}/").content.decode()
    assert "写明完成时间" in page and 'id="online-draft-form"' in page
    clerk.post(f"{url}/draft/", {"text": "工程部今日排查,周五前修复。"})
    engineer.post(f"{url}/review/", {"decision": "approve"})
    assert state(item) == ReplyStatus.APPROVED
    assert 'id="online-publish-form"' in clerk.get(f"{url}/").content.decode()
    assert clerk.post(f"{url}/publish/").status_code == 302
    assert state(item) == ReplyStatus.PUBLISHED and item.published_by == designated
    actions = [row for row in AuditEntry.objects.filter(target_id=item.pk).order_by("id")]
    assert [a.action for a in actions if a.target_type.model == "onlineitem"] == [
        "portal.online_registered",
        "portal.online_reply_submitted",
        "portal.online_reply_reviewed",
        "portal.online_reply_submitted",
        "portal.online_reply_reviewed",
        "portal.online_reply_published",
    ]
    history = clerk.get(f"{url}/").content.decode()
    assert history.count('data-action="portal.online_reply_reviewed"') == 2


def test_the_drafter_does_not_review_their_own_reply(pmc, designated, item):
    # the engineering supervisor is also a designated person and drafts the reply
    position = pmc.position("engineering_supervisor")
    position.capabilities = [*position.capabilities, "portal.online"]
    position.save()
    supervisor = browser(pmc["engineering_supervisor"])
    supervisor.post(f"/portal/online/{item.pk}/draft/", {"text": "工程部今日排查。"})
    assert (
        'id="online-review-form"'
        not in supervisor.get(f"/portal/online/{item.pk}/").content.decode()
    )
    mark = audit_mark()
    response = supervisor.post(f"/portal/online/{item.pk}/review/", {"decision": "approve"})
    assert response.status_code == 403 and b"portal.review_own_reply" in response.content
    assert state(item) == ReplyStatus.SUBMITTED and audit_since(mark) == []
    # another person of the engineering department reviews it
    assert not Notification.objects.filter(
        recipient=pmc["engineering_supervisor"], kind="portal.online_review"
    ).exists()
    technician = browser(pmc["technician"])
    technician.post(f"/portal/online/{item.pk}/review/", {"decision": "approve"})
    assert state(item) == ReplyStatus.APPROVED and item.reviewed_by == pmc["technician"]


def test_htmx_step_returns_the_panel(pmc, designated, item):
    response = browser(designated).post(
        f"/portal/online/{item.pk}/draft/", {"text": "已安排排查。"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'id="online-panel"' in html
    assert 'hx-swap-oob="true"' in html and 'id="online-status"' in html


def test_unknown_decision_or_step_changes_nothing(pmc, designated, item):
    engineer = browser(pmc["engineering_supervisor"])
    browser(designated).post(f"/portal/online/{item.pk}/draft/", {"text": "已安排排查。"})
    mark = audit_mark()
    assert engineer.post(f"/portal/online/{item.pk}/review/", {"decision": "ok"}).status_code == 400
    assert engineer.post(f"/portal/online/{item.pk}/delete/").status_code == 400
    assert state(item) == ReplyStatus.SUBMITTED and audit_since(mark) == []


def test_the_list_by_state(pmc, designated, item):
    client = browser(pmc["cs_director"])
    page = client.get("/portal/online/").content.decode()
    assert item.ticket.number in page and 'data-status="none"' in page
    assert item.ticket.number not in client.get("/portal/online/?status=published").content.decode()
    browser(designated).post(f"/portal/online/{item.pk}/draft/", {"text": "已安排排查。"})
    submitted = client.get("/portal/online/?status=submitted").content.decode()
    assert item.ticket.number in submitted
    # a state that does not exist shows all
    assert item.ticket.number in client.get("/portal/online/?status=nope").content.decode()


def test_other_sites_items_are_not_found(pmc, xlm, item):
    outsider = browser(xlm["cs_director"])
    assert outsider.get(item.get_absolute_url()).status_code == 404
    assert outsider.post(f"/portal/online/{item.pk}/publish/").status_code == 404
    assert item.ticket.number not in outsider.get("/portal/online/").content.decode()


def test_api_one_item_and_the_status_filter(pmc, designated, item):
    api = Api(designated)
    assert api.get(f"/portal/online/{item.pk}").json()["url"] == FORUM
    assert api.get("/portal/online?status=none").json()["count"] == 1
    assert api.get("/portal/online?status=published").json()["count"] == 0
    assert api.get("/portal/online?status=bogus").status_code == 422
    assert_error(
        Api(pmc["cs_director"]).get("/portal/online/999999"), 404, "portal.request_not_found"
    )


def test_the_api_filter_names_every_reply_state():
    from typing import get_args

    from kefu.portal.schemas import OnlineQuery

    allowed = set(get_args(OnlineQuery.model_fields["status"].annotation)) - {""}
    assert (
        allowed
        == set(ReplyStatus.values)
        == {s for v in ONLINE_STEPS.values() for s in v} | {"published"}
    )


def test_pages_have_no_inline_script_or_style(pmc, designated, item):
    client = browser(designated)
    for url in ("/portal/online/", "/portal/online/new/", item.get_absolute_url()):
        body = client.get(url).content.decode()
        assert "<script>" not in body and "<style" not in body and 'style="' not in body
        assert " onclick=" not in body
