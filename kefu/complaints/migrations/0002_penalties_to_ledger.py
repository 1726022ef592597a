"""Move the complaint penalties into the one penalty ledger, then drop the old table.

Each ``PenaltyEntry`` (an approved opinion's penalty, seed 002 L82-86) becomes
an approved ``assessment.LedgerEntry`` under ``complaints.opinion_penalty``,
linked to its opinion, with the same dedupe key the service uses.
"""

from django.db import migrations
from django.utils import timezone

RULE = "complaints.opinion_penalty"


def forwards(apps, schema_editor):
    PenaltyEntry = apps.get_model("complaints", "PenaltyEntry")
    LedgerEntry = apps.get_model("assessment", "LedgerEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    opinion_type, _ = ContentType.objects.get_or_create(
        app_label="complaints", model="handlingopinion"
    )
    seen: dict[tuple, int] = {}
    for old in PenaltyEntry.objects.order_by("approved_at", "id").iterator():
        month = timezone.localtime(old.approved_at).date().replace(day=1)
        key = (old.site_id, old.person_id, month)
        seen[key] = seen.get(key, 0) + 1
        LedgerEntry.objects.get_or_create(
            site_id=old.site_id,
            dedupe_key=f"complaints.opinion:{old.opinion_id}",
            defaults={
                "person_id": old.person_id,
                "month": month,
                "occurred_at": old.approved_at,
                "rule": RULE,
                "repeat_group": RULE,
                "kind": "fine",
                "amount_fen": int(old.amount * 100),
                "occurrence": seen[key],
                "source_type_id": opinion_type.pk,
                "source_id": old.opinion_id,
                "status": "approved",
                "proposed_by_id": old.proposed_by_id,
                "approved_by_id": old.approved_by_id,
                "approved_at": old.approved_at,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0001_initial"),
        ("assessment", "0003_ledger_appeals"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.DeleteModel(name="PenaltyEntry"),
    ]
