"""How good a plan is: the contract's value first, then the secondary terms.

``plan_value`` is the contract's Value: the sum over scheduled scenes of
``scene.priority * crew.priority * minutes``. ``plan_metrics`` adds the terms compared after it
(lower is better): crew-days, company moves, cast holding days, scenes moved against
``previous``, and how evenly work is spread over the performers called.
"""

from __future__ import annotations

import statistics
from collections import defaultdict

from .model import Instance, Plan, Scene


def scene_value(instance: Instance, scene: Scene) -> int:
    """What scheduling this scene earns: scene priority x crew priority x minutes."""
    return scene.priority * instance.crew_by_id[scene.crew].priority * scene.minutes


def plan_value(instance: Instance, plan: Plan) -> int:
    """The contract's Value of a plan (each known scene counted once)."""
    seen: set[str] = set()
    total = 0
    for a in plan.assignments:
        scene = instance.scene_by_id.get(a.scene)
        if scene is not None and a.scene not in seen:
            seen.add(a.scene)
            total += scene_value(instance, scene)
    return total


def plan_metrics(instance: Instance, plan: Plan) -> dict:
    """Value and the secondary terms of a plan, as a flat dict of numbers."""
    assignments = [a for a in plan.assignments if a.scene in instance.scene_by_id]
    crew_days: dict[tuple[str, int], list] = defaultdict(list)
    cast_days: dict[tuple[str, str], set[int]] = defaultdict(set)
    for a in assignments:
        scene = instance.scene_by_id[a.scene]
        crew_days[(scene.crew, a.day)].append(a)
        for actor in scene.cast:
            cast_days[(scene.crew, actor)].add(a.day)
    moves = 0
    for items in crew_days.values():
        items.sort(key=lambda a: a.start)
        moves += sum(1 for x, y in zip(items, items[1:], strict=False) if x.location != y.location)
    holding = sum(max(days) - min(days) + 1 - len(days) for days in cast_days.values())
    placed = {a.scene: a for a in assignments}
    moved = sum(
        1
        for p in instance.previous
        if p.scene in placed
        and (placed[p.scene].location, placed[p.scene].day, placed[p.scene].start)
        != (p.location, p.day, p.start)
    )
    worked: dict[str, int] = defaultdict(int)
    reliability = []
    for a in assignments:
        for line in a.performers:
            for pid in line:
                worked[pid] += a.end - a.start
                performer = instance.performer_by_id.get(pid)
                if performer is not None:
                    reliability.append(performer.reliability)
    minutes = list(worked.values())
    return {
        "value": plan_value(instance, plan),
        "scheduled": len(placed),
        "unscheduled": len(instance.scenes) - len(placed),
        "crew_days": len(crew_days),
        "company_moves": moves,
        "cast_holding_days": holding,
        "moved_scenes": moved,
        "extras_places": sum(len(line) for a in assignments for line in a.performers),
        "performers_used": len(minutes),
        "performer_minutes_max": max(minutes, default=0),
        "performer_minutes_min": min(minutes, default=0),
        "performer_minutes_std": round(statistics.pstdev(minutes), 1) if minutes else 0.0,
        "mean_reliability": round(statistics.fmean(reliability), 4) if reliability else 0.0,
    }
