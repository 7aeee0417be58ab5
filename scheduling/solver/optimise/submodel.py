"""One large-neighbourhood step: a CP-SAT model of the freed scenes of one day, the rest pinned.

Pinned scenes are folded into each option's start domain (their location occupancy and their
crew's move times), so the model only holds the freed scenes: one start per scene, one
presence literal per candidate location, location no-overlap or cumulative, the crew's
one-at-a-time with move times between the options' locations, and the crew's longest day.
The objective puts value first (scaled above every secondary term), then fewer crew-days,
fewer locations per crew-day (fewer company moves) and fewer scenes moved against ``previous``.
The current placement is given as a complete hint, so the step never returns worse.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from scheduling.solver.optimise.neighbourhood import Neighbourhood
from scheduling.solver.optimise.prepare import Problem
from scheduling.solver.optimise.state import PlanState

PENALTY_CREW_DAY = 8
PENALTY_LOCATION = 2
PENALTY_MOVED = 3


@dataclass
class StepResult:
    """A step's proposal: ``new`` placements of the freed scenes (``old`` is what they were).

    The state is left as it was; the caller applies the proposal (with the extras) or not.
    """

    improved: bool
    deterministic_time: float
    old: dict = field(default_factory=dict)
    new: dict = field(default_factory=dict)


def _bits(mask: int) -> list[int]:
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


class _Builder:
    """Builds the model and, alongside, the hint and a way to score the hint."""

    def __init__(self, state: PlanState, hood: Neighbourhood, old: dict, previous: dict) -> None:
        self.state = state
        self.problem: Problem = state.problem
        self.day = hood.day
        self.old = old
        self.previous = previous
        self.model = cp_model.CpModel()
        self.hint: dict[int, int] = {}
        self.terms: list[tuple[int, cp_model.IntVar]] = []
        self.value_terms: list[tuple[int, cp_model.IntVar]] = []
        self.start: dict[int, cp_model.IntVar] = {}
        self.present: dict[int, cp_model.IntVar] = {}
        self.lits: dict[int, dict[int, cp_model.IntVar]] = {}
        self.domains: dict[tuple[int, int], int] = {}
        for s, locs in hood.options.items():
            for loc in locs:
                mask = state.starts(s, loc, self.day)
                if mask:
                    self.domains[(s, loc)] = mask

    def var(self, lo: int, hi: int, hint: int, name: str = "") -> cp_model.IntVar:
        v = self.model.NewIntVar(lo, hi, name)
        self.hint[v.Index()] = hint
        return v

    def boolean(self, hint: int) -> cp_model.IntVar:
        v = self.model.NewBoolVar("")
        self.hint[v.Index()] = int(hint)
        return v

    def scenes(self) -> None:
        by_scene: dict[int, list[int]] = {}
        for s, loc in self.domains:
            by_scene.setdefault(s, []).append(loc)
        for s, locs in sorted(by_scene.items()):
            info = self.problem.scenes[s]
            union = 0
            for loc in locs:
                union |= self.domains[(s, loc)]
            values = _bits(union)
            was = self.old.get(s)
            v = self.model.NewIntVarFromDomain(cp_model.Domain.FromValues(values), "")
            self.hint[v.Index()] = was[2] if was else values[0]
            self.start[s] = v
            self.lits[s] = {}
            for loc in locs:
                lit = self.boolean(bool(was) and was[0] == loc)
                self.lits[s][loc] = lit
                dom = cp_model.Domain.FromValues(_bits(self.domains[(s, loc)]))
                self.model.AddLinearExpressionInDomain(v, dom).OnlyEnforceIf(lit)
            pres = self.boolean(bool(was))
            self.model.Add(sum(self.lits[s].values()) == pres)
            self.present[s] = pres
            self.value_terms.append((info.value, pres))

    def locations(self) -> None:
        at: dict[int, list[int]] = {}
        for s, lits in self.lits.items():
            for loc in lits:
                at.setdefault(loc, []).append(s)
        for loc, scenes in sorted(at.items()):
            intervals = [
                self.model.NewOptionalFixedSizeIntervalVar(
                    self.start[s], self.problem.scenes[s].slots, self.lits[s][loc], ""
                )
                for s in scenes
            ]
            cap = self.problem.capacity[loc]
            if cap == 1:
                if len(intervals) > 1:
                    self.model.AddNoOverlap(intervals)
                continue
            demands = [1] * len(intervals)
            counts = self.state.loc_count.get((loc, self.day))
            for t, used in enumerate(counts or ()):
                if used:
                    intervals.append(self.model.NewFixedSizeIntervalVar(t, 1, ""))
                    demands.append(used)
            self.model.AddCumulative(intervals, demands, cap)

    def crews(self) -> None:
        by_crew: dict[int, list[int]] = {}
        for s in self.start:
            by_crew.setdefault(self.problem.scenes[s].crew, []).append(s)
        for crew, scenes in sorted(by_crew.items()):
            pinned = self.state.crew_day.get((crew, self.day), [])
            self._one_at_a_time(scenes)
            self._longest_day(crew, scenes, pinned)
            self._crew_day_and_moves(scenes, pinned)

    def _one_at_a_time(self, scenes: list[int]) -> None:
        """Pairwise order of a crew's freed scenes with the move time of their locations."""
        slots = self.problem.scenes
        gap = self.problem.gap
        for x, i in enumerate(scenes):
            for j in scenes[x + 1 :]:
                wi, wj = self.old.get(i), self.old.get(j)
                first = self.boolean(not (wi and wj) or wi[2] < wj[2])
                si, sj = self.start[i], self.start[j]
                pi, pj = self.present[i], self.present[j]
                self.model.Add(sj >= si + slots[i].slots).OnlyEnforceIf([first, pi, pj])
                self.model.Add(si >= sj + slots[j].slots).OnlyEnforceIf([first.Not(), pi, pj])
                for a, la in self.lits[i].items():
                    for b, lb in self.lits[j].items():
                        g = gap(a, b)
                        if g == 0:
                            continue
                        ki, kj = slots[i].slots, slots[j].slots
                        self.model.Add(sj >= si + ki + g).OnlyEnforceIf([first, la, lb])
                        self.model.Add(si >= sj + kj + g).OnlyEnforceIf([first.Not(), la, lb])

    def _longest_day(self, crew: int, scenes: list[int], pinned) -> None:
        span = self.problem.crew_span[crew]
        top = self.problem.day_slots
        lo_max = min((e[0] for e in pinned), default=top)
        hi_min = max((e[1] for e in pinned), default=0)
        olds = [self.old[s] for s in scenes if s in self.old]
        k = {s: self.problem.scenes[s].slots for s in scenes}
        lo_hint = min([lo_max] + [w[2] for w in olds])
        hi_hint = max([hi_min] + [self.old[s][2] + k[s] for s in scenes if s in self.old])
        if lo_hint > hi_hint:
            lo_hint = hi_hint = 0
        lo = self.var(0, lo_max, lo_hint)
        hi = self.var(hi_min, top, hi_hint)
        self.model.Add(hi - lo <= span)
        for s in scenes:
            self.model.Add(lo <= self.start[s]).OnlyEnforceIf(self.present[s])
            self.model.Add(hi >= self.start[s] + k[s]).OnlyEnforceIf(self.present[s])

    def _crew_day_and_moves(self, scenes: list[int], pinned) -> None:
        at_pinned = {e[2] for e in pinned}
        if not pinned:
            used = self.boolean(any(s in self.old for s in scenes))
            for s in scenes:
                self.model.AddImplication(self.present[s], used)
            self.terms.append((-PENALTY_CREW_DAY, used))
        locs = sorted({loc for s in scenes for loc in self.lits[s]} - at_pinned)
        for loc in locs:
            olds = any(self.old.get(s, (None,))[0] == loc for s in scenes)
            there = self.boolean(olds)
            for s in scenes:
                if loc in self.lits[s]:
                    self.model.AddImplication(self.lits[s][loc], there)
            self.terms.append((-PENALTY_LOCATION, there))

    def moved(self) -> None:
        """Scenes of ``previous`` placed elsewhere than before cost a little."""
        for s, pres in self.present.items():
            prev = self.previous.get(s)
            if prev is None:
                continue
            loc, day, start = prev
            lit = self.lits[s].get(loc) if day == self.day else None
            if lit is None or not self.domains[(s, loc)] >> start & 1:
                self.terms.append((-PENALTY_MOVED, pres))
                continue
            was = self.old.get(s)
            kept = self.boolean(was == prev)
            self.model.AddImplication(kept, lit)
            self.model.Add(self.start[s] == start).OnlyEnforceIf(kept)
            self.terms.append((-PENALTY_MOVED, pres))
            self.terms.append((PENALTY_MOVED, kept))

    def objective(self) -> int:
        """Set the objective (value scaled above the penalties); return the hint's score."""
        room = sum(abs(c) for c, _ in self.terms) + 1
        terms = [(c * room, v) for c, v in self.value_terms] + self.terms
        self.model.Maximize(sum(c * v for c, v in terms))
        return sum(c * self.hint[v.Index()] for c, v in terms)


