"""The data migration moves the old complaint penalties into the one ledger."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from kefu.assessment.models import LedgerEntry
from kefu.complaints import services

BEFORE = [("complaints", "0001_initial")]
AFTER = [("complaints", "0002_penalties_to_ledger")]


@pytest.mark.django_db(transaction=True)
def test_penalty_entries_become_approved_ledger_entries(migration_history, xlm):
    """Seed 002 L82-86: a 50-yuan penalty approved on an opinion before the
    ledger existed is an approved 5,000-fen ledger entry linked to the opinion."""
    from kefu.complaints.tests.conftest import maker as make_maker

    maker = make_maker.__wrapped__(xlm)
    cs, gm = maker["cs_director"], maker["gm"]
    complaint = maker.intake("grievance")
    services.complaint_accept(actor=cs, complaint=complaint)
    services.complaint_transfer(actor=cs, complaint=complaint)
    services.complaint_transfer_decide(actor=gm, complaint=complaint, approve=True)
    services.complaint_slip_sign(actor=cs, complaint=complaint)
    services.complaint_slip_sign(actor=maker["vp_sales"], complaint=complaint)
    opinion = services.complaint_opinion_submit(
        actor=maker["vp_sales"],
        complaint=complaint,
        investigation="销售经理未传达返利政策",
        opinion="补偿",
        compensation_amount="100",
    )
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    approved_at = timezone.now()
    old_apps.get_model("complaints", "PenaltyEntry").objects.create(
        site_id=complaint.site_id,
        complaint_id=complaint.pk,
        opinion_id=opinion.pk,
        person_id=maker["sales_manager"].pk,
        amount=Decimal("50.00"),
        proposed_by_id=maker["vp_sales"].pk,
        approved_by_id=gm.pk,
        approved_at=approved_at,
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    entry = LedgerEntry.objects.get()
    assert (entry.rule, entry.status, entry.amount_fen) == (
        "complaints.opinion_penalty",
        "approved",
        5_000,
    )
    assert entry.person == maker["sales_manager"] and entry.approved_by == gm
    assert entry.source == opinion and entry.dedupe_key == f"complaints.opinion:{opinion.pk}"
    assert entry.month == timezone.localtime(approved_at).date().replace(day=1)
