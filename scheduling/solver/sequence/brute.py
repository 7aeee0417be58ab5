"""Every order tried: the reference the solver is tested against on small problems."""

from __future__ import annotations

from itertools import permutations

from .problem import TalentProblem, schedule_cost

BRUTE_FORCE_LIMIT = 9


def brute_force_cost(problem: TalentProblem) -> int:
    """The least cost over all orders of the scenes (at most ``BRUTE_FORCE_LIMIT`` scenes)."""
    if problem.scene_count > BRUTE_FORCE_LIMIT:
        raise ValueError(f"brute force is for {BRUTE_FORCE_LIMIT} scenes or fewer")
    return min(schedule_cost(problem, order) for order in permutations(range(problem.scene_count)))
