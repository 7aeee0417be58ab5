"""The best shooting order of a crew's scenes, with a proof of optimality when there is time."""

from __future__ import annotations

import time
from dataclasses import dataclass

from .improve import improve_order
from .problem import TalentProblem, schedule_cost
from .reduce import reduce_problem
from .search import best_first

# Share of the time limit for the first upper bound; the proof gets most of the rest, and the
# scene moves take over again if the proof does not finish. Past ``PROVABLE_SCENES`` merged
# scenes a proof is out of reach: the search only gives the lower bound, the moves the order.
FIRST_BOUND_SHARE, FIRST_BOUND_CAP, FIRST_BOUND_PATIENCE = 0.05, 0.25, 30
PROOF_SHARE = 0.9
PROVABLE_SCENES = 32
LARGE_FIRST_SHARE, LARGE_PROOF_SHARE = 0.5, 0.7


@dataclass(frozen=True)
class SequenceResult:
    """An order of all scenes (indices into the problem), its cost and what is proven about it.

    ``lower_bound`` no order can beat; ``proven_optimal`` when it equals ``cost``.
    """

    order: tuple[int, ...]
    cost: int
    proven_optimal: bool
    lower_bound: int
    seconds: float
    expanded: int = 0


def sequence_scenes(problem: TalentProblem, *, time_limit: float, seed: int = 0) -> SequenceResult:
    """Order the scenes to minimise what the actors cost while held, within ``time_limit`` s."""
    started = time.monotonic()
    core = reduce_problem(problem)
    if core.scene_count == 0:
        order = core.expand(())
        return _result(problem, order, core.fixed_cost, 0, started)
    if core.scene_count <= PROVABLE_SCENES:
        first_bound = min(FIRST_BOUND_SHARE * time_limit, FIRST_BOUND_CAP)
        proof_share, patience = PROOF_SHARE, FIRST_BOUND_PATIENCE
    else:
        first_bound, proof_share = LARGE_FIRST_SHARE * time_limit, LARGE_PROOF_SHARE
        patience = None
    order, cost = improve_order(core, seconds=first_bound, seed=seed, patience=patience)
    outcome = best_first(core, deadline=started + proof_share * time_limit, upper_bound=cost)
    if outcome.order is not None:
        order, cost = list(outcome.order), outcome.cost
    elif not outcome.proven:
        remaining = max(0.0, started + time_limit - time.monotonic())
        order, cost = improve_order(core, seconds=remaining, seed=seed + 1, start=order)
    lower = min(outcome.lower_bound, cost) + core.fixed_cost
    return _result(problem, core.expand(tuple(order)), lower, outcome.expanded, started)


def _result(
    problem: TalentProblem, order: tuple[int, ...], lower: int, expanded: int, started: float
) -> SequenceResult:
    cost = schedule_cost(problem, order)
    return SequenceResult(
        order=order,
        cost=cost,
        proven_optimal=lower >= cost,
        lower_bound=min(lower, cost),
        seconds=round(time.monotonic() - started, 3),
        expanded=expanded,
    )
