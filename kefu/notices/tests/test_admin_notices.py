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


def test_settings_refuse_a_birthday_text_with_a_refused_tag(client, pmc, pmc_admin):
    from kefu.notices.models import NoticeSettings

    config = NoticeSettings.objects.get(site=pmc.site)
    data = {
        "site": pmc.site.pk,
        "rectification_working_days": 5,
        "link_valid_days": 30,
        "fire_safety_day": 1,
        "birthday_greetings": "on",
        "birthday_lead_days": 7,
        "birthday_channel": "sms",
        "birthday_text": "{% load static %}{{ tenant }}",
    }
    response = client.post(admin_url(config, "change"), data)
    assert response.status_code == 200 and "not allowed" in response.content.decode()
    data["birthday_text"] = "{{ tenant }},生日快乐!"
    assert client.post(admin_url(config, "change"), data).status_code == 302
    config.refresh_from_db()
    assert config.birthday_text == "{{ tenant }},生日快乐!"


def test_inspection_reports_show_their_findings(client, pmc, people, pmc_admin):
    from kefu.notices.tests.factories import sent_rectification_letter

    letter = sent_rectification_letter(pmc, people)
    report = letter.parent.inspection
    html = client.get(admin_url(report, "change")).content.decode()
    assert "灭火器过期" in html and "疏散通道堆放杂物" in html
