"""A valid upper bound on the value of any plan: an aggregated linear relaxation.

The bound is the optimum of a linear programme (solved with OR-Tools' GLOP) that every correct
plan satisfies, so no plan can be worth more. Variables, for each scene ``s``, each *location
group* ``g`` (locations with identical tags: interchangeable for every tag-based scene) and day
``d`` on which ``s`` could shoot in ``g``::

    y[s,g,d] >= 0            the share of s shot in group g on day d
    sum_{g,d} y[s,g,d] <= 1  each scene at most once (the plan's x[s] = 1 if shot, else 0)

maximising ``sum value(s) * y[s,g,d]`` subject to (``m(s)`` the scene's minutes):

- *crew days*: for each crew and day, ``sum m(s) y <= min(max_span, day length)``; night-only
  scenes ``<= min(max_span, night minutes)``, day-only scenes likewise (rules 3, 6, 7);
- *moves*: per crew-day, scenes are grouped by what they ask of a set (tags or list); of those
  groups, a family whose fitting locations are pairwise disjoint is chosen (largest demand
  first), with ``u[k] >= sum_g y[s,g,d]`` for each scene ``s`` of group ``k``. Scenes of ``n``
  such groups need ``n`` different sets, hence ``n - 1`` moves of at least ``mu`` minutes (the
  shortest move between two different locations, rounded up to the grid: starts and ends lie
  on it, so a 15-minute move on a 30-minute grid leaves 30 minutes unshot) inside the crew's day:
  ``sum m(s) y + mu * sum_k u[k] <= min(max_span, day length) + mu`` (rules 6 and 7);
- *location groups*: for each group and day, ``sum m(s) y <= sum_l capacity(l) * open(l)`` where
  ``open`` is the day's minutes outside closures; the same for night-only scenes against open
  night minutes and day-only scenes against open day minutes (rules 4 and 5: at every instant
  a location holds at most ``capacity`` scenes, so over a window at most capacity x its length);
- *extras*, per day, as a transport problem: performers available that day are pooled into
  classes of those matching exactly the same set of line profiles (gender, ages, tags, skills);
  a class supplies ``sum max_minutes_per_day`` of its members. Each line profile demands
  ``count * m(s) * y`` extras-minutes and receives them through flows ``f[p,k] >= 0`` only from
  classes ``k`` that match it, each class's outflow at most its supply (rule 8: a performer
  works at most their daily minutes, and only on lines they match);
- *individual feasibility*: ``y[s,g,d]`` exists only if ``d`` lies in the scene's and crew's
  days, the scene fits the crew's longest day and its time-of-day window, some location of
  ``g`` is open for ``m(s)`` minutes inside that window on ``d``, and every extras line has
  ``count`` matching performers available on ``d``;
- *locked* bookings (rule 9) are fixed: ``y = 1`` at their own group and day.

Rest between shooting days (``min_rest_minutes``) and moves across the night between them are
left out: they only remove plans, so the bound stays valid. Day lengths are ``day_end -
day_start`` of the shooting day, which may run past midnight (06:00-30:00 is 24 hours).

Each real plan gives a feasible point (``y = 1`` where each scheduled scene is, ``u = 1`` for the
set groups a crew uses, flows = the minutes its performers work), so the LP optimum bounds the
plan's value; the integral value is rounded down after a relative tolerance of 1e-6.

Keeping it small enough for 12,000 scenes (about 10 s on two cores): a location-group row is
written only where the scenes that could shoot there might need more than its room, and the
``y`` of a scene in all other groups of a day share one variable; an extras profile gets rows
only if its largest possible demand reaches a quarter of its matching supply. Leaving a
constraint out, aggregating locations into groups and extras into classes, and ignoring exact
times only loosen the relaxation, never invalidate it. If GLOP does not finish within the time
limit, ``upper_bound`` falls back to the crew bound alone (a fractional knapsack per crew over
all its days), weaker but still valid; the smaller of the two bounds is reported.

On instances of at most ``CREW_STEP_MAX_SCENES`` scenes the solved LP is tightened once more
(``bound_columns.crew_bound``, method ``lp-glop+crews``): each crew's own rows are replaced by
whole sets of scenes it could shoot each day, each scene once, the other rows priced at the
LP's duals (a Lagrangian bound, valid whatever the duals).
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from dataclasses import dataclass, field

from ortools.linear_solver import pywraplp

from .bound_parts import (
    crew_knapsack_bound,
    extras_classes,
    location_groups,
    min_move_minutes,
    scene_options,
    separate_keys,
)
from .metrics import scene_value
from .model import Instance
from .timeline import Catalogue

# The crew step (``bound_columns.crew_bound``) prices every crew with a small CP-SAT model:
# on S (332 scenes, one day) 0.2 s and 1.3% tighter; on M (2,375 scenes, crews of up to three
# days) minutes, and weaker than the LP alone.
CREW_STEP_MAX_SCENES = 1000


@dataclass(frozen=True)
class BoundResult:
    value: int
    method: str


def upper_bound(instance: Instance, *, time_limit: float = 60.0, crews: bool = True) -> BoundResult:
    """A value no plan of ``instance`` can exceed, and how it was obtained; ``crews=False``
    leaves out the crew step (the LP alone)."""
    from .bound_columns import crew_bound

    started = time.monotonic()
    groups = location_groups(instance)
    options = scene_options(instance, groups)
    fallback = crew_knapsack_bound(instance, options)
    lp = build_lp(instance, groups, options, time_limit=time_limit)
    if lp.solver.Solve() != pywraplp.Solver.OPTIMAL:
        return BoundResult(fallback, "crew-knapsack")
    value = _floor(lp.solver.Objective().Value())
    if value >= fallback:
        result = BoundResult(fallback, "crew-knapsack")
    else:
        result = BoundResult(value, "lp-glop")
    if not crews or len(instance.scenes) > CREW_STEP_MAX_SCENES:
        return result
    tighter = crew_bound(instance, lp, deadline=started + time_limit)
    if tighter is not None and _floor(tighter) < result.value:
        return BoundResult(_floor(tighter), "lp-glop+crews")
    return result


def _floor(value: float) -> int:
    """Down to an integer after a relative tolerance of 1e-6 (the LP's own)."""
    return math.floor(value + 1e-6 * max(1.0, abs(value)))


@dataclass
class Lp:
    """The relaxation, built and not yet solved: ``by_scene_day[(scene id, day)]`` holds the
    variables of a scene on a day (``bound_columns`` adds rows and columns to it)."""

    solver: pywraplp.Solver
    by_scene_day: dict[tuple[str, int], list]
    # The rows of one crew-day alone (its longest day, its moves), each scene's "at most once"
    # row and the extras' flow variables: ``bound_columns.crew_bound`` prices them apart.
    crew_day_rows: dict[tuple[str, int], list] = field(default_factory=dict)
    once_rows: dict[str, object] = field(default_factory=dict)
    flows: list = field(default_factory=list)


def build_lp(instance: Instance, groups, options, *, time_limit: float) -> Lp:
    solver = pywraplp.Solver.CreateSolver("GLOP")
    solver.SetTimeLimit(int(time_limit * 1000))
    tight = _tight_group_days(instance, groups, options)
    objective = solver.Objective()
    by_crew_day: dict[tuple[str, int], list] = defaultdict(list)
    by_group_day: dict[tuple[int, int], list] = defaultdict(list)
    by_scene_day: dict[tuple[str, int], list] = defaultdict(list)
    lp = Lp(solver, by_scene_day)
    for scene in instance.scenes:
        pairs = options.get(scene.id, ())
        if not pairs:
            continue
        once = solver.Constraint(0, 1)
        lp.once_rows[scene.id] = once
        value = scene_value(instance, scene)
        low = 1.0 if scene.id in options.locked else 0.0
        # Groups whose rows can never bind need no variable of their own: one variable per day
        # stands for "somewhere roomy", which keeps the LP small without loosening it.
        roomy: dict[int, pywraplp.Variable] = {}
        for g, d in pairs:
            if (g, d) not in tight and d in roomy:
                continue
            var = solver.NumVar(low, 1.0, "")
            once.SetCoefficient(var, 1)
            objective.SetCoefficient(var, value)
            by_crew_day[(scene.crew, d)].append((scene, var))
            by_scene_day[(scene.id, d)].append(var)
            if (g, d) in tight:
                by_group_day[(g, d)].append((scene, var))
            else:
                roomy[d] = var
    objective.SetMaximization()
    _crew_rows(lp, instance, by_crew_day)
    _group_rows(solver, instance, groups, by_group_day)
    _extras_rows(lp, instance, by_scene_day)
    _move_rows(lp, instance, by_scene_day)
    return lp


def _tight_group_days(instance: Instance, groups, options) -> set[tuple[int, int]]:
    """Group-days where the scenes that could shoot there might need more than their room."""
    wanted: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for scene in instance.scenes:
        for g, d in options.get(scene.id, ()):
            wanted[(g, d)]["any"] += scene.minutes
            wanted[(g, d)][scene.time_of_day] += scene.minutes
    tight = set()
    for (g, d), minutes in wanted.items():
        room = groups.open_minutes(g, d)
        if any(minutes[kind] > room[kind] for kind in room):
            tight.add((g, d))
    return tight


def _windows(instance: Instance) -> dict[str, int]:
    h = instance.horizon
    return {
        "any": h.day_end - h.day_start,
        "day": h.night_from - h.day_start,
        "night": h.day_end - h.night_from,
    }


def _crew_rows(lp: Lp, instance: Instance, by_crew_day) -> None:
    solver = lp.solver
    windows = _windows(instance)
    for (crew_id, day), items in by_crew_day.items():
        span = instance.crew_by_id[crew_id].max_span_minutes
        for kind, length in windows.items():
            chosen = [(s, v) for s, v in items if kind == "any" or s.time_of_day == kind]
            if chosen:
                row = solver.Constraint(0, min(span, length))
                lp.crew_day_rows.setdefault((crew_id, day), []).append(row)
                for scene, var in chosen:
                    row.SetCoefficient(var, scene.minutes)


def _group_rows(solver, instance: Instance, groups, by_group_day) -> None:
    for (g, day), items in by_group_day.items():
        supply = groups.open_minutes(g, day)
        for kind, limit in supply.items():
            chosen = [(s, v) for s, v in items if kind == "any" or s.time_of_day == kind]
            if chosen and sum(s.minutes for s, _ in chosen) > limit:
                row = solver.Constraint(0, limit)
                for scene, var in chosen:
                    row.SetCoefficient(var, scene.minutes)


def _extras_rows(lp: Lp, instance: Instance, by_scene_day) -> None:
    """Per day: line profiles draw extras-minutes only from the classes that match them."""
    solver = lp.solver
    profiles = sorted(
        {
            (line.gender, line.min_age, line.max_age, line.tags, line.skills)
            for scene in instance.scenes
            for line in scene.extras
        }
    )
    classes = extras_classes(instance, profiles)
    for day in range(instance.horizon.days):
        demand: dict[tuple, list] = defaultdict(list)
        for scene in instance.scenes:
            variables = by_scene_day.get((scene.id, day))
            for line in scene.extras if variables else ():
                profile = (line.gender, line.min_age, line.max_age, line.tags, line.skills)
                demand[profile].append((line.count * scene.minutes, variables))
        outflow: dict[int, list] = defaultdict(list)
        for profile, wants in demand.items():
            serving = [k for k in classes.serving(profile) if classes.supply_by_day[k].get(day)]
            most = sum(amount for amount, _ in wants)
            if most * 4 <= sum(classes.supply_by_day[k][day] for k in serving):
                continue  # never short: leaving a row out only loosens the relaxation
            # The flows into a profile cover its demand (flows - demand >= 0).
            row = solver.Constraint(0, solver.infinity())
            for amount, variables in wants:
                for var in variables:
                    row.SetCoefficient(var, -amount)
            for k in serving:
                flow = solver.NumVar(0, solver.infinity(), "")
                lp.flows.append(flow)
                row.SetCoefficient(flow, 1)
                outflow[k].append(flow)
        for k, flows in outflow.items():
            row = solver.Constraint(0, classes.supply_by_day[k][day])
            for flow in flows:
                row.SetCoefficient(flow, 1)


def _move_rows(lp: Lp, instance: Instance, by_scene_day) -> None:
    """Per crew-day: scenes no single location can host together cost a move between them."""
    solver = lp.solver
    move = min_move_minutes(instance)
    if move <= 0:
        return
    h = instance.horizon
    scenes_of: dict[tuple[str, int], list] = defaultdict(list)
    for scene in instance.scenes:
        for day in range(h.days):
            if by_scene_day.get((scene.id, day)):
                scenes_of[(scene.crew, day)].append(scene)
    catalogue = Catalogue(instance)
    for (crew_id, day), scenes in scenes_of.items():
        keys = separate_keys(catalogue, scenes)
        if len(keys) < 2:
            continue
        room = min(instance.crew_by_id[crew_id].max_span_minutes, h.day_end - h.day_start)
        # minutes shot + move x (separate sets used - 1) <= the crew's day
        row = solver.Constraint(0, room + move)
        local = lp.crew_day_rows.setdefault((crew_id, day), [])
        local.append(row)
        for scene in scenes:
            for var in by_scene_day[(scene.id, day)]:
                row.SetCoefficient(var, scene.minutes)
        for members in keys:
            used = solver.NumVar(0, 1, "")
            row.SetCoefficient(used, move)
            for scene in members:
                link = solver.Constraint(0, solver.infinity())  # used >= share shot that day
                local.append(link)
                link.SetCoefficient(used, 1)
                for var in by_scene_day[(scene.id, day)]:
                    link.SetCoefficient(var, -1)
