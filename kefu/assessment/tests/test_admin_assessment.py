"""Assessment admin: templates are configuration, site-scoped; scorecards read-only."""

import pytest
from django.contrib.auth.models import Permission

from kefu.assessment.models import Scorecard, ScorecardSection, ScorecardTemplate
from kefu.assessment.services import scorecard_run, scorecard_template_preset_apply
from kefu.assessment.tests.test_services_scorecard import MARCH
from kefu.core.tests.admin_support import admin_url, make_site_admin


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def xlm_admin(client, xlm):
    user = make_site_admin(xlm["cs_director"])
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="assessment"))
    client.force_login(user)
    return user


def test_templates_of_the_own_site_with_sections_and_items(client, xlm, pmc, xlm_admin):
    mine = scorecard_template_preset_apply(actor=None, site=xlm.site, key="telecom")
    other = scorecard_template_preset_apply(actor=None, site=pmc.site, key="telecom")
    page = client.get(admin_url(mine, "change"))
    assert page.status_code == 200 and "一、工作规范" in page.content.decode()
    assert client.get(admin_url(other, "change")).status_code == 404
    section = ScorecardSection.objects.get(template=mine, code="tickets")
    html = client.get(admin_url(section, "change")).content.decode()
    assert "EOMS投诉单处理及时率" in html and "desk_deadline_missed" in html


def test_scorecards_are_read_only(client, xlm, xlm_admin):
    template = scorecard_template_preset_apply(actor=None, site=xlm.site, key="telecom")
    [card] = scorecard_run(actor=None, template=template, month=MARCH)
    assert client.get(admin_url(card, "change")).status_code == 200
    assert client.get(admin_url(Scorecard, "add")).status_code == 403
    assert ScorecardTemplate.objects.count() == 1
