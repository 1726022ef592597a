"""Shared fixtures: two preset sites and the people who work there.

``xlm``: the furniture maker's complaint desk (seed 002 [XLM]).
``pmc``: a property service centre (seed 000 [TEN]), used as "the other site"
for isolation tests.
"""

import datetime
import decimal
from dataclasses import dataclass
from io import StringIO

import pytest
from hypothesis import HealthCheck, settings

from kefu.desk.services import site_desk_preset_apply
from kefu.org.models import Position, Site, User
from kefu.org.tests.factories import SiteFactory, UserFactory


@dataclass
class PresetSite:
    site: Site
    users: dict[str, User]

    def position(self, code: str) -> Position:
        return Position.objects.get(site=self.site, code=code)

    def __getitem__(self, code: str) -> User:
        return self.users[code]


# The suite runs on shared 2-core machines: how fast Hypothesis generates
# examples there says nothing about the rule under test, so neither a slow
# example nor slow generation fails a test (each property keeps its own
# max_examples).
settings.register_profile("kefu", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("kefu")


def pytest_configure(config):
    """Fast password hashing in tests; production keeps Argon2 (settings.py).

    The test databases are thrown away, so they skip the waits that make a
    real one durable (``_no_durability``), and PostgreSQL empties them after a
    transactional test with ``DELETE`` instead of ``TRUNCATE`` (``_delete_flush``).
    """
    from django.conf import settings
    from django.db.backends.postgresql.operations import DatabaseOperations
    from django.db.backends.signals import connection_created

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    connection_created.connect(_no_durability)
    DatabaseOperations.sql_flush = _delete_flush(DatabaseOperations.sql_flush)


def _no_durability(sender, connection, **kwargs) -> None:
    """Commit without waiting for the disk: no fsync on SQLite, no WAL flush wait
    on PostgreSQL. Locking, isolation and constraints are unchanged; only a crash
    of the machine could lose a commit, and a test database does not outlive the run.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA synchronous = OFF")
        elif connection.vendor == "postgresql":
            cursor.execute("SET synchronous_commit TO off")


def _delete_flush(truncate_flush):
    """PostgreSQL's flush after a transactional test, as ``DELETE`` per table.

    Django empties every table with one ``TRUNCATE``, which on PostgreSQL
    replaces the files of all ~250 tables and took 4–8 s per test; deleting the
    few rows a test wrote from each table takes a fraction of a second. Foreign
    keys are ``DEFERRABLE INITIALLY DEFERRED`` (Django's default), so the order
    of the tables does not matter within the flush's transaction. A flush that
    must restart the sequences (``reset_sequences``) keeps ``TRUNCATE``.
    """

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or not tables:
            return truncate_flush(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        return ["SET CONSTRAINTS ALL DEFERRED;"] + [
            f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))};"
            for table in tables
        ]

    return sql_flush


#: Markers of tests that take seconds each: browsers, subprocesses, demo loads.
LONG_MARKERS = ("slow", "e2e", "concurrency")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Start the long tests first, keeping pytest-django's order of database tests,
    then transactional ones, then the rest (Django's own order).

    Under xdist the workers take tests in this order; with a long test near the
    end one worker would finish it alone while the other sits idle. scripts/test.sh
    runs ``--dist worksteal``: each worker starts on its half of this order and one
    that runs dry takes the tail of the other's queue.
    """
    from pytest_django.plugin import validate_django_db

    def group(item) -> int:
        marker = item.get_closest_marker("django_db")
        fixtures = getattr(item, "fixturenames", [])
        transactional = "transactional_db" in fixtures or "live_server" in fixtures
        if marker:
            transaction, reset_sequences, *_ = validate_django_db(marker)
            transactional = transactional or transaction or reset_sequences
        if transactional:
            return 1
        return 0 if marker or "db" in fixtures else 2

    def long(item) -> bool:
        return any(item.get_closest_marker(name) for name in LONG_MARKERS)

    items.sort(key=lambda item: (group(item), not long(item)))


def make_preset_site(code: str, kind: str, preset: str, people: dict[str, str]) -> PresetSite:
    site = SiteFactory(code=code, name=code.upper(), kind=kind)
    site_desk_preset_apply(actor=None, site=site, key=preset)
    users = {}
    for position_code, username in people.items():
        position = Position.objects.get(site=site, code=position_code)
        users[position_code] = UserFactory(username=username, positions=[position])
    return PresetSite(site, users)


@pytest.fixture
def xlm(db) -> PresetSite:
    return make_preset_site(
        "xlm",
        "manufacturer",
        "furniture_maker",
        {
            "cs_director": "chen_cs",
            "cs_deputy": "li_deputy",
            "gm": "zhao_gm",
            "vp_sales": "sun_vp",
            "production_manager": "wang_pm",
            "logistics_director": "zhou_log",
            "system_head": "wu_sys",
        },
    )


@pytest.fixture
def pmc(db) -> PresetSite:
    return make_preset_site(
        "pmc",
        "property_centre",
        "property_centre",
        {
            "cs_director": "he_cs",
            "cs_clerk": "lin_clerk",
            "gm": "qian_gm",
            "engineering_supervisor": "ma_eng",
            "technician": "xu_tech",
            "security_captain": "gao_sec",
        },
    )


#: What the migrations add to the schema beyond the models, as (migration module,
#: function): the desk search's trigram indexes and their pending-list limit on
#: PostgreSQL. The test databases are built from the models (``--no-migrations``);
#: kefu/core/tests/test_migrations.py fails when this list falls short.
SCHEMA_BEYOND_THE_MODELS = (
    ("kefu.desk.migrations.0007_search_trigram", "create_indexes"),
    ("kefu.desk.migrations.0010_search_pending_list", "limit"),
)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, django_db_use_migrations):
    """pytest-django's test databases, plus what the migrations add beyond the models.

    Running the ~100 migrations costs each xdist worker ≈ 45 s of CPU (Django
    renders the project's models ~500 times); creating the tables from the models
    takes a few seconds. ``test_migrations.py`` proves both give the same schema.
    """
    if not django_db_use_migrations:
        import importlib

        from django.db import connection

        with django_db_blocker.unblock(), connection.schema_editor() as editor:
            for module, function in SCHEMA_BEYOND_THE_MODELS:
                getattr(importlib.import_module(module), function)(None, editor)
    yield


@pytest.fixture
def migration_history(transactional_db, settings):
    """The migration history of a test database built from the models, for a test
    that migrates it back and forth (a data migration's).

    The schema is the one the migrations build (``test_migrations.py``), so every
    migration is recorded as applied, as ``migrate --fake`` would.
    """
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    settings.MIGRATION_MODULES = {}  # the apps' own migrations, not --no-migrations
    executor = MigrationExecutor(connection)
    executor.recorder.ensure_schema()
    applied = executor.recorder.applied_migrations()
    for app_label, name in executor.loader.graph.nodes:
        if (app_label, name) not in applied:
            executor.recorder.record_applied(app_label, name)


#: Requests in the demo the tests read (``demo``): enough for every state.
DEMO_REQUESTS = 40


@pytest.fixture(scope="session")
def _demo_snapshot(tmp_path_factory) -> dict:
    return {"media": tmp_path_factory.mktemp("demo-media"), "day": None, "tables": None}


@pytest.fixture
def demo(db, request, _demo_snapshot, settings) -> None:
    """The demo (``manage.py load_demo``, ``DEMO_REQUESTS`` requests) in this test's
    database, for a test that reads it (or changes it inside its own transaction;
    with ``transactional_db`` or ``live_server`` the demo is committed).

    Loading it through the services costs ≈ 10 s of CPU. The first test of each
    xdist worker that asks for it loads it for real and keeps a copy of every row;
    the worker's later ones get the same rows back by bulk copy in a fraction of a
    second. The copy goes only into a database without data, on the day it was
    made (the demo's dates are relative to today); otherwise the demo is loaded
    again. The content types and permissions come back with it under their ids of
    then (a transactional test's flush recreates them under new ids). The demo's
    files (signatures, scans) stay in one media directory for the session.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    request.addfinalizer(ContentType.objects.clear_cache)
    settings.MEDIA_ROOT = _demo_snapshot["media"]
    tables = connection.introspection.django_table_names(only_existing=True)
    with connection.cursor() as cursor:
        empty = not any(_has_rows(cursor, table) for table in tables if table not in REFERENCE)
        if empty and _demo_snapshot["day"] == timezone.localdate():
            _copy_in(cursor, _demo_snapshot["tables"])
            return
    call_command("load_demo", requests=DEMO_REQUESTS, stdout=StringIO())
    if empty:
        with connection.cursor() as cursor:
            _demo_snapshot.update(day=timezone.localdate(), tables=_copy_out(cursor, tables))


#: Tables filled before any test (post_migrate): the content types and permissions.
REFERENCE = ("django_content_type", "auth_permission")


def _has_rows(cursor, table: str) -> bool:
    cursor.execute(f'SELECT 1 FROM "{table}" LIMIT 1')
    return cursor.fetchone() is not None


def _copy_out(cursor, tables: list[str]) -> dict:
    """Every row of ``tables``: PostgreSQL's COPY text, SQLite's raw values."""
    raw = cursor.cursor
    copied = {}
    for table in tables:
        if cursor.db.vendor == "postgresql":
            with raw.copy(f'COPY "{table}" TO STDOUT') as copy:
                data = b"".join(bytes(block) for block in copy)
        else:  # Django's converters made dates, times and decimals of the text
            rows = raw.execute(f'SELECT * FROM "{table}"').fetchall()
            data = [tuple(_sqlite_text(value) for value in row) for row in rows]
        if data:
            copied[table] = data
    return copied


def _sqlite_text(value):
    """The text SQLite held before Django's converters read it."""
    if isinstance(value, datetime.date | datetime.time | decimal.Decimal):
        return str(value)
    return value


def _copy_in(cursor, copied: dict) -> None:
    """Put the rows back. Foreign keys are checked at commit (deferred); PostgreSQL's
    sequences are already past these ids (they were taken from them), and SQLite's
    AUTOINCREMENT follows the ids inserted.

    The configuration caches are emptied: the rows come back with the versions
    they were cached under, which a test may have changed behind them since.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction

    from kefu.desk.config import clear_desk_config_cache
    from kefu.sales.config import clear_sales_config_cache

    raw = cursor.cursor
    with transaction.atomic():
        for table in REFERENCE[::-1]:  # replaced by the copy's
            cursor.execute(f'DELETE FROM "{table}"')
        ContentType.objects.clear_cache()
        for table, data in copied.items():
            if cursor.db.vendor == "postgresql":
                with raw.copy(f'COPY "{table}" FROM STDIN') as copy:
                    copy.write(data)
            else:
                marks = ", ".join("?" * len(data[0]))
                raw.executemany(f'INSERT INTO "{table}" VALUES ({marks})', data)
    clear_desk_config_cache()
    clear_sales_config_cache()


@pytest.fixture(scope="session", autouse=True)
def _end_stray_postgresql_sessions(django_db_setup, django_db_blocker):
    """Before the test database is dropped, end any session still attached to it.

    The kill-and-restart test runs ``sla_watch`` in a subprocess and SIGKILLs it,
    and the Playwright tests serve from a live-server thread; a backend of either
    can outlive its client by a moment, and PostgreSQL then refuses to drop the
    database ("is being accessed by other users"), leaving it behind.
    """
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture
def browser():
    """Debian's Chromium under Playwright (kefu/core/tests/browser.py)."""
    from kefu.core.tests.browser import CHROMIUM, CHROMIUM_ARGS

    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
