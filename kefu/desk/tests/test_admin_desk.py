"""Desk admin: site isolation (404 for another site's rows, scoped lists and
choices) and read-only requests."""

from datetime import datetime

import pytest

from kefu.core.models import AuditEntry
from kefu.core.tests.admin_support import admin_url, make_site_admin
from kefu.desk.models import Category, NumberingScheme, RequestType, Status, Ticket
from kefu.desk.tests.factories import register_ticket
from kefu.org.tests.factories import UserFactory

NOW = datetime.fromisoformat("2026-03-02T10:00:00+08:00")


@pytest.fixture
def tickets(xlm, pmc):
    xlm_ticket = register_ticket(actor=xlm["cs_director"], site=xlm.site, now=NOW)
    pmc_ticket = register_ticket(
        actor=pmc["cs_clerk"],
        site=pmc.site,
        type_code="repair",
        category_code="plumbing_electric",
        subject="厨房水管漏水",
        content="3栋1502厨房水管漏水",
        now=NOW,
    )
    return xlm_ticket, pmc_ticket


@pytest.fixture
def pmc_admin(client, pmc):
    client.force_login(make_site_admin(pmc["cs_director"]))
    return client


@pytest.fixture
def superuser_client(client, db):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def test_other_sites_ticket_change_page_is_404(pmc_admin, tickets):
    xlm_ticket, pmc_ticket = tickets
    assert pmc_admin.get(admin_url(xlm_ticket, "change")).status_code == 404
    assert pmc_admin.get(admin_url(pmc_ticket, "change")).status_code == 200


def test_other_sites_category_change_page_is_404(pmc_admin, xlm, pmc):
    xlm_category = Category.objects.filter(site=xlm.site).first()
    pmc_category = Category.objects.filter(site=pmc.site).first()
    assert pmc_admin.get(admin_url(xlm_category, "change")).status_code == 404
    assert pmc_admin.get(admin_url(xlm_category, "history")).status_code == 404
    assert pmc_admin.get(admin_url(pmc_category, "change")).status_code == 200


def test_changelists_list_only_own_sites_rows(pmc_admin, tickets, pmc):
    xlm_ticket, pmc_ticket = tickets
    response = pmc_admin.get(admin_url(Ticket))
    assert list(response.context["cl"].result_list) == [pmc_ticket]
    assert xlm_ticket.subject not in response.content.decode()
    response = pmc_admin.get(admin_url(Category))
    assert {c.site_id for c in response.context["cl"].result_list} == {pmc.site.pk}
    # The site filter offers only the user's own sites.
    response = pmc_admin.get(admin_url(Ticket))
    assert "XLM" not in response.content.decode()


def test_foreign_key_choices_exclude_other_sites(pmc_admin, pmc, xlm):
    form = pmc_admin.get(admin_url(Category, "add")).context["adminform"].form
    assert set(form.fields["site"].queryset) == {pmc.site}
    assert {p.site_id for p in form.fields["owner_position"].queryset} == {pmc.site.pk}
    assert {t.site_id for t in form.fields["request_type"].queryset} == {pmc.site.pk}
    form = pmc_admin.get(admin_url(RequestType, "add")).context["adminform"].form
    assert {p.site_id for p in form.fields["registrar_positions"].queryset} == {pmc.site.pk}
    assert {s.site_id for s in form.fields["numbering"].queryset} == {pmc.site.pk}


def test_posting_another_sites_choice_is_refused(pmc_admin, pmc, xlm):
    request_type = RequestType.objects.get(site=pmc.site, code="repair")
    before = Category.objects.count()
    response = pmc_admin.post(
        admin_url(Category, "add"),
        {
            "site": pmc.site.pk,
            "request_type": request_type.pk,
            "code": "lift",
            "name": "电梯",
            "owner_position": xlm.position("production_manager").pk,
            "sort_order": 0,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "owner_position" in response.context["adminform"].form.errors
    assert Category.objects.count() == before


def test_routing_must_stay_within_the_categorys_site(superuser_client, pmc, xlm):
    # A superuser sees both sites, so the form itself keeps a row's choices on its site.
    request_type = RequestType.objects.get(site=pmc.site, code="repair")
    before = Category.objects.count()
    response = superuser_client.post(
        admin_url(Category, "add"),
        {
            "site": pmc.site.pk,
            "request_type": request_type.pk,
            "code": "lift",
            "name": "电梯",
            "owner_position": xlm.position("production_manager").pk,
            "sort_order": 0,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "owner_position" in response.context["adminform"].form.errors
    assert Category.objects.count() == before
    # On an existing category the choices are the category's own site only.
    category = Category.objects.filter(site=pmc.site).first()
    form = superuser_client.get(admin_url(category, "change")).context["adminform"].form
    assert {p.site_id for p in form.fields["owner_position"].queryset} == {pmc.site.pk}


def test_superuser_sees_every_site(superuser_client, tickets):
    xlm_ticket, pmc_ticket = tickets
    response = superuser_client.get(admin_url(Ticket))
    assert set(response.context["cl"].result_list) == {xlm_ticket, pmc_ticket}
    assert superuser_client.get(admin_url(xlm_ticket, "change")).status_code == 200


def test_staff_cannot_add_or_change_tickets(pmc_admin, tickets):
    _xlm_ticket, pmc_ticket = tickets
    audits = AuditEntry.objects.count()
    assert pmc_admin.get(admin_url(Ticket, "add")).status_code == 403
    response = pmc_admin.post(
        admin_url(pmc_ticket, "change"), {"subject": "changed", "status": Status.CLOSED}
    )
    assert response.status_code == 403
    assert pmc_admin.post(admin_url(pmc_ticket, "delete"), {"post": "yes"}).status_code == 403
    pmc_ticket.refresh_from_db()
    assert (pmc_ticket.subject, pmc_ticket.status) == ("厨房水管漏水", Status.REGISTERED)
    assert AuditEntry.objects.count() == audits


def test_ticket_page_shows_its_timeline(pmc_admin, tickets):
    _xlm_ticket, pmc_ticket = tickets
    response = pmc_admin.get(admin_url(pmc_ticket, "change"))
    html = response.content.decode()
    assert "已登记" in html  # the registration, by its label (zh-hans default)
    assert "desk.ticket_registered" not in html


def test_numbering_scheme_shows_counters_read_only(pmc_admin, tickets, pmc):
    scheme = NumberingScheme.objects.get(site=pmc.site, code="repair")
    response = pmc_admin.get(admin_url(scheme, "change"))
    assert response.status_code == 200
    inline = response.context["inline_admin_formsets"][0]
    assert inline.has_change_permission is False
    assert [c.value for c in scheme.counters.all()] == [1]
    assert "2026-03-02" in response.content.decode()


def test_sla_preset_action_switches_the_sites_active_policy(pmc_admin, pmc, xlm):
    from kefu.desk.models import SlaPolicy
    from kefu.desk.services import site_sla_preset_apply

    own = site_sla_preset_apply(actor=None, site=pmc.site, key="property_centre")
    other = site_sla_preset_apply(actor=None, site=xlm.site, key="furniture_maker")
    response = pmc_admin.post(
        admin_url(SlaPolicy),
        {"action": "apply_sla_preset", "preset": "telecom", "_selected_action": [own.pk]},
    )
    assert response.status_code == 302
    assert SlaPolicy.objects.get(site=pmc.site, is_active=True).preset_key == "telecom"
    assert pmc_admin.get(admin_url(other, "change")).status_code == 404
    assert pmc_admin.get(admin_url(own, "change")).status_code == 200
