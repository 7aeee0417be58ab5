"""Best-first search over the sets of scenes already shot (dynamic programming with a bound).

What the remaining scenes cost depends only on the SET already shot, not its order (Garcia de
la Banda, Stuckey & Chu 2011), so a state is a bit set of shot scenes. A* expands states by
cost so far plus an admissible lower bound on the rest; the first complete state popped is
optimal, and when time runs out the smallest such sum still open is a proven lower bound.
"""

from __future__ import annotations

import heapq
import time
from dataclasses import dataclass

from .bound import EXPANDING_GROUP, OPENING_GROUP, RestBound
from .reduce import ReducedProblem

CHECK_EVERY = 64
# About 0.5 kB per state kept: past this many the search stops as if out of time.
STATE_LIMIT = 1_500_000


@dataclass(frozen=True)
class SearchOutcome:
    order: tuple[int, ...] | None
    cost: int | None
    lower_bound: int
    proven: bool
    expanded: int


def best_first(
    core: ReducedProblem, *, deadline: float, upper_bound: int | None = None
) -> SearchOutcome:
    """A* from the empty set; states whose bound reaches ``upper_bound`` are never opened."""
    t = RestBound(core)
    full, durations, scene_masks, cost_sum = t.full, t.durations, t.scene_masks, t.cost_sum
    ceiling = upper_bound if upper_bound is not None else float("inf")
    best_cost: dict[int, int] = {0: 0}
    last_scene: dict[int, int] = {}
    bounds: dict[int, int] = {0: t.rest(0, OPENING_GROUP)}
    refined: set[int] = set()
    heap = [(bounds[0], 0, 0)]
    expanded = popped = 0
    while heap:
        f, _, shot = heapq.heappop(heap)
        cost = best_cost[shot]
        if f != cost + bounds[shot]:
            continue
        if shot == full:
            return SearchOutcome(_path(last_scene, full), cost, cost, True, expanded)
        popped += 1
        if popped % CHECK_EVERY == 0 and (
            time.monotonic() > deadline or len(best_cost) > STATE_LIMIT
        ):
            return SearchOutcome(None, None, min(f, ceiling), False, expanded)
        if shot not in refined:
            # Only now: most opened states are never popped, so never pay for this bound.
            refined.add(shot)
            sharper = t.rest(shot, EXPANDING_GROUP)
            if sharper > bounds[shot]:
                bounds[shot] = sharper
                if cost + sharper < ceiling:
                    heapq.heappush(heap, (cost + sharper, -shot.bit_count(), shot))
                continue
        expanded += 1
        here = bounds[shot]
        held = t.on_location(shot)
        held_cost = cost_sum(held)
        left = full ^ shot
        choices = _choices(left, held, scene_masks)
        for scene in choices:
            nxt = shot | 1 << scene
            step = durations[scene] * (held_cost + cost_sum(scene_masks[scene] & ~held))
            new_cost = cost + step
            if new_cost >= best_cost.get(nxt, ceiling):
                continue
            # What this state's bound promised, less this step, still bounds the rest.
            inherited = here - step
            h = bounds.get(nxt)
            if h is None:
                h = bounds[nxt] = max(t.rest(nxt, OPENING_GROUP), inherited)
            elif inherited > h:
                h = bounds[nxt] = inherited
            if new_cost + h >= ceiling:
                continue
            best_cost[nxt] = new_cost
            last_scene[nxt] = scene
            heapq.heappush(heap, (new_cost + h, -nxt.bit_count(), nxt))
    # Every open state reached the ceiling: no order is cheaper than the upper bound.
    return SearchOutcome(None, None, upper_bound or 0, True, expanded)


def _choices(left: int, held: int, scene_masks: tuple[int, ...]) -> list[int]:
    """Scenes to try next; a scene calling exactly the actors held goes first on its own."""
    choices = []
    rest = left
    while rest:
        low = rest & -rest
        scene = low.bit_length() - 1
        if scene_masks[scene] == held:
            return [scene]
        choices.append(scene)
        rest ^= low
    return choices


def _path(last_scene: dict[int, int], full: int) -> tuple[int, ...]:
    order = []
    shot = full
    while shot:
        scene = last_scene[shot]
        order.append(scene)
        shot ^= 1 << scene
    return tuple(reversed(order))
