"""The plan being built: which scene is where, and the busy slots of locations and crews."""

from __future__ import annotations

from scheduling.solver.optimise.prepare import Problem, range_mask, run_mask


class PlanState:
    """Mutable placements of scenes with the occupancy they imply.

    ``place[s] = (location, day, start_slot)``. Locations keep a count per slot and a mask of
    the slots at capacity; crews keep, per day, their scenes as ``(start, end, location, s)``.
    """

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.place: dict[int, tuple[int, int, int]] = {}
        self.loc_count: dict[tuple[int, int], list[int]] = {}
        self.loc_full: dict[tuple[int, int], int] = {}
        self.crew_day: dict[tuple[int, int], list[tuple[int, int, int, int]]] = {}
        self.value = 0
        # (crew, day) -> {location: (earliest start, latest end)} from the crew's neighbouring
        # days; dropped whenever a scene of that crew is booked or unbooked on a neighbour.
        self._fences: dict[tuple[int, int], dict[int, tuple[int, int]]] = {}
        # (crew, day) -> {(location, slots): crew_mask}; dropped whenever that crew-day changes.
        # The walks and the greedy pass ask the same crew-day about many scenes in a row.
        self._crew_masks: dict[tuple[int, int], dict[tuple[int, int], int]] = {}

    def add(self, s: int, loc: int, day: int, start: int) -> None:
        """Book scene ``s``; the caller has checked that it fits."""
        info = self.problem.scenes[s]
        end = start + info.slots
        self.place[s] = (loc, day, start)
        key = (loc, day)
        counts = self.loc_count.get(key)
        if counts is None:
            counts = self.loc_count[key] = [0] * self.problem.day_slots
        cap = self.problem.capacity[loc]
        full = self.loc_full.get(key, 0)
        for t in range(start, end):
            counts[t] += 1
            if counts[t] >= cap:
                full |= 1 << t
        self.loc_full[key] = full
        self.crew_day.setdefault((info.crew, day), []).append((start, end, loc, s))
        self._crew_masks.pop((info.crew, day), None)
        self.value += info.value
        self._neighbours_changed(info.crew, day)

    def _neighbours_changed(self, crew: int, day: int) -> None:
        if self._fences:
            self._fences.pop((crew, day - 1), None)
            self._fences.pop((crew, day + 1), None)

    def remove(self, s: int) -> tuple[int, int, int]:
        """Unbook scene ``s`` and return where it was."""
        loc, day, start = self.place.pop(s)
        info = self.problem.scenes[s]
        end = start + info.slots
        key = (loc, day)
        counts = self.loc_count[key]
        cap = self.problem.capacity[loc]
        full = self.loc_full.get(key, 0)
        for t in range(start, end):
            counts[t] -= 1
            if counts[t] < cap:
                full &= ~(1 << t)
        self.loc_full[key] = full
        entries = self.crew_day[(info.crew, day)]
        entries.remove((start, end, loc, s))
        self._crew_masks.pop((info.crew, day), None)
        if not entries:
            del self.crew_day[(info.crew, day)]
        self.value -= info.value
        self._neighbours_changed(info.crew, day)
        return loc, day, start

    def starts(self, s: int, loc: int, day: int) -> int:
        """Mask of start slots where scene ``s`` fits at ``loc`` on ``day`` right now."""
        info = self.problem.scenes[s]
        mask = info.static_starts.get((loc, day), 0)
        if not mask:
            return 0
        k = info.slots
        full = self.loc_full.get((loc, day), 0)
        if full:
            mask &= run_mask(self.problem.full & ~full, k)
        entries = self.crew_day.get((info.crew, day))
        if entries and mask:
            mask &= self.crew_mask(info.crew, day, loc, k, entries)
        if mask and self.problem.crew_fenced[info.crew]:
            mask &= self.fence(info.crew, day, loc, k)
        return mask

    def fence(self, crew: int, day: int, loc: int, k: int) -> int:
        """Starts of a ``k``-slot scene at ``loc`` that keep the crew's rest and move time to
        every scene of its previous and next shooting day.

        Every scene of those days, not only the last and the first, so the rule still holds
        whatever the search later removes; days further apart never clash (``fenced``).
        """
        known = self._fences.setdefault((crew, day), {})
        bounds = known.get(loc)
        if bounds is None:
            bounds = known[loc] = self._fence_bounds(crew, day, loc)
        return range_mask(bounds[0], bounds[1] - k + 1)

    def _fence_bounds(self, crew: int, day: int, loc: int) -> tuple[int, int]:
        """(earliest start, latest end) at ``loc`` allowed by the crew's neighbouring days."""
        problem = self.problem
        whole = problem.calendar_slots
        rest = problem.crew_rest[crew]
        gap = problem.gap
        lo, hi = 0, problem.day_slots
        for _, end, other, _ in self.crew_day.get((crew, day - 1), ()):
            lo = max(lo, end - whole + max(rest, gap(other, loc)))
        for start, _, other, _ in self.crew_day.get((crew, day + 1), ()):
            hi = min(hi, start + whole - max(rest, gap(loc, other)))
        return lo, hi

    def location_starts(self, s: int, loc: int, day: int) -> int:
        """Starts where the location (not the crew) would take scene ``s`` right now."""
        info = self.problem.scenes[s]
        mask = info.static_starts.get((loc, day), 0)
        full = self.loc_full.get((loc, day), 0)
        if mask and full:
            mask &= run_mask(self.problem.full & ~full, info.slots)
        return mask

    def crew_mask(self, crew: int, day: int, loc: int, k: int, entries) -> int:
        """Starts the crew allows for a ``k``-slot scene at ``loc``: gaps and longest day.

        ``entries`` must be the crew-day's current scenes (``crew_day[(crew, day)]``)."""
        known = self._crew_masks.setdefault((crew, day), {})
        mask = known.get((loc, k))
        if mask is None:
            mask = known[(loc, k)] = self._crew_mask(crew, loc, k, entries)
        return mask

    def _crew_mask(self, crew: int, loc: int, k: int, entries) -> int:
        span = self.problem.crew_span[crew]
        lo = min(e[0] for e in entries)
        hi = max(e[1] for e in entries)
        mask = range_mask(hi - span, lo + span - k + 1)
        gap = self.problem.gap
        for start, end, other, _ in entries:
            g = gap(loc, other)
            mask &= ~range_mask(start - k - g + 1, end + g)
        return mask

    def left_out(self) -> list[int]:
        return [s for s in range(len(self.problem.scenes)) if s not in self.place]

    def crew_block(self, crew: int, day: int) -> tuple[int, int] | None:
        entries = self.crew_day.get((crew, day))
        if not entries:
            return None
        return min(e[0] for e in entries), max(e[1] for e in entries)

    def crew_locations(self, crew: int, day: int) -> set[int]:
        return {e[2] for e in self.crew_day.get((crew, day), ())}


def lowest_bit(mask: int) -> int:
    return (mask & -mask).bit_length() - 1


def best_start(mask: int, block: tuple[int, int] | None, k: int) -> int:
    """The start that keeps the crew's day most compact (earliest when there is no block)."""
    if block is None:
        return lowest_bit(mask)
    lo, hi = block
    inside = mask & range_mask(lo, hi - k + 1)
    if inside:
        return lowest_bit(inside)
    best, best_span = -1, None
    after = mask >> hi << hi
    if after:
        t = lowest_bit(after)
        best, best_span = t, t + k - lo
    before = mask & range_mask(0, lo - k + 1)
    if before:
        t = before.bit_length() - 1
        if best_span is None or hi - t < best_span:
            best, best_span = t, hi - t
    if best < 0:
        # Overlapping the block's edge (a start between lo-k and lo, or ending past hi).
        best = lowest_bit(mask)
    return best
