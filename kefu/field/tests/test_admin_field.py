"""Field admin: configuration per site; work orders and swaps read-only."""

import pytest
from django.contrib.auth.models import Permission

from kefu.core.tests.admin_support import admin_url, make_site_admin
from kefu.field.models import (
    Checkpoint,
    DeviceSwap,
    FeeItem,
    FieldSettings,
    PatrolPlan,
    Product,
    WarrantyRule,
    WorkOrder,
)
from kefu.field.tests.factories import repair


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def gps_admin(client, gps):
    user = make_site_admin(gps["manager"])
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="field"))
    client.force_login(user)
    return user


def test_orders_are_listed_for_the_own_site_only_and_read_only(client, gps, deco, gps_admin):
    mine, other = repair(gps), repair(deco)
    html = client.get(admin_url(WorkOrder)).content.decode()
    assert (mine.number in html and f">{other.number}<" not in html) or other.site_id != gps.site.pk
    assert client.get(admin_url(other, "change")).status_code == 404
    page = client.get(admin_url(mine, "change"))
    assert page.status_code == 200 and "Work order created" in page.content.decode()
    assert client.get(admin_url(WorkOrder, "add")).status_code == 403
    assert client.get(admin_url(DeviceSwap, "add")).status_code == 403


def test_configuration_pages_open(client, gps, gps_admin):
    for model in (FieldSettings, Product, WarrantyRule, FeeItem, Checkpoint, PatrolPlan):
        assert client.get(admin_url(model)).status_code == 200
    assert client.get(admin_url(FeeItem, "add")).status_code == 200
    settings_row = FieldSettings.objects.get(site=gps.site)
    page = client.get(admin_url(settings_row, "change")).content.decode()
    assert "seed 004 L237" in page  # the presets described
