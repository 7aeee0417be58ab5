"""Who is busy when: the booking state shared by the baseline, the explanations and the optimiser.

``Timeline(instance)`` starts empty; ``book(assignment)`` records a scene at its location, for
its crew and for every performer it calls, and ``release(scene_id)`` takes it back out. The
questions it answers are exactly the hard rules, so anything booked only after a ``True``
answer yields a plan that passes the checker:

- ``location_free(location, day, start, end)``: no closure overlaps and the capacity holds at
  every instant (rules 4 and 5); ``location_starts(...)`` lists every free start at once.
- ``crew_free(crew, day, start, end, location)``: no overlap, the move time to the crew's scene
  before and after, and the crew's longest day (rules 6 and 7); across shooting days, the rest
  and the move time to every scene of the crew's previous and next shooting day.
- ``performer_free(performer, day, start, end, location)``: available that day, no overlap, the
  move times, the daily minutes, and the rest and moves across shooting days (rule 8's
  per-person part).
- ``first_free(candidates, day, start, end, location, count)``: the first ``count`` free
  performers of a list, in its order.

``Catalogue(instance)`` answers the static questions: the locations that fit a scene (rule 2),
the window its ``time_of_day`` allows (rule 3) and the performers matching an extras line
(gender, age, tags, skills; availability is per day and left to ``performer_free``).

Locations are kept as slot-count arrays per day (closures filled to "full"), people as sorted
lists of (start, end, location) per day searched with ``bisect``: each question costs
O(log n) or O(slots of the scene), which is what lets a 12,000-scene week be booked in seconds.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict

from .model import DAY_MINUTES, Assignment, ExtrasLine, Instance, Location, Scene

_CLOSED = 1 << 30


def max_move_minutes(instance: Instance) -> int:
    """The longest move between two locations: rests of a day's minus this never clash."""
    h = instance.horizon
    return max(
        [h.same_zone_move_minutes, h.default_travel_minutes]
        + [t.minutes for t in instance.travel_minutes]
    )


class Catalogue:
    """Static matches of an instance: fitting locations, time windows, candidate performers."""

    def __init__(self, instance: Instance):
        self.instance = instance
        self._tagsets = {loc.id: frozenset(loc.tags) for loc in instance.locations}
        self._fits: dict[object, tuple[Location, ...]] = {}
        self._lines: dict[tuple, tuple[str, ...]] = {}

    def locations_for(self, scene: Scene) -> tuple[Location, ...]:
        """Locations that fit the scene (its list when given, else its tags), in input order."""
        key = scene.locations if scene.locations is not None else frozenset(scene.location_tags)
        if key not in self._fits:
            if scene.locations is not None:
                by_id = self.instance.location_by_id
                self._fits[key] = tuple(by_id[i] for i in scene.locations)
            else:
                self._fits[key] = tuple(
                    loc for loc in self.instance.locations if key <= self._tagsets[loc.id]
                )
        return self._fits[key]

    def window(self, scene: Scene) -> tuple[int, int]:
        """(earliest start, latest end) of the scene's day allowed by its time_of_day."""
        h = self.instance.horizon
        if scene.time_of_day == "day":
            return h.day_start, h.night_from
        if scene.time_of_day == "night":
            return h.night_from, h.day_end
        return h.day_start, h.day_end

    def candidates(self, line: ExtrasLine) -> tuple[str, ...]:
        """Performers who could fill the line on some day, in input order."""
        key = (line.gender, line.min_age, line.max_age, line.tags, line.skills)
        found = self._lines.get(key)
        if found is None:
            tags, skills = frozenset(line.tags), frozenset(line.skills)
            found = self._lines[key] = tuple(
                p.id
                for p in self.instance.performers
                if (line.gender == "any" or p.gender == line.gender)
                and line.min_age <= p.age <= line.max_age
                and tags.issubset(p.tags)
                and skills.issubset(p.skills)
            )
        return found


class DayLine:
    """One person's day: non-overlapping bookings sorted by start."""

    __slots__ = ("starts", "entries", "minutes")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.entries: list[tuple[int, int, str, str]] = []  # (start, end, location, scene)
        self.minutes = 0

    def fits(self, instance: Instance, start: int, end: int, location: str) -> bool:
        """No overlap and the move time to the neighbours before and after."""
        i = bisect_right(self.starts, start)
        if i > 0:
            p_start, p_end, p_loc, _ = self.entries[i - 1]
            if p_end + instance.move_minutes(p_loc, location) > start:
                return False
        if i < len(self.entries):
            n_start, _, n_loc, _ = self.entries[i]
            if end + instance.move_minutes(location, n_loc) > n_start:
                return False
        return True

    def add(self, start: int, end: int, location: str, scene: str) -> None:
        i = bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.entries.insert(i, (start, end, location, scene))
        self.minutes += end - start

    def remove(self, scene: str) -> None:
        for i, entry in enumerate(self.entries):
            if entry[3] == scene:
                del self.starts[i]
                del self.entries[i]
                self.minutes -= entry[1] - entry[0]
                return


