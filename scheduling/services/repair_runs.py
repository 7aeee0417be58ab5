"""The solve of a disruption's repair run: move the scenes on closed places, and no more.

First with every other booking locked (``widen=False``). When some scene on a closed place
finds no room, a second try keeps the placed ones where the first put them and frees the other
scenes of that day of the crews left out; if it leaves fewer scenes out, each freed scene goes
back to its booking where the plan stays within every hard rule, so only those whose room was
taken move. Scenes whose days are all over are left to be cancelled.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import replace

from scheduling.models import PlanRun
from scheduling.selectors.disruptions import people_away
from scheduling.selectors.plan_runs import bookings_in_force
from scheduling.selectors.repair import RepairScope, repair_instance, scene_calls
from scheduling.solver.checker import check_plan
from scheduling.solver.fields import parse_hhmm
from scheduling.solver.instance import instance_to_json
from scheduling.solver.model import Assignment, Instance, Locked, Plan
from scheduling.solver.plan import parse_plan, plan_to_json

# (run, instance as JSON, seconds, stage prefix) -> the solver's result document
Solve = Callable[[PlanRun, dict, float, str], dict]
# The first try's share of the run's time when a second may follow.
FIRST_SHARE = 0.5


def repair_solve(
    *, run: PlanRun, instance: Instance, now: dt.datetime, solve: Solve
) -> tuple[Instance, dict]:
    """Solve the repair of ``instance`` (as a run read it); the instance solved and its result.

    The run keeps the instance it solved (``run.instance``), so its plan is checked and
    published against what the optimiser saw."""
    began = time.monotonic()
    bookings = bookings_in_force(start=run.start, days=run.days)
    away = people_away(start=run.start, days=run.days)
    tight, scope = repair_instance(
        instance=instance, bookings=bookings, now=now, widen=False, blocked=away
    )
    seconds = float(run.time_limit_seconds)
    if not scope.hit:
        seconds = 1.0  # nothing on a closed place (any more): a plan that keeps everything
    result = solve(run, instance_to_json(tight), max(1.0, seconds * FIRST_SHARE), "")
    solved, used = tight, scope
    missing = _unplaced(result, scope)
    stages = [round(time.monotonic() - began, 3)]
    if missing:
        # Only the crews with a scene left out get their day's other scenes freed, and the hit
        # scenes the first try placed stay where it put them.
        for keep_previous in (True, False):
            # With their bookings as previous places the freed scenes stay put unless they
            # must move; the optimiser does not always find the move that makes room from
            # there, so without, and then each goes back to its booking where it still fits.
            wide, wide_scope = repair_instance(
                instance=instance,
                bookings=bookings,
                now=now,
                widen=True,
                crews_of=missing,
                keep_previous=keep_previous,
                blocked=away,
            )
            if not wide_scope.neighbours:
                break
            wide = _pinned(wide, result, set(scope.hit) - missing)
            rest = max(1.0, seconds * (1 - FIRST_SHARE) / 2)
            attempt = solve(run, instance_to_json(wide), rest, "widen-")
            stages.append(round(time.monotonic() - began, 3))
            if len(_unplaced(attempt, wide_scope)) < len(missing):
                if not keep_previous:
                    back = _send_back(wide, attempt, instance, bookings, wide_scope.neighbours)
                    attempt["plan"]["stats"]["repair_sent_back"] = back
                result, solved, used = attempt, wide, wide_scope
                break
    result["plan"]["stats"]["repair"] = used.as_json()
    result["plan"]["stats"]["repair_stage_seconds"] = stages
    result["plan"]["stats"]["repair_first_unplaced"] = len(missing)
    run.instance = instance_to_json(solved)
    run.save(update_fields=["instance"])
    return solved, result


def _pinned(instance: Instance, result: dict, scenes: set[str]) -> Instance:
    """``instance`` with those of ``scenes`` that ``result`` placed locked where it put them."""
    placed = {a["scene"]: a for a in result["plan"]["assignments"] if a["scene"] in scenes}
    pins = tuple(
        Locked(
            scene,
            a["location"],
            a["day"],
            parse_hhmm(a["start"]),
            tuple(tuple(line) for line in a["performers"]),
        )
        for scene, a in sorted(placed.items())
    )
    return replace(
        instance,
        locked=instance.locked + pins,
        previous=tuple(p for p in instance.previous if p.scene not in placed),
    )


def _send_back(
    solved: Instance, result: dict, read: Instance, bookings: dict, neighbours: tuple[str, ...]
) -> int:
    """Put each freed scene back at its booking, with its called performers, where the plan
    stays within every hard rule; the second try placed them anew. How many went back."""
    plan = parse_plan(result["plan"], solved)
    at = {k.scene: (k.location, k.day, k.start) for k in read.locked}
    at |= {p.scene: (p.location, p.day, p.start) for p in read.previous}
    staff = scene_calls(bookings, list(neighbours))
    assignments = {a.scene: a for a in plan.assignments}
    unscheduled = {u.scene: u for u in plan.unscheduled}
    back = 0
    for scene in sorted(neighbours):
        location, day, start = at[scene]
        now = assignments.get(scene)
        if now is not None and (now.location, now.day, now.start) == (location, day, start):
            continue
        end = start + solved.scene_by_id[scene].minutes
        trial = {
            **assignments,
            scene: Assignment(scene, location, day, start, end, staff.get(scene, ())),
        }
        rest = tuple(u for s, u in unscheduled.items() if s != scene)
        if not check_plan(solved, Plan(assignments=tuple(trial.values()), unscheduled=rest)):
            assignments = trial
            unscheduled.pop(scene, None)
            back += 1
    if back:
        kept = replace(
            plan, assignments=tuple(assignments.values()), unscheduled=tuple(unscheduled.values())
        )
        result["plan"] = {**plan_to_json(kept), "stats": result["plan"]["stats"]}
    return back


def _unplaced(result: dict, scope: RepairScope) -> set[str]:
    placed = {a["scene"] for a in result["plan"]["assignments"]}
    return set(scope.free) - placed
