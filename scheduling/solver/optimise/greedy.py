"""The constructive plan: scenes by value density, each at its best place that fits now."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from scheduling.solver.optimise.prepare import Problem
from scheduling.solver.optimise.state import PlanState, best_start

# accept(scene, location, day, start) -> bool: a last check a caller adds (the extras).
Accept = Callable[[int, int, int, int], bool]


def location_pressure(problem: Problem) -> list[float]:
    """How much demand could fall on each location: lower-pressure locations are used first."""
    pressure = [0.0] * len(problem.location_ids)
    for info in problem.scenes:
        if not info.locations:
            continue
        share = info.slots * info.density / len(info.locations)
        for loc in info.locations:
            pressure[loc] += share / problem.capacity[loc]
    return pressure


def greedy_order(problem: Problem, scenes: Iterable[int]) -> list[int]:
    """Densest value first; among equals the least flexible, then the longest."""

    def key(s: int):
        info = problem.scenes[s]
        return (-info.density, len(info.static_starts), -info.slots, s)

    return sorted(scenes, key=key)


def candidates(state: PlanState, s: int, pressure: list[float], previous: dict) -> list:
    """Places where scene ``s`` fits now, best first: (score, location, day, start)."""
    problem = state.problem
    info = problem.scenes[s]
    out = []
    prev = previous.get(s)
    for day in info.staffable_days:
        block = state.crew_block(info.crew, day)
        here = state.crew_locations(info.crew, day) if block else set()
        for loc in info.locations:
            mask = state.starts(s, loc, day)
            if not mask:
                continue
            if prev is not None and prev[0] == loc and prev[1] == day and mask >> prev[2] & 1:
                start, moved = prev[2], 0
            else:
                start, moved = best_start(mask, block, info.slots), 1
            score = (moved, block is None, loc not in here, pressure[loc], day, loc)
            out.append((score, loc, day, start, mask))
    out.sort()
    return out


def place_greedily(
    state: PlanState,
    scenes: Iterable[int],
    *,
    pressure: list[float],
    previous: dict,
    accept: Accept | None = None,
    tries: int = 8,
) -> list[int]:
    """Book each scene (in order) at its best fitting place; return those left out."""
    left = []
    for s in scenes:
        placed = False
        for _, loc, day, first, mask in candidates(state, s, pressure, previous)[:tries]:
            for start in _starts_to_try(first, mask, state.problem.scenes[s].slots):
                if accept is None or accept(s, loc, day, start):
                    state.add(s, loc, day, start)
                    placed = True
                    break
            if placed:
                break
        if not placed:
            left.append(s)
    return left


def _starts_to_try(first: int, mask: int, k: int, more: int = 2):
    """The chosen start, a few later ones a scene apart, and the latest: extras busy at the
    chosen time may be free a little later, and those resting after a night's call the
    evening before are free late in the day."""
    yield first
    t = first
    last = mask.bit_length() - 1
    for _ in range(more):
        later = mask >> (t + k) << (t + k)
        if not later:
            return
        t = (later & -later).bit_length() - 1
        yield t
    if last > t:
        yield last


def warm_start(state: PlanState, previous: dict, fixed: set[int], accept: Accept) -> None:
    """Keep every earlier booking that still fits, densest first (the re-plan's warm start)."""
    problem = state.problem
    for s in greedy_order(problem, [s for s in previous if s not in fixed]):
        loc, day, start = previous[s]
        if day not in problem.scenes[s].staffable_days:
            continue
        if state.starts(s, loc, day) >> start & 1 and accept(s, loc, day, start):
            state.add(s, loc, day, start)
