"""Online-channel items (seed 000 §3.10, L69): registered by the designated person as desk
requests with source and link; the public reply is reviewed by the relevant department
before it is published."""

import pytest

from kefu.core.tests.api_support import Api, assert_error, audit_mark, audit_since
from kefu.desk.models import Category
from kefu.portal.models import OnlineItem, ReplyStatus

pytestmark = pytest.mark.django_db

FORUM = "https://bbs.example.cn/thread/8812"


@pytest.fixture
def designated(pmc):
    position = pmc.position("cs_clerk")
    position.capabilities = [*position.capabilities, "portal.online"]
    position.save()
    return pmc["cs_clerk"]


def register(api, pmc, **extra):
    category = Category.objects.get(site=pmc.site, code="plumbing_electric")
    body = {
        "site_id": pmc.site.pk,
        "request_type": "repair",
        "category_id": category.pk,
        "source": "forum",
        "url": FORUM,
        "content": "论坛网友反映3栋地下车库漏水多日无人处理",
        **extra,
    }
    return api.post("/portal/online", body)


def test_register_review_and_publish(pmc, designated):
    api = Api(designated)
    response = register(api, pmc)
    assert response.status_code == 201, response.content
    item = OnlineItem.objects.get()
    assert item.ticket.channel.code == "online" and item.url == FORUM
    # routed like any request: the follow-up goes to the category's owner (seed 002 §3.1)
    assert item.ticket.handling_position.code == "engineering_supervisor"
    draft = api.post(f"/portal/online/{item.pk}/draft", {"text": "已安排工程部今日排查。"})
    assert draft.json()["reply_status"] == "submitted"
    # not yet reviewed: it may not be published
    assert_error(api.post(f"/portal/online/{item.pk}/publish"), 409, "portal.reply_state")
    # the designated person is not in the engineering department: cannot review
    assert_error(
        api.post(f"/portal/online/{item.pk}/review", {"approve": True}),
        403,
        "portal.review_forbidden",
    )
    engineer = Api(pmc["engineering_supervisor"])
    returned = engineer.post(
        f"/portal/online/{item.pk}/review", {"approve": False, "note": "写明完成时间"}
    )
    assert returned.json()["reply_status"] == "returned"
    api.post(f"/portal/online/{item.pk}/draft", {"text": "工程部今日排查,周五前修复。"})
    engineer.post(f"/portal/online/{item.pk}/review", {"approve": True})
    published = api.post(f"/portal/online/{item.pk}/publish")
    assert published.json()["reply_status"] == ReplyStatus.PUBLISHED
    assert api.get("/portal/online").json()["count"] == 1


def test_only_the_designated_person_registers(pmc, designated):
    api = Api(pmc["cs_director"])
    mark = audit_mark()
    assert_error(register(api, pmc), 403, "portal.online_forbidden")
    assert OnlineItem.objects.count() == 0 and audit_since(mark) == []


def test_bad_source_or_link_changes_nothing(pmc, designated):
    api = Api(designated)
    mark = audit_mark()
    assert_error(register(api, pmc, source="tiktok"), 400, "portal.source_invalid")
    assert_error(register(api, pmc, url="javascript:alert(1)"), 400, "portal.url_invalid")
    assert OnlineItem.objects.count() == 0 and audit_since(mark) == []


def test_other_sites_items_are_not_found(pmc, xlm, designated):
    register(Api(designated), pmc)
    item = OnlineItem.objects.get()
    assert_error(
        Api(xlm["cs_director"]).post(f"/portal/online/{item.pk}/draft", {"text": "x"}),
        404,
        "portal.request_not_found",
    )
