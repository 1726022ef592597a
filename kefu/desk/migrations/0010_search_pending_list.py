"""Bound the trigram indexes' pending lists (PostgreSQL).

A GIN index takes new rows into a *pending list* that every search scans in full
until VACUUM (or the list's limit, 4 MB by default) merges it into the index. On
a desk that registers all day, autovacuum comes after ≈ 20% of the table has
been inserted: on 100,000 requests, 3,771 registrations left 270 pending pages
that every search read, and the phone-and-name search went from ≈ 11 to ≈ 33 ms
of PostgreSQL CPU (bench/desk.py). With a 64 kB limit the list is merged every
few dozen registrations and a search reads at most 64 kB of it.
"""

from django.db import migrations

INDEXES = (
    "desk_ticket_subject_trgm",
    "desk_ticket_content_trgm",
    "desk_ticket_contact_name_trgm",
    "desk_ticket_contact_phone_trgm",
    "customers_customer_name_trgm",
    "customers_customer_phone_trgm",
)

#: kB, PostgreSQL's smallest
PENDING_LIST_LIMIT = 64


def _existing(cursor) -> list[str]:
    cursor.execute("SELECT relname FROM pg_class WHERE relkind = 'i' AND relname = ANY(%s)", [list(INDEXES)])
    return [row[0] for row in cursor.fetchall()]


def limit(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name in _existing(cursor):  # absent where pg_trgm could not be created
            cursor.execute(f"ALTER INDEX {name} SET (gin_pending_list_limit = {PENDING_LIST_LIMIT})")


def unlimit(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name in _existing(cursor):
            cursor.execute(f"ALTER INDEX {name} RESET (gin_pending_list_limit)")


class Migration(migrations.Migration):
    dependencies = [("desk", "0009_ontime_indexes")]

    operations = [migrations.RunPython(limit, unlimit)]