def improve_step(
    state: PlanState,
    hood: Neighbourhood,
    previous: dict,
    *,
    seed: int,
    deterministic_time: float,
    wall_time: float,
    workers: int,
) -> StepResult:
    """Re-solve one neighbourhood; propose the result when it scores strictly better."""
    old = {s: state.place[s] for s in hood.options if s in state.place}
    for s in old:
        state.remove(s)
    try:
        return _solve(state, hood, previous, old, seed, deterministic_time, wall_time, workers)
    finally:
        for s, (loc, day, start) in old.items():
            state.add(s, loc, day, start)


def _solve(state, hood, previous, old, seed, deterministic_time, wall_time, workers):
    b = _Builder(state, hood, old, previous)
    if any((s, where[0]) not in b.domains for s, where in old.items()):
        return StepResult(False, 0.0)
    b.scenes()
    b.locations()
    b.crews()
    b.moved()
    hint_score = b.objective()
    model = b.model
    for index, value in b.hint.items():
        model.Proto().solution_hint.vars.append(index)
        model.Proto().solution_hint.values.append(value)
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.num_workers = workers
    p.interleave_search = workers > 1
    p.max_deterministic_time = deterministic_time
    p.max_time_in_seconds = max(wall_time, 0.05)
    p.random_seed = seed
    status = solver.Solve(model)
    dtime = solver.ResponseProto().deterministic_time
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE) or solver.ObjectiveValue() <= hint_score:
        return StepResult(False, dtime)
    new = {
        s: (
            next(loc for loc, lit in b.lits[s].items() if solver.Value(lit)),
            hood.day,
            solver.Value(v),
        )
        for s, v in b.start.items()
        if solver.Value(b.present[s])
    }
    return StepResult(True, dtime, old, new)
