"""Django settings for kefu.

Everything that differs between a demo laptop and production comes from the
environment (DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS, DEBUG, ...). The defaults
are safe for the demo: SQLite next to the code, DEBUG on, localhost only.
Per-site business rules never live here; they live on site records and presets.
"""

import os
import tempfile
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_list, env_str, media_storage

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "kefu-demo-only-insecure-key-change-me-in-production-0123456789")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "axes",
    "csp",
    "kefu.core",
    "kefu.org",
    "kefu.customers",
    "kefu.desk",
    "kefu.calendar",
    "django_tasks",
    "django_tasks_db",
    "kefu.notify",
    "kefu.sales",
    "kefu.complaints",
    "kefu.visits",
    "kefu.assessment",
    "kefu.reports",
    "kefu.files",
    "kefu.guests",
    "kefu.procedures",
    "kefu.portal",
    "kefu.field",
    "kefu.accounts",
    "kefu.notices",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "kefu.core.middleware.KefuErrorMiddleware",
    "axes.middleware.AxesMiddleware",
]

if not DEBUG:
    # Production serves collected static files itself (runserver does it in DEBUG).
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# Database: SQLite by default, PostgreSQL when DATABASE_URL is set.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock at BEGIN, so two clerks numbering at once
    # queue up instead of deadlocking on a lock upgrade.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 30}
    # A file (not :memory:) so threaded tests share it; one per test run so
    # parallel runs on one machine never share a database.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"kefu-test-{os.getpid()}.sqlite3")
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = int(env_str("CONN_MAX_AGE", "60"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "org.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "desk:ticket_list"
LOGOUT_REDIRECT_URL = "login"

# Login lockout (django-axes): 5 failures per user and address lock for 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": media_storage(),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploaded scans, photos and recordings: local disk by default (MEDIA_ROOT),
# shared or S3-compatible storage in production (docs/deploy.md).
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "media/"

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

# Production hardening, switched on whenever DEBUG is off.
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env_str("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Load balancers and Prometheus probe over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]

# Content-Security-Policy (django-csp): every page's scripts and styles come from
# our own static files; no inline script, style attribute or handler, nothing
# from another origin. Images may be data:/blob: URLs (signature pads, previews).
# The browser test kefu/core/tests/test_csp.py opens the pages in Chromium and
# fails on any violation.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}

# A login lasts one working shift (8 hours from logging in) and ends when the
# browser closes. The session is not re-saved on every request: that would add
# a write to every page and API call.
SESSION_COOKIE_AGE = int(env_str("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"kefu": {"handlers": ["console"], "level": env_str("KEFU_LOG_LEVEL", "INFO")}},
}

# Desk list page size and API page size limits.
KEFU_PAGE_SIZE = 25
KEFU_API_MAX_PAGE_SIZE = 200

# Background work (django-tasks): the database backend by default; run a worker
# with `manage.py db_worker` and the SLA scan with `manage.py sla_watch`
# (docs/notify.md). Tests and scripts may set KEFU_TASKS_BACKEND, e.g. to
# django_tasks.backends.immediate.ImmediateBackend.
#
# KEFU_TASKS_BACKEND=rq moves the same tasks onto Redis and RQ workers
# (django-tasks-rq; `manage.py rqworker default`), for installations where one
# database-backed worker is not enough (docs/deploy.md). KEFU_REDIS_URL says where.
_TASKS_BACKEND = env_str("KEFU_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
if _TASKS_BACKEND in ("rq", "django_tasks_rq.RQBackend"):
    _TASKS_BACKEND = "django_tasks_rq.RQBackend"
    INSTALLED_APPS += ["django_rq"]
    RQ_QUEUES = {"default": {"URL": env_str("KEFU_REDIS_URL", "redis://127.0.0.1:6379/0")}}
    RQ = {"JOB_CLASS": "django_tasks_rq.Job"}  # workers run django-tasks' Task objects
TASKS = {"default": {"BACKEND": _TASKS_BACKEND}}

# Notification senders (kefu.notify.senders): the first listed that handles a
# channel sends it. No network is used by the console senders.
KEFU_NOTIFY_SENDERS = [
    "kefu.notify.senders.email.EmailSender",
    "kefu.notify.senders.console.ConsoleSender",
]
# Seconds the SLA scan waits between requests (0: none); spares a busy database.
KEFU_SLA_SCAN_THROTTLE = float(env_str("KEFU_SLA_SCAN_THROTTLE", "0"))

# Health and metrics (docs/deploy.md): /healthz fails the worker check when a
# runnable task has waited longer than this; /metrics needs this bearer token,
# or, when it is empty, a request from the loopback address.
KEFU_HEALTH_MAX_TASK_WAIT = int(env_str("KEFU_HEALTH_MAX_TASK_WAIT", "300"))
KEFU_METRICS_TOKEN = env_str("KEFU_METRICS_TOKEN", "")
