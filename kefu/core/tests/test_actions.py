"""Action codes show as translated labels wherever the audit trail is shown."""

import pytest
from django.test import override_settings
from django.utils import translation

from kefu.core.actions import action_label, register_action_labels
from kefu.core.admin_mixins import audit_timeline_html
from kefu.desk.tests.factories import register_ticket


def test_every_app_registers_its_codes_and_unknown_codes_show_as_themselves():
    with translation.override("en"):
        assert action_label("desk.ticket_assigned") == "Assigned"
        assert action_label("org.absence_declared") == "Absence declared (deputy named)"
        assert action_label("customers.customer_created") == "Customer created"
        assert action_label("calendar.refreshed").startswith("Calendar refreshed")
        assert action_label("nobody.registered_this") == "nobody.registered_this"


def test_labels_follow_the_active_language():
    register_action_labels({"test.thing_done": translation.gettext_lazy("Closed")})
    with translation.override("zh-hans"):
        assert action_label("test.thing_done") == "已关闭"
    with translation.override("en"):
        assert action_label("test.thing_done") == "Closed"


@pytest.mark.django_db
@override_settings(LANGUAGE_CODE="en")
def test_the_admin_audit_table_shows_labels_not_codes(xlm):
    ticket = register_ticket(actor=xlm["cs_director"], site=xlm.site)
    with translation.override("en"):
        html = audit_timeline_html(ticket)
    assert "Registered" in html
    assert "desk.ticket_registered" not in html


@pytest.mark.django_db
def test_the_admin_audit_list_shows_labels(admin_client, xlm):
    register_ticket(actor=xlm["cs_director"], site=xlm.site)
    with translation.override("en"):
        page = admin_client.get("/admin/core/auditentry/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    html = page.content.decode()
    assert "desk.ticket_registered" not in html.split("<tbody>")[1].split("</tbody>")[0]
    assert ">Registered<" in html  # the list cell and the filter's choice
    filtered = admin_client.get("/admin/core/auditentry/?action=desk.ticket_registered")
    assert page.context_data["cl"].result_count > 1
    assert filtered.context_data["cl"].result_count == 1
