"""Every admin page opens for a superuser and for a site administrator."""

import pytest
from django.contrib import admin

from kefu.core.tests.admin_support import admin_url, make_site_admin
from kefu.desk.tests.factories import register_ticket
from kefu.org.tests.factories import UserFactory

KEFU_MODELS = [
    m for m in admin.site._registry if m._meta.app_label in ("core", "org", "customers", "desk")
]


@pytest.fixture
def data(xlm, pmc):
    register_ticket(actor=xlm["cs_director"], site=xlm.site)
    return xlm, pmc


@pytest.mark.parametrize("who", ["superuser", "site_admin"])
def test_every_admin_page_opens(client, data, who):
    _xlm, pmc = data
    if who == "superuser":
        user = UserFactory(username="root", is_staff=True, is_superuser=True)
    else:
        user = make_site_admin(pmc["cs_director"])
    client.force_login(user)
    assert client.get("/admin/").status_code == 200
    for model in KEFU_MODELS:
        assert client.get(admin_url(model)).status_code == 200, model
        model_admin = admin.site._registry[model]
        request = client.get(admin_url(model)).wsgi_request
        expected = 200 if model_admin.has_add_permission(request) else 403
        assert client.get(admin_url(model, "add")).status_code == expected, model
        first = model_admin.get_queryset(request).first()
        if first is not None:
            assert client.get(admin_url(first, "change")).status_code == 200, model
