"""Planning runs: queue one (coalescing), send it to a worker, run it, and sweep up after faults.

A run row is its own outbox: it is written in the caller's transaction as ``queued`` and sent
to the broker after commit. If the broker is down the send fails within about two seconds, the
row stays queued with the reason, and the sweep (Celery beat, every minute) sends it again
when the broker is back; reading and booking never wait on the broker.

At most one run per horizon is queued and one running (database constraints, not a
check-then-insert): a request that finds a queued run joins it, since the queued run reads the
latest bookings and demand when it starts.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from dataclasses import replace
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from core.queue import task_send, tasks_run_in_process
from core.request_id import request_id_bound, request_id_get
from scheduling.models import PlanRun
from scheduling.selectors.hot_sets import hot_caps_get
from scheduling.selectors.plan_runs import (
    bookings_revision,
    bookings_snapshot,
    demand_high_water,
    instance_with_calls_kept,
    instance_with_kept_over_closures,
    plan_run_input,
)
from scheduling.services.plan_run_solve import SolverFailed, solve_in_subprocess
from scheduling.services.repair_publish import repair_run_finish
from scheduling.services.repair_runs import repair_solve
from scheduling.solver.checker import check_plan
from scheduling.solver.hot_sets import hot_caps_keep, hot_fairness
from scheduling.solver.instance import instance_to_json
from scheduling.solver.model import Instance, Locked
from scheduling.solver.plan import parse_plan, plan_to_json

logger = logging.getLogger(__name__)

Status = PlanRun.Status
HEARTBEAT_SECONDS = 5.0
PROGRESS_SECONDS = 1.0
# Resend a queued run whose message may have been lost (Redis restarted without persistence),
# or was dropped because it came while its horizon's previous run still ran: only horizons with
# no run running are resent, and a second message is harmless (the claim takes one). It was
# 10 minutes; the 60 s soak in CI saw a run queued that long after its predecessor finished.
RESEND_AFTER = dt.timedelta(minutes=1)


def plan_run_request(
    *,
    start: dt.date,
    days: int,
    time_limit_seconds: int,
    trigger: str = PlanRun.Trigger.MANUAL,
    seed: int = 0,
    user: User | None = None,
) -> tuple[PlanRun, bool]:
    """Queue a run of a horizon; ``(run, False)`` when one was queued already and is joined."""
    for _ in range(3):
        with transaction.atomic():
            try:
                with transaction.atomic():
                    run = PlanRun.objects.create(
                        start=start,
                        days=days,
                        time_limit_seconds=time_limit_seconds,
                        trigger=trigger,
                        seed=seed,
                        request_id=request_id_get(),
                        created_by=user if user is not None and user.is_authenticated else None,
                    )
            except IntegrityError:
                queued = PlanRun.objects.filter(start=start, days=days, status=Status.QUEUED)
                run = queued.first()
                if run is None:  # it started between our insert and this read: try again
                    continue
                return run, False
            transaction.on_commit(lambda pk=run.pk: plan_run_send(run_id=pk))
        return run, True
    raise RuntimeError(f"could not queue a run for {start} +{days} days")


def plan_run_send(*, run_id: int) -> bool:
    """Hand a queued run to the broker; on failure keep it queued with the reason."""
    task_id = str(uuid.uuid4())
    PlanRun.objects.filter(pk=run_id, status=Status.QUEUED).update(task_id=task_id)
    try:
        task_send("scheduling.plan_run_execute", run_id, task_id=task_id)
    except Exception as exc:  # kombu and redis raise several types for an unreachable broker
        if tasks_run_in_process():
            raise
        reason = f"the broker is unreachable ({type(exc).__name__}: {exc}); queued for later"
        logger.warning("plan run %s not sent: %s", run_id, reason)
        PlanRun.objects.filter(pk=run_id, status=Status.QUEUED).update(dispatch_error=reason)
        return False
    PlanRun.objects.filter(pk=run_id).update(dispatched_at=timezone.now(), dispatch_error="")
    return True


def plan_run_execute(*, run_id: int, task_id: str) -> PlanRun | None:
    """Run a queued run (or a run whose worker died, once more): read, solve, store."""
    run = _claim(run_id=run_id, task_id=task_id)
    if run is None:
        return None
    # A run no request asked for (the nightly run, a spike seen by a task) logs as itself.
    with request_id_bound(run.request_id or f"plan-run-{run.pk}"):
        return _execute(run)


def _execute(run: PlanRun) -> PlanRun:
    """Read, solve and store a claimed run, and hand the horizon's next queued run on."""
    try:
        instance = _read(run)
        if run.trigger == PlanRun.Trigger.DISRUPTION:
            instance, result = repair_solve(
                run=run, instance=instance, now=timezone.now(), solve=_solve_once
            )
        else:
            result = _solve(run, instance)
        _store(run, instance, result)
    except Exception as exc:  # the solver, the database or the soft time limit: say which
        logger.exception("plan run %s failed", run.pk)
        _fail(run.pk, _reason(exc))
    finally:
        _send_next(run)
    if run.trigger == PlanRun.Trigger.DISRUPTION:
        try:
            repair_run_finish(run_id=run.pk)
        except Exception:  # the run stays succeeded, unpublished: operations can publish it
            logger.exception("repair run %s solved but not published", run.pk)
    run = PlanRun.objects.get(pk=run.pk)
    logger.info("plan run %s: %s %s", run.pk, run.status, run.error)
    return run


