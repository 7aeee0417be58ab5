"""A crew's day planned as a whole: a beam search over sequences of batches.

The batch walk (``batches``) commits to the batch that earns the most per slot at each step,
so it cannot give up a little now for a better day: it takes a short rich batch even when a
longer one elsewhere fills the day better, and never ends a batch early to reach another set
in time. Here each partial day (a sequence of batches: a location, a start, scenes back to back) is
extended by every location's batch and by each of that batch's shorter prefixes. Partial days
are compared only with those free again at the same slot, by their value and what the rest of
their longest day could still earn (``Ahead``), and the ``width`` best of each slot are
extended; the best day found is booked, its extras staffed scene by scene.

Only the crew's own scenes change while it runs (the day is empty when it starts), so every
option's start mask is read once: other crews' bookings, closures and the neighbouring days'
rest do not move.
"""

from __future__ import annotations

import time

from scheduling.solver.optimise.batches import Masks, densest_run
from scheduling.solver.optimise.extras import PerformerBook
from scheduling.solver.optimise.prepare import Problem
from scheduling.solver.optimise.rebuild import clear, restore
from scheduling.solver.optimise.state import PlanState

# Work units (about a second of a quiet 2-core machine) per batch offered to a partial day, per
# scene in it and per scene weighed by ``Ahead``. Measured on a quiet machine, back to back with
# the beam before ``Ahead``: on M's 80 crew-days that leave the most out (a beam of 16) a step
# costs 0.72-0.74 microseconds where it cost 0.79-0.81; in the solve the beam runs at 0.65 s a
# unit on M (was 0.75) and 0.81 s on L (was 0.73), under the search's second.
STEP_WORK = 1.0e-6


# A partial day is a tuple, for speed: (value, first start, scenes taken as bits, location,
# the partial day it extends, its last batch as (location, start, the batch offered, how many
# of its scenes are taken)).
_VALUE, _FIRST, _USED, _PREV, _PARENT, _BATCH = range(6)


def best_day(state: PlanState, crew: int, day: int, todo: list[int], offsets, width: int):
    """The best day the search finds for the crew's ``todo`` scenes (the crew must hold nothing
    else that day): its value, its batches (location, start slot, scenes) and the batches
    offered on the way (the search's work)."""
    problem = state.problem
    masks = Masks(state, day, todo)
    bit = {s: 1 << i for i, s in enumerate(todo)}
    slots = {s: problem.scenes[s].slots for s in todo}
    worth = {s: problem.scenes[s].value for s in todo}
    # Per location: its scenes as (scene, starts, bit, slots), densest first, and their bits.
    places = [
        (loc, [(s, m, bit[s], slots[s]) for s, m in options], sum(bit[s] for s, _ in options))
        for loc, options in masks.by_loc.items()
    ]
    gaps: dict[int | None, dict[int, int]] = {None: dict.fromkeys(masks.by_loc, 0)}
    span = problem.crew_span[crew]
    ahead = Ahead(problem, span, places, slots, worth)
    offered: dict[tuple, tuple] = {}  # the batch a location offers, by what it depends on
    buckets: dict[int, dict[tuple, tuple]] = {}
    for t in offsets:
        buckets.setdefault(t, {})[(0, None)] = (0, None, 0, None, None, None)
    best = None
    steps = 0
    while buckets:
        cursor = min(buckets)
        # Partial days free again at the same slot are compared by their value and what the
        # rest of their longest day could still earn with the scenes they have left.
        nodes = sorted(
            buckets.pop(cursor).values(),
            key=lambda d: (-(d[_VALUE] + ahead(d[_USED], d[_FIRST], cursor)), d[_USED]),
        )[:width]
        for node in nodes:
            value, first, used, prev = node[_VALUE], node[_FIRST], node[_USED], node[_PREV]
            if best is None or value > best[_VALUE]:
                best = node
            row = gaps.get(prev)
            if row is None:
                row = gaps[prev] = {loc: problem.gap(prev, loc) for loc in masks.by_loc}
            for loc, options, here in places:
                left = here & ~used
                if not left:
                    continue
                t0 = cursor + row[loc]
                key = (loc, left, t0, first)
                found = offered.get(key)
                if found is None:
                    found = offered[key] = densest_run(options, left, t0, first, span)
                batch, start = found
                steps += 1 + len(batch)
                t, gained, taken = start, value, used
                opened = start if first is None else first
                for n, s in enumerate(batch, 1):
                    t += slots[s]
                    gained += worth[s]
                    taken |= bit[s]
                    bucket = buckets.get(t)
                    if bucket is None:
                        bucket = buckets[t] = {}
                    # The same scenes, ending at the same place and time: the value is the
                    # same, and the day that began later has more of its longest day left.
                    there = bucket.get((taken, loc))
                    if there is None or there[_FIRST] < opened:
                        step = (loc, start, batch, n)
                        bucket[(taken, loc)] = (gained, opened, taken, loc, node, step)
    out = []
    node = best
    while node is not None and node[_BATCH] is not None:
        loc, start, batch, n = node[_BATCH]
        out.append((loc, start, batch[:n]))
        node = node[_PARENT]
    return best[_VALUE], out[::-1], steps + ahead.steps


