"""Indexes for the desk list's search on PostgreSQL: ``pg_trgm`` GIN indexes.

The search (``kefu.desk.selectors.ticket_search``) matches a phrase anywhere in
the subject, the content, the caller's name and the customer's name
(``UPPER(col) LIKE UPPER('%…%')``), phone digits anywhere in the caller's or
the customer's phone, and number prefixes. Trigram GIN indexes on exactly those
expressions let PostgreSQL answer with bitmap index scans instead of reading
every row; the number prefix uses a ``text_pattern_ops`` b-tree. Chinese text is
split into trigrams too (the database's ctype must be UTF-8, e.g. C.UTF-8).

``pg_trgm`` ships with PostgreSQL (contrib) and is a trusted extension: the
database owner may create it. When the role may not, the migration prints what
to do and carries on; search then still works, reading every row. The customer
indexes live here because only the desk's search needs them.

SQLite gets none of this: there the search reads every row (documented in
docs/desk.md).
"""

import sys

from django.db import DatabaseError, migrations, transaction

INDEXES = {
    "desk_ticket_subject_trgm": "desk_ticket USING gin (UPPER((subject)::text) gin_trgm_ops)",
    "desk_ticket_content_trgm": "desk_ticket USING gin (UPPER((content)::text) gin_trgm_ops)",
    "desk_ticket_contact_name_trgm": (
        "desk_ticket USING gin (UPPER((contact_name)::text) gin_trgm_ops)"
    ),
    "desk_ticket_contact_phone_trgm": "desk_ticket USING gin (((contact_phone)::text) gin_trgm_ops)",
    "desk_ticket_number_prefix": "desk_ticket (((number)::text) text_pattern_ops)",
    "customers_customer_name_trgm": (
        "customers_customer USING gin (UPPER((name)::text) gin_trgm_ops)"
    ),
    "customers_customer_phone_trgm": (
        "customers_customer USING gin (((phone_digits)::text) gin_trgm_ops)"
    ),
}

NO_EXTENSION = """
WARNING (desk.0007): the pg_trgm extension is not installed and this database role
may not create it ({error}).
The desk's search works without it but reads every request. To index it, have a
superuser run in this database:
    CREATE EXTENSION pg_trgm;
then: manage.py migrate desk 0006 && manage.py migrate desk
"""


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        if cursor.fetchone() is None:
            try:
                with transaction.atomic(using=schema_editor.connection.alias):
                    cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            except DatabaseError as error:
                sys.stderr.write(NO_EXTENSION.format(error=str(error).strip()))
                # the b-tree for number prefixes needs no extension
                cursor.execute(
                    "CREATE INDEX IF NOT EXISTS desk_ticket_number_prefix ON "
                    + INDEXES["desk_ticket_number_prefix"]
                )
                return
        for name, target in INDEXES.items():
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name in INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0006_config_version"),
        ("customers", "0002_initial"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
