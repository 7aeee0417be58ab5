"""Planning runs with the real services: PostgreSQL, Redis and ``celery worker`` processes,
and races between real connections.

Run by CI's services tier (DATABASE_URL=postgres://..., CELERY_BROKER_URL=redis://...). Without
them these tests fail, never skip: ``services_present`` says what is missing.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import threading
from dataclasses import replace

import pytest
from django.conf import settings
from django.db import connection

from actors.models import Call
from crews.models import Scene
from scheduling.models import Booking, Location, PlanRun
from scheduling.selectors.instances import horizon_moment, horizon_position, instance_export
from scheduling.services.bookings import BookingConflict, booking_create
from scheduling.services.instances import instance_import
from scheduling.services.plan_publish import PlanRunConflict, plan_run_publish
from scheduling.services.plan_runs import plan_run_execute, plan_run_request, plan_runs_sweep
from scheduling.services.spikes import demand_spikes_check
from scheduling.solver.checker import check_plan
from scheduling.solver.generate import generate_instance, grow
from scheduling.solver.instance import instance_to_json, parse_instance
from scheduling.solver.model import Assignment, Plan, Unscheduled
from scheduling.solver.plan import parse_plan

from .helpers import booked_places, planned_places
from .worker import Worker, broker_at, purge_queue, wait_for

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

SECONDS = 8


@pytest.fixture
def services_present(transactional_db):
    assert connection.vendor == "postgresql", "the services tier needs DATABASE_URL=postgres://"
    assert settings.CELERY_BROKER_URL.startswith("redis://"), "set CELERY_BROKER_URL=redis://"
    purge_queue()  # also fails at once when Redis does not answer


@pytest.fixture
def worker(services_present, tmp_path):
    handle = Worker(tmp_path / "worker.log", "plan-runs-test")
    yield handle.start()
    handle.stop()


@pytest.fixture
def small_instance(horizon_start):
    """Size S of the optimiser's benchmark (25 crews, ~330 scenes), three days from now."""
    base = generate_instance("S", 1)
    return replace(base, horizon=replace(base.horizon, start=horizon_start))


def bookings_as_plan(run: PlanRun) -> Plan:
    """The bookings in force (and their calls) as a plan of the run's horizon."""
    now = instance_export(start=run.start, days=run.days)
    lines: dict[int, list[list[str]]] = {}
    for booking_id, line_id, code in Call.objects.order_by(
        "extras_line__position", "pk"
    ).values_list("booking_id", "extras_line_id", "performer__code"):
        lines.setdefault(booking_id, {}).setdefault(line_id, []).append(code)
    assignments = []
    for booking in Booking.objects.exclude(status="cancelled").select_related("scene", "location"):
        day, start = horizon_position(start=run.start, moment=booking.starts_at)
        _, end = horizon_position(start=run.start, moment=booking.ends_at, end=True)
        staff = tuple(tuple(codes) for codes in lines.get(booking.pk, {}).values())
        assignments.append(
            Assignment(booking.scene.code, booking.location.code, day, start, end, staff)
        )
    placed = {a.scene for a in assignments}
    left = tuple(Unscheduled(s.id, "not_worth") for s in now.scenes if s.id not in placed)
    return now, Plan(assignments=tuple(assignments), unscheduled=left)


def test_worker_runs_a_plan_that_publishes_as_the_bookings_in_force(worker, small_instance):
    instance_import(data=instance_to_json(small_instance))
    run, created = plan_run_request(
        start=small_instance.horizon.start, days=1, time_limit_seconds=SECONDS
    )
    assert created is True
    run = wait_for(run.pk, {"succeeded", "failed"}, worker)
    assert (run.status, run.error, run.attempts) == ("succeeded", "", 1)
    assert run.progress["phase"] == "done"
    plan_run_publish(run_id=run.pk)
    assert booked_places() == planned_places(run)
    instance, plan = bookings_as_plan(run)
    assert check_plan(instance, plan) == []
    assert len(plan.assignments) == len(run.plan["assignments"])


def test_worker_killed_mid_run_is_retried_and_nothing_is_published(worker, small_instance):
    instance_import(data=instance_to_json(small_instance))
    run, _ = plan_run_request(start=small_instance.horizon.start, days=1, time_limit_seconds=12)
    running = wait_for(run.pk, {"running"}, worker)
    while running.progress.get("phase") in (None, "reading"):  # the solver is under way
        running = wait_for(run.pk, {"running"}, worker)
    (child,) = worker.children()
    os.kill(child, signal.SIGKILL)
    run = wait_for(run.pk, {"succeeded", "failed"}, worker)
    assert (run.status, run.attempts, run.error) == ("succeeded", 2, "")
    assert Booking.objects.count() == 0  # a run never writes bookings; only publish does
    plan_run_publish(run_id=run.pk)
    assert booked_places() == planned_places(run)


