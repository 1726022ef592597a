"""Settings come from the environment; production settings pass Django's deploy check."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def run_check(env_overrides: dict[str, str]) -> subprocess.CompletedProcess:
    # The e2e tests set DJANGO_ALLOW_ASYNC_UNSAFE for Playwright at import time,
    # in every xdist worker; a deployment never has it (async.E001).
    dropped = {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_configuration_passes_check_deploy():
    result = run_check(
        {
            "DEBUG": "false",
            "SECRET_KEY": "x9!" + "k" * 60 + "Zq7@pR2#",
            "ALLOWED_HOSTS": "kefu.example.cn",
        }
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "security." not in output, output


def test_demo_defaults_are_flagged_by_check_deploy():
    result = run_check({"DEBUG": "true"})
    assert "security.W018" in result.stdout + result.stderr  # DEBUG on


def test_a_login_lasts_one_shift_and_ends_with_the_browser(settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_HTTPONLY is True


def test_every_response_carries_the_content_security_policy(client, db):
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
