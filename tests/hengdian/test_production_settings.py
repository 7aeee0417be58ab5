"""The production settings: ``manage.py check --deploy`` is clean, and nothing is left to chance.

Each test loads the settings in a fresh process with a production environment (DJANGO_DEBUG=0,
real secrets, a PostgreSQL URL), as a server would, instead of the test settings.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "hengdian.settings",
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "k7#Qm2!vR9pL-production-secret-of-the-base-x4Tz8&Wn3^Yb6*Jc1",
    "DJANGO_ALLOWED_HOSTS": "plan.hengdian.example",
    "DATABASE_URL": "postgres://hengdian@db.internal:5432/hengdian",
    "CELERY_BROKER_URL": "redis://redis.internal:6379/0",
    "PERSONAL_DATA_KEY": "cHJvZHVjdGlvbi1wZXJzb25hbC1kYXRhLWtleS0wMDE=",
    "PERSONAL_DATA_HASH_KEY": "production-hash-key-of-the-guild-0123456789abcdef",
}


def _run(args: list[str], *, without: tuple[str, ...] = (), **env: str):
    """Run ``args`` with only the production environment (and PATH), never the test's;
    ``without`` names production variables left unset."""
    base = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PERSONAL_DATA_", "DATABASE_", "CELERY_"))
    }
    production = {key: value for key, value in PRODUCTION.items() if key not in without}
    return subprocess.run(
        [sys.executable, *args],
        env={**base, **production, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def _settings(*names: str, without: tuple[str, ...] = (), **env: str) -> dict[str, str]:
    """The ``repr`` of each named setting, as a production process loads them."""
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{name: repr(eval('s.' + name)) for name in {list(names)!r}}}))"
    )
    result = _run(["-c", code], without=without, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_with_production_settings_is_clean():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
    assert "WARNING" not in result.stderr


def test_production_settings_turn_on_https_cookies_headers_and_limits():
    assert _settings(
        "DEBUG",
        "ALLOWED_HOSTS",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "X_FRAME_OPTIONS",
        "SECURE_PROXY_SSL_HEADER",
        "DATABASES['default']['CONN_HEALTH_CHECKS']",
        "CELERY_BROKER_TRANSPORT_OPTIONS['socket_timeout']",
        "CELERY_BROKER_CONNECTION_TIMEOUT",
        "DATA_UPLOAD_MAX_MEMORY_SIZE",
        "REST_FRAMEWORK['DEFAULT_PAGINATION_CLASS']",
    ) == {
        "DEBUG": "False",
        "ALLOWED_HOSTS": "['plan.hengdian.example']",
        "SECURE_SSL_REDIRECT": "True",
        "SESSION_COOKIE_SECURE": "True",
        "CSRF_COOKIE_SECURE": "True",
        "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_CONTENT_TYPE_NOSNIFF": "True",
        "X_FRAME_OPTIONS": "'DENY'",
        "SECURE_PROXY_SSL_HEADER": "None",
        "DATABASES['default']['CONN_HEALTH_CHECKS']": "True",
        "CELERY_BROKER_TRANSPORT_OPTIONS['socket_timeout']": "2",
        "CELERY_BROKER_CONNECTION_TIMEOUT": "2",
        "DATA_UPLOAD_MAX_MEMORY_SIZE": "20971520",
        "REST_FRAMEWORK['DEFAULT_PAGINATION_CLASS']": ("'core.api.StrictPageNumberPagination'"),
    }


def test_production_settings_trust_the_proxy_header_only_when_told():
    assert _settings("SECURE_PROXY_SSL_HEADER", DJANGO_BEHIND_TLS_PROXY="1") == {
        "SECURE_PROXY_SSL_HEADER": "('HTTP_X_FORWARDED_PROTO', 'https')"
    }


def test_production_settings_without_allowed_hosts_answer_no_host_and_fail_the_check():
    env = {key: value for key, value in PRODUCTION.items() if key != "DJANGO_ALLOWED_HOSTS"}
    base = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PERSONAL_DATA_", "DATABASE_", "CELERY_"))
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        env={**base, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 1
    assert "?: (hengdian.E001) DJANGO_ALLOWED_HOSTS is not set" in result.stderr


def test_production_settings_without_a_secret_key_refuse_to_load():
    result = _run(["-c", "import hengdian.settings"], DJANGO_SECRET_KEY="")

    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "hengdian.env.EnvError: DJANGO_SECRET_KEY must be a random secret of at least 32 characters"
    )


def test_debug_is_off_by_default_on_postgresql():
    """Only the embedded demo (SQLite) defaults to DEBUG on; a deployment that forgets
    DJANGO_DEBUG still serves no tracebacks."""
    assert _settings("DEBUG", without=("DJANGO_DEBUG",)) == {"DEBUG": "False"}


def test_debug_is_on_by_default_in_the_embedded_demo():
    demo = tuple(PRODUCTION.keys() - {"DJANGO_SETTINGS_MODULE"})

    assert _settings("DEBUG", "DATABASES['default']['ENGINE']", without=demo) == {
        "DEBUG": "True",
        "DATABASES['default']['ENGINE']": "'django.db.backends.sqlite3'",
    }


def test_postgresql_without_debug_or_a_secret_key_refuses_to_load_and_says_why():
    result = _run(["-c", "import hengdian.settings"], without=("DJANGO_DEBUG", "DJANGO_SECRET_KEY"))

    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "hengdian.env.EnvError: DJANGO_SECRET_KEY must be set: DEBUG is off (the default with a "
        "PostgreSQL DATABASE_URL; DJANGO_DEBUG=1 turns it on for a trial, never in production)"
    )
