"""Two (or six) receptionists pressing "next" at the same moment never give the
same turn twice and never skip one: the day's row is locked (select_for_update)."""

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from kefu.sales import services as svc
from kefu.sales.models import Reception
from kefu.sales.tests.factories import make_office


def _press(office, errors: list, barrier: threading.Barrier) -> None:
    try:
        barrier.wait()
        svc.queue_next(actor=office["receptionist"], site=office.site)
    except Exception as exc:  # pragma: no cover - reported by the assertion below
        errors.append(exc)
    finally:
        connection.close()


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_simultaneous_next_presses_give_each_turn_once_in_order():
    office = make_office("b")
    people = office.consultants
    svc.queue_compile(
        actor=office["supervisor"],
        site=office.site,
        day=timezone.localdate(),
        order={"main": people},
    )
    rounds, presses = 5, len(people)
    for _ in range(rounds):
        errors: list[Exception] = []
        barrier = threading.Barrier(presses)
        threads = [
            threading.Thread(target=_press, args=(office, errors, barrier)) for _ in range(presses)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        for reception in Reception.objects.filter(finished_at__isnull=True):
            svc.reception_finish(actor=office["receptionist"], reception=reception)
    connections.close_all()
    receptions = list(Reception.objects.order_by("seq"))
    assert [r.seq for r in receptions] == list(range(1, rounds * presses + 1))
    # the cyclic table, unbroken: turn k goes to consultant (k - 1) mod 6
    assert [r.receiver_id for r in receptions] == [
        people[i % len(people)].pk for i in range(rounds * presses)
    ]
