"""The beam search over a crew's day, and the sweep that re-plans crew-days with it."""

from __future__ import annotations

from scheduling.solver.checker import check_plan
from scheduling.solver.instance import parse_instance
from scheduling.solver.optimise.batches import walk
from scheduling.solver.optimise.beam import beam_sweep, best_day, first_starts
from scheduling.solver.optimise.extras import PerformerBook
from scheduling.solver.optimise.prepare import prepare
from scheduling.solver.optimise.state import PlanState

from .test_optimise_submodel import _as_plan


def _scene(ident, minutes, priority, *locations, time_of_day="any"):
    return {
        "id": ident,
        "crew": "C1",
        "minutes": minutes,
        "priority": priority,
        "locations": list(locations),
        "time_of_day": time_of_day,
    }


def _one_crew_instance(scenes, *, span: int, travel: int, closures=(), night_from="14:00"):
    """One crew on a 06:00-14:00 day (night from ``night_from``) at sets A (east) and B
    (west), ``travel`` minutes apart, both closed during ``closures``."""
    closed = [{"day": 0, "start": start, "end": end} for start, end in closures]
    return parse_instance(
        {
            "format": "hengdian-instance/1",
            "horizon": {
                "start": "2025-08-04",
                "days": 1,
                "day_start": "06:00",
                "day_end": "14:00",
                "night_from": night_from,
            },
            "zones": [{"id": "east", "name": "East"}, {"id": "west", "name": "West"}],
            "travel_minutes": [{"from": "east", "to": "west", "minutes": travel}],
            "locations": [
                {
                    "id": "A",
                    "name": "palace hall",
                    "zone": "east",
                    "tags": ["palace"],
                    "closures": closed,
                },
                {
                    "id": "B",
                    "name": "old street",
                    "zone": "west",
                    "tags": ["street"],
                    "closures": closed,
                },
            ],
            "crews": [{"id": "C1", "name": "palace drama", "max_span_minutes": span}],
            "scenes": scenes,
            "performers": [],
        }
    )


def _short_day_instance():
    """A four-hour day; a short rich scene at A, two long ones at B, an hour's drive apart.
    A1: 60 minutes at priority 5 (300); B1, B2: 120 minutes at priority 3 (360 each)."""
    scenes = [_scene("A1", 60, 5, "A"), _scene("B1", 120, 3, "B"), _scene("B2", 120, 3, "B")]
    return _one_crew_instance(scenes, span=240, travel=60)


def _setup():
    instance = _short_day_instance()
    problem = prepare(instance)
    return instance, problem, PlanState(problem), PerformerBook(problem)


def test_the_walk_takes_the_richest_batch_first_and_loses_the_day():
    # A1 earns 150 a slot, B1 and B2 together 90: the walk shoots A1 (06:00-07:00), drives an
    # hour and has two hours left for B1: 300 + 360 = 660.
    _, problem, state, book = _setup()
    todo = sorted(problem.scene_index.values())
    walk(state, book, 0, todo, 0)
    assert state.value == 660


def test_the_beam_finds_the_whole_day_at_one_set():
    # B1 and B2 back to back at B fill the four hours: 720. Every other day is worth 660.
    _, problem, state, _ = _setup()
    index = problem.scene_index
    todo = sorted(index.values())
    value, batches, steps = best_day(state, 0, 0, todo, offsets=(0,), width=4)
    assert value == 720
    assert batches == [(1, 0, (index["B1"], index["B2"]))]
    assert steps > 0


def _closed_hour_instance():
    """A five-hour day (10 slots); A and B are 90 minutes apart and both closed 10:30-11:00
    (slot 9). S2 (30 min, priority 4), S0 (30, 3), S1 (60, 3), S3 (60, 3), S4 (90, 3); S1 and
    S2 only at B."""
    scenes = [
        _scene("S0", 30, 3, "A", "B"),
        _scene("S1", 60, 3, "B"),
        _scene("S2", 30, 4, "B"),
        _scene("S3", 60, 3, "B", "A"),
        _scene("S4", 90, 3, "A", "B"),
    ]
    return _one_crew_instance(scenes, span=300, travel=90, closures=[("10:30", "11:00")])


