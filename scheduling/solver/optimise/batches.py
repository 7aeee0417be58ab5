"""A crew-by-crew constructive plan that shoots scenes in batches at one location.

A crew's day is short (12-14 hours) and every change of location costs a move of 15-75
minutes, so moving after each scene can waste a third of the day. This builder walks each
crew's day from a start time: at each step it picks the location whose batch (the densest
scenes that fit back to back from the earliest free moment) earns the most value per slot
spent, move and wait included. It tries a few start times per day and keeps the best.
"""

from __future__ import annotations

from scheduling.solver.optimise.extras import PerformerBook
from scheduling.solver.optimise.state import PlanState

# Large instances try every other start: the walk is their costliest greedy stage.
LARGE = 5000
NOISE = 0.3


def plan_by_batches(state: PlanState, book: PerformerBook, scenes: list[int]) -> None:
    """Book ``scenes`` crew by crew (highest priority first), day by day, in batches."""
    problem = state.problem
    by_crew: dict[int, list[int]] = {}
    for s in scenes:
        by_crew.setdefault(problem.scenes[s].crew, []).append(s)
    order = sorted(
        by_crew,
        key=lambda c: (
            -problem.crew_priority[c],
            -sum(problem.scenes[s].value for s in by_crew[c]),
            c,
        ),
    )
    for crew in order:
        days = sorted({d for s in by_crew[crew] for d in problem.scenes[s].staffable_days})
        for day in days:
            if state.crew_day.get((crew, day)):
                # A day already holding the crew's bookings (kept or warm-started) is not
                # walked again from its start: the greedy pass fills its gaps.
                continue
            todo = [
                s
                for s in by_crew[crew]
                if s not in state.place and day in problem.scenes[s].staffable_days
            ]
            if todo:
                _best_day(state, book, crew, day, todo)


def _best_day(state: PlanState, book: PerformerBook, crew: int, day: int, todo: list[int]):
    best = None
    offsets = state.problem.crew_offsets[crew]
    offsets = offsets if len(state.problem.scenes) < LARGE else offsets[::2]
    for offset in offsets:
        placed = _walk(state, book, day, todo, offset)
        value = sum(state.problem.scenes[s].value for s in placed)
        if best is None or value > best[0]:
            best = (value, offset)
        _undo(state, book, placed)
    if best is not None and best[0] > 0:
        _walk(state, book, day, todo, best[1])


def walk(state, book, day: int, todo: list[int], cursor: int, rng=None) -> list[int]:
    """Public face of the batch walk, for the search's rebuilds."""
    return _walk(state, book, day, todo, cursor, rng)


def _undo(state: PlanState, book: PerformerBook, placed: list[int]) -> None:
    for s in placed:
        loc, day, start = state.remove(s)
        book.release(s, day, start, loc)


def _walk(state: PlanState, book: PerformerBook, day: int, todo: list[int], cursor: int, rng=None):
    """Book batches from ``cursor`` on; return the scenes booked.

    With ``rng`` each batch's score gets a little noise (for the search's rebuilds).
    """
    problem = state.problem
    placed: list[int] = []
    prev = None
    left = set(todo)
    masks = Masks(state, day, todo)
    while left:
        choice = _best_batch(state, day, left, masks, cursor, prev, rng, len(placed))
        if choice is None:
            break
        loc, start, batch = choice
        t = start
        for s in batch:
            if state.starts(s, loc, day) >> t & 1 and book.try_staff(s, loc, day, t):
                state.add(s, loc, day, t)
                placed.append(s)
                left.discard(s)
                t += problem.scenes[s].slots
            else:
                break
        if t == start:
            # The batch's first scene could not be staffed: drop it from this walk.
            left.discard(batch[0])
            continue
        masks.refresh(loc, left)
        cursor, prev = t, loc
    return placed


