"""A good shooting order quickly: a greedy start, then moving single scenes while it pays.

It gives the search an upper bound to prune with, and is the answer when a proof does not
finish within the time limit (a crew's breakdown of a hundred scenes and more).
"""

from __future__ import annotations

import random
import time

from .moves import best_insertion, scene_casts
from .reduce import ReducedProblem


def order_cost(core: ReducedProblem, order: list[int]) -> int:
    """What the searched actors cost for an order of the merged scenes."""
    start = [0] * core.scene_count
    clock = 0
    durations = core.durations
    for scene in order:
        start[scene] = clock
        clock += durations[scene]
    total = 0
    for cost, scenes in zip(core.actor_costs, _scene_lists(core), strict=True):
        first = min(start[s] for s in scenes)
        last = max(start[s] + durations[s] for s in scenes)
        total += cost * (last - first)
    return total


def _scene_lists(core: ReducedProblem) -> list[list[int]]:
    return [
        [s for s in range(core.scene_count) if mask >> s & 1] for mask in core.actor_scene_masks
    ]


def greedy_order(core: ReducedProblem) -> list[int]:
    """Shoot next the scene that keeps the fewest paid actors on location, longest first."""
    costs = core.actor_costs
    casts = [set(cast) for cast in scene_casts(core)]
    left = set(range(core.scene_count))
    remaining = [mask.bit_count() for mask in core.actor_scene_masks]
    started = [False] * len(costs)
    order = []
    while left:
        held = {a for a in range(len(costs)) if started[a] and remaining[a]}

        def rate(scene: int, held: set[int] = held) -> tuple[int, int]:
            return (sum(costs[a] for a in held | casts[scene]), -core.durations[scene])

        scene = min(left, key=rate)
        left.remove(scene)
        order.append(scene)
        for a in casts[scene]:
            started[a] = True
            remaining[a] -= 1
    return order


def improve_order(
    core: ReducedProblem,
    *,
    seconds: float,
    seed: int,
    start: list[int] | None = None,
    patience: int | None = None,
) -> tuple[list[int], int]:
    """The cheapest order found by scene moves from ``start`` (else a greedy order) and
    restarts, within ``seconds`` and, given a ``patience``, until that many restarts in a row
    found nothing better."""
    rng = random.Random(seed)
    deadline = time.monotonic() + seconds
    best = list(start) if start is not None else greedy_order(core)
    best_cost = order_cost(core, best)
    order = best[:]
    stale = 0
    while patience is None or stale < patience:
        order, cost = _descend(core, order, deadline)
        if cost < best_cost:
            best, best_cost, stale = order, cost, 0
        else:
            stale += 1
        if time.monotonic() > deadline or core.scene_count < 3:
            break
        order = _perturb(best, rng)
    return best, best_cost


def _descend(core: ReducedProblem, order: list[int], deadline: float) -> tuple[list[int], int]:
    """Move one scene to its best place while that makes the order cheaper."""
    casts = scene_casts(core)
    cost = order_cost(core, order)
    improved = True
    while improved:
        improved = False
        for i in range(len(order)):
            if time.monotonic() > deadline:
                return order, cost
            scene = order[i]
            rest = order[:i] + order[i + 1 :]
            moved_cost, j = best_insertion(core, rest, scene, casts)
            if moved_cost < cost:
                order, cost, improved = rest[:j] + [scene] + rest[j:], moved_cost, True
    return order, cost


def _perturb(order: list[int], rng: random.Random) -> list[int]:
    """Reverse a random stretch of the best order: a kick out of its local optimum."""
    i, j = sorted(rng.sample(range(len(order) + 1), 2))
    return order[:i] + order[i:j][::-1] + order[j:]
