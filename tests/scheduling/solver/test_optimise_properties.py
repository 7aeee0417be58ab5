"""Property: on random small instances the optimiser's plan keeps every hard rule.

The instances include shooting days past midnight and rest rules between shooting days.
"""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduling.solver.checker import check_plan
from scheduling.solver.instance import parse_instance
from scheduling.solver.model import Locked, Previous
from scheduling.solver.optimise import solve

TAGS = ("palace", "street")
# (day_start, day_end, night_from, closure start, closure end): the old short day, a night
# running on to 06:00, and a full 24-hour shooting day (no night between two shooting days).
WINDOWS = (
    ("06:00", "12:00", "09:00", "08:00", "09:00"),
    ("18:00", "30:00", "24:00", "25:00", "26:00"),
    ("20:00", "44:00", "26:00", "27:00", "29:00"),
)
RESTS = (0, 0, 240, 480, 720, 1440)


@st.composite
def instances(draw):
    days = draw(st.integers(1, 3))
    day_list = list(range(days))
    day_start, day_end, night_from, shut, reopen = draw(st.sampled_from(WINDOWS))
    locations = [
        {
            "id": f"L{i}",
            "name": f"set {i}",
            "zone": draw(st.sampled_from(["east", "west"])),
            "tags": draw(st.lists(st.sampled_from(TAGS), unique=True, max_size=2)),
            "capacity": draw(st.integers(1, 2)),
            "closures": draw(
                st.lists(
                    st.fixed_dictionaries(
                        {"day": st.sampled_from(day_list), "start": st.just(shut)}
                    ).map(lambda c: {**c, "end": reopen}),
                    max_size=1,
                )
            ),
        }
        for i in range(draw(st.integers(1, 3)))
    ]
    crews = []
    for i in range(draw(st.integers(1, 2))):
        first = draw(st.sampled_from(day_list))
        crews.append(
            {
                "id": f"C{i}",
                "name": f"crew {i}",
                "priority": draw(st.integers(1, 3)),
                "first_day": first,
                "last_day": draw(st.integers(first, days - 1)),
                "max_span_minutes": draw(st.sampled_from([120, 180, 300])),
                "min_rest_minutes": draw(st.sampled_from(RESTS)),
            }
        )
    line = st.fixed_dictionaries(
        {
            "count": st.integers(1, 2),
            "gender": st.sampled_from(["F", "M", "any"]),
            "min_age": st.just(18),
            "max_age": st.sampled_from([30, 60]),
        }
    )
    scenes = []
    for i in range(draw(st.integers(1, 7))):
        crew = draw(st.sampled_from(crews))
        scenes.append(
            {
                "id": f"S{i}",
                "crew": crew["id"],
                "minutes": draw(st.sampled_from([30, 60, 90, 120])),
                "location_tags": draw(st.lists(st.sampled_from(TAGS), unique=True, max_size=1)),
                "time_of_day": draw(st.sampled_from(["any", "day", "night"])),
                "priority": draw(st.integers(1, 3)),
                "extras": draw(st.lists(line, max_size=2)),
            }
        )
    performers = [
        {
            "id": f"P{i}",
            "gender": draw(st.sampled_from(["F", "M"])),
            "age": draw(st.integers(18, 50)),
            "available_days": draw(st.lists(st.sampled_from(day_list), unique=True)),
            "max_minutes_per_day": draw(st.sampled_from([60, 120, 300])),
            "min_rest_minutes": draw(st.sampled_from(RESTS)),
        }
        for i in range(draw(st.integers(0, 5)))
    ]
    return parse_instance(
        {
            "format": "hengdian-instance/1",
            "horizon": {
                "start": "2025-08-04",
                "days": days,
                "day_start": day_start,
                "day_end": day_end,
                "night_from": night_from,
            },
            "zones": [{"id": "east", "name": "East"}, {"id": "west", "name": "West"}],
            "travel_minutes": [
                {"from": "east", "to": "west", "minutes": draw(st.sampled_from([20, 45, 75]))}
            ],
            "locations": locations,
            "crews": crews,
            "scenes": scenes,
            "performers": performers,
        }
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.integers(0, 3))
def test_solve_random_instance_keeps_every_hard_rule(instance, seed):
    result = solve(instance, time_limit=0.5, seed=seed, workers=1)
    assert check_plan(instance, result.plan) == []
    ids = [a.scene for a in result.plan.assignments] + [u.scene for u in result.plan.unscheduled]
    assert sorted(ids) == sorted(s.id for s in instance.scenes)
    assert result.status in ("optimal", "feasible")
    assert result.bound is None or result.value <= result.bound
    assert result.value <= sum(
        s.priority * instance.crew_by_id[s.crew].priority * s.minutes for s in instance.scenes
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.integers(0, 3))
def test_solve_random_replan_keeps_locked_and_every_hard_rule(instance, seed):
    first = solve(instance, time_limit=0.3, seed=seed, workers=1)
    locked = tuple(
        Locked(a.scene, a.location, a.day, a.start, a.performers)
        for a in first.plan.assignments[::2]
    )
    previous = tuple(Previous(a.scene, a.location, a.day, a.start) for a in first.plan.assignments)
    replan = replace(instance, locked=locked, previous=previous)
    result = solve(replan, time_limit=0.3, seed=seed, workers=1)
    assert check_plan(replan, result.plan) == []
    placed = {a.scene: a for a in result.plan.assignments}
    for k in locked:
        a = placed[k.scene]
        assert (a.location, a.day, a.start, a.performers) == (
            k.location,
            k.day,
            k.start,
            k.performers,
        )
    assert result.value >= first.value


# In 500 examples the regroup planned 64 crews again, 35 of them over more than one day, 14 of
# those with rest between days.
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.integers(0, 3))
def test_the_regroup_keeps_every_hard_rule(instance, seed):
    """Each crew's days cleared after the batch walk, then planned anew by the regroup (which
    keeps them, the cleared days being worth nothing): the other crews' bookings, the rest
    between the crew's own days and its performers' stay kept."""
    from scheduling.solver.optimise.batches import plan_by_batches
    from scheduling.solver.optimise.extras import PerformerBook
    from scheduling.solver.optimise.prepare import prepare
    from scheduling.solver.optimise.regroup import regroup_sweep
    from scheduling.solver.optimise.state import PlanState

    from .test_optimise_submodel import _as_plan

    problem = prepare(instance)
    state, book = PlanState(problem), PerformerBook(problem)
    plan_by_batches(state, book, list(range(len(problem.scenes))))
    for crew in range(len(problem.crew_ids)):
        for s in problem.crew_scenes.get(crew, ()):
            if s in state.place:
                loc, day, start = state.remove(s)
                book.release(s, day, start, loc)
        regroup_sweep(
            state, book, [crew], fixed=set(), width=4, budget=10.0, deadline=1e18, seed=seed
        )
    assert check_plan(instance, _as_plan(problem, state, book)) == []