class Ahead:
    """What the rest of a partial day could still earn: its scenes left, densest first, as
    fractions, in the time left of its longest day (day scenes before the night, night
    scenes in it), each scene only while some set still has a start for it. An estimate, not
    a bound (moves and sets are left out); partial days free at the same slot differ in it by
    what they have left, so the one that has spent its time on thin scenes ranks lower.
    ``steps`` counts the scenes looked at (the search's work, like the batches offered)."""

    def __init__(self, problem: Problem, span: int, places, slots: dict, worth: dict) -> None:
        self.span = span
        self.night = problem.night_slot
        self.end_of_day = problem.day_slots
        latest: dict[int, int] = {}
        bits: dict[int, int] = {}
        for _loc, options, _here in places:
            for s, m, b, _k in options:
                latest[s] = max(latest.get(s, -1), m.bit_length() - 1)
                bits[s] = b
        order = sorted(latest, key=lambda s: (-worth[s] / slots[s], s))
        self.table = [
            (bits[s], slots[s], worth[s] / slots[s], problem.scenes[s].scene.time_of_day, latest[s])
            for s in order
        ]
        self.known: dict[tuple[int, int, int], float] = {}
        self.steps = 0

    def __call__(self, used: int, first: int | None, cursor: int) -> float:
        end = min(self.end_of_day, (cursor if first is None else first) + self.span)
        key = (used, end, cursor)
        found = self.known.get(key)
        if found is not None:
            return found
        room = end - cursor
        night = max(0, end - max(cursor, self.night))
        day = max(0, min(end, self.night) - cursor)
        # ``room`` is always ``day + night``: an any-time scene takes the day's room first.
        total = 0.0
        looked = 0
        for b, k, rate, kind, latest in self.table:
            if room <= 0:
                break
            looked += 1
            if used & b or latest < cursor:
                continue
            if kind == "day":
                take = k if k < day else day
                day -= take
            elif kind == "night":
                take = k if k < night else night
                night -= take
            else:
                take = k if k < room else room
                if take <= day:
                    day -= take
                else:
                    night -= take - day
                    day = 0
            room -= take
            total += rate * take
        self.steps += looked
        self.known[key] = total
        return total


def book_day(state: PlanState, book: PerformerBook, day: int, batches) -> list[int]:
    """Book the batches' scenes at their times; a scene whose extras cannot be found is left
    out (the others keep their times: leaving a scene out never breaks a rule)."""
    problem = state.problem
    placed = []
    for loc, start, scenes in batches:
        t = start
        for s in scenes:
            if state.starts(s, loc, day) >> t & 1 and book.try_staff(s, loc, day, t):
                state.add(s, loc, day, t)
                placed.append(s)
            t += problem.scenes[s].slots
    return placed


def first_starts(problem: Problem, crew: int, todo: list[int]) -> tuple[int, ...]:
    """The walk's first starts and, for a day crew with night scenes to shoot, the later ones
    up to the start whose longest day ends once all of them could be shot (or with the day):
    the estimate of what is ahead lets the beam weigh such a day against one begun early."""
    walk = problem.crew_offsets[crew]
    night = sum(
        problem.scenes[s].slots for s in todo if problem.scenes[s].scene.time_of_day == "night"
    )
    reach = problem.day_slots - problem.crew_span[crew]
    latest = min(reach, problem.night_slot + night - problem.crew_span[crew])
    return walk + tuple(range(walk[-1] + 1, latest + 1))


def beam_sweep(
    state: PlanState,
    book: PerformerBook,
    crew_days: list[tuple[int, int]],
    *,
    fixed: set[int],
    width: int,
    budget: float,
    deadline: float,
) -> float:
    """Re-plan the crew-days of ``crew_days`` in turn with the beam, keeping a new day when it
    earns more, until ``budget`` work units are spent; return them. Days holding a ``fixed``
    scene are left alone. The work is counted in batches offered (``STEP_WORK`` each), not
    read off the clock, so the same budget gives the same plan on any machine."""
    problem = state.problem
    spent = 0.0
    for crew, day in crew_days:
        if spent >= budget or time.monotonic() > deadline:
            break
        entries = state.crew_day.get((crew, day), ())
        if any(e[3] in fixed for e in entries):
            continue
        old = {e[3]: state.place[e[3]] for e in entries}
        todo = [
            s
            for s in problem.crew_scenes.get(crew, ())
            if (s in old or s not in state.place)
            and s not in fixed
            and day in problem.scenes[s].staffable_days
        ]
        before = state.value
        saved = clear(state, book, old)
        value, batches, steps = best_day(
            state, crew, day, todo, first_starts(problem, crew, todo), width
        )
        spent += steps * STEP_WORK
        placed = book_day(state, book, day, batches) if state.value + value > before else []
        if state.value <= before:
            restore(state, book, placed, old, saved)
    return spent
