"""Calendar admin: site isolation, overrides, refresh action, coverage notice."""

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from kefu.calendar.errors import PeriodsInvalid
from kefu.calendar.models import BusinessCalendar, CalendarDay, DaySource, WorkingPeriod
from kefu.calendar.statutory import package_years, statutory_days
from kefu.calendar.tests.factories import make_calendar
from kefu.core.models import AuditEntry
from kefu.org.models import User
from kefu.org.tests.factories import PositionFactory, SiteFactory, UserFactory

LAST = package_years().stop - 1
CHANGELIST = "admin:calendar_businesscalendar_changelist"


def site_admin(site) -> User:
    user = UserFactory(is_staff=True, positions=[PositionFactory(site=site)])
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="calendar"))
    return User.objects.get(pk=user.pk)


def management(prefix: str, total: int = 0, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def calendar_form(**fields) -> dict[str, str]:
    data = {
        "name": "Office hours",
        "is_default": "on",
        "time_zone": "Asia/Shanghai",
        **management("periods"),
        **management("days"),
        **management("days-2"),
    }
    data.update(fields)
    return data


@pytest.fixture
def sites(db):
    mine, other = SiteFactory(code="mine"), SiteFactory(code="other")
    return mine, other, make_calendar(mine), make_calendar(other)


def test_site_admin_sees_only_their_sites_calendars(client, sites):
    mine, _other, own, foreign = sites
    client.force_login(site_admin(mine))
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 200
    assert list(response.context["cl"].queryset) == [own]
    change = "admin:calendar_businesscalendar_change"
    assert client.get(reverse(change, args=[own.pk])).status_code == 200
    assert client.get(reverse(change, args=[foreign.pk])).status_code == 404


def test_site_admin_sees_only_their_calendar_days(client, sites):
    mine, _other, own, _foreign = sites
    client.force_login(site_admin(mine))
    response = client.get(reverse("admin:calendar_calendarday_changelist"))
    assert response.status_code == 200
    assert {d.calendar_id for d in response.context["cl"].queryset} == {own.pk}


def test_site_admin_can_add_a_calendar_only_for_their_sites(client, db):
    mine, other = SiteFactory(code="mine"), SiteFactory(code="other")
    client.force_login(site_admin(mine))
    add = reverse("admin:calendar_businesscalendar_add")
    response = client.post(add, calendar_form(site=str(other.pk)))
    assert response.status_code == 200
    assert "site" in response.context["adminform"].form.errors  # not a valid choice
    assert not BusinessCalendar.objects.exists()
    response = client.post(add, calendar_form(site=str(mine.pk)))
    assert response.status_code == 302, response.content[:2000]
    calendar = BusinessCalendar.objects.get(site=mine)
    # Initialised: the standard week and the statutory days from chinesecalendar.
    assert calendar.periods.count() == 10
    assert calendar.days.filter(source=DaySource.CHINESECALENDAR).count() == len(statutory_days())
    assert AuditEntry.objects.filter(action="calendar.created", target_id=calendar.pk).exists()


def test_admin_adds_an_override_and_bumps_the_version(client, sites):
    mine, _other, own, _foreign = sites
    client.force_login(site_admin(mine))
    version = own.version
    data = calendar_form(
        **management("days", total=1),
        **{"days-0-date": "2025-12-26", "days-0-kind": "site_closure", "days-0-name": "Audit"},
    )
    url = reverse("admin:calendar_businesscalendar_change", args=[own.pk])
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:3000]
    row = CalendarDay.objects.get(calendar=own, date=date(2025, 12, 26))
    assert (row.kind, row.source) == ("site_closure", DaySource.ADMIN)
    own.refresh_from_db()
    assert own.version > version
    assert AuditEntry.objects.filter(action="calendar.changed", target_id=own.pk).exists()


def test_admin_refuses_overlapping_periods(client, sites):
    mine, _other, own, _foreign = sites
    client.force_login(site_admin(mine))
    periods = {
        **management("periods", total=2),
        "periods-0-weekday": "5",
        "periods-0-start": "09:00",
        "periods-0-end": "12:00",
        "periods-1-weekday": "5",
        "periods-1-start": "11:00",
        "periods-1-end": "13:00",
    }
    before = WorkingPeriod.objects.count(), AuditEntry.objects.count()
    url = reverse("admin:calendar_businesscalendar_change", args=[own.pk])
    response = client.post(url, calendar_form(**periods))
    assert response.status_code == 200
    assert str(PeriodsInvalid.default_message) in response.content.decode()
    assert (WorkingPeriod.objects.count(), AuditEntry.objects.count()) == before


def test_refresh_action(client, db, settings):
    settings.LANGUAGE_CODE = "en"  # the message is asserted in English (the default is zh-hans)
    mine = SiteFactory(code="mine")
    calendar = make_calendar(mine, load_statutory=False)
    client.force_login(site_admin(mine))
    response = client.post(
        reverse(CHANGELIST),
        {"action": "refresh_from_chinesecalendar", "_selected_action": [calendar.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert calendar.days.count() == len(statutory_days())
    assert f"{len(statutory_days())} added" in response.content.decode()


def test_changelist_shows_the_coverage_notice(client, sites, monkeypatch):
    monkeypatch.setattr(
        "kefu.calendar.admin.timezone.localdate", lambda *a, **k: date(LAST, 11, 23)
    )
    mine, *_ = sites
    client.force_login(site_admin(mine))
    response = client.get(reverse(CHANGELIST))
    notices = [str(m) for m in response.context["messages"]]
    assert any("chinesecalendar" in m and str(LAST + 1) in m for m in notices)


def test_superuser_sees_every_calendar(client, sites):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    response = client.get(reverse(CHANGELIST))
    assert response.context["cl"].result_count == 2


def test_a_second_default_calendar_is_a_form_error_not_a_crash(client, db):
    mine = SiteFactory(code="mine")
    make_calendar(mine)
    hotline = make_calendar(mine, name="Hotline", always_open=True, is_default=False)
    client.force_login(site_admin(mine))
    url = reverse("admin:calendar_businesscalendar_change", args=[hotline.pk])
    before = BusinessCalendar.objects.filter(is_default=True).count(), AuditEntry.objects.count()
    response = client.post(url, calendar_form(name="Hotline", always_open="on"))
    assert response.status_code == 200
    assert "is_default" in response.context["adminform"].form.errors
    response = client.post(url, calendar_form(name="Office hours", is_default=""))
    assert "name" in response.context["adminform"].form.errors
    assert (
        BusinessCalendar.objects.filter(is_default=True).count(),
        AuditEntry.objects.count(),
    ) == before


@pytest.mark.parametrize("who", ["superuser", "site_admin"])
def test_every_calendar_admin_page_opens(client, sites, who):
    from django.contrib import admin

    mine, *_ = sites
    if who == "superuser":
        user = UserFactory(username="root", is_staff=True, is_superuser=True)
    else:
        user = site_admin(mine)
    client.force_login(user)
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label != "calendar":
            continue
        meta = model._meta
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        response = client.get(changelist)
        assert response.status_code == 200, model
        expected = 200 if model_admin.has_add_permission(response.wsgi_request) else 403
        add = reverse(f"admin:{meta.app_label}_{meta.model_name}_add")
        assert client.get(add).status_code == expected, model
        first = model_admin.get_queryset(response.wsgi_request).first()
        change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[first.pk])
        assert client.get(change).status_code == 200, model
