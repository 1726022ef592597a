"""Two dispatchers assign the same order at once: one wins, the other gets a
coded 409 (the order row lock, seed 001 L29)."""

import pytest

from kefu.core.tests.concurrency import race
from kefu.field import services
from kefu.field.errors import AlreadyDispatched
from kefu.field.models import WorkOrder
from kefu.field.tests.factories import field_site, repair


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_two_dispatchers_at_once_one_wins():
    gps = field_site("gps", "gps_vendor")
    order = services.order_approve(actor=gps["manager"], order=repair(gps))
    pairs = [(gps["manager"], gps["technician"]), (gps["manager2"], gps["technician2"])]
    results, errors = race(
        lambda i: services.order_dispatch(
            actor=pairs[i][0],
            order=WorkOrder.objects.get(pk=order.pk),
            technician=pairs[i][1],
        ),
        2,
    )
    assert len(results) == 1
    assert len(errors) == 1 and isinstance(errors[0], AlreadyDispatched)
    assert errors[0].status == 409 and errors[0].code == "field.already_dispatched"
    order.refresh_from_db()
    assert order.technician == results[0].technician
    assert order.dispatched_by == results[0].dispatched_by


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_concurrent_intake_numbers_never_repeat():
    gps = field_site("gps", "gps_vendor")
    results, errors = race(lambda i: repair(gps).number, 4)
    assert errors == [] and len(set(results)) == 4