def test_worker_machine_lost_run_is_failed_by_the_sweep_and_the_next_succeeds(
    worker, small_instance, settings, tmp_path
):
    instance_import(data=instance_to_json(small_instance))
    start = small_instance.horizon.start
    run, _ = plan_run_request(start=start, days=1, time_limit_seconds=30)
    wait_for(run.pk, {"running"}, worker)
    worker.kill()
    settings.PLANNING_RUN_STALE_SECONDS = 10
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=11)
    assert plan_runs_sweep(now=later) == {"failed": 1, "sent": 0}
    lost = PlanRun.objects.get(pk=run.pk)
    assert lost.status == "failed"
    assert lost.error.startswith("the worker running it stopped 1 time(s) before it finished")
    assert Booking.objects.count() == 0
    replacement = Worker(tmp_path / "second.log", "plan-runs-test-2").start()
    try:
        following, created = plan_run_request(start=start, days=1, time_limit_seconds=SECONDS)
        assert created is True
        done = wait_for(following.pk, {"succeeded", "failed"}, replacement)
        assert (done.status, done.error) == ("succeeded", "")
    finally:
        replacement.stop()


def test_worker_spike_replans_once_keeping_locked_and_most_of_the_plan(
    worker, small_instance, settings
):
    settings.PLANNING_SPIKE_SECONDS = SECONDS
    start = small_instance.horizon.start
    instance_import(data=instance_to_json(small_instance))
    first, _ = plan_run_request(start=start, days=1, time_limit_seconds=SECONDS)
    first = wait_for(first.pk, {"succeeded", "failed"}, worker)
    plan_run_publish(run_id=first.pk)
    # Crews confirm a fifth of their bookings: these go to the next run as locked.
    confirmed = list(Booking.objects.order_by("pk").values_list("pk", flat=True)[::5])
    Booking.objects.filter(pk__in=confirmed).update(status=Booking.Status.CONFIRMED)
    locked = booked_places(pk__in=confirmed)
    # The wave: 30% more crews, imported on top of the base as it is now.
    grown = grow(instance_export(start=start, days=1), 0.3, seed=7)
    instance_import(data=instance_to_json(grown))
    spikes = PlanRun.objects.filter(trigger=PlanRun.Trigger.DEMAND_SPIKE)
    assert spikes.count() == 1
    most_running = 0
    for _ in range(100):
        demand_spikes_check()
        most_running = max(most_running, PlanRun.objects.filter(status="running").count())
    assert most_running <= 1
    assert spikes.count() == 1
    spike = wait_for(spikes.get().pk, {"succeeded", "failed"}, worker)
    assert (spike.status, spike.error) == ("succeeded", "")
    assert locked <= planned_places(spike)
    newcomers = {c.id for c in grown.crews} - {c.id for c in small_instance.crews}
    crew_of = {scene.id: scene.crew for scene in grown.scenes}
    assert any(crew_of[a["scene"]] in newcomers for a in spike.plan["assignments"])
    assert spike.stats["locked"] == len(confirmed)
    rest = spike.stats["previous"]
    assert rest == len(first.plan["assignments"]) - len(confirmed)
    assert spike.stats["previous_moved"] + spike.stats["previous_dropped"] <= 0.05 * rest
    plan_run_publish(run_id=spike.pk)
    assert booked_places() == planned_places(spike)
    instance, plan = bookings_as_plan(spike)
    assert check_plan(instance, plan) == []
    assert PlanRun.objects.count() == 2


