"""The large-neighbourhood search loop: seeded neighbourhoods, a deterministic work budget.

Two kinds of step share the loop. Most are pure-Python rebuilds of a few crews' day (see
``rebuild``); every ``CP_EVERY``-th is a CP-SAT step that re-solves the freed scenes of a
family of locations or of a few crews exactly (see ``submodel``). The loop is deterministic for
a seed: neighbourhoods come from ``random.Random(seed)``, CP-SAT steps are limited by
deterministic time, and the budget is counted in work units (CP-SAT deterministic time, a fixed
charge per rebuild); the wall clock is only a safety stop.
"""

from __future__ import annotations

import itertools
import random
import time
from collections.abc import Callable

from scheduling.solver.optimise.extras import PerformerBook, scarcity
from scheduling.solver.optimise.neighbourhood import Neighbourhood, by_crews, by_location
from scheduling.solver.optimise.rebuild import pick_crews, rebuild_step
from scheduling.solver.optimise.state import PlanState
from scheduling.solver.optimise.submodel import improve_step

# Work units are calibrated to about a second of wall time on a 2-core machine.
# A rebuild's cost grows with the instance (more scenes per crew, longer listings).
REBUILD_CHARGE = 0.001
REBUILD_CHARGE_PER_SCENE = 5.5e-7
CP_CHARGE = 0.02
CP_WALL_PER_DTIME = 4.0
CP_EVERY = 200
CP_STEP_DTIME = 0.1
MOVE_PRICE = 60
REFRESH = 25


def search(
    state: PlanState,
    book: PerformerBook,
    *,
    previous: dict,
    fixed: set[int],
    seed: int,
    budget: float,
    deadline: float,
    workers: int,
    on_step: Callable[[], None] | None = None,
) -> int:
    """Improve the plan in place; return the number of steps that changed it."""
    rng = random.Random(seed)
    charge = REBUILD_CHARGE + REBUILD_CHARGE_PER_SCENE * len(state.problem.scenes)
    spent = 0.0
    changed = 0
    step = 0
    seeds: list[int] = []
    weights: list[int] = []
    while spent < budget and time.monotonic() < deadline:
        if step % REFRESH == 0:
            # The left-out scenes are re-listed now and then, not every step: on a large
            # instance the listing costs more than a rebuild.
            seeds, weights = _seeds(state, fixed)
        step += 1
        if not seeds:
            break
        target = rng.choices(seeds, cum_weights=weights, k=1)[0]
        if target in state.place:
            spent += charge / 4
            continue
        day = rng.choice(state.problem.scenes[target].staffable_days)
        before = state.value
        if step % CP_EVERY == 0:
            spent += CP_CHARGE + _cp_step(
                state, book, target, day, rng, previous, fixed, workers, deadline
            )
        else:
            spent += charge
            crews = pick_crews(state, target, day, rng, rng.choice((0, 1, 1, 2)))
            rebuild_step(state, book, crews, day, rng, fixed, previous, MOVE_PRICE)
        if state.value != before:
            changed += 1
            if on_step is not None and state.value > before:
                on_step()
    return changed


def _seeds(state: PlanState, fixed: set[int]) -> tuple[list[int], list[int]]:
    """Left-out scenes that could be placed somewhere, with cumulative density weights."""
    problem = state.problem
    seeds = [
        s
        for s in state.left_out()
        if s not in fixed and problem.scenes[s].staffable_days and problem.scenes[s].static_starts
    ]
    weights = list(itertools.accumulate(problem.scenes[s].density for s in seeds))
    return seeds, weights


def _cp_step(state, book, target, day, rng, previous, fixed, workers, deadline) -> float:
    """One CP-SAT step; returns the work units it spent."""
    pick = by_location if rng.random() < 0.5 else by_crews
    hood = pick(state, target, day, rng, fixed, 40)
    if not hood.options:
        return 0.0
    result = improve_step(
        state,
        hood,
        previous,
        seed=rng.randrange(1 << 30),
        deterministic_time=CP_STEP_DTIME,
        wall_time=deadline - time.monotonic(),
        workers=workers,
    )
    if result.improved:
        apply(state, book, result.old, result.new)
    return result.deterministic_time * CP_WALL_PER_DTIME


