"""The admin: configuration is site-scoped; workflow records are read-only."""

import pytest

from kefu.complaints.models import CompensationLimit


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def staff(preset, code):
    from django.contrib.auth.models import Permission

    user = preset[code]
    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="complaints"))
    return user


def test_admin_lists_only_the_users_sites(maker, pmc, client):
    from kefu.complaints.services import complaint_preset_apply

    complaint_preset_apply(actor=None, site=pmc.site, key="furniture_maker")
    complaint = maker.intake()
    client.force_login(staff(pmc, "gm"))
    html = client.get("/admin/complaints/compensationlimit/").content.decode()
    own = CompensationLimit.objects.filter(site=pmc.site).first()
    other = CompensationLimit.objects.filter(site=maker.site).first()
    assert f"/{own.pk}/change/" in html and f"/{other.pk}/change/" not in html
    assert client.get(f"/admin/complaints/compensationlimit/{other.pk}/change/").status_code == 404
    assert client.get(f"/admin/complaints/complaint/{complaint.pk}/change/").status_code == 404


def test_complaints_are_read_only_in_the_admin(maker, client):
    complaint = maker.intake()
    client.force_login(staff(maker.preset, "gm"))
    response = client.get(f"/admin/complaints/complaint/{complaint.pk}/change/")
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()
    assert client.get("/admin/complaints/complaint/add/").status_code == 403
