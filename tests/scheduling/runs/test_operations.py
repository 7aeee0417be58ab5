"""Freeze window, the sweep after faults, the nightly run and a broker that is down."""

from __future__ import annotations

import datetime as dt
import socket

import pytest
from celery.schedules import crontab
from django.conf import settings as django_settings
from django.utils import timezone

from hengdian.celery import app as celery_app
from scheduling.models import Booking, PlanRun
from scheduling.selectors.plan_runs import plan_run_input
from scheduling.services.plan_runs import plan_run_nightly, plan_runs_sweep
from tests.factories import BookingFactory, CrewFactory, LocationFactory, SceneFactory, shanghai

from .helpers import imported
from .worker import broker_at

pytestmark = pytest.mark.django_db


def test_plan_run_input_locks_confirmed_manual_and_frozen_bookings(horizon_start, settings):
    settings.PLANNING_FREEZE_HOURS = 12
    crew = CrewFactory(first_date=horizon_start, last_date=horizon_start)
    place = LocationFactory(capacity=4, tags=["palace"])

    def booked(code: str, hhmm: str, **kwargs) -> None:
        scene = SceneFactory(crew=crew, code=code, minutes=60)
        starts_at = shanghai(horizon_start, hhmm)
        BookingFactory(scene=scene, location=place, starts_at=starts_at, **kwargs)

    booked("EARLY-PLAN", "08:00", source="plan")
    booked("LATE-PLAN", "20:00", source="plan")
    booked("LATE-MANUAL", "20:00", source="manual")
    booked("LATE-CONFIRMED", "21:00", source="plan", status="confirmed")
    now = shanghai(horizon_start, "05:00")  # frozen until 17:00
    instance, bookings = plan_run_input(start=horizon_start, days=1, now=now)
    assert sorted(k.scene for k in instance.locked) == [
        "EARLY-PLAN",
        "LATE-CONFIRMED",
        "LATE-MANUAL",
    ]
    assert [p.scene for p in instance.previous] == ["LATE-PLAN"]
    assert sorted(bookings) == ["EARLY-PLAN", "LATE-CONFIRMED", "LATE-MANUAL", "LATE-PLAN"]


def test_plan_runs_sweep_fails_a_run_whose_worker_went_silent(horizon_start, settings):
    settings.PLANNING_RUN_STALE_SECONDS = 60
    silent = timezone.now() - dt.timedelta(seconds=61)
    run = PlanRun.objects.create(
        start=horizon_start,
        days=2,
        time_limit_seconds=600,
        status=PlanRun.Status.RUNNING,
        attempts=1,
        started_at=silent,
        heartbeat_at=silent,
    )
    alive = PlanRun.objects.create(
        start=horizon_start,
        days=3,
        time_limit_seconds=600,
        status=PlanRun.Status.RUNNING,
        started_at=silent,
        heartbeat_at=timezone.now(),
    )
    assert plan_runs_sweep() == {"failed": 1, "sent": 0}
    run.refresh_from_db()
    assert run.status == "failed"
    assert run.error.startswith("the worker running it stopped 1 time(s)")
    alive.refresh_from_db()
    assert alive.status == "running"


