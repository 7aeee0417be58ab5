"""A tighter bound for small instances: the LP of ``bound.py`` with each crew-day's scenes
restricted to whole sets of scenes one crew can shoot in a day (column generation).

The LP of ``bound.py`` lets a crew fill its longest day with fractions of scenes and counts the
moves between sets through one aggregated row. Here every crew-day ``k`` also chooses a mix of
*patterns*: sets of its scenes admitted as one day's work. With ``lambda[p] >= 0``::

    sum_{p of k} lambda[p] <= 1                                      (one day's work per crew-day)
    sum_g y[s,g,d] <= sum_{p of (crew(s), d) holding s} lambda[p]    (a scene only within a pattern)

A set is admitted (``_Pricing``) when its slots, plus a move between each two of the distinct
locations it needs, fit the crew's longest day, and its day-only and night-only scenes fit
their parts of the day. Every set a crew can really shoot is admitted (rule 6 on the grid:
``n`` locations need ``n - 1`` moves of at least the shortest gap), so every plan is a point of
this LP (``lambda = 1`` on the set each crew shoots each day) and its optimum still bounds
every plan; admitted sets that cannot really be shot (closures, exact times and the other
crews are left out) only loosen it.

Patterns are generated as needed: with the duals ``w[s]`` of the second rows and ``mu[k]`` of
the first, a crew-day's best new pattern maximises ``sum w[s]`` over the admitted sets (a small
linear CP-SAT model, solved to optimality at once). Whatever the round, the dual of the LP with
*all* admitted sets is feasible once ``mu[k]`` is raised to the pricing's proven best, so

    bound = LP value + sum_k max(0, best[k] - mu[k])

is valid at every round; the smallest over the rounds is reported. When no crew-day has a
better set the bound is the master LP's optimum (``converged``).

The master is re-solved from scratch each round: S converges in 2-7 s; M does not within five
minutes. The benchmarks report it on S beside the LP bound, as the reference gap.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from .bound import build_lp
from .bound_parts import location_groups, scene_options
from .model import Instance

SCALE = 1000  # pricing weights are integers: w[s] * SCALE rounded up (so the bound stays valid)
EPSILON = 1e-6


@dataclass(frozen=True)
class ColumnBound:
    value: int
    rounds: int
    patterns: int
    converged: bool  # no crew-day had a better pattern: the bound is the master's optimum


def column_bound(
    instance: Instance,
    *,
    rounds: int = 100,
    time_limit: float = 300.0,
    pricing_seconds: float = 2.0,
) -> ColumnBound | None:
    """The column-generation bound after at most ``rounds`` rounds and about ``time_limit``
    seconds, or None if the LP cannot be solved. The master starts from single scenes and,
    per crew-day, its locked scenes together."""
    from scheduling.solver.optimise.prepare import prepare

    problem = prepare(instance)
    started = time.monotonic()
    groups = location_groups(instance)
    lp = build_lp(instance, groups, scene_options(instance, groups), time_limit=time_limit)
    solver = lp.solver
    crew_days = _crew_days(problem, lp.by_scene_day)
    convexity = {k: solver.Constraint(-solver.infinity(), 1) for k in crew_days}
    links = {}
    for (s_id, day), variables in lp.by_scene_day.items():
        row = solver.Constraint(-solver.infinity(), 0)
        for var in variables:
            row.SetCoefficient(var, 1)
        links[(s_id, day)] = row
    pricing = _Pricing(problem, pricing_seconds)
    seen: set[tuple[tuple[str, int], frozenset[str]]] = set()
    locked = frozenset(k.scene for k in instance.locked)

    def add(k, scenes: frozenset[str]) -> None:
        if (k, scenes) in seen or not scenes:
            return
        seen.add((k, scenes))
        column = solver.NumVar(0, solver.infinity(), "")
        convexity[k].SetCoefficient(column, 1)
        for s_id in scenes:
            links[(s_id, k[1])].SetCoefficient(column, -1)

    for k, scenes in crew_days.items():
        for s_id in scenes:
            add(k, frozenset([s_id]))
        add(k, frozenset(scenes) & locked)
    best_bound = math.inf
    solved = False
    done = 0
    converged = False
    while done < rounds and time.monotonic() - started < time_limit:
        if solver.Solve() != solver.OPTIMAL:
            return None
        value = solver.Objective().Value()
        solved = True
        done += 1
        gain = 0.0
        found = 0
        duals = {
            k: (
                max(0.0, convexity[k].dual_value()),
                {s_id: max(0.0, links[(s_id, k[1])].dual_value()) for s_id in scenes},
            )
            for k, scenes in crew_days.items()
        }
        for k, (mu, weights) in duals.items():
            weights = {s_id: w for s_id, w in weights.items() if w > EPSILON}
            if sum(weights.values()) <= mu + EPSILON:
                continue  # no pattern of this crew-day can be worth more than mu
            pattern, proven = pricing.best(k, weights)
            if proven is None:
                return None
            gain += max(0.0, proven - mu)
            if sum(weights[s_id] for s_id in pattern) > mu + EPSILON:
                add(k, frozenset(pattern))
                found += 1
        best_bound = min(best_bound, value + gain)
        if not found:
            converged = gain <= EPSILON * max(1.0, value)
            break
    if not solved:
        return None
    return ColumnBound(
        value=math.floor(best_bound + 1e-6 * max(1.0, best_bound)),
        rounds=done,
        patterns=len(seen),
        converged=converged,
    )


def crew_bound(instance: Instance, lp, *, deadline: float) -> float | None:
    """One step of the same argument on the solved LP of ``bound.py``, for all crews at once
    (a Lagrangian bound). The rows local to a crew (its crew-day rows: longest day, moves;
    its scenes' "at most once" rows) are replaced by the rule that each of its days is an
    admitted set and each scene is shot on one day at most; the other rows (sets' capacity,
    extras) are priced at the LP's duals ``pi``. For any plan ``x``::

        value(x) = sum_r pi[r] (A x)[r] + sum_v rc[v] x[v]
                <= sum_{r shared} pi[r] side[r] + sum_c (best choice of crew c)

    where a choice's weight adds, for each scene and day taken, the best over the scene's
    variables that day of ``rc[v] + sum_{r local} pi[r] A[r, v]`` (its value less the shared
    rows' prices); the moves' "set used" variables appear only in local rows (weight 0), the
    extras' flows only in shared rows (weight ``rc <= 0``). Valid whatever the duals; the
    "best choice" is CP-SAT's proven bound. On S (one day; seeds 1 and 2) it equals the
    converged ``column_bound`` in a fraction of a second; a crew of several days is a harder
    model (M: minutes in all, and weaker than the LP), so ``bound.py`` uses it on small
    instances only.
    None when it cannot be priced before ``deadline`` (``time.monotonic()``) or the duals are
    not usable."""
    from scheduling.solver.optimise.prepare import prepare

    solver = lp.solver
    local = {row.index() for rows in lp.crew_day_rows.values() for row in rows}
    local |= {row.index() for row in lp.once_rows.values()}
    total = _shared_side(solver, local)
    if total is None or any(flow.reduced_cost() > 1e-7 for flow in lp.flows):
        return None
    problem = prepare(instance)
    pricing = _Pricing(problem, seconds=5.0, deadline=deadline)
    locked = {(k.scene, k.day) for k in instance.locked}
    by_crew: dict[str, list] = {}
    for k, scenes in _crew_days(problem, lp.by_scene_day).items():
        by_crew.setdefault(k[0], []).append((k[1], scenes))
    for crew_id, days in sorted(by_crew.items()):
        if time.monotonic() > deadline:
            return None
        weights = {}
        for day, scenes in days:
            rows = lp.crew_day_rows.get((crew_id, day), ())
            for s_id in scenes:
                once = lp.once_rows[s_id].dual_value()
                weight = max(
                    var.reduced_cost()
                    + once
                    + sum(r.dual_value() * r.GetCoefficient(var) for r in rows)
                    for var in lp.by_scene_day[(s_id, day)]
                )
                if weight > EPSILON or (s_id, day) in locked:
                    weights[(s_id, day)] = weight
        if not weights:
            continue
        best = pricing.best_crew(crew_id, weights, frozenset(weights.keys() & locked))
        if best is None:
            return None
        total += best
    return total


def _shared_side(solver, local: set[int]) -> float | None:
    """Sum of dual x the side it binds, over the rows not in ``local``."""
    total = 0.0
    for row in solver.constraints():
        if row.index() in local:
            continue
        pi = row.dual_value()
        if abs(pi) <= 1e-9:
            continue
        side = row.ub() if pi > 0 else row.lb()
        if math.isinf(side):
            return None
        total += pi * side
    return total


def _crew_days(problem, by_scene_day) -> dict[tuple[str, int], list[str]]:
    out: dict[tuple[str, int], list[str]] = {}
    for (s_id, day), variables in by_scene_day.items():
        if variables:
            info = problem.scenes[problem.scene_index[s_id]]
            out.setdefault((info.scene.crew, day), []).append(s_id)
    return {k: sorted(v) for k, v in sorted(out.items())}


class _Pricing:
    """One crew alone, relaxed to what a small linear model proves quickly.

    A set of scenes is admitted when its slots, plus a move between each two of the distinct
    locations it needs (each at least the shortest gap between two locations, and at least the
    shortest gap between two zones for each zone beyond the first), fit the crew's longest day;
    and its day-only and its night-only scenes each fit their part of the day. Every set a crew
    can really shoot is admitted (closures and exact times are left out), so the bound stays
    valid; sets that cannot really be shot only loosen it.
    """

    def __init__(self, problem, seconds: float, deadline: float | None = None) -> None:
        self.problem = problem
        self.seconds = seconds
        self.deadline = deadline
        n = len(problem.location_ids)
        pairs = [(a, b) for a in range(n) for b in range(n) if a != b]
        self.gap_any = min((problem.gap(a, b) for a, b in pairs), default=0)
        apart = [problem.gap(a, b) for a, b in pairs if problem.zone_of[a] != problem.zone_of[b]]
        self.gap_zone = max(self.gap_any, min(apart, default=0))

    def _day(self, model, crew: int, day: int, take: dict) -> dict:
        """Add one day's admission rules over ``take`` (scene id -> literal); return the
        literals of the scenes that can be taken that day (the others are fixed to 0)."""
        problem = self.problem
        span = min(problem.crew_span[crew], problem.day_slots)
        kept, used, zones = {}, {}, {}
        for s_id, lit_take in take.items():
            info = problem.scenes[problem.scene_index[s_id]]
            locs = [x for x in info.locations if (x, day) in info.static_starts]
            if not locs:
                model.Add(lit_take == 0)
                continue
            kept[s_id] = lit_take
            at = []
            for x in locs:
                lit = model.NewBoolVar("")
                at.append(lit)
                if x not in used:
                    used[x] = model.NewBoolVar("")
                    zone = problem.zone_of[x]
                    zones.setdefault(zone, model.NewBoolVar(""))
                    model.AddImplication(used[x], zones[zone])
                model.AddImplication(lit, used[x])
            model.Add(sum(at) == lit_take)
        slots = {s_id: problem.scenes[problem.scene_index[s_id]].slots for s_id in kept}
        kind = {s_id: problem.scenes[problem.scene_index[s_id]].scene.time_of_day for s_id in kept}
        extra = self.gap_zone - self.gap_any
        model.Add(
            sum(slots[s] * kept[s] for s in kept)
            + self.gap_any * sum(used.values())
            + extra * sum(zones.values())
            <= span + self.gap_zone
        )
        windows = {
            "day": min(span, problem.night_slot),
            "night": min(span, problem.day_slots - problem.night_slot),
        }
        for part, room in windows.items():
            chosen = [s for s in kept if kind[s] == part]
            if chosen:
                model.Add(sum(slots[s] * kept[s] for s in chosen) <= room)
        return kept

    def _maximise(self, model, weighted: list) -> tuple[cp_model.CpSolver | None, float | None]:
        """Solve; the solver (None if nothing found) and a proven bound (None: infeasible)."""
        model.Maximize(sum(math.ceil(w * SCALE) * lit for w, lit in weighted))
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        seconds = self.seconds
        if self.deadline is not None:
            seconds = max(0.01, min(seconds, self.deadline - time.monotonic()))
        solver.parameters.max_time_in_seconds = seconds
        solver.parameters.random_seed = 1
        status = solver.Solve(model)
        if status == cp_model.INFEASIBLE:
            return None, None
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            # Nothing proven within the time: every positive weight at once.
            return None, sum(max(0.0, w) for w, _ in weighted)
        return solver, solver.BestObjectiveBound() / SCALE

    def best(
        self, k, weights: dict[str, float], forced: frozenset[str] = frozenset()
    ) -> tuple[list[str], float | None]:
        """The best admitted set found (holding every ``forced`` scene) and a proven upper
        bound on the best one's weight; None for the bound when no set holds them all."""
        crew = self.problem.crew_ids.index(k[0])
        model = cp_model.CpModel()
        take = {s_id: model.NewBoolVar("") for s_id in weights}
        self._day(model, crew, k[1], take)
        for s_id in forced:
            model.Add(take[s_id] == 1)
        solver, bound = self._maximise(model, [(weights[s], take[s]) for s in take])
        if solver is None:
            return [], bound
        return [s for s, lit in take.items() if solver.Value(lit)], bound

    def best_crew(
        self, crew_id: str, weights: dict[tuple[str, int], float], forced: frozenset
    ) -> float | None:
        """A proven upper bound on the best choice of one admitted set per day of the crew,
        each scene on one day at most (``weights`` and ``forced`` by (scene id, day))."""
        crew = self.problem.crew_ids.index(crew_id)
        model = cp_model.CpModel()
        take = {key: model.NewBoolVar("") for key in weights}
        days: dict[int, dict] = {}
        scenes: dict[str, list] = {}
        for (s_id, day), lit in take.items():
            days.setdefault(day, {})[s_id] = lit
            scenes.setdefault(s_id, []).append(lit)
        for day, lits in sorted(days.items()):
            self._day(model, crew, day, lits)
        for lits in scenes.values():
            if len(lits) > 1:
                model.AddAtMostOne(lits)
        for key in forced:
            model.Add(take[key] == 1)
        return self._maximise(model, [(weights[key], take[key]) for key in take])[1]