def test_of_two_days_with_the_same_scenes_at_the_same_set_and_time_the_later_begun_is_kept():
    # Walked from 07:00 (slot 2) or 08:30 (slot 5). Both reach B at 10:30 with S2, S0 and S1
    # shot; the day begun at 07:00 must end by 12:00 and can add only S3, the day begun at
    # 08:30 has until 13:30 and adds S3 and S4 after the closed half hour: every scene, 840.
    problem = prepare(_closed_hour_instance())
    index = problem.scene_index
    todo = sorted(index.values())
    value, batches, _ = best_day(PlanState(problem), 0, 0, todo, offsets=(2, 5), width=100)
    assert value == 840
    assert batches == [
        (1, 5, (index["S2"], index["S0"], index["S1"])),
        (1, 10, (index["S3"], index["S4"])),
    ]


def _night_ahead_instance():
    """A four-hour day; night from 12:00. At A: N, a night scene (120 minutes, priority 5:
    600), D, a day scene (60, 3: 180), and four thin scenes T1-T4 (60, 2: 120 each)."""
    scenes = [
        _scene("N", 120, 5, "A", time_of_day="night"),
        _scene("D", 60, 3, "A", time_of_day="day"),
        *(_scene(f"T{i}", 60, 2, "A") for i in range(1, 5)),
    ]
    return _one_crew_instance(scenes, span=240, travel=60, night_from="12:00")


def test_the_beam_weighs_what_is_left_of_the_day_and_begins_late_for_the_night():
    # Begun at 06:00 the day holds D and three thin scenes (540) and ends before the night.
    # Begun at 10:00 it holds D, T1 and N (900). At 10:00, with one partial day kept a slot,
    # the day begun at 06:00 has 540 and nothing left; the day not yet begun has its four
    # hours ahead, two of them in the night, where N earns 600: it is the one kept.
    problem = prepare(_night_ahead_instance())
    index = problem.scene_index
    todo = sorted(index.values())
    starts = first_starts(problem, 0, todo)
    # The walk's 06:00 to 10:00; from 10:00 the longest day holds all two hours of night.
    assert starts == tuple(range(9))
    value, batches, _ = best_day(PlanState(problem), 0, 0, todo, offsets=starts, width=1)
    assert value == 900
    assert batches == [(0, 8, (index["D"], index["T1"], index["N"]))]


def test_a_day_crew_may_begin_after_the_walks_starts_only_to_shoot_its_night_scenes():
    # A three-hour day on 06:00-14:00, night from 12:00. The crew's work is mostly by day, so
    # the walk begins by 10:00 (slot 8).
    scenes = [
        _scene("N2", 120, 3, "A", time_of_day="night"),
        _scene("N1", 60, 3, "A", time_of_day="night"),
        *(_scene(x, 60, 3, "A") for x in ("T", "T2", "T3", "T4")),
    ]
    problem = prepare(_one_crew_instance(scenes, span=180, travel=60, night_from="12:00"))
    n2, n1, t = (problem.scene_index[x] for x in ("N2", "N1", "T"))
    assert first_starts(problem, 0, [t]) == tuple(range(9))
    # Begun at 10:00 (slot 8) the day holds N1's hour of night; later starts add nothing.
    assert first_starts(problem, 0, [n1, t]) == tuple(range(9))
    # Three hours of night: from 11:00 (slot 10) the day ends at 14:00, the end of the day.
    assert first_starts(problem, 0, [n2, n1, t]) == tuple(range(11))


def test_the_sweep_replaces_an_early_day_by_one_that_reaches_the_night():
    instance = _night_ahead_instance()
    problem = prepare(instance)
    state, book = PlanState(problem), PerformerBook(problem)
    index = problem.scene_index
    walk(state, book, 0, sorted(index.values()), 0)
    assert state.value == 540
    beam_sweep(state, book, [(0, 0)], fixed=set(), width=1, budget=1.0, deadline=1e18)
    assert state.value == 900
    assert state.place == {index["D"]: (0, 0, 8), index["T1"]: (0, 0, 10), index["N"]: (0, 0, 12)}
    assert check_plan(instance, _as_plan(problem, state, book)) == []


