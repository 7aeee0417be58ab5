"""A real ``celery -A hengdian worker`` process for the services tier, on the test database,
and pointing the web side (this process) at a broker that is down or hung."""

from __future__ import annotations

import contextlib
import os
import time

from django.conf import settings
from django.db import connection

from bench.stack import Worker as StackWorker
from hengdian.celery import app as celery_app
from scheduling.models import PlanRun


def test_database_url() -> str:
    """The URL of pytest-django's test database, for the worker process."""
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker(StackWorker):
    """One worker (prefork, one child) on the test database (``bench.stack.Worker``)."""

    def environment(self) -> dict[str, str]:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "hengdian.settings",
            "DJANGO_DEBUG": "1",  # a worker of the tests: on PostgreSQL, keep the demo's secrets
            "DATABASE_URL": test_database_url(),
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        }


def wait_for(run_id: int, statuses: set[str], worker: Worker, seconds: float = 120) -> PlanRun:
    """Poll a run until it reaches one of ``statuses``; fail with the worker's log otherwise."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        run = PlanRun.objects.get(pk=run_id)
        if run.status in statuses:
            return run
        time.sleep(0.3)
    raise AssertionError(f"run {run_id} is {run.status}, not {statuses}:\n{worker.tail()}")


def forget_connections() -> None:
    """Drop the app's broker connection pools; new ones are made for the URL set next."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def purge_queue() -> None:
    """Drop messages left in the broker by an earlier session (they name rows of its data)."""
    celery_app.control.purge()


@contextlib.contextmanager
def broker_at(url: str):
    """Point the app's sends at ``url``, not eager. An environment CELERY_BROKER_URL wins over
    conf.broker_url, so the write URL is set."""
    conf = celery_app.conf
    saved = conf.broker_write_url, conf.task_always_eager
    forget_connections()
    conf.broker_write_url, conf.task_always_eager = url, False
    try:
        yield
    finally:
        forget_connections()
        conf.broker_write_url, conf.task_always_eager = saved
