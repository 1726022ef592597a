#!/usr/bin/env bash
# Install everything and run every check: ruff, migrations, the test suite on
# SQLite and then on PostgreSQL (DATABASE_URL, default: the local server).
# With CI=true an unreachable PostgreSQL is a failure; otherwise that leg is
# skipped with a message.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_browser
ensure_venv dev

echo "== ruff"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .

echo "== migrations are up to date"
env -u DATABASE_URL "$PY" manage.py makemigrations --check --dry-run >/dev/null

WORKERS="${KEFU_TEST_WORKERS:-2}"
# worksteal: a worker that runs out of tests takes half of the other's queue, so
# neither finishes minutes before the other (xdist's "load" sends fixed chunks).
PYTEST=("$VENV/bin/pytest" -n "$WORKERS" --dist worksteal -q "$@")

echo "== tests on SQLite"
env -u DATABASE_URL "${PYTEST[@]}"

PG_URL="${KEFU_TEST_PG_URL:-${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}}"
if DATABASE_URL="$PG_URL" "$PY" - <<'PYEOF'
import os, sys
import psycopg
# The server must answer; the named database itself need not exist (the test
# runner creates test_<name>), so fall back to the maintenance database.
url = os.environ["DATABASE_URL"]
for kwargs in ({}, {"dbname": "postgres"}):
    try:
        psycopg.connect(url, connect_timeout=3, **kwargs).close()
        sys.exit(0)
    except Exception as exc:  # noqa: BLE001
        error = exc
print(f"PostgreSQL unreachable: {error}", file=sys.stderr)
sys.exit(1)
PYEOF
then
  echo "== tests on PostgreSQL"
  DATABASE_URL="$PG_URL" "${PYTEST[@]}"
elif [ "${CI:-}" = "true" ]; then
  echo "!! CI=true and PostgreSQL is unreachable at $PG_URL: failing" >&2
  exit 1
else
  echo "!! PostgreSQL is unreachable at $PG_URL: skipping the PostgreSQL leg (CI would fail)"
fi