def test_the_sweep_replaces_a_worse_day_and_keeps_every_rule():
    instance, problem, state, book = _setup()
    index = problem.scene_index
    state.add(index["A1"], 0, 0, 0)
    state.add(index["B1"], 1, 0, 4)
    spent = beam_sweep(state, book, [(0, 0)], fixed=set(), width=4, budget=1.0, deadline=1e18)
    assert spent > 0
    assert state.value == 720
    assert state.place == {index["B1"]: (1, 0, 0), index["B2"]: (1, 0, 4)}
    assert check_plan(instance, _as_plan(problem, state, book)) == []


def test_the_sweep_keeps_a_day_it_cannot_better_exactly_as_it_was():
    _, problem, state, book = _setup()
    index = problem.scene_index
    state.add(index["B2"], 1, 0, 2)
    state.add(index["B1"], 1, 0, 6)
    beam_sweep(state, book, [(0, 0)], fixed=set(), width=4, budget=1.0, deadline=1e18)
    assert state.value == 720
    assert state.place == {index["B2"]: (1, 0, 2), index["B1"]: (1, 0, 6)}


def test_the_sweep_leaves_days_with_fixed_scenes_and_stops_at_its_budget():
    _, problem, state, book = _setup()
    index = problem.scene_index
    state.add(index["A1"], 0, 0, 0)
    state.add(index["B1"], 1, 0, 4)
    before = dict(state.place)
    fixed = {index["A1"]}
    assert beam_sweep(state, book, [(0, 0)], fixed=fixed, width=4, budget=1.0, deadline=1e18) == 0
    assert state.place == before
    assert beam_sweep(state, book, [(0, 0)], fixed=set(), width=4, budget=0.0, deadline=1e18) == 0
    assert state.place == before


def _spy_on_the_sweep(monkeypatch) -> list[float]:
    """Let instances of S's size take the beam sweep, and note the work each sweep spends."""
    import importlib

    solve_module = importlib.import_module("scheduling.solver.optimise.solve")
    spent: list[float] = []

    def sweep(*args, **kwargs):
        spent.append(beam_sweep(*args, **kwargs))
        return spent[-1]

    monkeypatch.setattr(solve_module, "SWEEP_MAX_SCENES", 100)
    monkeypatch.setattr(solve_module, "beam_sweep", sweep)
    return spent


def test_a_large_base_ends_its_search_with_the_sweep_and_is_deterministic(monkeypatch):
    from scheduling.solver.generate import generate_instance
    from scheduling.solver.optimise import solve

    spent = _spy_on_the_sweep(monkeypatch)
    instance = generate_instance("S", 2)
    one = solve(instance, time_limit=120, seed=7, work=1.0)
    two = solve(instance, time_limit=120, seed=7, work=1.0)
    # Three passes a solve (beams of 4, 16 and 64, on a fifth of this small budget and what
    # the regroup leaves of the rest); their work is counted in batches offered and scenes
    # weighed, not read off a clock: the same twice.
    assert len(spent) == 6 and spent[:3] == spent[3:] and min(spent) > 0
    assert one.plan.assignments == two.plan.assignments
    assert check_plan(instance, one.plan) == []


def test_a_replan_skips_the_sweep(monkeypatch):
    from dataclasses import replace

    from scheduling.solver.generate import generate_instance
    from scheduling.solver.model import Previous
    from scheduling.solver.optimise import solve

    spent = _spy_on_the_sweep(monkeypatch)
    instance = generate_instance("S", 2)
    first = solve(instance, time_limit=120, seed=7, work=0.5)
    passes = len(spent)
    earlier = tuple(Previous(a.scene, a.location, a.day, a.start) for a in first.plan.assignments)
    again = solve(replace(instance, previous=earlier), time_limit=120, seed=7, work=0.5)
    # The first solve's passes of 4 and 16 spend its small budget (a fifth of it and what the
    # regroup leaves).
    assert passes == 2
    assert len(spent) == passes  # none in the re-plan
    assert check_plan(replace(instance, previous=earlier), again.plan) == []
