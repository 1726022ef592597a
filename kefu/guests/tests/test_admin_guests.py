"""Guest admin: classes and caps are site-scoped configuration; visits read-only."""

import pytest
from django.contrib.auth.models import Permission

from kefu.core.tests.admin_support import admin_url, make_site_admin
from kefu.guests.models import GuestClass, GuestVisit
from kefu.guests.tests.factories import book, reception_site

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def test_classes_of_own_site_only_and_visits_read_only(client, pmc, xlm):
    reception_site(pmc)
    reception_site(xlm)
    user = make_site_admin(pmc["cs_director"])
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="guests"))
    client.force_login(user)
    mine = GuestClass.objects.get(site=pmc.site, code="a")
    other = GuestClass.objects.get(site=xlm.site, code="a")
    page = client.get(admin_url(mine, "change"))
    assert page.status_code == 200 and "公司贵客" in page.content.decode()
    assert client.get(admin_url(other, "change")).status_code == 404
    visit = book(pmc)
    assert client.get(admin_url(visit, "change")).status_code == 200
    assert client.get(admin_url(GuestVisit, "add")).status_code == 403
    assert client.get(admin_url(GuestClass)).status_code == 200


def test_adding_a_policy_applies_the_preset(client, pmc):
    user = make_site_admin(pmc["cs_director"])
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="guests"))
    client.force_login(user)
    from kefu.guests.models import GuestPolicy

    response = client.post(
        admin_url(GuestPolicy, "add"), {"site": pmc.site.pk, "preset": "company_reception"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    caps = dict(GuestClass.objects.filter(site=pmc.site).values_list("code", "cap_per_head"))
    assert caps == {"a": 500, "b": 300, "c": 200, "d": 150}  # seed 000 L221
    assert "guests.approve_spend" in pmc.position("gm").capabilities