def _claim(*, run_id: int, task_id: str) -> PlanRun | None:
    """Mark the run running; None when there is nothing for this message to do."""
    with transaction.atomic():
        run = PlanRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status not in (Status.QUEUED, Status.RUNNING):
            return None
        if run.status == Status.RUNNING:
            if run.task_id != task_id:
                return None  # a stray duplicate of a run another message is running
            if run.attempts >= settings.PLANNING_RUN_MAX_ATTEMPTS:
                _fail(run.pk, _worker_lost_reason(run.attempts))
                return None
        else:
            try:
                with transaction.atomic():
                    PlanRun.objects.filter(pk=run.pk).update(status=Status.RUNNING)
            except IntegrityError:
                return None  # another run of the horizon is running; it sends this one next
        now = timezone.now()
        # The spike baseline is taken as the run starts, in the same transaction: a trigger
        # that sees this run running also sees what demand it is about to read.
        run.demand_high_water = demand_high_water()
        run.status, run.task_id = Status.RUNNING, task_id
        run.attempts += 1
        run.started_at = run.heartbeat_at = now
        run.progress = {"phase": "reading", "best_value": None, "bound": None, "elapsed": 0.0}
        run.error = ""
        run.save(
            update_fields=[
                "status",
                "task_id",
                "attempts",
                "started_at",
                "heartbeat_at",
                "progress",
                "error",
                "demand_high_water",
            ]
        )
    return run


def _read(run: PlanRun) -> Instance:
    instance, bookings = plan_run_input(start=run.start, days=run.days, now=timezone.now())
    if run.trigger != PlanRun.Trigger.DISRUPTION:  # a repair reads calls and closures itself
        instance = instance_with_calls_kept(instance, bookings)
        instance = instance_with_kept_over_closures(instance, bookings)
    snapshot = bookings_snapshot(bookings)
    run.instance = instance_to_json(instance)
    run.bookings_read = snapshot
    run.bookings_revision = bookings_revision(snapshot)
    run.save(update_fields=["instance", "bookings_read", "bookings_revision"])
    return instance


