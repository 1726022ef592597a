"""Shared set-up of the Playwright tests (marker ``e2e``).

Debian's Chromium (``chromium`` on PATH, never a downloaded browser) is driven
through Playwright's sync API with the flags the project uses everywhere; the
tests skip when it is not installed. The ``browser`` fixture is in the root
conftest.py. Screenshots go to ``test-results/``.
"""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test's thread; the ORM must still work there.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = shutil.which("chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
RESULTS = Path(__file__).resolve().parents[3] / "test-results"

E2E_MARKS = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="Debian's chromium is not installed (apt-get install chromium fonts-wqy-microhei)",
    ),
]


def login(page, base_url: str, username: str, password: str = "kefu-test-pw") -> None:
    """Log in through the real form (django-axes is on) and land on the desk list."""
    page.goto(f"{base_url}/accounts/login/")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', password)
    page.click('.login button[type="submit"]')
    page.wait_for_url(f"{base_url}/desk/")