def test_plan_runs_sweep_sends_a_queued_run_the_broker_never_got(
    example_document, horizon_start, django_capture_on_commit_callbacks
):
    imported(example_document, django_capture_on_commit_callbacks)
    run = PlanRun.objects.create(
        start=horizon_start, days=2, time_limit_seconds=2, dispatch_error="broker down"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert plan_runs_sweep() == {"failed": 0, "sent": 1}
    run.refresh_from_db()
    assert (run.status, run.dispatch_error) == ("succeeded", "")


def test_plan_runs_sweep_sends_at_once_the_run_queued_behind_one_whose_worker_died(
    example_document, horizon_start, django_capture_on_commit_callbacks, settings
):
    # Found by the soak: the queued run's message came while the dead worker's run still
    # looked alive and was dropped ("nothing to do"); the sweep failed the dead run but left
    # the queued one waiting for RESEND_AFTER (10 minutes) because it had been sent once.
    imported(example_document, django_capture_on_commit_callbacks)
    settings.PLANNING_RUN_STALE_SECONDS = 60
    silent = timezone.now() - dt.timedelta(seconds=61)
    dead = PlanRun.objects.create(
        start=horizon_start,
        days=2,
        time_limit_seconds=2,
        status=PlanRun.Status.RUNNING,
        attempts=1,
        started_at=silent,
        heartbeat_at=silent,
    )
    waiting = PlanRun.objects.create(
        start=horizon_start,
        days=2,
        time_limit_seconds=2,
        trigger=PlanRun.Trigger.DEMAND_SPIKE,
        dispatched_at=timezone.now() - dt.timedelta(seconds=30),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert plan_runs_sweep() == {"failed": 1, "sent": 1}
    dead.refresh_from_db()
    waiting.refresh_from_db()
    assert (dead.status, waiting.status) == ("failed", "succeeded")


def test_plan_run_nightly_queues_the_coming_days():
    today = dt.date(2026, 12, 1)
    run = plan_run_nightly(today=today)
    assert (run.trigger, run.start, run.days, run.time_limit_seconds) == (
        "scheduled",
        today,
        django_settings.PLANNING_NIGHTLY_DAYS,
        django_settings.PLANNING_NIGHTLY_SECONDS,
    )
    schedule = django_settings.CELERY_BEAT_SCHEDULE["plan-nightly"]
    assert schedule["task"] == "scheduling.plan_run_nightly"
    assert schedule["schedule"] == crontab(hour=2, minute=0)
    assert "scheduling.plan_run_nightly" in celery_app.tasks


@pytest.fixture
def broker_down():
    """A stopped Redis: nothing listens on the port."""
    with broker_at("redis://127.0.0.1:1/0"):
        yield


@pytest.fixture
def broker_hung():
    """A hung Redis: the port accepts connections and never answers."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(50)
        with broker_at(f"redis://127.0.0.1:{silent.getsockname()[1]}/0"):
            yield


@pytest.mark.django_db(transaction=True)
def test_plan_runs_post_with_the_broker_down_is_queued_for_later(
    broker_down, ops_client, horizon_start
):
    # A real commit (transaction=True): the run is sent right after it, inside the request.
    body = {"start": horizon_start.isoformat(), "days": 2, "time_limit_seconds": 2}
    response = ops_client.post("/api/v1/plan-runs/", body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 202
    run = PlanRun.objects.get()
    assert (response.json()["id"], response.json()["status"]) == (run.pk, "queued")
    assert response.json()["message"].startswith(
        "The run is queued in the database; the task broker is unreachable"
    )
    assert run.status == "queued"
    assert run.dispatched_at is None
    assert run.dispatch_error.endswith("queued for later")
    assert Booking.objects.count() == 0


def test_plan_runs_sweep_fails_a_run_past_its_hard_limit(horizon_start):
    # Alive (a fresh heartbeat) but started a time limit plus 300 s ago and more.
    started = timezone.now() - dt.timedelta(seconds=60 + 301)
    run = PlanRun.objects.create(
        start=horizon_start,
        days=2,
        time_limit_seconds=60,
        status=PlanRun.Status.RUNNING,
        started_at=started,
        heartbeat_at=timezone.now(),
    )
    assert plan_runs_sweep() == {"failed": 1, "sent": 0}
    run.refresh_from_db()
    assert run.status == "failed"
    assert run.error.startswith("the run went past its hard limit (")


@pytest.mark.django_db(transaction=True)
def test_plan_runs_post_with_the_broker_hung_is_queued_for_later(
    broker_hung, ops_client, horizon_start
):
    # Without socket timeouts this request would wait as long as Redis hangs (NOTES).
    body = {"start": horizon_start.isoformat(), "days": 2, "time_limit_seconds": 2}
    response = ops_client.post("/api/v1/plan-runs/", body, format="json")
    assert response.status_code == 202
    run = PlanRun.objects.get()
    assert (run.status, run.dispatched_at) == ("queued", None)
    assert run.dispatch_error == (
        "the broker is unreachable (OperationalError: Timeout reading from socket); "
        "queued for later"
    )