def _solve(run: PlanRun, instance: Instance) -> dict:
    """Solve the run; a demand-spike re-plan also keeps the plan in force stable.

    A spike re-plan may move at most ``PLANNING_SPIKE_MAX_MOVED_PERCENT`` of the bookings in
    force (crews have planned around them). The optimiser ranks value above stability, so when
    its free re-plan moves more, the run plans again with every one of them pinned, and the new
    crews go into the room left around them."""
    if run.trigger != PlanRun.Trigger.DEMAND_SPIKE or not instance.previous:
        return _solve_once(run, run.instance, run.time_limit_seconds, "")
    free = _solve_once(run, run.instance, max(1.0, run.time_limit_seconds * 0.6), "")
    budget = len(instance.previous) * settings.PLANNING_SPIKE_MAX_MOVED_PERCENT / 100
    changes = _changes(instance, parse_plan(free["plan"], instance))
    if changes["previous_moved"] + changes["previous_dropped"] <= budget:
        return free
    pins = tuple(Locked(p.scene, p.location, p.day, p.start) for p in instance.previous)
    pinned = replace(instance, locked=instance.locked + pins, previous=())
    rest = max(1.0, run.time_limit_seconds * 0.4)
    stable = _solve_once(run, instance_to_json(pinned), rest, "stable-")
    if stable["status"] == "infeasible_input":  # the plan in force no longer fits the base
        return free
    stable["plan"]["stats"]["stability"] = (
        f"the free re-plan moved or dropped {changes['previous_moved']} and "
        f"{changes['previous_dropped']} of {len(instance.previous)} bookings in force, more "
        f"than {settings.PLANNING_SPIKE_MAX_MOVED_PERCENT}%: they were pinned"
    )
    return stable


def _solve_once(run: PlanRun, instance_json: dict, time_limit: float, stage: str) -> dict:
    state: dict[str, Any] = {"written": time.monotonic(), "progress": None}

    def flush() -> None:
        since = time.monotonic() - state["written"]
        due = state["progress"] is not None and since >= PROGRESS_SECONDS
        if not due and since < HEARTBEAT_SECONDS:
            return
        fields: dict[str, Any] = {"heartbeat_at": timezone.now()}
        if state["progress"] is not None:
            fields["progress"] = state["progress"]
        PlanRun.objects.filter(pk=run.pk, status=Status.RUNNING).update(**fields)
        state.update(written=time.monotonic(), progress=None)

    def on_progress(report: dict) -> None:
        state["progress"] = {**report, "phase": stage + report["phase"]}
        flush()

    return solve_in_subprocess(
        instance_json=instance_json,
        time_limit=time_limit,
        seed=run.seed,
        workers=settings.PLANNING_SOLVER_WORKERS,
        grace=30 + 0.25 * time_limit,
        on_progress=on_progress,
        on_tick=flush,
    )


def _store(run: PlanRun, instance: Instance, result: dict) -> None:
    plan = parse_plan(result["plan"], instance)
    # Hot sets: no crew past a cap, and how fairly their hours went round (issue 16).
    caps, used = hot_caps_get(start=run.start, days=run.days)
    if caps:
        plan = hot_caps_keep(instance, plan, caps, used)
        result["plan"] = {**plan_to_json(plan), "stats": result["plan"]["stats"]}
        result["plan"]["stats"]["hot_sets"] = hot_fairness(instance, plan, caps)
        scenes, crews = instance.scene_by_id, instance.crew_by_id
        result["value"] = sum(
            scenes[a.scene].priority * crews[scenes[a.scene].crew].priority * (a.end - a.start)
            for a in plan.assignments
        )
    violations = check_plan(instance, plan)
    if violations:
        first = "; ".join(str(v) for v in violations[:3])
        _fail(run.pk, f"the plan breaks {len(violations)} hard rule(s), first: {first}")
        return
    stats = {**result["plan"]["stats"], "status": result["status"], **_changes(instance, plan)}
    progress = dict(run.progress, phase="done", best_value=result["value"], bound=result["bound"])
    PlanRun.objects.filter(pk=run.pk, status=Status.RUNNING).update(
        status=Status.SUCCEEDED,
        plan=result["plan"],
        value=result["value"],
        bound=result["bound"],
        stats=stats,
        unscheduled=result["plan"]["unscheduled"],
        progress=progress,
        finished_at=timezone.now(),
    )


