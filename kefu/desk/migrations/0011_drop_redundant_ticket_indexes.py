"""Drop four single-column indexes of ``desk_ticket`` that composite indexes cover.

``site_id`` leads ``desk_ticket_site_newest`` and four other composites,
``received_at`` leads ``desk_ticket_newest`` (a B-tree reads either way),
``assignee_id`` leads ``(assignee_id, status)``, and no read filters tickets on
``created_at``. Each registration paid their upkeep.

The indexes are dropped by name, not by ``AlterField``: on SQLite ``AlterField``
rebuilds the whole table (four times here) to drop an index.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

#: (index, column) as Django named them when it created them (the same on both databases).
DROPPED = [
    ("desk_ticket_site_id_920fa63c", "site_id"),
    ("desk_ticket_received_at_69a65daf", "received_at"),
    ("desk_ticket_assignee_id_2ceb07a1", "assignee_id"),
    ("desk_ticket_created_at_5e437d16", "created_at"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0010_search_pending_list"),
        ("org", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{index}"',
                    reverse_sql=f'CREATE INDEX "{index}" ON "desk_ticket" ("{column}")',
                )
                for index, column in DROPPED
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="ticket",
                    name="assignee",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="assigned_tickets",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="assignee",
                    ),
                ),
                migrations.AlterField(
                    model_name="ticket",
                    name="created_at",
                    field=models.DateTimeField(auto_now_add=True, verbose_name="created at"),
                ),
                migrations.AlterField(
                    model_name="ticket",
                    name="received_at",
                    field=models.DateTimeField(verbose_name="intake time"),
                ),
                migrations.AlterField(
                    model_name="ticket",
                    name="site",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        to="org.site",
                        verbose_name="site",
                    ),
                ),
            ],
        )
    ]
