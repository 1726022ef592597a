"""The procedure pages: list per unit, the procedure page and its actions; admin."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from kefu.core.tests.admin_support import admin_url, make_site_admin
from kefu.procedures.models import Procedure, ProcedureItem, ProcedureTemplate
from kefu.procedures.tests.factories import property_site, start, template, unit_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(pmc):
    property_site(pmc)
    return pmc


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_list_per_unit_and_start(site, django_assert_max_num_queries):
    unit, _customer = unit_of(site)
    client = _client(site["cs_clerk"])
    response = client.post(
        "/procedures/start/", {"template": template(site, "decoration").pk, "unit": unit.pk}
    )
    assert response.status_code == 302
    with django_assert_max_num_queries(15):
        page = client.get("/procedures/", {"unit": unit.pk})
    assert "二次装修手续" in page.content.decode()


def test_procedure_page_shows_missing_and_who(site, django_assert_max_num_queries):
    unit, customer = unit_of(site)
    procedure = start(site, "move_in", unit, customer)
    client = _client(site["cs_clerk"])
    with django_assert_max_num_queries(30):
        html = client.get(procedure.get_absolute_url()).content.decode()
    assert "租用合同" in html and "客服专员" in html
    response = client.post(f"/procedures/{procedure.pk}/complete/", {})
    assert response.status_code == 409
    item = ProcedureItem.objects.get(step__procedure=procedure, code="contract")
    assert client.post(f"/procedures/{procedure.pk}/items/{item.pk}/", {}).status_code == 302
    assert client.post(f"/procedures/{procedure.pk}/complete/", {}).status_code == 302
    procedure.refresh_from_db()
    assert procedure.current_order == 2


def test_admin_templates_site_scoped_procedures_read_only(client, site, xlm):
    property_site(xlm)
    user = make_site_admin(site["cs_director"])
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="procedures"))
    client.force_login(user)
    mine = ProcedureTemplate.objects.get(site=site.site, code="move_in")
    other = ProcedureTemplate.objects.get(site=xlm.site, code="move_in")
    page = client.get(admin_url(mine, "change"))
    assert page.status_code == 200 and "交付合同押金" in page.content.decode()
    assert client.get(admin_url(other, "change")).status_code == 404
    procedure = start(site, "storage")
    assert client.get(admin_url(procedure, "change")).status_code == 200
    assert client.get(admin_url(Procedure, "add")).status_code == 403


def test_admin_action_applies_the_preset_to_the_sites(client, pmc):
    from kefu.procedures.models import FeeItem

    user = make_site_admin(pmc["cs_director"])
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="procedures"))
    client.force_login(user)
    fee = FeeItem.objects.create(
        site=pmc.site, code="parking", name="停车费", category="service_fee", unit="元/月",
        price=150,
    )  # fmt: skip
    response = client.post(
        admin_url(FeeItem),
        {"action": "apply_preset", "preset": "property_centre", "_selected_action": [fee.pk]},
    )
    assert response.status_code == 302
    assert ProcedureTemplate.objects.filter(site=pmc.site).count() == 6
