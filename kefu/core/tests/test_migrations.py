"""The migrations build exactly the schema the tests run on.

The test databases are built from the models (``--no-migrations`` in the pytest
options, plus the indexes the migrations add beyond the models: root
``conftest.py``), which saves each xdist worker the ≈ 45 s of CPU that running the
~100 migrations costs. This test keeps that honest: it runs every migration on a
fresh database of the same engine and compares the two schemas, table by table:
columns with their types and nullability, and every constraint and index with its
columns, kind, definition and options (the trigram indexes' included). A migration
that leaves the schema elsewhere than the models say (a ``RunSQL``, an index made
by hand, a forgotten ``AlterField``) fails here, on SQLite and on PostgreSQL.

``manage.py makemigrations --check`` (scripts/test.sh) holds the other direction:
the models have no change the migrations lack. The data migrations have their own
tests (``test_migration_ledger.py`` in sales and complaints), which migrate the
test database back and forth with the ``migration_history`` fixture.
"""

import re

import pytest
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.utils import load_backend


@pytest.fixture
def migrated(db, django_db_blocker, settings, tmp_path):
    """A second, empty database of the same engine, migrated from zero.

    While it migrates it stands in as the ``default`` connection, as the database of
    ``manage.py migrate`` does: the data migrations query through the default one.
    """
    settings_dict = dict(connection.settings_dict)
    postgresql = connection.vendor == "postgresql"
    if postgresql:
        settings_dict["NAME"] = f"{connection.settings_dict['NAME']}_migrated"
    else:
        settings_dict["NAME"] = str(tmp_path / "migrated.sqlite3")
    settings.MIGRATION_MODULES = {}  # the apps' own migrations, not --no-migrations
    tested = connections[DEFAULT_DB_ALIAS]
    built = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, DEFAULT_DB_ALIAS)
    with django_db_blocker.unblock():
        if postgresql:
            _create_database(settings_dict["NAME"])
        connections[DEFAULT_DB_ALIAS] = built
        try:
            call_command("migrate", verbosity=0)
        finally:
            connections[DEFAULT_DB_ALIAS] = tested
        try:
            yield built
        finally:
            built.close()
            if postgresql:
                _drop_database(settings_dict["NAME"])


def _create_database(name: str) -> None:
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)}")
        cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(name)}")


def _drop_database(name: str) -> None:
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)} WITH (FORCE)")


#: Names SQLite's introspection makes up for constraints declared without one,
#: numbered in the order of the table's SQL (which the history of a table changes).
UNNAMED = re.compile(r"__primary__|fk_\d+|__unnamed_constraint_\d+__")


#: Columns the migrations build differently, by Django's own doing: the migration
#: state knows no app's ``default_auto_field``, so the id of auth's auto-created
#: group-permission table is the project's BigAutoField there and auth's AutoField
#: in the models (PostgreSQL: bigint against integer; SQLite has one integer).
DJANGO_DIFFERS = {("auth_group_permissions", "id")}


def schema(conn) -> dict[str, dict]:
    """Every table of ``conn`` with its columns and its constraints and indexes."""
    tables = {}
    with conn.cursor() as cursor:
        for table in sorted(conn.introspection.table_names(cursor)):
            if table == "django_migrations":  # the migration history, not the schema
                continue
            columns = {
                column.name: column._replace(name="")
                for column in conn.introspection.get_table_description(cursor, table)
                if (table, column.name) not in DJANGO_DIFFERS
            }
            constraints = sorted(
                (
                    ("" if UNNAMED.fullmatch(name) else name, sorted(details.items()))
                    for name, details in conn.introspection.get_constraints(cursor, table).items()
                ),
                key=repr,
            )
            tables[table] = {"columns": columns, "constraints": constraints}
    return tables


@pytest.mark.slow
def test_the_migrations_build_the_schema_the_tests_run_on(migrated):
    built, tested = schema(migrated), schema(connection)
    assert len(tested) > 150  # every table, not an empty database
    assert sorted(built) == sorted(tested)
    differences = [
        f"{table}: {what}\n  migrations: {left}\n  tests:      {right}"
        for table in tested
        for what, left, right in _differences(built[table], tested[table])
    ]
    assert not differences, "\n".join(differences)


def _differences(built: dict, tested: dict):
    for name in sorted(built["columns"].keys() | tested["columns"].keys()):
        left, right = built["columns"].get(name), tested["columns"].get(name)
        if left != right:
            yield f"column {name}", left, right
    left = [c for c in built["constraints"] if c not in tested["constraints"]]
    right = [c for c in tested["constraints"] if c not in built["constraints"]]
    if left or right:
        yield "constraints and indexes", left, right
