"""A planning run from request to stored plan, in-process (eager Celery) on the test database."""

from __future__ import annotations

import pytest
from django.db import IntegrityError

from scheduling.models import PlanRun
from scheduling.services.plan_runs import plan_run_execute, plan_run_request

from .helpers import imported, plan_violations, run_to_end

pytestmark = pytest.mark.django_db


def test_plan_run_eager_succeeds_with_a_plan_passing_the_checker(
    example_document, horizon_start, django_capture_on_commit_callbacks
):
    imported(example_document, django_capture_on_commit_callbacks)
    run = run_to_end(django_capture_on_commit_callbacks, start=horizon_start, days=2)
    assert run.status == PlanRun.Status.SUCCEEDED, run.error
    assert plan_violations(run) == []
    scenes = {a["scene"] for a in run.plan["assignments"]} | {
        u["scene"] for u in run.plan["unscheduled"]
    }
    assert len(scenes) == 17
    assert run.unscheduled == run.plan["unscheduled"]
    assert run.value == run.plan["stats"]["value"] == run.stats["value"]
    assert run.progress["phase"] == "done"
    assert run.progress["best_value"] == run.value
    assert run.attempts == 1
    assert run.bookings_read == {}
    assert len(run.bookings_revision) == 64
    assert run.demand_high_water > 0
    assert run.task_id != ""


def test_plan_run_request_joins_the_queued_run_of_its_horizon(horizon_start):
    # Inside the test's transaction nothing commits, so nothing is sent: runs stay queued.
    answers = [
        plan_run_request(start=horizon_start, days=2, time_limit_seconds=5) for _ in range(100)
    ]
    assert [created for _, created in answers].count(True) == 1
    assert {run.pk for run, _ in answers} == {answers[0][0].pk}
    assert PlanRun.objects.count() == 1


def test_plan_run_request_with_one_running_queues_one_more_only(horizon_start):
    running = PlanRun.objects.create(
        start=horizon_start, days=2, time_limit_seconds=5, status=PlanRun.Status.RUNNING
    )
    for _ in range(100):
        plan_run_request(
            start=horizon_start,
            days=2,
            time_limit_seconds=5,
            trigger=PlanRun.Trigger.DEMAND_SPIKE,
        )
    statuses = sorted(PlanRun.objects.values_list("status", flat=True))
    assert statuses == ["queued", "running"]
    assert PlanRun.objects.exclude(pk=running.pk).get().trigger == "demand_spike"


def test_plan_run_second_queued_run_of_a_horizon_is_refused_by_the_database(horizon_start):
    PlanRun.objects.create(start=horizon_start, days=2, time_limit_seconds=5)
    with pytest.raises(IntegrityError):
        PlanRun.objects.create(start=horizon_start, days=2, time_limit_seconds=5)


def test_plan_run_other_horizon_queues_beside(horizon_start):
    plan_run_request(start=horizon_start, days=2, time_limit_seconds=5)
    plan_run_request(start=horizon_start, days=3, time_limit_seconds=5)
    assert PlanRun.objects.filter(status="queued").count() == 2


def test_plan_run_redelivered_after_worker_lost_runs_again(
    example_document, horizon_start, django_capture_on_commit_callbacks
):
    imported(example_document, django_capture_on_commit_callbacks)
    run = PlanRun.objects.create(
        start=horizon_start,
        days=2,
        time_limit_seconds=2,
        status=PlanRun.Status.RUNNING,
        attempts=1,
        task_id="message-1",
    )
    done = plan_run_execute(run_id=run.pk, task_id="message-1")
    assert (done.status, done.attempts, done.error) == ("succeeded", 2, "")


def test_plan_run_lost_twice_fails_with_a_reason(horizon_start):
    run = PlanRun.objects.create(
        start=horizon_start,
        days=2,
        time_limit_seconds=2,
        status=PlanRun.Status.RUNNING,
        attempts=2,
        task_id="message-1",
    )
    assert plan_run_execute(run_id=run.pk, task_id="message-1") is None
    run.refresh_from_db()
    assert run.status == "failed"
    assert run.error.startswith("the worker running it stopped 2 time(s) before it finished")


def test_plan_run_stray_duplicate_message_is_ignored(horizon_start):
    run = PlanRun.objects.create(
        start=horizon_start,
        days=2,
        time_limit_seconds=2,
        status=PlanRun.Status.RUNNING,
        attempts=1,
        task_id="message-1",
    )
    assert plan_run_execute(run_id=run.pk, task_id="message-2") is None
    run.refresh_from_db()
    assert (run.status, run.attempts) == ("running", 1)


def test_plan_run_queued_behind_a_running_one_waits(horizon_start):
    PlanRun.objects.create(
        start=horizon_start, days=2, time_limit_seconds=2, status=PlanRun.Status.RUNNING
    )
    queued = PlanRun.objects.create(start=horizon_start, days=2, time_limit_seconds=2)
    assert plan_run_execute(run_id=queued.pk, task_id="m") is None
    queued.refresh_from_db()
    assert (queued.status, queued.attempts) == ("queued", 0)
