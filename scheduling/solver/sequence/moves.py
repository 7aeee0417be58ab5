"""The best place to move one scene to, for every place at once in linear time.

Taking scene x out leaves an order R; putting it back before R[j] shifts everything from R[j]
on by x's duration. An actor not in x is held d(x) longer exactly when j falls after their
first scene and at or before their last. An actor in x pays, against R: d(x) + (start of their
first scene) - T_j when x comes before all their scenes, d(x) when inside, and T_j + d(x) -
(end of their last scene) when after, T_j being where R[j] starts. Each is a constant plus a
multiple of T_j over a range of j, summed with difference arrays.
"""

from __future__ import annotations

from .reduce import ReducedProblem


def scene_casts(core: ReducedProblem) -> list[list[int]]:
    """For each merged scene, the searched actors it calls."""
    return [
        [a for a in range(mask.bit_length()) if mask >> a & 1] for mask in core.scene_actor_masks
    ]


def best_insertion(
    core: ReducedProblem, rest: list[int], scene: int, casts: list[list[int]]
) -> tuple[int, int]:
    """(cost, j) of the cheapest order ``rest[:j] + [scene] + rest[j:]``; the first j on ties."""
    durations, costs = core.durations, core.actor_costs
    moved = durations[scene]
    m = len(rest)
    starts = [0] * (m + 1)
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    clock = 0
    for position, other in enumerate(rest):
        starts[position] = clock
        for actor in casts[other]:
            first.setdefault(actor, position)
            last[actor] = position
        clock += durations[other]
    starts[m] = clock
    constant = [0] * (m + 2)
    slope = [0] * (m + 2)
    base = 0
    playing = set(casts[scene])
    for actor in playing - first.keys():
        base += costs[actor] * moved
    for actor, f in first.items():
        c, held_from = costs[actor], starts[first[actor]]
        held_to = starts[last[actor]] + durations[rest[last[actor]]]
        base += c * (held_to - held_from)
        after_first, after_last = f + 1, last[actor] + 1
        constant[after_first] += c * moved
        constant[after_last] -= c * moved
        if actor in playing:
            constant[0] += c * (moved + held_from)
            constant[after_first] -= c * (moved + held_from)
            slope[0] -= c
            slope[after_first] += c
            constant[after_last] += c * (moved - held_to)
            constant[m + 1] -= c * (moved - held_to)
            slope[after_last] += c
            slope[m + 1] -= c
    best_delta, best_j = None, 0
    running_constant = running_slope = 0
    for j in range(m + 1):
        running_constant += constant[j]
        running_slope += slope[j]
        delta = running_constant + running_slope * starts[j]
        if best_delta is None or delta < best_delta:
            best_delta, best_j = delta, j
    return base + best_delta, best_j
