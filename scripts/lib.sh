# Shared set-up steps for scripts/demo.sh and scripts/test.sh (sourced, not run).
# Everything a fresh machine needs is installed from here: nothing by hand.

VENV=".venv"
PY="$VENV/bin/python"

ensure_venv() {
  # $1 = "dev" to install the test tools as well.
  local extra="${1:-}"
  if [ ! -x "$PY" ]; then
    echo "== creating virtualenv $VENV"
    python3 -m venv "$VENV"
    "$PY" -m pip install -q --upgrade pip
  fi
  local spec="." stamp="$VENV/.kefu-installed"
  [ "$extra" = "dev" ] && spec=".[dev]" && stamp="$VENV/.kefu-installed-dev"
  local want
  want="$(sha256sum pyproject.toml | cut -c1-16)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "== installing kefu and its pinned dependencies ($spec)"
    "$PY" -m pip install -q -e "$spec"
    echo "$want" >"$stamp"
  fi
}

ensure_browser() {
  # Debian's Chromium and a Chinese font for the Playwright tests and screenshots.
  if command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "WenQuanYi"; then
    return 0
  fi
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing chromium and fonts-wqy-microhei (apt-get)"
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-wqy-microhei >/dev/null
  else
    echo "!! chromium is missing and cannot be installed without root; browser tests will skip"
  fi
}
