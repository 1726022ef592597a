"""Org admin: the preset action, positions' capabilities, users per site,
absences and API tokens through their services."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.utils import timezone

from kefu.core.models import AuditEntry
from kefu.core.tests.admin_support import admin_url, make_site_admin
from kefu.desk.models import Category, RequestType
from kefu.org.models import Absence, ApiToken, Department, Position, Site, User
from kefu.org.tests.factories import SiteFactory, UserFactory


@pytest.fixture
def superuser(client, db):
    user = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


@pytest.fixture
def pmc_admin(client, pmc):
    user = make_site_admin(pmc["cs_director"])
    client.force_login(user)
    return user


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_apply_desk_preset_action_sets_a_site_up(client, superuser):
    # seed 002 §3.1: the furniture maker's complaint categories and their owners.
    site = SiteFactory(code="xlm-south", name="喜临门南方", kind="manufacturer")
    response = client.post(
        admin_url(Site),
        {"action": "apply_desk_preset", "_selected_action": [site.pk], "preset": "furniture_maker"},
    )
    assert response.status_code == 302
    assert Department.objects.filter(site=site).count() == 6
    assert RequestType.objects.get(site=site, code="complaint").registrar_positions.get().code == (
        "cs_director"
    )
    quality = Category.objects.get(site=site, code="product_quality")
    assert quality.owner_position.code == "production_manager"
    assert AuditEntry.objects.filter(action="desk.preset_applied", target_id=site.pk).count() == 1
    assert any("furniture_maker" in m for m in messages_of(response))


def test_apply_desk_preset_needs_a_preset(client, superuser):
    site = SiteFactory(code="bare")
    client.post(admin_url(Site), {"action": "apply_desk_preset", "_selected_action": [site.pk]})
    assert Department.objects.filter(site=site).count() == 0


def test_preset_action_ignores_other_sites(client, pmc_admin, xlm):
    bare = SiteFactory(code="bare")
    audits = AuditEntry.objects.count()
    client.post(
        admin_url(Site),
        {"action": "apply_desk_preset", "_selected_action": [bare.pk], "preset": "property_centre"},
    )
    assert Department.objects.filter(site=bare).count() == 0
    assert AuditEntry.objects.count() == audits


def test_site_admin_sees_only_their_sites(client, pmc_admin, pmc, xlm):
    response = client.get(admin_url(Site))
    assert list(response.context["cl"].result_list) == [pmc.site]
    assert client.get(admin_url(xlm.site, "change")).status_code == 404
    assert client.get(admin_url(Site, "add")).status_code == 403


def test_position_capabilities_are_checkboxes_of_known_codes(client, pmc_admin, pmc):
    position = pmc.position("technician")
    data = {
        "department": position.department_id,
        "code": position.code,
        "name": position.name,
        "capabilities": ["desk.handle", "desk.close"],
    }
    response = client.post(admin_url(position, "change"), data)
    assert response.status_code == 302
    position.refresh_from_db()
    assert position.capabilities == ["desk.handle", "desk.close"]

    response = client.post(admin_url(position, "change"), {**data, "capabilities": ["root"]})
    assert response.status_code == 200
    assert "capabilities" in response.context["adminform"].form.errors
    position.refresh_from_db()
    assert position.capabilities == ["desk.handle", "desk.close"]


def test_site_admin_manages_only_people_of_their_sites_alone(client, pmc_admin, pmc, xlm):
    shared = UserFactory(username="shared", positions=[pmc.position("gm"), xlm.position("gm")])
    assert client.get(admin_url(pmc["technician"], "change")).status_code == 200
    assert client.get(admin_url(xlm["cs_director"], "change")).status_code == 404
    # Someone who also works at xlm is left to a superuser (no password reset into xlm).
    assert client.get(admin_url(shared, "change")).status_code == 404
    assert client.get(f"/admin/org/user/{shared.pk}/password/").status_code == 404
    listed = set(client.get(admin_url(User)).context["cl"].result_list)
    assert pmc["technician"] in listed
    assert xlm["cs_director"] not in listed and shared not in listed


def test_site_admin_cannot_grant_superuser(client, pmc_admin, pmc):
    tech = pmc["technician"]
    assignment = tech.assignments.get()
    response = client.post(
        admin_url(tech, "change"),
        {
            "username": tech.username,
            "display_name": "徐师傅",
            "is_active": "on",
            "is_superuser": "on",
            "date_joined_0": "2026-01-05",
            "date_joined_1": "09:00:00",
            "assignments-TOTAL_FORMS": "1",
            "assignments-INITIAL_FORMS": "1",
            "assignments-MIN_NUM_FORMS": "1",
            "assignments-MAX_NUM_FORMS": "1000",
            "assignments-0-id": assignment.pk,
            "assignments-0-user": tech.pk,
            "assignments-0-position": assignment.position_id,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    tech.refresh_from_db()
    assert tech.display_name == "徐师傅"
    assert tech.is_superuser is False


def test_position_choices_for_a_user_are_own_sites(client, pmc_admin, pmc):
    response = client.get(admin_url(pmc["technician"], "change"))
    formset = response.context["inline_admin_formsets"][0].formset
    positions = formset.forms[0].fields["position"].queryset
    assert {p.site_id for p in positions} == {pmc.site.pk}


def test_api_token_key_is_shown_once_and_only_its_digest_kept(client, pmc_admin, pmc):
    clerk = pmc["cs_clerk"]
    response = client.post(
        admin_url(ApiToken, "add"), {"user": clerk.pk, "name": "呼叫中心"}, follow=True
    )
    token = ApiToken.objects.get(user=clerk)
    assert response.redirect_chain
    keys = [
        key
        for m in response.context["messages"]
        for key in re.findall(rf"{re.escape(token.prefix)}[\w-]+", str(m))
    ]
    assert len(keys) == 1
    raw_key = keys[0]
    assert raw_key.startswith(token.prefix)
    assert token.digest == hashlib.sha256(raw_key.encode()).hexdigest()
    assert raw_key not in {token.name, token.prefix, token.digest}
    assert AuditEntry.objects.filter(action="org.api_token_created", target_id=token.pk).exists()
    # Shown once: the next page does not show the key again.
    assert raw_key not in client.get(admin_url(token, "change")).content.decode()


def test_api_token_revoke_action(client, pmc_admin, pmc):
    from kefu.org.services import api_token_create

    token, _raw = api_token_create(actor=pmc_admin, user=pmc["cs_clerk"], name="bench")
    client.post(admin_url(ApiToken), {"action": "revoke_tokens", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEntry.objects.filter(action="org.api_token_revoked", target_id=token.pk).exists()


def test_api_token_only_for_people_of_own_sites(client, pmc_admin, xlm):
    before = ApiToken.objects.count()
    response = client.post(
        admin_url(ApiToken, "add"), {"user": xlm["cs_director"].pk, "name": "steal"}
    )
    assert response.status_code == 200
    assert "user" in response.context["adminform"].form.errors
    assert ApiToken.objects.count() == before


def absence_data(pmc, deputy, days=3):
    start = timezone.now().replace(microsecond=0)
    end = start + timedelta(days=days)
    return {
        "holder": pmc["cs_director"].pk,
        "position": pmc.position("cs_director").pk,
        "deputy": deputy.pk,
        "starts_at_0": start.astimezone().strftime("%Y-%m-%d"),
        "starts_at_1": start.astimezone().strftime("%H:%M:%S"),
        "ends_at_0": end.astimezone().strftime("%Y-%m-%d"),
        "ends_at_1": end.astimezone().strftime("%H:%M:%S"),
        "reason": "年假",
    }


def test_absence_is_declared_through_the_service(client, pmc_admin, pmc):
    response = client.post(admin_url(Absence, "add"), absence_data(pmc, pmc["cs_clerk"]))
    assert response.status_code == 302
    absence = Absence.objects.get()
    assert absence.deputy == pmc["cs_clerk"]
    assert AuditEntry.objects.filter(action="org.absence_declared", target_id=absence.pk).exists()


def test_absence_refused_by_the_service_changes_nothing(client, pmc_admin, pmc):
    # The deputy must be someone else: the service refuses, the admin shows why.
    audits = AuditEntry.objects.count()
    response = client.post(
        admin_url(Absence, "add"), absence_data(pmc, pmc["cs_director"]), follow=True
    )
    assert Absence.objects.count() == 0
    assert AuditEntry.objects.count() == audits
    assert [m.level for m in response.context["messages"]] == [messages.ERROR]


def test_absence_deputy_choices_are_people_of_own_sites(client, pmc_admin, pmc, xlm):
    form = client.get(admin_url(Absence, "add")).context["adminform"].form
    deputies = set(form.fields["deputy"].queryset)
    assert pmc["cs_clerk"] in deputies
    assert xlm["cs_deputy"] not in deputies
    positions = form.fields["position"].queryset
    assert {p.site_id for p in positions} == {pmc.site.pk}
    assert isinstance(positions.first(), Position)
