"""Celery tasks of scheduling: each takes ids, calls one service, and logs.

Planning runs are acknowledged late and rejected (so redelivered) when the worker process dies
mid-run (settings: ``CELERY_TASK_ACKS_LATE``, ``CELERY_TASK_REJECT_ON_WORKER_LOST``); the service
counts attempts and fails a run whose workers died ``PLANNING_RUN_MAX_ATTEMPTS`` times.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings

from scheduling.billing import tasks as billing_tasks  # noqa: F401  (registers them)
from scheduling.services import plan_run_prune, plan_runs, weather

logger = logging.getLogger(__name__)


@shared_task(
    name="scheduling.plan_run_execute", acks_late=True, reject_on_worker_lost=True, bind=True
)
def plan_run_execute(self, run_id: int) -> str | None:
    run = plan_runs.plan_run_execute(run_id=run_id, task_id=self.request.id)
    if run is None:
        logger.info("plan run %s: nothing to do for message %s", run_id, self.request.id)
        return None
    return run.status


@shared_task(name="scheduling.plan_runs_sweep")
def plan_runs_sweep() -> dict[str, int]:
    return plan_runs.plan_runs_sweep()


@shared_task(name="scheduling.plan_runs_prune")
def plan_runs_prune() -> int:
    """Clear the payloads of runs past PLAN_RUN_PAYLOAD_RETENTION_DAYS (daily, by beat)."""
    return plan_run_prune.plan_runs_prune()


@shared_task(name="scheduling.plan_run_nightly")
def plan_run_nightly() -> int:
    return plan_runs.plan_run_nightly().pk


@shared_task(name="scheduling.weather_feed_read")
def weather_feed_read() -> dict[str, int] | None:
    """Read the forecast file the feed writes (settings.WEATHER_FORECAST_FILE), if any."""
    if not settings.WEATHER_FORECAST_FILE:
        return None
    return weather.weather_forecast_read(path=settings.WEATHER_FORECAST_FILE)
