"""Pruning old planning runs' payloads: the row, its figures and its audit stay; its plan and
diff answer 410 Gone. The clock is the suite's frozen one; runs are dated from it."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from scheduling.models import PlanRun
from scheduling.tasks import plan_runs_prune as prune_task

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
PLAN = {"assignments": [], "unscheduled": [{"scene": "S1", "reason": "not_worth"}]}


def _run(*, status: str, ended_days_ago: float | None, start: dt.date) -> PlanRun:
    ended = None if ended_days_ago is None else timezone.now() - dt.timedelta(days=ended_days_ago)
    run = PlanRun.objects.create(
        start=start,
        days=1,
        time_limit_seconds=5,
        status=status,
        value=1200,
        bound=1500,
        stats={"scheduled": 3, "moved": 1},
        plan=PLAN,
        instance={"format": "hengdian-instance/1"},
        bookings_read={"S1": ["L1", "a", "b", "planned", "plan"]},
        unscheduled=[{"scene": "S1"}],
        finished_at=ended,
    )
    return run


def _payload(run: PlanRun) -> tuple:
    run.refresh_from_db()
    return (run.instance, run.plan, run.bookings_read, run.unscheduled)


def test_prune_plan_runs_clears_old_payloads_and_keeps_rows_figures_and_audit():
    today = timezone.localdate()
    old = _run(status="succeeded", ended_days_ago=31, start=today)
    failed = _run(status="failed", ended_days_ago=45, start=today + dt.timedelta(days=1))
    recent = _run(status="succeeded", ended_days_ago=29, start=today + dt.timedelta(days=2))
    running = _run(status="running", ended_days_ago=None, start=today + dt.timedelta(days=3))
    PlanRun.objects.filter(pk=running.pk).update(created_at=timezone.now() - dt.timedelta(days=60))
    trail = {run.pk: run.history.count() for run in (old, failed, recent, running)}
    out = io.StringIO()
    call_command("prune_plan_runs", stdout=out)
    assert out.getvalue() == "Pruned the payloads of 2 plan run(s).\n"
    for run in (old, failed):
        assert _payload(run) == (None, None, {}, [])
        assert (run.status, run.value, run.bound, run.stats) == (
            run.status,
            1200,
            1500,
            {"scheduled": 3, "moved": 1},
        )
        assert dt.timedelta(0) <= timezone.now() - run.payload_pruned_at < dt.timedelta(seconds=5)
    for run in (recent, running):
        assert _payload(run) == (
            {"format": "hengdian-instance/1"},
            PLAN,
            {"S1": ["L1", "a", "b", "planned", "plan"]},
            [{"scene": "S1"}],
        )
        assert run.payload_pruned_at is None
    assert {run.pk: run.history.count() for run in (old, failed, recent, running)} == trail
    # Pruned once: a second pass finds nothing more.
    call_command("prune_plan_runs", stdout=out)
    assert out.getvalue().splitlines()[-1] == "Pruned the payloads of 0 plan run(s)."


def test_prune_plan_runs_the_beat_task_prunes_after_the_retention_setting():
    assert settings.CELERY_BEAT_SCHEDULE["plan-runs-prune"]["task"] == "scheduling.plan_runs_prune"
    run = _run(status="superseded", ended_days_ago=0, start=timezone.localdate())
    assert prune_task.apply().get() == 0
    with time_machine.travel(timezone.now() + dt.timedelta(days=30, minutes=1)):
        assert prune_task.apply().get() == 1
    assert _payload(run) == (None, None, {}, [])


def test_prune_plan_runs_days_option(settings):
    run = _run(status="succeeded", ended_days_ago=8, start=timezone.localdate())
    call_command("prune_plan_runs", "--days", "10", stdout=io.StringIO())
    assert _payload(run)[1] == PLAN
    call_command("prune_plan_runs", "--days", "7", stdout=io.StringIO())
    assert _payload(run)[1] is None


def test_pruned_run_plan_and_diff_are_410_its_figures_stay(ops_client):
    run = _run(status="succeeded", ended_days_ago=31, start=timezone.localdate())
    call_command("prune_plan_runs", stdout=io.StringIO())
    run.refresh_from_db()
    date = timezone.localdate(run.payload_pruned_at).isoformat()
    message = (
        f"The plan of run {run.pk} was pruned on {date}, 30 days after the run ended; its "
        f"figures remain at plan-runs/{run.pk}/."
    )
    for what in ("plan", "diff"):
        response = ops_client.get(f"/api/v1/plan-runs/{run.pk}/{what}", **EN)
        assert (response.status_code, response.json()) == (410, {"message": message})
    detail = ops_client.get(f"/api/v1/plan-runs/{run.pk}/", **EN).json()
    assert (detail["status"], detail["value"], detail["bound"], detail["stats"]) == (
        "succeeded",
        1200,
        1500,
        {"scheduled": 3, "moved": 1},
    )
    assert detail["payload_pruned_at"] is not None
    response = ops_client.post(f"/api/v1/plan-runs/{run.pk}/publish", **EN)
    assert (response.status_code, response.json()) == (
        409,
        {"message": f"Run {run.pk}'s plan was pruned; it can no longer be published."},
    )
    assert PlanRun.objects.get(pk=run.pk).published_at is None
