"""Admin: the policy is saved through the service (audited), records are read-only,
and another site's rows are not found."""

import pytest

from kefu.core.models import AuditEntry
from kefu.sales.models import SiteSalesPolicy
from kefu.sales.tests.factories import make_office


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def test_policy_change_is_audited_and_validated(db, admin_client):
    office = make_office("b")
    row = SiteSalesPolicy.objects.get(site=office.site)
    url = f"/admin/sales/sitesalespolicy/{row.pk}/change/"
    assert "Supervisor&#x27;s cyclic table" in admin_client.get(url).content.decode()
    response = admin_client.post(url, {"preset": "j", "overrides": '{"followup_lapse_months": 2}'})
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.preset, row.overrides) == ("j", {"followup_lapse_months": 2})
    assert AuditEntry.objects.filter(action="sales.policy_set").count() == 2
    response = admin_client.post(url, {"preset": "j", "overrides": '{"dispute_path": []}'})
    assert response.status_code == 200 and "cannot be overridden" in response.content.decode()


def test_records_read_only_and_site_scoped(db, client, pmc):
    office = make_office("b")
    pmc["cs_director"].is_staff = True
    pmc["cs_director"].save()
    client.force_login(pmc["cs_director"])
    row = SiteSalesPolicy.objects.get(site=office.site)
    assert client.get(f"/admin/sales/sitesalespolicy/{row.pk}/change/").status_code in (403, 404)
