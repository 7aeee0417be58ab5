"""Lower bounds on what the scenes not yet shot will cost, for the best-first search.

Actors not started pay at least their own scenes. An actor on location ("held": played, with
scenes left) is paid from now until their last scene, and by then every scene of the actors
released before them is shot too. So the held actors pay at least the minimum, over the
orders in which they could be released, of the sum of cost x duration of the union of the
scenes of the actors released so far: a dynamic programme over subsets of held actors. It
costs 2**k steps for k actors, so the held actors are split into groups that each bound what
their own actors pay (the sum of the groups' bounds is still a bound, the costs being additive).
"""

from __future__ import annotations

from .reduce import ReducedProblem

# Groups for the bound of every state the search opens (fixed for the problem), and for the
# sharper bound of the states it expands (chosen for each state).
OPENING_GROUP = 5
EXPANDING_GROUP = 7
# Groups of held actors recur from state to state; remember that many of their minima.
MEMO_LIMIT = 200_000
CHUNK_BITS = 14


class RestBound:
    """Sums over bit sets by table look-ups, and the lower bounds on the scenes left."""

    def __init__(self, core: ReducedProblem) -> None:
        self.n = core.scene_count
        self.full = (1 << self.n) - 1
        self.durations = core.durations
        self.costs = core.actor_costs
        self.actor_masks = core.actor_scene_masks
        self.scene_masks = core.scene_actor_masks
        self.duration_sum = _split_sum(core.durations)
        self.cost_sum = _split_sum(core.actor_costs)
        own = tuple(
            c * self.duration_sum(m) for c, m in zip(self.costs, self.actor_masks, strict=True)
        )
        self.actors = tuple(zip(self.costs, self.actor_masks, own, strict=True))
        self.release_memo: dict[tuple, int] = {}
        everyone = [(a, c, m) for a, (c, m, _) in enumerate(self.actors)]
        self.group_of = {}
        for size in (OPENING_GROUP, EXPANDING_GROUP):
            groups = _groups(everyone, self.duration_sum, size)
            self.group_of[size] = {m[0]: g for g, group in enumerate(groups) for m in group}

    def on_location(self, shot: int) -> int:
        """Actors who have played and still have scenes left: they are held from now on."""
        left = self.full ^ shot
        held = 0
        for a, mask in enumerate(self.actor_masks):
            if mask & shot and mask & left:
                held |= 1 << a
        return held

    def rest(self, shot: int, size: int) -> int:
        """A lower bound on the scenes not in ``shot``, with groups of at most ``size`` actors.

        Groups of ``OPENING_GROUP`` are fixed for the problem; larger ones are chosen for the
        state (it costs more, so the search asks for them only before expanding a state).
        """
        left = self.full ^ shot
        dsum = self.duration_sum
        total = 0
        held = []
        for actor, (cost, mask, own) in enumerate(self.actors):
            if mask & shot:
                rest = mask & left
                if rest:
                    held.append((actor, cost, rest))
            else:
                total += own
        if len(held) <= size:
            groups = [held]
        elif size == EXPANDING_GROUP:
            groups = _groups(held, dsum, size)
        else:
            group_of = self.group_of[size]
            by_group: dict[int, list] = {}
            for item in held:
                by_group.setdefault(group_of[item[0]], []).append(item)
            groups = by_group.values()
        memo = self.release_memo
        if len(memo) > MEMO_LIMIT:
            memo.clear()
        for members in groups:
            key = tuple(members)
            value = memo.get(key)
            if value is None:
                value = memo[key] = _release_order(key, dsum)
            total += value
        return total


def _groups(held: list[tuple[int, int, int]], dsum, size: int) -> list[tuple]:
    """Split the held actors into groups of ``size`` that keep the strongest pairs together.

    Two held actors force a wait of at least min(cost_b x only_a, cost_a x only_b): the first
    released makes the other wait through the scenes only the first plays in. Grow each group
    from the dearest actor left by adding whoever interacts most with the group.
    """
    if len(held) <= size:
        return [tuple(held)]
    k = len(held)
    pull = [[0] * k for _ in range(k)]
    for i in range(k):
        _, ci, ri = held[i]
        for j in range(i + 1, k):
            _, cj, rj = held[j]
            pull[i][j] = pull[j][i] = min(cj * dsum(ri & ~rj), ci * dsum(rj & ~ri))
    free = sorted(range(k), key=lambda i: -held[i][1] * dsum(held[i][2]))
    groups = []
    while free:
        members = [free.pop(0)]
        score = pull[members[0]][:]
        while free and len(members) < size:
            pick = max(free, key=score.__getitem__)
            free.remove(pick)
            members.append(pick)
            row = pull[pick]
            score = [s + r for s, r in zip(score, row, strict=True)]
        groups.append(tuple(held[i] for i in members))
    return groups


def _release_order(held: tuple[tuple[int, int, int], ...], dsum) -> int:
    """min over orders of sum cost x dsum(union of the scenes of the actors released so far)."""
    size = 1 << len(held)
    union = [0] * size
    for i, (_, _, rest) in enumerate(held):
        bit = 1 << i
        for subset in range(bit, 2 * bit):
            union[subset] = union[subset ^ bit] | rest
    costs = [cost for _, cost, _ in held]
    best = [0] * size
    for subset, steps in enumerate(_TRANSITIONS[len(held)]):
        if steps:
            span = dsum(union[subset])
            best[subset] = min([best[before] + costs[i] * span for i, before in steps])
    return best[size - 1]


def _transitions(k: int) -> list[list[tuple[int, int]]]:
    """For each subset of k actors: (actor released last, the subset before it)."""
    return [[(i, s ^ 1 << i) for i in range(k) if s >> i & 1] for s in range(1 << k)]


_TRANSITIONS = [_transitions(k) for k in range(EXPANDING_GROUP + 1)]


def _split_sum(values: tuple[int, ...]):
    """sum(values[i] for i in mask) by table look-ups: two tables up to 28 values (the
    searched sizes), chunks of ``CHUNK_BITS`` beyond (a crew's long breakdown)."""
    if len(values) <= 2 * CHUNK_BITS:
        half = (len(values) + 1) // 2
        low, high = _subset_sums(values[:half]), _subset_sums(values[half:])
        low_mask = (1 << half) - 1

        def total(mask: int) -> int:
            return low[mask & low_mask] + high[mask >> half]

        return total
    tables = [_subset_sums(values[i : i + CHUNK_BITS]) for i in range(0, len(values), CHUNK_BITS)]
    chunk_mask = (1 << CHUNK_BITS) - 1

    def chunked(mask: int) -> int:
        result = 0
        for table in tables:
            result += table[mask & chunk_mask]
            mask >>= CHUNK_BITS
            if not mask:
                break
        return result

    return chunked


def _subset_sums(values: tuple[int, ...]) -> list[int]:
    sums = [0]
    for v in values:
        sums += [s + v for s in sums]
    return sums