def test_worker_broker_down_queues_for_later_and_booking_still_works(
    worker, example_document, horizon_start, ops_user, api_client_for
):
    instance_import(data=example_document)
    client = api_client_for(ops_user)
    body = {"start": horizon_start.isoformat(), "days": 2, "time_limit_seconds": 2}
    with broker_at("redis://127.0.0.1:1/0"):  # a stopped Redis: nothing listens
        answer = client.post("/api/v1/plan-runs/", body, format="json", HTTP_ACCEPT_LANGUAGE="en")
        day = horizon_start + dt.timedelta(days=1)
        booking = client.post(
            "/api/v1/bookings/",
            {
                "scene": "C0000-S000",
                "location": "L0003",
                "start": f"{day.isoformat()}T08:00:00+08:00",
                "end": f"{day.isoformat()}T09:00:00+08:00",
            },
            format="json",
        )
    assert answer.status_code == 202
    assert answer.json()["message"].startswith(
        "The run is queued in the database; the task broker is unreachable"
    )
    assert booking.status_code == 201
    assert client.get("/api/v1/plan-runs/").status_code == 200
    run = PlanRun.objects.get()
    assert (run.status, run.dispatched_at) == ("queued", None)
    # The broker is back: the sweep (beat, every minute) sends it, the worker runs it.
    assert plan_runs_sweep() == {"failed": 0, "sent": 1}
    done = wait_for(run.pk, {"succeeded", "failed"}, worker)
    assert (done.status, done.error) == ("succeeded", "")
    assert {k["scene"] for k in done.instance["locked"]} == {"C0000-S000"}


def test_plan_run_racing_triggers_queue_exactly_one_run(services_present, horizon_start):
    """Twenty requests at the same instant, each on its own PostgreSQL connection."""
    barrier = threading.Barrier(20)
    joined: list[bool] = []

    def trigger() -> None:
        try:
            barrier.wait()
            _, created = plan_run_request(
                start=horizon_start,
                days=1,
                time_limit_seconds=5,
                trigger=PlanRun.Trigger.DEMAND_SPIKE,
            )
            joined.append(created)
        finally:
            connection.close()

    threads = [threading.Thread(target=trigger) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(joined) == [False] * 19 + [True]
    assert list(PlanRun.objects.values_list("status", "trigger")) == [("queued", "demand_spike")]
    purge_queue()  # no worker here: drop the message before the next test's worker starts


def a_rival_for(run: PlanRun) -> tuple[str, str, dt.datetime, dt.datetime]:
    """A scene of another crew that fits the single-crew set and time of a planned scene."""
    instance = parse_instance(run.instance)
    scenes, places = instance.scene_by_id, instance.location_by_id
    for a in parse_plan(run.plan, instance).assignments:
        taken, place = scenes[a.scene], places[a.location]
        if place.capacity != 1:
            continue
        for s in instance.scenes:
            fits = (
                s.crew != taken.crew
                and s.locations is None
                and set(s.location_tags) <= set(place.tags)
                and s.first_day <= a.day <= s.last_day
                and instance.crew_by_id[s.crew].first_day <= a.day
                and a.day <= instance.crew_by_id[s.crew].last_day
                and s.time_of_day == "any"
                and a.start + s.minutes <= instance.horizon.day_end
            )
            if fits:
                at = horizon_moment(start=run.start, day=a.day, minutes=a.start)
                return s.id, a.location, at, at + dt.timedelta(minutes=s.minutes)
    raise AssertionError("the example has no rival scene for any planned single-crew set")


def test_plan_run_publish_racing_a_manual_booking_lets_exactly_one_through(
    services_present, example_document, horizon_start
):
    """Publish and a hand booking of the same set and time, at the same instant."""
    instance_import(data=example_document)
    run = PlanRun.objects.create(start=horizon_start, days=2, time_limit_seconds=2)
    run = plan_run_execute(run_id=run.pk, task_id="in-process")
    assert run.status == "succeeded", run.error
    scene, location, starts_at, ends_at = a_rival_for(run)
    barrier = threading.Barrier(2)
    outcome: dict[str, str] = {}

    def publish() -> None:
        try:
            barrier.wait()
            plan_run_publish(run_id=run.pk)
            outcome["publish"] = "done"
        except PlanRunConflict:
            outcome["publish"] = "409"
        finally:
            connection.close()

    def book() -> None:
        try:
            barrier.wait()
            booking_create(
                scene=Scene.objects.get(code=scene),
                location=Location.objects.get(code=location),
                starts_at=starts_at,
                ends_at=ends_at,
            )
            outcome["booking"] = "done"
        except BookingConflict:
            outcome["booking"] = "409"
        finally:
            connection.close()

    threads = [threading.Thread(target=publish), threading.Thread(target=book)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcome.values()) == ["409", "done"]
    if outcome["publish"] == "done":
        assert booked_places() == planned_places(run)
    else:
        assert booked_places() == {(scene, location, starts_at, ends_at)}
    purge_queue()
