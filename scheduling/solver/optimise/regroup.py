"""A crew's scenes shared out among its days again, then each day planned as a whole.

The batch walk plans a crew's days one after the other, each day taking the densest batches it
can reach, and every later step (the rebuilds, the CP-SAT steps, the beam sweep) re-plans one
day at a time: none moves a scene from one of the crew's days to another. So the scenes of one
set end up spread over the crew's days and each day visits more sets than it needs. On L (crews
of three to five days) the plan's days lose 8% of their minutes to moves, where the LP bound
loses 1.5%.

Here a small CP-SAT model of the crew alone picks which scenes each day shoots (``share_out``):
a day holds what its longest day holds, with a move (``MOVE_SLOTS``) for each set beyond the
first, day scenes within the day and night scenes within the night; scenes that ask for the
same sets share one, and a scene whose sets include another's can use that one. Other crews,
extras and exact times are left out (the beam sees them). Then each of the crew's days, cleared,
is planned by the beam (``beam.best_day``) with the scenes given to it, those an earlier day
could not place and the crew's scenes given to no day. The crew's new days are kept when they
earn more than its old ones.
"""

from __future__ import annotations

import time

from ortools.sat.python import cp_model

from scheduling.solver.optimise.beam import STEP_WORK, best_day, book_day, first_starts
from scheduling.solver.optimise.extras import PerformerBook
from scheduling.solver.optimise.lns import CP_WALL_PER_DTIME
from scheduling.solver.optimise.prepare import Problem
from scheduling.solver.optimise.rebuild import clear, restore
from scheduling.solver.optimise.state import PlanState

# The model's move: one slot per set beyond the first (the shortest move there is on the grid).
MOVE_SLOTS = 1
# CP-SAT's deterministic time per crew; the model's building is charged MODEL_CHARGE work units,
# its solving as the search's CP-SAT steps (``lns.CP_WALL_PER_DTIME`` units per unit of
# deterministic time).
MODEL_DTIME = 0.05
MODEL_CHARGE = 0.01
# CP-SAT's linearization level for the model: at 2 its LP relaxation holds the days' rows and
# the links of scenes to sets, and within the same deterministic time it finds better shares
# and proves more of them optimal. On the first 60 crews of L at night (from the batch walk's
# plan; 0.05 each): the default level found 1,737,750 against a proven bound of 1,906,980,
# none optimal, 3.0 units of deterministic time and 7.3 s; level 2 found 1,813,020 against
# 1,828,260, 24 optimal, 2.4 units and 4.5 s (the default given 1.0 each: 1,797,420).
LINEARIZATION = 2


def regroup_sweep(
    state: PlanState,
    book: PerformerBook,
    crews: list[int],
    *,
    fixed: set[int],
    width: int,
    budget: float,
    deadline: float,
    seed: int,
) -> float:
    """Share out each crew's scenes among its days again and plan the days with the beam,
    crew by crew, keeping the crew's new days when they earn more, until ``budget`` work units
    are spent; return them. Crews holding a ``fixed`` scene are left alone."""
    problem = state.problem
    spent = 0.0
    for crew in crews:
        if spent >= budget or time.monotonic() > deadline:
            break
        scenes = problem.crew_scenes.get(crew, ())
        if any(s in fixed for s in scenes):
            continue
        todo = [
            s for s in scenes if problem.scenes[s].staffable_days and problem.scenes[s].locations
        ]
        days = sorted({d for s in todo for d in problem.scenes[s].staffable_days})
        if len(days) < 2:
            continue
        old = {s: state.place[s] for s in todo if s in state.place}
        shares, dtime = share_out(problem, crew, todo, {s: w[1] for s, w in old.items()}, seed)
        spent += MODEL_CHARGE + dtime * CP_WALL_PER_DTIME
        if shares is None:
            continue
        before = state.value
        saved = clear(state, book, old)
        placed, steps = _plan_days(state, book, crew, days, todo, shares, width)
        spent += steps * STEP_WORK
        if state.value <= before:
            restore(state, book, placed, old, saved)
    return spent


