"""Probes for whoever runs the service: ``/healthz`` (the process answers) and ``/readyz`` (its
database, and its broker where one is configured, answer in time).

They answer before any other middleware: a probe comes over plain HTTP from an address the
site's ``ALLOWED_HOSTS`` does not list, carries no session and must not be redirected to HTTPS.
Neither says more than which part is down; the reason goes to the log.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import connections
from django.http import JsonResponse
from kombu import Connection

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
READY_PATH = "/readyz"


def database_check() -> None:
    """Raises unless the default database answers a query."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def broker_check() -> None:
    """Raises unless the Celery broker accepts a connection within the probe's timeout."""
    timeout = settings.READINESS_TIMEOUT_SECONDS
    with Connection(settings.CELERY_BROKER_URL, connect_timeout=timeout) as connection:
        connection.ensure_connection(max_retries=1, timeout=timeout)


def readiness_checks() -> dict[str, Callable[[], None]]:
    """The parts a ready service needs, by name: the broker only where one is configured."""
    checks: dict[str, Callable[[], None]] = {"database": database_check}
    if settings.CELERY_BROKER_URL:
        checks["broker"] = broker_check
    return checks


def readiness() -> tuple[int, dict]:
    """(HTTP status, body) of the readiness probe."""
    results, down = {}, []
    for name, check in readiness_checks().items():
        try:
            check()
        except Exception as exc:  # any driver error means "not answering": say which part
            logger.warning("readiness: %s is down: %s: %s", name, type(exc).__name__, exc)
            results[name], down = "down", [*down, name]
        else:
            results[name] = "ok"
    if down:
        message = f"not ready: {', '.join(down)} not answering"
        return 503, {"status": "unavailable", "message": message, "down": down, "checks": results}
    return 200, {"status": "ready", "checks": results}


class HealthMiddleware:
    """Answers the two probes, ahead of host checks, HTTPS redirects and sessions."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == HEALTH_PATH:
            return JsonResponse({"status": "ok"})
        if request.path == READY_PATH:
            status, body = readiness()
            return JsonResponse(body, status=status)
        return self.get_response(request)
