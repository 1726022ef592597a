#!/usr/bin/env bash
# Set up and run the kefu demo: virtualenv, dependencies, SQLite database,
# demo data, server on http://127.0.0.1:8000. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_venv
unset DATABASE_URL
"$PY" manage.py migrate --noinput -v0
"$PY" manage.py load_demo
cat <<'TXT'

  kefu demo is running at http://127.0.0.1:8000
  log in as  demo / kefu-demo-2026   (客服主任 at both demo sites; superuser)
  others:    see the list printed above; every demo password is kefu-demo-2026
  API docs:  http://127.0.0.1:8000/api/v1/docs      admin: http://127.0.0.1:8000/admin/
  background: db_worker (tasks) and sla_watch (SLA scan every minute) run alongside

TXT
# Background work (docs/notify.md): a django-tasks worker, and the SLA scan
# enqueued every minute. Both stop when the server stops.
"$PY" manage.py db_worker --no-reload --interval 2 &
WORKER=$!
"$PY" manage.py sla_watch --interval 60 &
WATCH=$!
trap 'kill "$WORKER" "$WATCH" 2>/dev/null; wait "$WORKER" "$WATCH" 2>/dev/null' EXIT INT TERM
"$PY" manage.py runserver 127.0.0.1:8000
