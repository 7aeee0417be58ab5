"""The aggregations behind ``bound.py``: location groups, extras classes, scenes' options.

Split out of ``bound.py`` to keep the modules short; the derivation is in ``bound.py``.
"""

from __future__ import annotations

from collections import defaultdict

from .explain import scene_days
from .metrics import scene_value
from .model import Instance
from .timeline import Catalogue, Timeline


class LocationGroups:
    """Locations with identical tags, which every tag-based scene sees as interchangeable."""

    def __init__(self, instance: Instance):
        self.instance = instance
        index: dict[frozenset[str], int] = {}
        self.members: list[list[str]] = []
        self.of: dict[str, int] = {}
        for loc in instance.locations:
            key = frozenset(loc.tags)
            if key not in index:
                index[key] = len(self.members)
                self.members.append([])
            self.members[index[key]].append(loc.id)
            self.of[loc.id] = index[key]

    def open_minutes(self, group: int, day: int) -> dict[str, int]:
        """Capacity x minutes outside closures, over the whole day and its day and night parts."""
        h = self.instance.horizon
        windows = {
            "any": (h.day_start, h.day_end),
            "day": (h.day_start, h.night_from),
            "night": (h.night_from, h.day_end),
        }
        out = dict.fromkeys(windows, 0)
        for location_id in self.members[group]:
            loc = self.instance.location_by_id[location_id]
            for kind, (lo, hi) in windows.items():
                closed = sum(
                    max(0, min(hi, c.end) - max(lo, c.start)) for c in loc.closures if c.day == day
                )
                out[kind] += loc.capacity * (hi - lo - closed)
        return out


def location_groups(instance: Instance) -> LocationGroups:
    return LocationGroups(instance)


class Options(dict):
    """scene id -> [(group, day)] where the scene could shoot; ``locked``: scenes fixed."""

    locked: set[str]


def scene_options(instance: Instance, groups: LocationGroups) -> Options:
    """For each scene, the (group, day) pairs it could individually shoot in."""
    empty = Timeline(instance)
    catalogue = empty.catalogue
    room: dict[tuple, bool] = {}
    free_count: dict[tuple, int] = {}
    options = Options()
    options.locked = {k.scene for k in instance.locked}
    for scene in instance.scenes:
        lo, hi = catalogue.window(scene)
        pairs = []
        fits = min(hi - lo, instance.crew_by_id[scene.crew].max_span_minutes) >= scene.minutes
        for day in scene_days(instance, scene) if fits else ():
            if not _extras_possible(instance, catalogue, scene, day, free_count):
                continue
            seen: set[int] = set()
            for loc in catalogue.locations_for(scene):
                g = groups.of[loc.id]
                if g in seen:
                    continue
                key = (loc.id, day, scene.minutes, lo, hi)
                if key not in room:
                    room[key] = bool(empty.location_starts(loc.id, day, scene.minutes, lo, hi))
                if room[key]:
                    seen.add(g)
                    pairs.append((g, day))
        options[scene.id] = pairs
    for k in instance.locked:
        options[k.scene] = [(groups.of[k.location], k.day)]
    return options


def _extras_possible(instance, catalogue, scene, day: int, free_count: dict) -> bool:
    for line in scene.extras:
        key = (line.gender, line.min_age, line.max_age, line.tags, line.skills, day)
        if key not in free_count:
            by_id = instance.performer_by_id
            free_count[key] = sum(
                1 for pid in catalogue.candidates(line) if day in by_id[pid].available_days
            )
        if free_count[key] < line.count:
            return False
    return True


class ExtrasClasses:
    """Performers pooled by the set of line profiles they match; supply per class and day."""

    def __init__(self, instance: Instance, profiles: list[tuple]):
        combos: dict[tuple, list] = defaultdict(list)
        for p in instance.performers:
            combos[(p.gender, p.age, frozenset(p.tags), frozenset(p.skills))].append(p)
        index: dict[tuple[int, ...], int] = {}
        self.supply_by_day: list[dict[int, int]] = []
        self._serving: dict[tuple, list[int]] = defaultdict(list)
        for (gender, age, tags, skills), people in combos.items():
            signature = tuple(
                i
                for i, (g, lo, hi, want_tags, want_skills) in enumerate(profiles)
                if (g == "any" or g == gender)
                and lo <= age <= hi
                and tags.issuperset(want_tags)
                and skills.issuperset(want_skills)
            )
            if not signature:
                continue
            if signature not in index:
                index[signature] = len(self.supply_by_day)
                self.supply_by_day.append(defaultdict(int))
                for i in signature:
                    self._serving[profiles[i]].append(index[signature])
            supply = self.supply_by_day[index[signature]]
            for p in people:
                for day in p.available_days:
                    supply[day] += p.max_minutes_per_day

    def serving(self, profile: tuple) -> list[int]:
        return self._serving.get(profile, [])


def extras_classes(instance: Instance, profiles: list[tuple]) -> ExtrasClasses:
    return ExtrasClasses(instance, profiles)


def min_move_minutes(instance: Instance) -> int:
    """The shortest time between two scenes at different locations (a lower bound on every
    move): the shortest move, rounded up to the grid. Every start and end lies on the grid of
    ``slot_minutes``, so the gap between two scenes is a whole number of slots: a 15-minute
    move on a 30-minute grid costs the crew 30 minutes."""
    h = instance.horizon
    moves = [h.same_zone_move_minutes, h.default_travel_minutes]
    moves += [t.minutes for t in instance.travel_minutes]
    shortest = min(moves)
    return -(-shortest // h.slot_minutes) * h.slot_minutes


def separate_keys(catalogue: Catalogue, scenes) -> list[list]:
    """Groups of scenes by what they ask of a set, keeping only groups whose fitting locations
    are pairwise disjoint (largest demand first): scenes of two such groups never share a set."""
    by_key: dict[object, list] = defaultdict(list)
    for scene in scenes:
        key = scene.locations if scene.locations is not None else frozenset(scene.location_tags)
        by_key[key].append(scene)
    chosen: list[list] = []
    taken: set[str] = set()
    for members in sorted(by_key.values(), key=lambda m: (-sum(s.minutes for s in m), m[0].id)):
        fits = {loc.id for loc in catalogue.locations_for(members[0])}
        if fits and not fits & taken:
            taken |= fits
            chosen.append(members)
    return chosen


def crew_knapsack_bound(instance: Instance, options: Options | None = None) -> int:
    """Per crew, the best fractional filling of its days' minutes with its feasible scenes."""
    if options is None:
        options = scene_options(instance, location_groups(instance))
    h = instance.horizon
    scenes_of = defaultdict(list)
    for s in instance.scenes:
        if options.get(s.id):
            scenes_of[s.crew].append((s.priority, scene_value(instance, s), s.minutes))
    total = 0
    for crew in instance.crews:
        days = crew.last_day - crew.first_day + 1
        room = days * min(crew.max_span_minutes, h.day_end - h.day_start)
        best = 0.0
        for _, value, minutes in sorted(scenes_of[crew.id], reverse=True):
            take = min(1.0, room / minutes)
            best += value * take
            room -= minutes * take
            if room <= 0:
                break
        total += int(best + 1e-9)
    return total