def _plan_days(
    state: PlanState,
    book: PerformerBook,
    crew: int,
    days: list[int],
    todo: list[int],
    shares: dict[int, int],
    width: int,
) -> tuple[list[int], int]:
    """Plan the crew's ``days`` in turn with the beam: each with the scenes given to it, those
    an earlier day could not place and those given to no day. The scenes placed and the beam's
    steps."""
    problem = state.problem
    placed: list[int] = []
    missed: list[int] = []
    steps = 0
    for day in days:
        given = [s for s in todo if shares.get(s) == day]
        spare = [
            s
            for s in todo
            if (s not in shares or s in missed)
            and s not in state.place
            and day in problem.scenes[s].staffable_days
        ]
        day_todo = sorted(set(given + spare))
        _, batches, n = best_day(
            state, crew, day, day_todo, first_starts(problem, crew, day_todo), width
        )
        steps += n
        placed += book_day(state, book, day, batches)
        missed += [s for s in given if s not in state.place]
    return placed, steps


def share_out(
    problem: Problem, crew: int, todo: list[int], hint: dict[int, int], seed: int
) -> tuple[dict[int, int] | None, float]:
    """The day each of ``todo`` is given (scenes given none are left out) by the crew's model,
    started from ``hint`` (scene -> day), and CP-SAT's deterministic time; None when no
    solution was found."""
    model = cp_model.CpModel()
    days = sorted({d for s in todo for d in problem.scenes[s].staffable_days})
    sets = sorted({frozenset(problem.scenes[s].locations) for s in todo}, key=sorted)
    used = {(k, d): model.NewBoolVar("") for k in range(len(sets)) for d in days}
    shot = {}
    for s in todo:
        fits = frozenset(problem.scenes[s].locations)
        usable = [k for k, places in enumerate(sets) if places <= fits]
        for d in problem.scenes[s].staffable_days:
            shot[s, d] = lit = model.NewBoolVar("")
            model.Add(lit <= sum(used[k, d] for k in usable))
            model.AddHint(lit, hint.get(s) == d)
        model.AddAtMostOne(shot[s, d] for d in problem.scenes[s].staffable_days)
    for (k, d), lit in used.items():
        model.AddHint(
            lit,
            any(
                hint.get(s) == d and frozenset(problem.scenes[s].locations) == sets[k] for s in todo
            ),
        )
    span = problem.crew_span[crew]
    night = problem.day_slots - problem.night_slot
    for d in days:
        that_day = [(s, lit) for (s, day), lit in shot.items() if day == d]
        moves = sum(used[k, d] for k in range(len(sets)))
        model.Add(
            sum(problem.scenes[s].slots * lit for s, lit in that_day) + MOVE_SLOTS * moves
            <= span + MOVE_SLOTS
        )
        for kind, room in (("day", problem.night_slot), ("night", night)):
            chosen = [
                (s, lit) for s, lit in that_day if problem.scenes[s].scene.time_of_day == kind
            ]
            if chosen:
                model.Add(
                    sum(problem.scenes[s].slots * lit for s, lit in chosen) <= min(span, room)
                )
    model.Maximize(sum(problem.scenes[s].value * lit for (s, _), lit in shot.items()))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_deterministic_time = MODEL_DTIME
    solver.parameters.random_seed = seed
    solver.parameters.linearization_level = LINEARIZATION
    status = solver.Solve(model)
    dtime = solver.ResponseProto().deterministic_time
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, dtime
    return {s: d for (s, d), lit in shot.items() if solver.Value(lit)}, dtime


def regroup_order(state: PlanState, fixed: set[int]) -> list[int]:
    """Crews that leave out scenes they could shoot, the most value first (the sweep passes
    over those with a single day)."""
    problem = state.problem
    missing: dict[int, int] = {}
    for s in state.left_out():
        info = problem.scenes[s]
        if s not in fixed and info.staffable_days and info.locations:
            missing[info.crew] = missing.get(info.crew, 0) + info.value
    return sorted(missing, key=lambda crew: (-missing[crew], crew))
