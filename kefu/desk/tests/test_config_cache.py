"""The per-process cache of a site's desk configuration (``kefu.desk.config``).

Registration reads the configuration from the cache; every configuration write
gives the site a new version in its transaction, so the next registration, in
any process, sees the change.
"""

from datetime import date

import pytest

from kefu.calendar.models import DayKind
from kefu.calendar.services import calendar_create, calendar_day_set
from kefu.core.tests.admin_support import admin_url, make_site_admin
from kefu.core.tests.api_support import Api, assert_error
from kefu.desk.config import desk_config, desk_config_changed, sites_with_desk_stamp
from kefu.desk.models import Category, Channel, RequestType, Ticket
from kefu.desk.services import site_sla_preset_apply
from kefu.desk.tests.test_api_requests import complaint


def register(preset, **changes):
    return Api(preset["cs_director"]).post("/requests", complaint(preset, **changes))


@pytest.fixture
def warm(xlm):
    """The site has a version and this process a copy under it, so a registration
    sees an admin change only if the change gave the site a new version (without
    a version row the configuration is read afresh every time, and these tests
    could not tell)."""
    desk_config_changed(xlm.site)
    desk_config(xlm.site)
    return xlm


def test_a_warm_configuration_costs_one_query(xlm, django_assert_num_queries):
    desk_config(xlm.site)
    with django_assert_num_queries(1):
        config = desk_config(xlm.site)
    assert {t.code for t in config.request_types.values()} >= {"complaint", "enquiry"}


def test_a_site_read_with_its_stamp_costs_no_further_query(xlm, django_assert_num_queries):
    desk_config(xlm.site)
    site = sites_with_desk_stamp().get(pk=xlm.site.pk)
    with django_assert_num_queries(0):
        config = desk_config(site)
    assert config is desk_config(xlm.site)


def test_a_site_read_after_a_change_carries_the_new_stamp(xlm):
    before = desk_config(sites_with_desk_stamp().get(pk=xlm.site.pk))
    desk_config_changed(xlm.site)
    after = desk_config(sites_with_desk_stamp().get(pk=xlm.site.pk))
    assert after is not before and after.stamp != before.stamp
    assert after.stamp == desk_config(xlm.site).stamp


def test_a_routing_change_in_the_admin_is_honoured_by_the_next_registration(warm, client):
    # seed 002 §3.1: 产品质量 goes to 生产部经理 until the admin routes it elsewhere.
    assert register(warm).json()["handling_position"]["code"] == "production_manager"
    category = Category.objects.get(site=warm.site, code="product_quality")
    client.force_login(make_site_admin(warm["cs_director"]))
    response = client.post(
        admin_url(category, "change"),
        {
            "site": warm.site.pk,
            "request_type": category.request_type_id,
            "code": category.code,
            "name": category.name,
            "owner_position": warm.position("logistics_director").pk,
            "description": "",
            "sort_order": category.sort_order,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    data = register(warm).json()
    assert data["handling_position"]["code"] == "logistics_director"
    assert data["handling_department"]["code"] == "logistics"


def test_a_type_deactivated_is_refused_by_the_next_registration(warm):
    assert register(warm).status_code == 201
    complaint_type = RequestType.objects.get(site=warm.site, code="complaint")
    complaint_type.is_active = False
    complaint_type.save(update_fields=["is_active", "updated_at"])
    before = Ticket.objects.count()
    assert_error(register(warm), 400, "desk.config_mismatch")
    assert Ticket.objects.count() == before


def test_dropping_the_designated_registrars_is_honoured_by_the_next_registration(warm):
    # seed 002 L40: only the 客服主任 registers complaints; the deputy (客服专员,
    # register capability) may once the type no longer names registrars.
    deputy = Api(warm["cs_deputy"])
    assert_error(deputy.post("/requests", complaint(warm)), 403, "desk.not_designated_registrar")
    RequestType.objects.get(site=warm.site, code="complaint").registrar_positions.set([])
    assert deputy.post("/requests", complaint(warm)).status_code == 201


def test_an_sla_preset_applied_is_honoured_by_the_next_registration(warm):
    assert register(warm).json()["sla"]["policy"] == ""
    site_sla_preset_apply(actor=None, site=warm.site, key="telecom")
    data = register(warm).json()
    ticket = Ticket.objects.get(pk=data["id"])
    assert data["sla"]["policy"] == ticket.sla_policy.name != ""
    assert data["sla_next_due"] is not None


def test_a_calendar_day_override_is_seen_by_the_next_configuration_read(warm):
    calendar = calendar_create(actor=None, site=warm.site, name="总部", load_statutory=False)
    day = date(2030, 5, 6)  # a Monday
    assert desk_config(warm.site).calendar.is_working_day(day)
    calendar_day_set(actor=None, calendar=calendar, day=day, kind=DayKind.SITE_CLOSURE, name="盘点")
    assert not desk_config(warm.site).calendar.is_working_day(day)


@pytest.mark.parametrize("field", ["channel_id", "category_id"])
def test_a_channel_or_category_deactivated_is_refused_by_the_next_registration(warm, field):
    body = complaint(warm)
    assert register(warm).status_code == 201
    row = {"channel_id": Channel, "category_id": Category}[field].objects.get(pk=body[field])
    row.is_active = False
    row.save(update_fields=["is_active", "updated_at"])
    body = assert_error(register(warm), 400, "desk.config_mismatch")
    assert field in body["fields"]
