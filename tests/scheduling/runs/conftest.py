"""Fixtures of the planning-run tests: Celery mode per tier, and a tiny instance in the future.

Unit and API tests run the task in-process (eager) even when the suite is pointed at a broker;
``services`` tests use the broker and a real worker process.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest
from django.utils import timezone

from hengdian.celery import app as celery_app

EXAMPLE = Path(__file__).resolve().parent.parent / "example-instance.json"


@pytest.fixture(autouse=True)
def celery_mode(request):
    services = request.node.get_closest_marker("services") is not None
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = not services
    yield
    celery_app.conf.task_always_eager = saved


@pytest.fixture
def horizon_start() -> dt.date:
    """Three days ahead: out of reach of the freeze window (12 h) whatever the time of day."""
    return timezone.localdate() + dt.timedelta(days=3)


@pytest.fixture
def example_document(horizon_start) -> dict:
    """The contract's example instance (3 crews, 17 scenes, 2 days), moved to ``horizon_start``."""
    document = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    document["horizon"]["start"] = horizon_start.isoformat()
    return copy.deepcopy(document)
