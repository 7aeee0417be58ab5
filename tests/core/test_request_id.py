"""Each request gets an id, carried by its response and written on every log line it causes."""

from __future__ import annotations

import logging
import re

import pytest
from django.conf import settings

from core.request_id import RequestIdFilter, request_id_bound
from hengdian.celery import app as celery_app
from scheduling.models import PlanRun

pytestmark = pytest.mark.django_db


def test_a_response_carries_a_new_request_id(client):
    response = client.get("/healthz")

    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_a_callers_request_id_is_kept(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a:42")

    assert response["X-Request-ID"] == "lb-7f3a:42"


def test_an_unsafe_request_id_is_replaced(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="evil\nSet-Cookie: x=1")

    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def _formatted(record: logging.LogRecord) -> str:
    """The record as the settings' console handler writes it."""
    RequestIdFilter().filter(record)
    line = logging.Formatter(settings.LOGGING["formatters"]["line"]["format"])
    return line.format(record)


def test_a_log_line_has_time_level_logger_and_request_id():
    record = logging.LogRecord(
        "scheduling.bookings", logging.WARNING, __file__, 1, "full", (), None
    )
    with request_id_bound("abc123"):
        line = _formatted(record)

    assert re.fullmatch(
        r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} WARNING scheduling.bookings \[abc123\] full", line
    )


def test_a_log_line_outside_a_request_says_dash():
    record = logging.LogRecord("celery", logging.INFO, __file__, 1, "tick", (), None)

    assert _formatted(record).endswith(" INFO celery [-] tick")


def test_a_request_logs_under_the_id_its_response_carries(ops_client, caplog):
    """A refused booking logs a warning; its line and the response name the same request."""
    caplog.handler.addFilter(RequestIdFilter())
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = ops_client.post("/api/v1/bookings/", {"scene": "nope"}, format="json")

    assert response.status_code == 400
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.request_id == response["X-Request-ID"]


@pytest.fixture
def in_process_runs():
    """Runs happen in-process, as in the embedded demo, even when the suite has a broker."""
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = saved


def test_a_plan_run_remembers_the_request_that_queued_it(
    ops_client, caplog, django_capture_on_commit_callbacks, in_process_runs
):
    """The run logs under the request's id."""
    caplog.handler.addFilter(RequestIdFilter())
    with (
        caplog.at_level(logging.INFO, logger="scheduling"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = ops_client.post(
            "/api/v1/plan-runs/",
            {"start": "2026-12-10", "days": 1, "time_limit_seconds": 5},
            format="json",
            HTTP_X_REQUEST_ID="req-plan-1",
        )

    assert response.status_code == 202, response.content
    run = PlanRun.objects.get(pk=response.json()["id"])
    assert run.request_id == "req-plan-1"
    run_lines = [r for r in caplog.records if r.name == "scheduling.services.plan_runs"]
    assert [r.getMessage() for r in run_lines] == [f"plan run {run.pk}: succeeded "]
    assert [r.request_id for r in run_lines] == ["req-plan-1"]