class Timeline:
    """Bookings so far, per location, crew and performer and day (see the module docstring)."""

    def __init__(self, instance: Instance):
        h = instance.horizon
        self.instance = instance
        self.catalogue = Catalogue(instance)
        self.slot = h.slot_minutes
        self.slots = (h.day_end - h.day_start) // h.slot_minutes
        self.assignments: dict[str, Assignment] = {}
        self._counts: dict[tuple[str, int], list[int]] = {}
        self._crews: dict[tuple[str, int], DayLine] = defaultdict(DayLine)
        self._people: dict[tuple[str, int], DayLine] = defaultdict(DayLine)
        self._available = {p.id: frozenset(p.available_days) for p in instance.performers}
        self._limit = {p.id: p.max_minutes_per_day for p in instance.performers}
        self._rest = {p.id: p.min_rest_minutes for p in instance.performers}
        self._crew_rest = {c.id: c.min_rest_minutes for c in instance.crews}
        self._max_move = max_move_minutes(instance)
        self._locked_view: Timeline | None = None
        self._empty_view: Timeline | None = None

    def _index(self, minutes: int) -> int:
        return (minutes - self.instance.horizon.day_start) // self.slot

    def counts(self, location_id: str, day: int) -> list[int]:
        """Scenes held per slot of a location's day; a closed slot holds a huge number."""
        key = (location_id, day)
        counts = self._counts.get(key)
        if counts is None:
            counts = [0] * self.slots
            for c in self.instance.location_by_id[location_id].closures:
                if c.day == day:
                    for i in range(self._index(c.start), self._index(c.end)):
                        counts[i] = _CLOSED
            self._counts[key] = counts
        return counts

    def location_free(self, location_id: str, day: int, start: int, end: int) -> bool:
        capacity = self.instance.location_by_id[location_id].capacity
        counts = self.counts(location_id, day)
        return max(counts[self._index(start) : self._index(end)]) < capacity

    def location_starts(self, location_id: str, day: int, minutes: int, lo: int, hi: int):
        """Every start in [lo, hi - minutes] at which the location is free for ``minutes``."""
        capacity = self.instance.location_by_id[location_id].capacity
        counts = self.counts(location_id, day)
        need = minutes // self.slot
        first = max(0, -(-(lo - self.instance.horizon.day_start) // self.slot))
        last = min(self.slots, self._index(hi))
        out = []
        run = 0
        day_start = self.instance.horizon.day_start
        for i in range(first, last):
            run = run + 1 if counts[i] < capacity else 0
            if run >= need:
                out.append(day_start + (i - need + 1) * self.slot)
        return out

    def crew_gaps(self, crew_id: str, day: int, minutes: int, lo: int, hi: int):
        """Stretches of [lo, hi] at least ``minutes`` long where the crew is idle and a scene
        would keep its day within ``max_span_minutes`` (move times are not yet subtracted)."""
        line = self._crews.get((crew_id, day))
        span = self.instance.crew_by_id[crew_id].max_span_minutes
        if minutes > span:
            return []
        if line is None or not line.entries:
            return [(lo, hi)] if hi - lo >= minutes else []
        lo = max(lo, line.entries[-1][1] - span)
        hi = min(hi, line.entries[0][0] + span)
        gaps = []
        cursor = lo
        for start, end, _, _ in line.entries:
            if min(start, hi) - cursor >= minutes:
                gaps.append((cursor, min(start, hi)))
            cursor = max(cursor, end)
        if hi - cursor >= minutes:
            gaps.append((cursor, hi))
        return gaps

    def scene_gaps(self, scene: Scene, day: int) -> list[tuple[int, int]]:
        """``crew_gaps`` of the scene's crew inside the scene's time-of-day window."""
        lo, hi = self.catalogue.window(scene)
        return self.crew_gaps(scene.crew, day, scene.minutes, lo, hi)

    def scene_starts(self, scene: Scene, location_id: str, day: int, *, crew=True, gaps=None):
        """Starts, in order, where the location is free for the scene inside its time-of-day
        window, and (``crew=True``) its crew is free with move times and span kept. ``gaps``:
        the day's ``scene_gaps`` when the caller already has them."""
        minutes = scene.minutes
        if not crew:
            lo, hi = self.catalogue.window(scene)
            return self.location_starts(location_id, day, minutes, lo, hi)
        out = []
        for a, b in self.scene_gaps(scene, day) if gaps is None else gaps:
            for start in self.location_starts(location_id, day, minutes, a, b):
                if self.crew_free(scene.crew, day, start, start + minutes, location_id):
                    out.append(start)
        return out

    def crew_free(self, crew_id: str, day: int, start: int, end: int, location_id: str) -> bool:
        crew = self.instance.crew_by_id[crew_id]
        rest = self._crew_rest[crew_id]
        if not self._neighbours_fit(self._crews, rest, crew_id, day, start, end, location_id):
            return False
        line = self._crews.get((crew_id, day))
        if line is None or not line.entries:
            return end - start <= crew.max_span_minutes
        # Bookings never overlap, so the last to start is the last to end.
        first, last = line.entries[0][0], line.entries[-1][1]
        span = max(end, last) - min(start, first)
        if span > crew.max_span_minutes:
            return False
        return line.fits(self.instance, start, end, location_id)

    def performer_free(self, pid: str, day: int, start: int, end: int, location_id: str) -> bool:
        if day not in self._available[pid]:
            return False
        rest = self._rest[pid]
        if not self._neighbours_fit(self._people, rest, pid, day, start, end, location_id):
            return False
        line = self._people.get((pid, day))
        if line is None:
            return end - start <= self._limit[pid]
        if line.minutes + end - start > self._limit[pid]:
            return False
        return line.fits(self.instance, start, end, location_id)

    def _neighbours_fit(self, lines, rest: int, who: str, day: int, start, end, location_id):
        """Rest and move time to every scene of the person's previous and next shooting day.

        Checking every scene of those days, not only the last and first, keeps the rule
        whatever is booked or released later; rest and moves are at most a day, so days
        further away never clash (``instance.read_rest``).
        """
        need = max(rest, self._max_move)
        before = self._lines_get(lines, who, day - 1)
        if before is not None and DAY_MINUTES + start - before.entries[-1][1] < need:
            for _, p_end, p_loc, _ in before.entries:
                gap = DAY_MINUTES + start - p_end
                if gap < rest or gap < self.instance.move_minutes(p_loc, location_id):
                    return False
        after = self._lines_get(lines, who, day + 1)
        if after is not None and DAY_MINUTES + after.entries[0][0] - end < need:
            for n_start, _, n_loc, _ in after.entries:
                gap = DAY_MINUTES + n_start - end
                if gap < rest or gap < self.instance.move_minutes(location_id, n_loc):
                    return False
        return True

    @staticmethod
    def _lines_get(lines, who: str, day: int) -> DayLine | None:
        line = lines.get((who, day))
        return line if line is not None and line.entries else None

    def first_free(self, candidates, day, start, end, location_id, count, taken=frozenset()):
        """The first ``count`` free of ``candidates`` not in ``taken`` (fewer if short)."""
        out: list[str] = []
        for pid in candidates:
            if pid not in taken and self.performer_free(pid, day, start, end, location_id):
                out.append(pid)
                if len(out) == count:
                    break
        return out

    def view(self, scene_ids) -> Timeline:
        """A new timeline holding only these of this one's bookings (e.g. the locked ones)."""
        other = Timeline(self.instance)
        other.catalogue = self.catalogue
        for scene_id in scene_ids:
            if scene_id in self.assignments:
                other.book(self.assignments[scene_id])
        return other

    def locked_view(self) -> Timeline:
        """This timeline's locked bookings alone (built on first use, then kept)."""
        if self._locked_view is None:
            self._locked_view = self.view(k.scene for k in self.instance.locked)
        return self._locked_view

    def empty_view(self) -> Timeline:
        """An empty timeline of the same instance: closures only (built once)."""
        if self._empty_view is None:
            self._empty_view = self.view(())
        return self._empty_view

    def crew_day(self, crew_id: str, day: int) -> DayLine | None:
        return self._crews.get((crew_id, day))

    def performer_day(self, pid: str, day: int) -> DayLine | None:
        return self._people.get((pid, day))

    def book(self, a: Assignment) -> None:
        """Record an assignment (the caller has checked it is free)."""
        self.assignments[a.scene] = a
        counts = self.counts(a.location, a.day)
        for i in range(self._index(a.start), self._index(a.end)):
            counts[i] += 1
        crew = self.instance.scene_by_id[a.scene].crew
        self._crews[(crew, a.day)].add(a.start, a.end, a.location, a.scene)
        for line in a.performers:
            for pid in line:
                self._people[(pid, a.day)].add(a.start, a.end, a.location, a.scene)

    def release(self, scene_id: str) -> Assignment:
        """Take a booked scene back out; returns its assignment."""
        a = self.assignments.pop(scene_id)
        counts = self.counts(a.location, a.day)
        for i in range(self._index(a.start), self._index(a.end)):
            counts[i] -= 1
        crew = self.instance.scene_by_id[a.scene].crew
        self._crews[(crew, a.day)].remove(a.scene)
        for line in a.performers:
            for pid in line:
                self._people[(pid, a.day)].remove(a.scene)
        return a
