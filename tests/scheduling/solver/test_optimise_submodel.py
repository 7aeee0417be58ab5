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
        lines = book.staff.get(s, ())
        staff = tuple(tuple(problem.performers[p].id for p in line) for line in lines)
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


def _two_sets_instance():
    """06:00-12:00, a palace hall and a street an hour apart, one crew of six hours."""
    from scheduling.solver.instance import parse_instance

    def scene(ident, minutes, priority, tag):
        return {
            "id": ident,
            "crew": "C1",
            "minutes": minutes,
            "priority": priority,
            "location_tags": [tag],
        }

    return parse_instance(
        {
            "format": "hengdian-instance/1",
            "horizon": {
                "start": "2025-08-04",
                "days": 1,
                "day_start": "06:00",
                "day_end": "12:00",
                "night_from": "12:00",
            },
            "zones": [{"id": "east", "name": "East"}, {"id": "west", "name": "West"}],
            "travel_minutes": [{"from": "east", "to": "west", "minutes": 60}],
            "locations": [
                {"id": "L1", "name": "palace hall", "zone": "east", "tags": ["palace"]},
                {"id": "L2", "name": "old street", "zone": "west", "tags": ["street"]},
            ],
            "crews": [{"id": "C1", "name": "palace drama", "max_span_minutes": 360}],
            "scenes": [
                scene("P1", 120, 3, "palace"),
                scene("S1", 120, 2, "street"),
                scene("S2", 120, 2, "street"),
                scene("S3", 60, 2, "street"),
            ],
            "performers": [],
        }
    )


def test_crew_sweep_resolves_a_crew_day_to_its_best():
    # Booked: P1 at 06:00 and S3 at 09:00 (after the hour's drive): 3x120 + 2x60 = 480, with
    # two hours idle. The best day: P1, the drive, then S1 and S3 (or S2 and S3) back to back
    # at the street, 06:00-12:00: 3x120 + 2x180 = 720 (all four need 420 + 60 minutes).
    from scheduling.solver.optimise.lns import crew_sweep

    instance = _two_sets_instance()
    problem = prepare(instance)
    state, book = PlanState(problem), PerformerBook(problem)
    index = problem.scene_index
    state.add(index["P1"], 0, 0, 0)
    state.add(index["S3"], 1, 0, 6)
    assert state.value == 480
    crew_sweep(state, book, previous={}, fixed=set(), seed=1, budget=1.0, deadline=1e18)
    assert state.value == 720
    assert check_plan(instance, _as_plan(problem, state, book)) == []


def test_crew_sweep_keeps_fixed_scenes_where_they_are():
    # With S3 fixed at 09:00, the best day keeps it: P1 at 06:00 and S3, then S1 or S2 cannot
    # follow (S3 ends at 10:00, two hours left: S1 10:00-12:00): 360 + 120 + 240 = 720 still,
    # and S3 has not moved.
    from scheduling.solver.optimise.lns import crew_sweep

    instance = _two_sets_instance()
    problem = prepare(instance)
    state, book = PlanState(problem), PerformerBook(problem)
    index = problem.scene_index
    state.add(index["P1"], 0, 0, 0)
    state.add(index["S3"], 1, 0, 6)
    fixed = {index["S3"]}
    crew_sweep(state, book, previous={}, fixed=fixed, seed=1, budget=1.0, deadline=1e18)
    assert state.place[index["S3"]] == (1, 0, 6)
    assert state.value == 720
    assert check_plan(instance, _as_plan(problem, state, book)) == []
