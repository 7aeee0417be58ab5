"""Random small crews: the solver's proven optimum equals the best of all orders."""

import random
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from scheduling.solver.sequence import TalentProblem, schedule_cost, sequence_scenes
from scheduling.solver.sequence.bound import _split_sum
from scheduling.solver.sequence.brute import brute_force_cost
from scheduling.solver.sequence.improve import improve_order, order_cost
from scheduling.solver.sequence.moves import best_insertion, scene_casts
from scheduling.solver.sequence.reduce import reduce_problem
from scheduling.solver.sequence.search import best_first


@st.composite
def talent_problems(draw, max_scenes: int = 7) -> TalentProblem:
    """Up to ``max_scenes`` scenes and 6 actors; casts often repeat, some actors play once."""
    n = draw(st.integers(min_value=1, max_value=max_scenes))
    actors = draw(st.integers(min_value=0, max_value=6))
    flags = st.lists(st.booleans(), min_size=n, max_size=n)
    return TalentProblem(
        durations=tuple(draw(st.lists(st.integers(1, 4), min_size=n, max_size=n))),
        actor_costs=tuple(draw(st.lists(st.integers(0, 9), min_size=actors, max_size=actors))),
        actor_scenes=tuple(
            frozenset(s for s, plays in enumerate(draw(flags)) if plays) for _ in range(actors)
        ),
    )


@settings(max_examples=150, deadline=None)
@given(talent_problems())
def test_sequence_scenes_matches_brute_force(problem):
    result = sequence_scenes(problem, time_limit=10.0)
    best = brute_force_cost(problem)
    assert sorted(result.order) == list(range(problem.scene_count))
    assert result.cost == schedule_cost(problem, result.order)
    assert (result.cost, result.lower_bound, result.proven_optimal) == (best, best, True)


@settings(max_examples=200, deadline=None)
@given(talent_problems())
def test_best_first_without_upper_bound_matches_brute_force(problem):
    # No first order to prune with: the search alone must find and prove the optimum.
    core = reduce_problem(problem)
    best = brute_force_cost(problem)
    if core.scene_count == 0:
        assert core.fixed_cost == best
        return
    outcome = best_first(core, deadline=time.monotonic() + 10.0)
    assert (outcome.cost + core.fixed_cost, outcome.proven) == (best, True)
    expanded = core.expand(outcome.order)
    assert schedule_cost(problem, expanded) == best


@settings(max_examples=150, deadline=None)
@given(talent_problems())
def test_reduce_problem_keeps_the_cost_of_any_merged_order(problem):
    core = reduce_problem(problem)
    order = list(range(core.scene_count))
    expanded = core.expand(tuple(order))
    assert sorted(expanded) == list(range(problem.scene_count))
    assert schedule_cost(problem, expanded) == order_cost(core, order) + core.fixed_cost


def test_best_first_seeded_crews_match_brute_force():
    rng = random.Random(1)
    for _ in range(120):
        n, actors = rng.randint(2, 7), rng.randint(1, 6)
        problem = TalentProblem(
            durations=tuple(rng.randint(1, 4) for _ in range(n)),
            actor_costs=tuple(rng.randint(0, 9) for _ in range(actors)),
            actor_scenes=tuple(
                frozenset(s for s in range(n) if rng.random() < 0.4) for _ in range(actors)
            ),
        )
        core = reduce_problem(problem)
        best = brute_force_cost(problem)
        found = best_first(core, deadline=time.monotonic() + 10.0).cost if core.scene_count else 0
        assert found + core.fixed_cost == best


def test_sequence_scenes_eight_scenes_match_brute_force():
    rng = random.Random(8)
    for _ in range(3):
        problem = TalentProblem(
            durations=tuple(rng.randint(1, 5) for _ in range(8)),
            actor_costs=tuple(rng.randint(1, 20) for _ in range(5)),
            actor_scenes=tuple(
                frozenset(s for s in range(8) if rng.random() < 0.45) for _ in range(5)
            ),
        )
        result = sequence_scenes(problem, time_limit=10.0)
        best = brute_force_cost(problem)
        assert (result.cost, result.lower_bound, result.proven_optimal) == (best, best, True)


def test_improve_order_never_worse_than_the_file_order():
    rng = random.Random(3)
    problem = TalentProblem(
        durations=tuple(rng.randint(1, 3) for _ in range(12)),
        actor_costs=tuple(rng.randint(1, 9) for _ in range(6)),
        actor_scenes=tuple(frozenset(rng.sample(range(12), 4)) for _ in range(6)),
    )
    core = reduce_problem(problem)
    order, cost = improve_order(core, seconds=0.5, seed=1)
    assert sorted(order) == list(range(core.scene_count))
    assert cost == order_cost(core, order)
    assert cost <= order_cost(core, list(range(core.scene_count)))


def test_sequence_scenes_long_breakdown_returns_a_valid_order_and_bound():
    # 60 scenes: no proof within a second, the best order found and a lower bound come back.
    rng = random.Random(60)
    problem = TalentProblem(
        durations=tuple(rng.randint(1, 4) for _ in range(60)),
        actor_costs=tuple(rng.randint(1, 20) for _ in range(10)),
        actor_scenes=tuple(
            frozenset(s for s in range(60) if rng.random() < 0.2) for _ in range(10)
        ),
    )
    result = sequence_scenes(problem, time_limit=1.0)
    assert sorted(result.order) == list(range(60))
    assert result.cost == schedule_cost(problem, result.order)
    assert 0 < result.lower_bound <= result.cost
    assert result.proven_optimal == (result.lower_bound == result.cost)


def test_split_sum_long_masks_match_a_plain_sum():
    rng = random.Random(2)
    for n in (3, 28, 29, 70):
        values = tuple(rng.randint(0, 50) for _ in range(n))
        total = _split_sum(values)
        for _ in range(50):
            mask = rng.getrandbits(n)
            assert total(mask) == sum(v for i, v in enumerate(values) if mask >> i & 1)


def test_best_insertion_matches_every_explicit_move():
    rng = random.Random(4)
    for _ in range(120):
        n, actors = rng.randint(2, 10), rng.randint(1, 6)
        problem = TalentProblem(
            durations=tuple(rng.randint(0, 5) for _ in range(n)),
            actor_costs=tuple(rng.randint(0, 9) for _ in range(actors)),
            actor_scenes=tuple(
                frozenset(s for s in range(n) if rng.random() < 0.5) for _ in range(actors)
            ),
        )
        core = reduce_problem(problem)
        order = list(range(core.scene_count))
        rng.shuffle(order)
        casts = scene_casts(core)
        for i, scene in enumerate(order):
            rest = order[:i] + order[i + 1 :]
            costs = [order_cost(core, rest[:j] + [scene] + rest[j:]) for j in range(len(order))]
            cheapest = min(costs)
            assert best_insertion(core, rest, scene, casts) == (cheapest, costs.index(cheapest))
