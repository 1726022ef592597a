"""Move the sales-office penalties into the one penalty ledger, then drop the old table.

Each ``sales.Penalty`` becomes a proposed ``assessment.LedgerEntry`` under the
rule ``sales.<kind>`` with the same amount, points, dismissal flag and reason,
linked to its dispute when it had one.
"""

from decimal import Decimal

from django.db import migrations
from django.utils import timezone

# kind -> (ledger kind, pay basis, share); mirrors kefu.sales.ledger.LEDGER_SHAPE
SHAPE = {
    "day_wage": ("pay_deduction", "day_wage", None),
    "month_wage_30": ("pay_deduction", "month_wage_plus_commission", Decimal("0.30")),
    "month_wage": ("pay_deduction", "", None),
    "month_wage_50_bonus": ("pay_deduction", "month_wage_plus_commission", Decimal("0.50")),
    "points": ("points", "", None),
    "confiscate": ("pay_deduction", "commission_share", Decimal(1)),
    "dismissal": ("fine", "", None),
    "violation": ("fine", "", None),
}


def forwards(apps, schema_editor):
    Penalty = apps.get_model("sales", "Penalty")
    LedgerEntry = apps.get_model("assessment", "LedgerEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    dispute_type, _ = ContentType.objects.get_or_create(app_label="sales", model="dispute")
    seen: dict[tuple, int] = {}
    for old in Penalty.objects.order_by("at", "id").iterator():
        rule = f"sales.{old.kind}"
        month = timezone.localtime(old.at).date().replace(day=1)
        key = (old.site_id, old.consultant_id, month, rule)
        seen[key] = seen.get(key, 0) + 1
        kind, basis, share = SHAPE.get(old.kind, ("fine", "", None))
        LedgerEntry.objects.get_or_create(
            site_id=old.site_id,
            dedupe_key=f"sales.penalty:{old.pk}",
            defaults={
                "person_id": old.consultant_id,
                "month": month,
                "occurred_at": old.at,
                "rule": rule,
                "repeat_group": rule,
                "kind": kind,
                "amount_fen": old.amount_fen,
                "points": Decimal(old.points),
                "pay_basis": basis,
                "pay_share": share,
                "occurrence": seen[key],
                "dismissal_recommended": old.dismissal_recommended,
                "reason": old.reason,
                "source_type_id": dispute_type.pk if old.dispute_id else None,
                "source_id": old.dispute_id,
                "status": "proposed",
                "proposed_by_id": old.recorded_by_id,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("sales", "0001_initial"),
        ("assessment", "0003_ledger_appeals"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.DeleteModel(name="Penalty"),
    ]