def _changes(instance: Instance, plan) -> dict:
    """How much of the plan in force the run keeps: moved and dropped previous scenes."""
    placed = {a.scene: (a.location, a.day, a.start) for a in plan.assignments}
    moved = dropped = 0
    for p in instance.previous:
        where = placed.get(p.scene)
        if where is None:
            dropped += 1
        elif where != (p.location, p.day, p.start):
            moved += 1
    return {
        "locked": len(instance.locked),
        "previous": len(instance.previous),
        "previous_moved": moved,
        "previous_dropped": dropped,
    }


def _fail(run_id: int, reason: str) -> None:
    active = Q(status=Status.RUNNING) | Q(status=Status.QUEUED)
    PlanRun.objects.filter(active, pk=run_id).update(
        status=Status.FAILED, error=reason, finished_at=timezone.now()
    )


def _reason(exc: Exception) -> str:
    if type(exc).__name__ == "SoftTimeLimitExceeded":
        return "the run overran the worker's time limit (CELERY_TASK_SOFT_TIME_LIMIT)"
    if isinstance(exc, SolverFailed):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def _worker_lost_reason(attempts: int) -> str:
    return (
        f"the worker running it stopped {attempts} time(s) before it finished (killed, out of "
        "memory or its machine went down); nothing was published: start a new run"
    )


def _send_next(run: PlanRun) -> None:
    """The horizon's queued run (one more request came in meanwhile) goes next."""
    queued = PlanRun.objects.filter(start=run.start, days=run.days, status=Status.QUEUED)
    following = queued.values_list("pk", flat=True).first()
    if following is not None:
        transaction.on_commit(lambda: plan_run_send(run_id=following))


def plan_runs_sweep(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Fail runs whose worker died; send queued runs the broker never got or lost, and at once
    the queued run of each horizon whose running run was just failed (its message came while
    that run still looked alive and was dropped, so it would wait for ``RESEND_AFTER``)."""
    now = now or timezone.now()
    stale = now - dt.timedelta(seconds=settings.PLANNING_RUN_STALE_SECONDS)
    failed, freed = 0, set()
    running = PlanRun.objects.filter(status=Status.RUNNING).only(
        "pk", "start", "days", "heartbeat_at", "started_at", "time_limit_seconds", "attempts"
    )
    for run in running:
        hard = run.started_at + dt.timedelta(
            seconds=run.time_limit_seconds
            + settings.CELERY_TASK_TIME_LIMIT
            - settings.PLANNING_RUN_MAX_SECONDS
        )
        if now > hard:
            _fail(run.pk, f"the run went past its hard limit ({hard:%Y-%m-%d %H:%M:%S %Z})")
        elif (run.heartbeat_at or run.started_at) < stale:
            _fail(run.pk, _worker_lost_reason(run.attempts))
        else:
            continue
        failed += 1
        freed.add((run.start, run.days))
    sent = 0
    busy = set(PlanRun.objects.filter(status=Status.RUNNING).values_list("start", "days"))
    queued = PlanRun.objects.filter(status=Status.QUEUED).filter(
        Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=now - RESEND_AFTER) | _horizons(freed)
    )
    for run in queued.order_by("pk").only("pk", "start", "days"):
        if (run.start, run.days) not in busy:
            sent += plan_run_send(run_id=run.pk)
    return {"failed": failed, "sent": sent}


def _horizons(horizons: set[tuple[dt.date, int]]) -> Q:
    """Runs of any of these horizons (start, days); none when the set is empty."""
    q = Q(pk__in=[])
    for start, days in horizons:
        q |= Q(start=start, days=days)
    return q


def plan_run_nightly(*, today: dt.date | None = None) -> PlanRun:
    """The scheduled run: the coming ``PLANNING_NIGHTLY_DAYS`` days from today."""
    today = today or timezone.localdate()
    run, _ = plan_run_request(
        start=today,
        days=settings.PLANNING_NIGHTLY_DAYS,
        time_limit_seconds=settings.PLANNING_NIGHTLY_SECONDS,
        trigger=PlanRun.Trigger.SCHEDULED,
    )
    return run
