"""A crew's scenes shared out among its days again (``regroup``): the day each scene is given,
and the sweep that plans the crew's days anew from it."""

from __future__ import annotations

from scheduling.solver.checker import check_plan
from scheduling.solver.instance import parse_instance
from scheduling.solver.optimise.extras import PerformerBook
from scheduling.solver.optimise.prepare import prepare
from scheduling.solver.optimise.regroup import regroup_order, regroup_sweep, share_out
from scheduling.solver.optimise.state import PlanState

from .test_optimise_submodel import _as_plan

PRIORITIES = {"1": 5, "2": 4, "3": 3, "4": 2}


def _two_day_instance():
    """One crew, two four-hour days (06:00-10:00), sets A (east) and B (west) an hour apart.
    Four one-hour scenes at each, A1-A4 and B1-B4, priorities 5, 4, 3, 2 (300, 240, 180, 120);
    A1 only on the first day."""
    scenes = [
        {
            "id": f"{place}{n}",
            "crew": "C1",
            "minutes": 60,
            "priority": PRIORITIES[n],
            "locations": [place],
            **({"first_day": 0, "last_day": 0} if place + n == "A1" else {}),
        }
        for place in "AB"
        for n in "1234"
    ]
    return parse_instance(
        {
            "format": "hengdian-instance/1",
            "horizon": {
                "start": "2025-08-04",
                "days": 2,
                "day_start": "06:00",
                "day_end": "10:00",
                "night_from": "10:00",
            },
            "zones": [{"id": "east", "name": "East"}, {"id": "west", "name": "West"}],
            "travel_minutes": [{"from": "east", "to": "west", "minutes": 60}],
            "locations": [
                {"id": "A", "name": "palace hall", "zone": "east", "tags": ["palace"]},
                {"id": "B", "name": "old street", "zone": "west", "tags": ["street"]},
            ],
            "crews": [
                {
                    "id": "C1",
                    "name": "palace drama",
                    "first_day": 0,
                    "last_day": 1,
                    "max_span_minutes": 240,
                }
            ],
            "scenes": scenes,
            "performers": [],
        }
    )


def _interleaved():
    """Each day two hours at one set, an hour's drive, an hour at the other: day 0 A1, A2 and
    B1; day 1 B2, B3 and A3 (1,440). A4 and B4 (120 each) are left out."""
    instance = _two_day_instance()
    problem = prepare(instance)
    state, book = PlanState(problem), PerformerBook(problem)
    i = problem.scene_index
    for name, loc, day, start in (
        ("A1", 0, 0, 0),
        ("A2", 0, 0, 2),
        ("B1", 1, 0, 6),
        ("B2", 1, 1, 0),
        ("B3", 1, 1, 2),
        ("A3", 0, 1, 6),
    ):
        state.add(i[name], loc, day, start)
    return instance, problem, state, book


def test_the_crew_model_gives_each_set_a_day_of_its_own():
    # Split between the days, each day loses an hour to the drive and the crew shoots six
    # scenes; a day at each set holds all eight. A1 shoots on day 0 only, so A is day 0's.
    _, problem, state, _ = _interleaved()
    i = problem.scene_index
    hint = {s: where[1] for s, where in state.place.items()}
    shares, dtime = share_out(problem, 0, sorted(i.values()), hint, seed=1)
    assert shares == {i[f"{x}{n}"]: 0 if x == "A" else 1 for x in "AB" for n in "1234"}
    assert dtime > 0


def test_the_sweep_plans_the_crews_days_anew_and_keeps_every_rule():
    instance, problem, state, book = _interleaved()
    i = problem.scene_index
    assert state.value == 1440
    assert regroup_order(state, set()) == [0]
    spent = regroup_sweep(state, book, [0], fixed=set(), width=4, budget=1.0, deadline=1e18, seed=1)
    assert spent > 0
    # Every scene, the densest first at each set: 2 x (300 + 240 + 180 + 120) = 1,680.
    assert state.value == 1680
    assert state.place == {
        **{i[f"A{n}"]: (0, 0, 2 * k) for k, n in enumerate("1234")},
        **{i[f"B{n}"]: (1, 1, 2 * k) for k, n in enumerate("1234")},
    }
    assert state.left_out() == []
    assert check_plan(instance, _as_plan(problem, state, book)) == []


def test_the_sweep_leaves_a_crew_holding_a_fixed_scene_alone():
    _, problem, state, book = _interleaved()
    before = dict(state.place)
    spent = regroup_sweep(
        state,
        book,
        [0],
        fixed={problem.scene_index["B1"]},
        width=4,
        budget=1.0,
        deadline=1e18,
        seed=1,
    )
    assert spent == 0
    assert state.place == before
    assert state.value == 1440


def test_the_sweep_keeps_days_it_cannot_better_exactly_as_they_were():
    _, problem, state, book = _interleaved()
    regroup_sweep(state, book, [0], fixed=set(), width=4, budget=1.0, deadline=1e18, seed=1)
    best = dict(state.place)
    staff = dict(book.staff)
    spent = regroup_sweep(state, book, [0], fixed=set(), width=4, budget=1.0, deadline=1e18, seed=1)
    assert spent > 0
    assert state.place == best
    assert book.staff == staff
    assert state.value == 1680


def test_a_large_base_shares_out_its_crews_days_first_and_leaves_the_rest_to_the_beam(monkeypatch):
    import importlib

    from scheduling.solver.optimise import solve
    from scheduling.solver.optimise.beam import beam_sweep
    from scheduling.solver.optimise.lns import search

    solve_module = importlib.import_module("scheduling.solver.optimise.solve")
    calls: list[tuple[list[int], float, float]] = []

    def spy(state, book, crews, **kwargs):
        spent = regroup_sweep(state, book, crews, **kwargs)
        calls.append((list(crews), kwargs["budget"], spent))
        return spent

    beams: list[float] = []
    rebuilds: list[float] = []

    def beam_spy(state, book, crew_days, **kwargs):
        beams.append(kwargs["budget"])
        return beam_sweep(state, book, crew_days, **kwargs)

    def search_spy(state, book, **kwargs):
        rebuilds.append(kwargs["budget"])
        return search(state, book, **kwargs)

    monkeypatch.setattr(solve_module, "SWEEP_MAX_SCENES", 1)
    monkeypatch.setattr(solve_module, "regroup_sweep", spy)
    monkeypatch.setattr(solve_module, "beam_sweep", beam_spy)
    monkeypatch.setattr(solve_module, "search", search_spy)
    instance = _two_day_instance()
    one = solve(instance, time_limit=120, seed=7, work=1.0)
    two = solve(instance, time_limit=120, seed=7, work=1.0)
    # Two passes a solve on four fifths of the work; the greedy plan already shoots every
    # scene, so no crew is offered and nothing is spent: the same twice.
    assert calls == [([], 0.8, 0.0)] * 4
    # What the passes leave goes to the beam sweep with its own fifth; the rebuilds get none.
    # Nothing is left out, so each of its passes (4, 16, 64) spends nothing of the whole.
    assert beams == [1.0, 1.0, 1.0] * 2
    assert rebuilds == [0.0, 0.0]
    assert one.value == two.value == 1680
    assert one.plan.assignments == two.plan.assignments
    assert check_plan(instance, one.plan) == []
