"""The probes: /healthz says the process answers, /readyz that its database (and broker) do."""

from __future__ import annotations

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_without_login(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@override_settings(CELERY_BROKER_URL="")
def test_readyz_without_a_broker_checks_the_database_only(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"database": "ok"}}


@override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0", READINESS_TIMEOUT_SECONDS=1)
def test_readyz_names_the_broker_when_it_does_not_answer(client):
    # Port 1 on the loopback: nothing listens there, so the connection is refused at once.
    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "message": "not ready: broker not answering",
        "down": ["broker"],
        "checks": {"database": "ok", "broker": "down"},
    }


@override_settings(ALLOWED_HOSTS=["base.example"], SECURE_SSL_REDIRECT=True)
def test_probes_answer_a_probe_from_an_unlisted_host_over_plain_http(client):
    """A probe comes from the orchestrator's address over HTTP: no 400, no redirect to HTTPS."""
    assert client.get("/healthz", HTTP_HOST="10.0.0.7:8000").status_code == 200
    assert client.get("/readyz", HTTP_HOST="10.0.0.7:8000").status_code == 200
    assert client.get("/board/", HTTP_HOST="10.0.0.7:8000").status_code == 400
