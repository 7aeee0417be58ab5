"""The solve of a disruption's repair run: move the scenes on closed places, and no more.

First with every other booking locked (``widen=False``); when some scene on a closed place
finds no room, once more with its crew's other scenes of that day free too (they stay where
they are unless moving them makes the room). The better of the two is kept: more scenes
placed, then fewer bookings moved. Scenes whose days are all over are left to be cancelled.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from scheduling.models import PlanRun
from scheduling.selectors.plan_runs import bookings_in_force
from scheduling.selectors.repair import RepairScope, repair_instance
from scheduling.solver.instance import instance_to_json
from scheduling.solver.model import Instance

# (run, instance as JSON, seconds, stage prefix) -> the solver's result document
Solve = Callable[[PlanRun, dict, float, str], dict]
# The first stage's share of the run's time when a second may follow.
FIRST_SHARE = 0.5


def repair_solve(
    *, run: PlanRun, instance: Instance, now: dt.datetime, solve: Solve
) -> tuple[Instance, dict]:
    """Solve the repair of ``instance`` (as a run read it); the instance solved and its result.

    The run keeps the instance it solved (``run.instance``), so its plan is checked and
    published against what the optimiser saw."""
    began = time.monotonic()
    bookings = bookings_in_force(start=run.start, days=run.days)
    tight, scope = repair_instance(instance=instance, bookings=bookings, now=now, widen=False)
    seconds = float(run.time_limit_seconds)
    if not scope.hit:
        seconds = 1.0  # nothing on a closed place (any more): a plan that keeps everything
    result = solve(run, instance_to_json(tight), max(1.0, seconds * FIRST_SHARE), "")
    solved, used = tight, scope
    missing = _unplaced(result, scope)
    stages = [round(time.monotonic() - began, 3)]
    if missing:
        # Only the crews with a scene left out get their day's other scenes freed.
        wide, wide_scope = repair_instance(
            instance=instance, bookings=bookings, now=now, widen=True, crews_of=missing
        )
        if wide_scope.neighbours:
            rest = max(1.0, seconds * (1 - FIRST_SHARE))
            second = solve(run, instance_to_json(wide), rest, "widen-")
            if len(_unplaced(second, wide_scope)) < len(missing):
                result, solved, used = second, wide, wide_scope
            stages.append(round(time.monotonic() - began, 3))
    result["plan"]["stats"]["repair"] = used.as_json()
    result["plan"]["stats"]["repair_stage_seconds"] = stages
    run.instance = instance_to_json(solved)
    run.save(update_fields=["instance"])
    return solved, result


def _unplaced(result: dict, scope: RepairScope) -> set[str]:
    placed = {a["scene"] for a in result["plan"]["assignments"]}
    return set(scope.free) - placed
