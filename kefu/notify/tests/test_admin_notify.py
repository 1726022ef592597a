"""Admin: notices and escalation chains are scoped to the staff member's sites."""

from kefu.core.tests.admin_support import admin_url, make_site_admin
from kefu.desk import services
from kefu.notify import services as notify_services


def test_notification_admin_is_site_scoped_and_read_only(client, xlm, pmc):
    mine = notify_services.notify(site=pmc.site, users=[pmc["gm"]], kind="k", subject="pmc")[0]
    other = notify_services.notify(site=xlm.site, users=[xlm["gm"]], kind="k", subject="xlm")[0]
    client.force_login(make_site_admin(pmc["cs_director"]))
    assert client.get(admin_url(mine, "change")).status_code == 200
    assert client.get(admin_url(other, "change")).status_code == 404
    listing = client.get("/admin/notify/notification/").content.decode()
    assert "pmc" in listing and ">xlm<" not in listing


def test_policy_admin_shows_the_escalation_chain(client, pmc):
    policy = services.site_sla_preset_apply(actor=None, site=pmc.site, key="property_centre")
    client.force_login(make_site_admin(pmc["cs_director"]))
    page = client.get(admin_url(policy, "change")).content.decode()
    assert "brand_division" in page and "legal" in page
