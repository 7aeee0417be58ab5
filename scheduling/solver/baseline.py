"""The first-come-first-served baseline: how an operations desk books by hand.

Locked bookings go in first, exactly as given (their extras too; when a locked booking leaves the
extras open, the first free matching performers are called). Then crews in arrival order
(``first_day``, then input order), each crew's scenes in input order: the first fitting location
(input order) that has any room, at its earliest feasible day and time, with the first free
matching performers (input order) for each extras line. A scene with no such slot is left out
with the reason and detail of ``explain.explain_unscheduled``. Every booking is made through a
``Timeline`` answer, so the plan keeps all the hard rules.
"""

from __future__ import annotations

import time

from .explain import explain_unscheduled, find_extras, scene_days
from .metrics import plan_value
from .model import Assignment, Instance, Plan, Scene, Unscheduled
from .timeline import Timeline


def baseline_plan(instance: Instance) -> Plan:
    """The first-come-first-served plan of an instance."""
    started = time.perf_counter()
    state = Timeline(instance)
    book_locked(instance, state)
    locked = {k.scene for k in instance.locked}
    order = sorted(range(len(instance.crews)), key=lambda i: (instance.crews[i].first_day, i))
    scenes_of: dict[str, list[Scene]] = {crew.id: [] for crew in instance.crews}
    for scene in instance.scenes:
        scenes_of[scene.crew].append(scene)
    missed: list[Scene] = []
    for i in order:
        for scene in scenes_of[instance.crews[i].id]:
            if scene.id not in locked and place_first_fit(state, scene) is None:
                missed.append(scene)
    unscheduled = []
    for scene in missed:
        reason, detail = explain_unscheduled(instance, scene, state)
        unscheduled.append(Unscheduled(scene=scene.id, reason=reason, detail=detail))
    assignments = tuple(
        state.assignments[s.id] for s in instance.scenes if s.id in state.assignments
    )
    plan = Plan(assignments=assignments, unscheduled=tuple(unscheduled))
    stats = {
        "solve_seconds": round(time.perf_counter() - started, 3),
        "value": plan_value(instance, plan),
    }
    return Plan(assignments=assignments, unscheduled=tuple(unscheduled), stats=stats)


def book_locked(instance: Instance, state: Timeline) -> None:
    """Book every locked scene as given; open extras get the first free matching performers."""
    open_extras = []
    for k in instance.locked:
        scene = instance.scene_by_id[k.scene]
        end = k.start + scene.minutes
        performers = k.performers if k.performers is not None else ()
        state.book(Assignment(k.scene, k.location, k.day, k.start, end, performers))
        if k.performers is None and scene.extras:
            open_extras.append((k, scene, end))
    for k, scene, end in open_extras:
        state.release(k.scene)
        found, _ = find_extras(state, scene, k.day, k.start, end, k.location)
        if found is None:
            # The instance promises these extras and the guild cannot supply them: keep the
            # booking (rule 9) with whoever is free; the checker will name the missing places.
            found = tuple(
                tuple(
                    state.first_free(
                        state.catalogue.candidates(line),
                        k.day,
                        k.start,
                        end,
                        k.location,
                        line.count,
                    )
                )
                for line in scene.extras
            )
        state.book(Assignment(k.scene, k.location, k.day, k.start, end, found))


def place_first_fit(state: Timeline, scene: Scene) -> Assignment | None:
    """Book the scene at the first fitting location's earliest feasible slot, if any."""
    gaps = {day: state.scene_gaps(scene, day) for day in scene_days(state.instance, scene)}
    days = [day for day, free in gaps.items() if free]
    for location in state.catalogue.locations_for(scene) if days else ():
        for day in days:
            for start in state.scene_starts(scene, location.id, day, gaps=gaps[day]):
                end = start + scene.minutes
                found, _ = find_extras(state, scene, day, start, end, location.id)
                if found is None:
                    continue
                assignment = Assignment(scene.id, location.id, day, start, end, found)
                state.book(assignment)
                return assignment
    return None
