"""The CP-SAT large-neighbourhood step: its proposals keep every hard rule and never lose value."""

from __future__ import annotations

import random

from scheduling.solver.checker import check_plan
from scheduling.solver.generate import generate_instance
from scheduling.solver.model import Assignment, Plan, Unscheduled
from scheduling.solver.optimise.extras import PerformerBook
from scheduling.solver.optimise.greedy import greedy_order, location_pressure, place_greedily
from scheduling.solver.optimise.lns import apply
from scheduling.solver.optimise.neighbourhood import by_crews, by_location
from scheduling.solver.optimise.prepare import prepare
from scheduling.solver.optimise.state import PlanState
from scheduling.solver.optimise.submodel import improve_step


def _as_plan(problem, state, book) -> Plan:
    assignments = []
    for s, (loc, day, start) in sorted(state.place.items()):
        info = problem.scenes[s]
        begin = problem.minute(start)
        staff = tuple(tuple(problem.performers[p].id for p in line) for line in book.staff[s])
        assignments.append(
            Assignment(
                info.scene.id,
                problem.location_ids[loc],
                day,
                begin,
                begin + info.scene.minutes,
                staff,
            )
        )
    left = tuple(Unscheduled(problem.scenes[s].scene.id, "not_worth") for s in state.left_out())
    return Plan(assignments=tuple(assignments), unscheduled=left)


def test_improve_step_proposals_keep_every_hard_rule():
    instance = generate_instance("S", 4)
    problem = prepare(instance)
    state, book = PlanState(problem), PerformerBook(problem)
    # A deliberately weak start (a third of the scenes) leaves room for the steps to gain.
    order = greedy_order(problem, range(len(problem.scenes)))[::3]
    place_greedily(
        state, order, pressure=location_pressure(problem), previous={}, accept=book.try_staff
    )
    start_value = state.value
    rng = random.Random(5)
    kept = 0
    for step in range(6):
        left = [s for s in state.left_out() if problem.scenes[s].staffable_days]
        seed = left[rng.randrange(len(left))]
        day = rng.choice(problem.scenes[seed].staffable_days)
        pick = by_location if step % 2 else by_crews
        hood = pick(state, seed, day, rng, set(), 30)
        before = state.value
        result = improve_step(
            state, hood, {}, seed=step, deterministic_time=0.2, wall_time=5.0, workers=1
        )
        assert state.value == before
        if result.improved and apply(state, book, result.old, result.new):
            kept += 1
            assert state.value >= before
    assert kept >= 1
    assert state.value > start_value
    assert check_plan(instance, _as_plan(problem, state, book)) == []