def apply(state: PlanState, book: PerformerBook, old: dict, new: dict) -> bool:
    """Move the freed scenes to their new places and staff them; undo it unless it gains.

    Scenes whose extras cannot be found at their new time are left out (the feedback from the
    extras stage); the step is kept when the value still rises, or stays level with nothing
    left out (then the model's secondary terms improved).
    """
    problem = state.problem
    changed = sorted(s for s in old.keys() | new.keys() if old.get(s) != new.get(s))
    before = state.value
    saved = {}
    for s in changed:
        if s in old:
            loc, day, start = state.remove(s)
            saved[s] = book.staff.get(s, ())
            book.release(s, day, start, loc)
    added = []
    for s in changed:
        if s in new:
            loc, day, start = new[s]
            if not state.starts(s, loc, day) >> start & 1:
                return _undo(state, book, old, saved, added)
            state.add(s, loc, day, start)
            added.append(s)
    order = sorted(
        added, key=lambda s: (-scarcity(problem, s, new[s][1]), -problem.scenes[s].value, s)
    )
    dropped = 0
    for s in order:
        loc, day, start = new[s]
        if not book.try_staff(s, loc, day, start):
            state.remove(s)
            added.remove(s)
            dropped += 1
    if state.value > before or (state.value == before and not dropped):
        return True
    return _undo(state, book, old, saved, added)


def _undo(state: PlanState, book: PerformerBook, old: dict, saved: dict, added: list) -> bool:
    for s in added:
        loc, day, start = state.remove(s)
        book.release(s, day, start, loc)
    for s, staff in saved.items():
        loc, day, start = old[s]
        state.add(s, loc, day, start)
        book.book(s, day, start, loc, staff)
    return False


# The crew sweep: one crew's day re-solved exactly (every scene it could shoot that day, on
# every fitting location), the rest of the base pinned. Where the rebuilds walk a crew's day
# greedily, this picks the subset and order of its scenes that earns the most within its
# longest day, the moves and the other crews' bookings.
SWEEP_DTIME = 0.05
SWEEP_CHARGE = 0.05


def crew_sweep(
    state: PlanState,
    book: PerformerBook,
    *,
    previous: dict,
    fixed: set[int],
    seed: int,
    budget: float,
    deadline: float,
    on_step: Callable[[], None] | None = None,
) -> float:
    """Re-solve crew-days one at a time, those with the most left out first; the work spent."""
    spent = 0.0
    for crew, day in sweep_order(state, fixed):
        if spent >= budget or time.monotonic() >= deadline:
            break
        options = _crew_day_options(state, crew, day, fixed)
        if not options:
            continue
        result = improve_step(
            state,
            Neighbourhood(day=day, options=options),
            previous,
            seed=seed,
            deterministic_time=SWEEP_DTIME,
            wall_time=deadline - time.monotonic(),
            workers=1,
        )
        spent += SWEEP_CHARGE + result.deterministic_time * CP_WALL_PER_DTIME
        before = state.value
        kept = result.improved and apply(state, book, result.old, result.new)
        if kept and on_step is not None and state.value > before:
            on_step()
    return spent


def sweep_order(state: PlanState, fixed: set[int]) -> list[tuple[int, int]]:
    """Crew-days that leave out scenes they could shoot that day, the most value first."""
    problem = state.problem
    missing: dict[tuple[int, int], int] = {}
    for s in state.left_out():
        if s in fixed:
            continue
        info = problem.scenes[s]
        for day in info.staffable_days:
            if any((loc, day) in info.static_starts for loc in info.locations):
                key = (info.crew, day)
                missing[key] = missing.get(key, 0) + info.value
    return sorted(missing, key=lambda key: (-missing[key], key))


def _crew_day_options(state: PlanState, crew: int, day: int, fixed: set[int]) -> dict:
    problem = state.problem
    options = {}
    for s in problem.crew_scenes.get(crew, ()):
        if s in fixed:
            continue
        where = state.place.get(s)
        if where is not None and where[1] != day:
            continue
        info = problem.scenes[s]
        if where is None and day not in info.staffable_days:
            continue
        locs = [loc for loc in info.locations if (loc, day) in info.static_starts]
        if locs:
            options[s] = locs
    return options
