"""Shared by reception's tests: the bookings in force, checked by the optimiser's checker."""

from __future__ import annotations

import datetime as dt

from scheduling.selectors.instances import instance_export
from scheduling.solver.checker import check_plan
from scheduling.solver.model import Assignment, Plan, Unscheduled


def checker_violations(*, start: dt.date, days: int) -> list:
    """What the solver's checker finds wrong with the bookings in force of that horizon."""
    instance = instance_export(start=start, days=days)
    minutes = {scene.id: scene.minutes for scene in instance.scenes}
    placed = [*instance.locked, *instance.previous]
    plan = Plan(
        assignments=tuple(
            Assignment(b.scene, b.location, b.day, b.start, b.start + minutes[b.scene])
            for b in placed
        ),
        unscheduled=tuple(
            Unscheduled(scene.id, "not_worth")
            for scene in instance.scenes
            if scene.id not in {b.scene for b in placed}
        ),
    )
    return [str(v) for v in check_plan(instance, plan)]
