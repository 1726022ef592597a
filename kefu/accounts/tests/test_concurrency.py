"""Two shipments requested at the same moment cannot together exceed the limit."""

import threading

import pytest
from django.db import connections

from kefu.accounts import services
from kefu.accounts.models import CreditEntry, EntryKind, ShipmentRequest, ShipmentStatus
from kefu.accounts.tests.factories import Distributor, at, d


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_concurrent_shipments_do_not_exceed_the_limit_together():
    """Limit 3,000.00 yuan; four clerks each ask for 1,000.00 at once: the account's
    row lock lets three through and refuses the fourth (seed 000 L281, L293)."""
    dist = Distributor()
    account = dist.account(code="race")
    clerk = dist["sales_clerk"]
    services.credit_entry_record(
        actor=clerk,
        account=account,
        kind=EntryKind.SHIPMENT,
        occurred_on=d("2026-02-20"),
        amount_fen=300_000,
    )
    services.credit_entry_record(
        actor=clerk,
        account=account,
        kind=EntryKind.PAYMENT,
        occurred_on=d("2026-02-25"),
        amount_fen=300_000,
    )
    n = 4
    barrier = threading.Barrier(n)
    errors: list[Exception] = []

    def run() -> None:
        try:
            barrier.wait()
            services.shipment_request(
                actor=clerk,
                account=account,
                amount_fen=100_000,
                invoice_date=d("2026-03-10"),
                now=at("2026-03-10"),
            )
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    statuses = sorted(ShipmentRequest.objects.values_list("status", flat=True))
    assert statuses == [ShipmentStatus.ALLOWED] * 3 + [ShipmentStatus.REFUSED]
    shipped = CreditEntry.objects.filter(account=account, shipment__isnull=False)
    assert sum(e.amount_fen for e in shipped) == 300_000