class Masks:
    """Where each of a walk's scenes could start, per location, densest scenes first.

    Only the walk books anything while it runs, so after a batch only that location's
    masks change and only they are recomputed.
    """

    def __init__(self, state: PlanState, day: int, todo: list[int]) -> None:
        self.state = state
        self.day = day
        self.by_loc: dict[int, list[tuple[int, int]]] = {}
        problem = state.problem
        order = sorted(todo, key=lambda s: (-problem.scenes[s].density, s))
        for s in order:
            for loc in problem.scenes[s].locations:
                m = self.starts(s, loc)
                if m:
                    self.by_loc.setdefault(loc, []).append((s, m))

    def starts(self, s: int, loc: int) -> int:
        """The location's starts for the scene, within the crew's neighbouring days' bounds
        (those days do not change while the walk runs)."""
        mask = self.state.location_starts(s, loc, self.day)
        info = self.state.problem.scenes[s]
        if mask and self.state.problem.crew_fenced[info.crew]:
            mask &= self.state.fence(info.crew, self.day, loc, info.slots)
        return mask

    def refresh(self, loc: int, left: set[int]) -> None:
        entries = self.by_loc.get(loc, [])
        fresh = [(s, self.starts(s, loc)) for s, _ in entries if s in left]
        self.by_loc[loc] = [(s, m) for s, m in fresh if m]


def _best_batch(state, day, left: set[int], masks: Masks, cursor, prev, rng, walked: int):
    """(location, start, scenes) with the most value per slot spent from ``cursor``."""
    problem = state.problem
    crew = problem.scenes[next(iter(left))].crew
    # When the walk's own batches are all the crew has that day (they end at the cursor),
    # the crew's rules reduce to "after the cursor and the move" and "within the longest
    # day", which fill applies, and the neighbouring days' rest and moves, which the walk's
    # masks hold; those masks are then enough (and much cheaper).
    if len(state.crew_day.get((crew, day), ())) == walked:
        by_loc = {
            loc: [(s, m) for s, m in entries if s in left] for loc, entries in masks.by_loc.items()
        }

    else:
        by_loc = {}
        for loc, entries in masks.by_loc.items():
            full = [(s, state.starts(s, loc, day)) for s, _ in entries if s in left]
            by_loc[loc] = [(s, m) for s, m in full if m]
    block = state.crew_block(crew, day)
    span = problem.crew_span[crew]
    best = None
    for loc, options in by_loc.items():
        if not options:
            continue
        t0 = cursor + (problem.gap(prev, loc) if prev is not None else 0)
        batch, value, end, start = _fill(problem, options, t0, block, span)
        if not batch:
            continue
        score = value / max(1, end - cursor)
        if rng is not None:
            score *= 1 + NOISE * rng.random()
        if best is None or score > best[0]:
            best = (score, loc, start, batch)
    return None if best is None else best[1:]


def _fill(problem, options, t0: int, block, span: int):
    """The densest scenes back to back at one location from its first possible start: the
    scenes, their value, the end and the start."""
    scenes = problem.scenes
    table = [(s, m, 1, scenes[s].slots) for s, m in options]
    batch, start = densest_run(table, 1, t0, None if block is None else block[0], span)
    value = sum(scenes[s].value for s in batch)
    return batch, value, start + sum(scenes[s].slots for s in batch), start


def densest_run(options, left: int, t0: int, first: int | None, span: int) -> tuple[tuple, int]:
    """The ``left`` scenes of a location's ``options`` (scene, starts, bit, slots; densest
    first) that fit back to back from the first possible start at or after ``t0``, densest
    first at each slot, within the longest day counted from ``first`` (the day's first start,
    if any): the scenes and that start ((), 0 when none can start)."""
    free = []
    earliest = -1
    for s, m, b, k in options:
        if left & b:
            m = m >> t0 << t0
            if m:
                free.append((s, m, k))
                low = (m & -m).bit_length() - 1
                if earliest < 0 or low < earliest:
                    earliest = low
    if earliest < 0:
        return (), 0
    limit = (earliest if first is None else min(first, earliest)) + span
    t = earliest
    batch = []
    while free:
        for i, (s, m, k) in enumerate(free):
            if m >> t & 1 and t + k <= limit:
                batch.append(s)
                t += k
                del free[i]
                break
        else:
            break
    return tuple(batch), earliest
