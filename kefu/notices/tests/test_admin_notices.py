"""Notices admin: templates are site-scoped configuration; notices are read-only."""

import pytest
from django.contrib.auth.models import Permission

from kefu.core.tests.admin_support import admin_url, make_site_admin
from kefu.notices.models import Notice, NoticeTemplate
from kefu.notices.tests.factories import NoticeTemplateFactory, sealed_notice


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def pmc_admin(client, pmc):
    user = make_site_admin(pmc["cs_director"])
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="notices"))
    client.force_login(user)
    return user


def test_templates_of_the_own_site_only(client, pmc, xlm, pmc_admin):
    mine = NoticeTemplateFactory(site=pmc.site)
    other = NoticeTemplateFactory(site=xlm.site)
    assert client.get(admin_url(mine, "change")).status_code == 200
    assert client.get(admin_url(other, "change")).status_code == 404


def test_a_template_with_a_refused_tag_is_not_saved(client, pmc, pmc_admin):
    data = {
        "site": pmc.site.pk,
        "code": "bad",
        "name": "bad",
        "kind": "notice",
        "title": "t",
        "body": "{% include 'base.html' %}",
        "is_active": "on",
    }
    response = client.post(admin_url(NoticeTemplate, "add"), data)
    assert response.status_code == 200
    assert "not allowed" in response.content.decode()
    assert not NoticeTemplate.objects.filter(code="bad").exists()


def test_notices_are_read_only(client, pmc, people, pmc_admin):
    notice = sealed_notice(pmc)
    assert client.get(admin_url(notice, "change")).status_code == 200
    assert client.get(admin_url(Notice, "add")).status_code == 403
