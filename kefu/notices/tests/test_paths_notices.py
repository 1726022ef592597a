"""No path sends an unapproved notice: page, API, admin action (seed 000 L49, seed 002 L76).

Each path is tried with a draft, an approved and a seal-requested notice, and
by a position that may not send; nothing changes. The sealed notice sent by
the 客服主任 is the success case of each path.
"""

import pytest
from django.contrib.auth.models import Permission

from kefu.core.tests.admin_support import admin_url, make_site_admin
from kefu.core.tests.api_support import Api, assert_error
from kefu.notices import services
from kefu.notices.models import Notice, NoticeStatus
from kefu.notices.tests.factories import T0, NoticeTemplateFactory, sealed_notice
from kefu.notices.tests.test_services_notices import counts


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def _at_step(pmc, step: str) -> Notice:
    notice = services.notice_draft(
        actor=pmc["cs_clerk"], site=pmc.site, template=NoticeTemplateFactory(site=pmc.site), now=T0
    )
    if step in ("approved", "seal_requested"):
        services.notice_approve(actor=pmc["gm"], notice=notice, now=T0)
    if step == "seal_requested":
        services.notice_seal_apply(actor=pmc["cs_clerk"], notice=notice, now=T0)
    return notice


STEPS = ["draft", "approved", "seal_requested"]


@pytest.mark.parametrize("step", STEPS)
def test_page_cannot_send_an_unsealed_notice(client, pmc, people, step):
    notice = _at_step(pmc, step)
    client.force_login(pmc["cs_director"])
    before = counts()
    response = client.post(f"/notices/{notice.pk}/step/issue/")
    assert response.status_code == 409
    assert counts() == before
    notice.refresh_from_db()
    assert notice.status == step


@pytest.mark.parametrize("step", STEPS)
def test_api_cannot_send_an_unsealed_notice(pmc, people, step):
    notice = _at_step(pmc, step)
    before = counts()
    assert_error(
        Api(pmc["cs_director"]).post(f"/notices/{notice.pk}/issue"), 409, "notices.not_sealed"
    )
    assert counts() == before


@pytest.fixture
def pmc_admin(client, pmc):
    user = make_site_admin(pmc["cs_director"])
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="notices"))
    client.force_login(user)
    return user


@pytest.mark.parametrize("step", STEPS)
def test_admin_action_cannot_send_an_unsealed_notice(client, pmc, people, pmc_admin, step):
    notice = _at_step(pmc, step)
    before = counts()
    response = client.post(
        admin_url(Notice),
        {"action": "issue", "_selected_action": [notice.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "has not been approved and sealed" in response.content.decode()
    assert counts() == before


def test_each_path_sends_a_sealed_notice_by_the_cs_director(client, pmc, people, pmc_admin):
    page, api, action = (sealed_notice(pmc) for _ in range(3))
    assert client.post(f"/notices/{page.pk}/step/issue/").status_code == 302
    response = Api(pmc["cs_director"]).post(f"/notices/{api.pk}/issue")
    assert response.status_code == 200 and response.json()["status"] == "sent"
    client.post(admin_url(Notice), {"action": "issue", "_selected_action": [action.pk]})
    statuses = set(
        Notice.objects.filter(pk__in=[page.pk, api.pk, action.pk]).values_list("status", flat=True)
    )
    assert statuses == {NoticeStatus.SENT}


def test_no_path_lets_the_clerk_send(client, pmc, people):
    notice = sealed_notice(pmc)
    before = counts()
    client.force_login(pmc["cs_clerk"])
    assert client.post(f"/notices/{notice.pk}/step/issue/").status_code == 403
    assert_error(
        Api(pmc["cs_clerk"]).post(f"/notices/{notice.pk}/issue"), 403, "notices.issue_not_allowed"
    )
    assert counts() == before
