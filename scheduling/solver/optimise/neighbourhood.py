"""Which scenes a large-neighbourhood step frees: around one scene that is still left out.

A step picks a left-out scene (the denser, the likelier), one of its days, and then either
the family of locations it could use (the scenes there are freed to be repacked) or the crews
that hold those locations that day (their scenes are freed across every location they fit).
Everything else stays pinned. All choices come from the seeded ``random.Random``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from scheduling.solver.optimise.state import PlanState

MAX_CREWS = 4
CREW_OPTIONS = 3


@dataclass
class Neighbourhood:
    day: int
    # scene -> candidate locations on that day
    options: dict[int, list[int]]


def by_location(
    state: PlanState, seed: int, day: int, rng: random.Random, fixed: set[int], max_free: int
) -> Neighbourhood:
    """Free the scenes on a few locations the seed scene fits, plus left-out scenes for them."""
    problem = state.problem
    info = problem.scenes[seed]
    locs = [loc for loc in info.locations if (loc, day) in info.static_starts]
    rng.shuffle(locs)
    chosen: list[int] = []
    freed: dict[int, list[int]] = {}
    placed_at = _placed_by_location(state, day)
    for loc in locs:
        here = [s for s in placed_at.get(loc, ()) if s not in fixed]
        if chosen and len(freed) + len(here) > max_free * 2 // 3:
            break
        chosen.append(loc)
        for s in here:
            freed[s] = []
        if len(chosen) >= 6:
            break
    chosen_set = set(chosen)
    for s in list(freed):
        freed[s] = [x for x in problem.scenes[s].locations if x in chosen_set]
    _add_left_out(state, freed, day, chosen_set, fixed, max_free)
    return Neighbourhood(day=day, options=_fitting(state, freed, day, 6))


def by_crews(
    state: PlanState, seed: int, day: int, rng: random.Random, fixed: set[int], max_free: int
) -> Neighbourhood:
    """Free the seed's crew and the crews holding its locations that day, on every fit."""
    problem = state.problem
    info = problem.scenes[seed]
    crews = [info.crew]
    placed_at = _placed_by_location(state, day)
    others = sorted(
        {problem.scenes[s].crew for loc in info.locations for s in placed_at.get(loc, ())}
        - {info.crew}
    )
    rng.shuffle(others)
    freed: dict[int, list[int]] = {}
    for crew in [info.crew, *others]:
        entries = [e[3] for e in state.crew_day.get((crew, day), ()) if e[3] not in fixed]
        if len(crews) > 1 and len(freed) + len(entries) > max_free * 2 // 3:
            break
        if crew != info.crew:
            crews.append(crew)
        for s in entries:
            freed[s] = list(problem.scenes[s].locations)
        if len(crews) >= MAX_CREWS:
            break
    left = [
        s
        for crew in crews
        for s in problem.crew_scenes.get(crew, ())
        if s not in state.place and s not in fixed
    ]
    for s in left:
        if len(freed) >= max_free:
            break
        if day in problem.scenes[s].staffable_days:
            freed[s] = list(problem.scenes[s].locations)
    freed.setdefault(seed, list(info.locations))
    return Neighbourhood(day=day, options=_fitting(state, freed, day, CREW_OPTIONS))


def _placed_by_location(state: PlanState, day: int) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for (_, d), entries in state.crew_day.items():
        if d == day:
            for _, _, loc, s in entries:
                out.setdefault(loc, []).append(s)
    for scenes in out.values():
        scenes.sort()
    return out


def _add_left_out(state, freed, day, locs: set[int], fixed, max_free) -> None:
    problem = state.problem
    left = [
        s
        for s in state.left_out()
        if s not in fixed
        and day in problem.scenes[s].staffable_days
        and any((x, day) in problem.scenes[s].static_starts for x in locs)
    ]
    left.sort(key=lambda s: (-problem.scenes[s].density, s))
    for s in left:
        if len(freed) >= max_free:
            break
        freed[s] = [x for x in problem.scenes[s].locations if x in locs]


def _fitting(
    state: PlanState, freed: dict[int, list[int]], day: int, max_options: int
) -> dict[int, list[int]]:
    """Keep locations with a static start that day: the current one, then the emptiest."""
    problem = state.problem
    out = {}
    for s in sorted(freed):
        info = problem.scenes[s]
        if day not in info.staffable_days and s not in state.place:
            continue
        current = state.place.get(s, (None,))[0]
        locs = [x for x in freed[s] if (x, day) in info.static_starts]
        if len(locs) > max_options:
            locs.sort(key=lambda x: (x != current, state.loc_full.get((x, day), 0).bit_count(), x))
            locs = locs[:max_options]
        if locs:
            out[s] = locs
    return out
