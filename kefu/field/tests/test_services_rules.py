"""The issue's proof on the database: warranty boundary, SLA clocks across a
holiday, the cash reconciliation flag, swap history search, the follow-up
order after an unsatisfied return visit, a desk 报修 becoming an order."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from kefu.field import services
from kefu.field.models import FieldSettings, OrderStatus, WorkOrder
from kefu.field.selectors import cash_reconciliation, swap_history
from kefu.field.tests.factories import (
    at,
    completed,
    on_site,
    repair,
    repair_ticket,
    signature_png,
)
from kefu.visits.models import ReturnVisit, VisitStatus
from kefu.visits.services import visit_record


def test_decoration_warranty_last_day_inside(deco):
    # seed 004 L269: 3 years from the purchase date; called on the last day inside
    order = repair(deco, purchase_date=date(2023, 3, 15), now=at(2026, 3, 14, 20))
    assert order.in_warranty is True and order.warranty_until == date(2026, 3, 14)


def test_decoration_warranty_first_day_outside(deco):
    order = repair(deco, purchase_date=date(2023, 3, 15), now=at(2026, 3, 15, 8))
    assert order.in_warranty is False


def test_per_product_warranty(gps):
    # the GPS terminal's rule: 24 months
    assert repair(gps, purchase_date=date(2024, 3, 2), now=at(2026, 3, 1)).in_warranty is True
    assert repair(gps, purchase_date=date(2024, 3, 2), now=at(2026, 3, 2)).in_warranty is False
    assert repair(gps, product=None, purchase_date=date(2026, 1, 1)).in_warranty is False


def test_sla_clocks_across_national_day(deco):
    # seed 004 L393: reply 0.5 h, on site 48 h (elapsed hours: the holiday counts)
    order = repair(deco, now=at(2026, 9, 30, 20))
    assert order.reply_due == at(2026, 9, 30, 20, 30)
    assert order.onsite_due == at(2026, 10, 2, 20)
    assert order.sla_next_due == order.reply_due
    urgent = repair(deco, urgency="urgent", now=at(2026, 9, 30, 20))
    # seed 004 L271: urgent general problems within 12 h
    assert urgent.onsite_due == at(2026, 10, 1, 8)


def test_sla_in_working_days_skips_the_holiday(deco):
    FieldSettings.objects.filter(site=deco.site).update(onsite_kind="working_days", onsite_amount=2)
    order = repair(deco, now=at(2026, 9, 30, 20))
    # 2026-10-01 … 10-07 are holidays: the 2nd working day after 09-30 is 10-09
    assert timezone.localdate(order.onsite_due) == date(2026, 10, 9)


def test_reply_stops_at_approval_and_on_site_at_arrival(deco):
    order = repair(deco, now=at(2026, 3, 2, 9))
    order = services.order_approve(actor=deco["manager"], order=order, now=at(2026, 3, 2, 9, 20))
    assert order.sla_next_due == order.onsite_due


def test_cash_not_handed_over_within_the_limit_is_flagged(gps, settings, tmp_path):
    # seed 001 L41: the technician hands the cash to finance on return (1 working day)
    settings.MEDIA_ROOT = tmp_path
    order = on_site(gps, purchase_date=date(2019, 1, 1), now=at(2026, 3, 2, 10))
    services.order_part_add(actor=gps["technician"], order=order, fee_item=gps.fee_item)
    order = services.order_complete(
        actor=gps["technician"],
        order=order,
        signature=signature_png(),
        signed_by="王",
        invoice_number="INV-1",
        now=at(2026, 3, 2, 11),
    )
    assert order.cash_collected == Decimal("80.00")
    assert timezone.localdate(order.cash_due_at) == date(2026, 3, 3)
    [row] = cash_reconciliation(gps["finance"], gps.site, now=at(2026, 3, 3, 12))
    assert row.cash_flagged is False
    [row] = cash_reconciliation(gps["finance"], gps.site, now=at(2026, 3, 4, 9))
    assert row.cash_flagged is True
    order = services.order_cash_hand_over(actor=gps["finance"], order=order, now=at(2026, 3, 4, 9))
    [row] = cash_reconciliation(gps["finance"], gps.site, now=at(2026, 3, 4, 10))
    assert row.cash_handed_at and row.cash_flagged is True  # handed over late


def test_swap_history_by_old_or_new_number(gps):
    order = on_site(gps)
    services.order_swap_record(
        actor=gps["technician"],
        order=order,
        kind="terminal",
        old_number="T100-0001",
        new_number="T100-0099",
    )
    services.order_swap_record(
        actor=gps["technician"],
        order=order,
        kind="sim",
        old_number="1440012345678",
        new_number="1440087654321",
    )
    assert [s.kind for s in swap_history(gps["cs_clerk"], "T100-0001")] == ["terminal"]
    assert [s.kind for s in swap_history(gps["cs_clerk"], "0099")] == ["terminal"]
    assert [s.kind for s in swap_history(gps["cs_clerk"], "87654321")] == ["sim"]
    assert not swap_history(gps["cs_clerk"], "").exists()


def test_swap_history_is_site_scoped(gps, deco):
    order = on_site(gps)
    services.order_swap_record(
        actor=gps["technician"], order=order, kind="sim", old_number="111", new_number="222"
    )
    assert not swap_history(deco["cs_clerk"], "111").exists()


def test_unsatisfied_return_visit_creates_a_follow_up_order(
    gps, settings, tmp_path, django_capture_on_commit_callbacks
):
    # seed 004 L373: 维修后应及时再访,直到客户满意为止
    settings.MEDIA_ROOT = tmp_path
    order = completed(gps, now=at(2026, 3, 2, 15))
    with django_capture_on_commit_callbacks(execute=True):
        visit_record(
            actor=gps["cs_clerk"],
            visit=order.return_visit,
            reached=True,
            satisfaction=2,
            comment="天线松动",
            now=at(2026, 3, 3, 10),
        )
    follow_up = WorkOrder.objects.get(follows=order)
    assert follow_up.status == OrderStatus.AWAITING_APPROVAL
    assert follow_up.problem == "天线松动" and follow_up.customer == gps.customer
    # the follow-up order replaces the visits app's automatic follow-up visit
    assert not ReturnVisit.objects.filter(follows=order.return_visit, status=VisitStatus.DUE)


def test_satisfied_return_visit_closes_the_order(
    gps, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    order = completed(gps, now=at(2026, 3, 2, 15))
    with django_capture_on_commit_callbacks(execute=True):
        visit_record(
            actor=gps["cs_clerk"],
            visit=order.return_visit,
            reached=True,
            satisfaction=5,
            now=at(2026, 3, 3, 10),
        )
    order.refresh_from_db()
    assert order.status == OrderStatus.CLOSED
    assert not WorkOrder.objects.filter(follows=order).exists()


def test_a_desk_repair_request_becomes_a_work_order(pmc):
    # seed 000 L29: the property centre's 24-hour hotline takes a 报修
    ticket, _customer = repair_ticket(pmc, now=at(2026, 3, 2, 9))
    clerk = pmc["cs_clerk"]
    order = services.order_from_ticket(actor=clerk, ticket=ticket, now=at(2026, 3, 2, 9, 5))
    assert order.ticket == ticket and order.address == "3栋502"
    assert order.received_at == ticket.received_at
    assert order.onsite_due == ticket.received_at + timedelta(hours=48)
    with pytest.raises(Exception):  # noqa: B017 — the technician may not approve
        services.order_approve(actor=pmc["technician"], order=order)


def test_reminders_for_late_cash_and_overdue_orders_are_sent_once(gps, settings, tmp_path):
    from kefu.notify.models import Notification

    settings.MEDIA_ROOT = tmp_path
    repair(gps, now=at(2026, 3, 2, 9))  # on site due 03-04 09:00
    order = on_site(gps, purchase_date=date(2019, 1, 1), now=at(2026, 3, 2, 10))
    services.order_part_add(actor=gps["technician"], order=order, fee_item=gps.fee_item)
    services.order_complete(
        actor=gps["technician"],
        order=order,
        signature=signature_png(),
        signed_by="王",
        invoice_number="INV-2",
        now=at(2026, 3, 2, 11),
    )
    assert services.field_reminders_send(now=at(2026, 3, 3, 12)) == 0
    sent = services.field_reminders_send(now=at(2026, 3, 5, 12))
    assert sent == 4  # finance + technician (cash); both managers (on site)
    assert services.field_reminders_send(now=at(2026, 3, 5, 13)) == 0
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert {"field.cash_late", "field.onsite_overdue"} <= kinds


def test_board_puts_orders_on_their_scheduled_day(gps):
    from kefu.field.selectors import board_for

    now = at(2026, 3, 2, 9)
    order = services.order_approve(actor=gps["manager"], order=repair(gps, now=now), now=now)
    services.order_dispatch(
        actor=gps["manager"],
        order=order,
        technician=gps["technician"],
        scheduled_at=at(2026, 3, 4, 14),
        now=now,
    )
    week = board_for(gps["manager"], gps.site, now=now, week=True)
    tech_days = dict(week.schedule)[gps["technician"]]
    assert [d for d, orders in tech_days if orders] == [date(2026, 3, 4)]
    today = board_for(gps["manager"], gps.site, now=now)
    assert dict(today.per_technician)[gps["technician"]] == []
