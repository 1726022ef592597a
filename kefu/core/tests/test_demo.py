"""The demo loads through the services, covers every state and loads only once.

Loading takes a few seconds, so one test reads it (the ``demo`` fixture: loaded
through the services once per worker) and checks each rule with its own helper.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from conftest import DEMO_REQUESTS
from kefu.core.demo import DEMO_PASSWORD, SITE_CODES
from kefu.customers.models import Customer
from kefu.customers.rules import normalize_phone
from kefu.desk import rules
from kefu.desk.models import Status, Ticket
from kefu.org.models import Absence, Site, User


@pytest.mark.slow
def test_load_demo(demo):
    out = StringIO()
    call_command("load_demo", stdout=out)  # loaded already: prints the logins
    check_sites_and_logins(out.getvalue())
    check_every_status_and_a_reopened_request()
    check_numbers_unique_and_in_registration_order()
    check_customers_phones()
    check_director_away_with_deputy()
    check_sla_deadlines_urges_and_a_pause()
    check_sla_alerts_and_unread_notifications()
    check_files_demo()
    check_field_orders_in_every_state()
    check_loads_only_once()


def check_files_demo() -> None:
    from kefu.assessment.models import LedgerEntry
    from kefu.files.models import CustomerFile, FileHandover

    assert CustomerFile.objects.filter(site__code="hongda4s").count() == 18
    assert FileHandover.objects.filter(incomplete=True).exists()
    assert FileHandover.objects.filter(received_at__isnull=True).exists()
    assert CustomerFile.objects.filter(confidentiality="top_secret").exists()
    assert LedgerEntry.objects.filter(rule__startswith="files.").exists()


def check_sla_alerts_and_unread_notifications() -> None:
    from kefu.desk.models import TicketSlaMark
    from kefu.notify.models import Notification

    assert TicketSlaMark.objects.filter(kind="escalation").exists()
    unread = Notification.objects.filter(read_at__isnull=True)
    assert unread.filter(recipient__username="demo", kind="desk.sla_digest").count() == 2
    staff = unread.exclude(recipient__username="demo").values("recipient")
    per_person = staff.annotate(n=Count("id"))
    assert per_person and all(row["n"] <= 3 for row in per_person)


def check_sites_and_logins(output: str) -> None:
    assert set(Site.objects.values_list("code", flat=True)) == {
        *SITE_CODES,
        "yuefu",
        "hongda4s",
        "gps",
    }
    superuser = User.objects.get(username="demo")
    assert superuser.is_superuser and superuser.check_password(DEMO_PASSWORD)
    # The demo login holds 客服主任 at both sites.
    held = superuser.assignments.values_list("position__code", "position__site__code")
    assert sorted(held) == sorted(("cs_director", code) for code in SITE_CODES)
    assert User.objects.get(username="chenjing").check_password(DEMO_PASSWORD)
    for username in User.objects.values_list("username", flat=True):
        assert username in output


def check_every_status_and_a_reopened_request() -> None:
    # + the complaints demo, the portal demo (with its online item), the field orders'
    # requests and the suggestions of the tenant meeting
    from kefu.portal.models import OnlineItem
    from kefu.visits.models import MeetingSuggestion

    raised = MeetingSuggestion.objects.values("ticket")
    online = OnlineItem.objects.values("ticket")
    played = (
        Ticket.objects.filter(complaint=None, portal_request=None)
        .exclude(pk__in=raised)
        .exclude(pk__in=online)
    )
    assert played.count() == DEMO_REQUESTS
    assert set(Ticket.objects.values_list("status", flat=True)) == set(Status.values)
    assert Ticket.objects.filter(reopen_count__gt=0).exists()
    rejected = Ticket.objects.filter(status=Status.REJECTED)
    assert not rejected.filter(rejection_reason="").exists()


def check_numbers_unique_and_in_registration_order() -> None:
    assert not Ticket.objects.values("site", "number").annotate(n=Count("id")).filter(n__gt=1)
    complaints = Ticket.objects.filter(request_type__code="complaint").order_by("received_at", "id")
    by_site_year: dict[tuple[int, int], list[int]] = {}
    for ticket in complaints:
        # seed 002 L50: YYMMDDNNN = registration date + NNN-th complaint of the year.
        day = timezone.localdate(ticket.received_at)
        parsed = rules.parse_complaint_number(ticket.number)
        assert (parsed.year, parsed.month, parsed.day) == (day.year, day.month, day.day)
        by_site_year.setdefault((ticket.site_id, day.year), []).append(parsed.seq)
    for seqs in by_site_year.values():
        assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))


def check_customers_phones() -> None:
    customers = Customer.objects.exclude(phone="")
    assert customers.count() > 100
    assert all(normalize_phone(c.phone) == c.phone for c in customers)
    assert customers.filter(phone__startswith="0755-").exists()  # landlines carry area codes
    assert Customer.objects.filter(kind="dealer", site__code="xlm-north").count() >= 20


def check_sla_deadlines_urges_and_a_pause() -> None:
    from kefu.desk.models import SlaPolicy, TicketPause

    keys = dict(SlaPolicy.objects.filter(is_active=True).values_list("site__code", "preset_key"))
    assert keys == {"sunshine": "property_centre", "xlm-north": "furniture_maker"}
    complaints = Ticket.objects.filter(request_type__code="complaint")
    assert not complaints.filter(sla_policy=None).exists()
    assert Ticket.objects.filter(sla_next_due__lt=timezone.now()).exists()  # overdue
    assert Ticket.objects.filter(urge_count__gt=0).exists()
    assert TicketPause.objects.filter(ended_at=None).exists()


def check_director_away_with_deputy() -> None:
    now = timezone.now()
    absence = Absence.objects.get(starts_at__lte=now, ends_at__gt=now, cancelled_at=None)
    assert (absence.position.code, absence.position.site.code) == ("cs_director", "sunshine")
    assert absence.deputy.assignments.get().position.code == "cs_clerk"


def check_loads_only_once() -> None:
    counts = (Ticket.objects.count(), User.objects.count(), Customer.objects.count())
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert (Ticket.objects.count(), User.objects.count(), Customer.objects.count()) == counts
    assert "demo" in out.getvalue() and DEMO_PASSWORD in out.getvalue()


def check_field_orders_in_every_state() -> None:
    from kefu.field.models import DeviceSwap, OrderStatus, WorkOrder

    gps = WorkOrder.objects.filter(site__code="gps")
    assert set(gps.values_list("status", flat=True)) == set(OrderStatus.values)
    assert gps.filter(follows__isnull=False).exists() and DeviceSwap.objects.exists()
    centre = WorkOrder.objects.filter(site__code="sunshine", ticket__isnull=False)
    assert centre.count() >= 4
    assert set(centre.exclude(technician=None).values_list("technician", flat=True)) == {
        User.objects.get(username="xujun").pk
    }
