"""The data migration moves the old sales penalties into the one ledger."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from kefu.assessment.models import LedgerEntry
from kefu.org.tests.factories import SiteFactory, UserFactory

BEFORE = [("sales", "0001_initial")]
AFTER = [("sales", "0002_penalties_to_ledger")]


@pytest.mark.django_db(transaction=True)
def test_sales_penalties_become_ledger_entries(migration_history):
    """[B] L41: a day's wage (150 yuan) and [J] L163: −3 points move over with
    their amounts, as proposed entries under ``sales.<kind>``."""
    site, consultant, supervisor = SiteFactory(), UserFactory(), UserFactory()
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    Penalty = executor.loader.project_state(BEFORE).apps.get_model("sales", "Penalty")
    at = timezone.now()
    for kind, fen, points in (("day_wage", 15_000, 0), ("points", 0, 3)):
        Penalty.objects.create(
            site_id=site.pk,
            consultant_id=consultant.pk,
            kind=kind,
            amount_fen=fen,
            points=points,
            reason="争客",
            recorded_by_id=supervisor.pk,
            at=at,
        )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    rows = list(LedgerEntry.objects.order_by("id"))
    assert [(e.rule, e.kind, e.amount_fen, e.points, e.status) for e in rows] == [
        ("sales.day_wage", "pay_deduction", 15_000, 0, "proposed"),
        ("sales.points", "points", 0, 3, "proposed"),
    ]
    assert {e.person for e in rows} == {consultant} and rows[0].pay_basis == "day_wage"
    assert rows[0].proposed_by == supervisor and rows[1].occurrence == 1
