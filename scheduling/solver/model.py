"""Frozen dataclasses for a planning instance and a plan (the contract's two file formats).

Times are integer minutes after the calendar midnight that starts their shooting day (a night
running on to 02:30 ends at 1590); days are integer indices from the horizon's start, and the
absolute time of (day, minute) is ``day * 1440 + minute``. The JSON side ("HH:MM" strings,
defaults, unknown-key checks) lives in ``instance.py`` and ``plan.py``; everything else in the
package works on these objects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

GENDERS = ("F", "M", "any")
TIMES_OF_DAY = ("day", "night", "any")
REASONS = (
    "no_location",
    "no_time",
    "extras_shortage",
    "crew_window",
    "locked_conflict",
    "not_worth",
)


@dataclass(frozen=True)
class Horizon:
    start: dt.date
    days: int
    day_start: int = 6 * 60
    day_end: int = 24 * 60
    slot_minutes: int = 30
    night_from: int = 18 * 60
    same_zone_move_minutes: int = 15
    default_travel_minutes: int = 45


# Minutes from one shooting day's midnight to the next: day d's minute m is d * 1440 + m.
DAY_MINUTES = 1440


def absolute_minute(day: int, minute: int) -> int:
    """Minutes since the horizon's first midnight of a shooting day's time."""
    return day * DAY_MINUTES + minute


@dataclass(frozen=True)
class Zone:
    id: str
    name: str


@dataclass(frozen=True)
class TravelTime:
    from_zone: str
    to_zone: str
    minutes: int


@dataclass(frozen=True)
class Closure:
    day: int
    start: int
    end: int


@dataclass(frozen=True)
class Location:
    id: str
    name: str
    zone: str
    tags: tuple[str, ...] = ()
    capacity: int = 1
    closures: tuple[Closure, ...] = ()
    cost_per_hour: int = 0


@dataclass(frozen=True)
class Crew:
    id: str
    name: str
    priority: int = 1
    first_day: int = 0
    last_day: int = 0
    max_span_minutes: int = 840
    # Least minutes between the last end of one shooting day and the first start of the next.
    min_rest_minutes: int = 0


@dataclass(frozen=True)
class ExtrasLine:
    count: int
    gender: str = "any"
    min_age: int = 18
    max_age: int = 60
    tags: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scene:
    id: str
    crew: str
    minutes: int
    location_tags: tuple[str, ...] = ()
    # None: any location whose tags include location_tags; a tuple: exactly these locations.
    locations: tuple[str, ...] | None = None
    time_of_day: str = "any"
    first_day: int = 0
    last_day: int = 0
    priority: int = 1
    extras: tuple[ExtrasLine, ...] = ()
    cast: tuple[str, ...] = ()


@dataclass(frozen=True)
class Performer:
    id: str
    gender: str
    age: int
    tags: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    available_days: tuple[int, ...] = ()
    max_minutes_per_day: int = 600
    reliability: float = 1.0
    min_rest_minutes: int = 0


@dataclass(frozen=True)
class Locked:
    scene: str
    location: str
    day: int
    start: int
    # None: the plan chooses the extras; else one tuple of performer ids per extras line.
    performers: tuple[tuple[str, ...], ...] | None = None


@dataclass(frozen=True)
class Previous:
    scene: str
    location: str
    day: int
    start: int


@dataclass(frozen=True)
class Instance:
    horizon: Horizon
    zones: tuple[Zone, ...] = ()
    travel_minutes: tuple[TravelTime, ...] = ()
    locations: tuple[Location, ...] = ()
    crews: tuple[Crew, ...] = ()
    scenes: tuple[Scene, ...] = ()
    performers: tuple[Performer, ...] = ()
    locked: tuple[Locked, ...] = ()
    previous: tuple[Previous, ...] = ()

    # Look-ups built once per instance; cached_property writes to __dict__ directly, so it
    # works on a frozen dataclass. They are excluded from equality and repr.
    @cached_property
    def location_by_id(self) -> dict[str, Location]:
        return {loc.id: loc for loc in self.locations}

    @cached_property
    def crew_by_id(self) -> dict[str, Crew]:
        return {crew.id: crew for crew in self.crews}

    @cached_property
    def scene_by_id(self) -> dict[str, Scene]:
        return {scene.id: scene for scene in self.scenes}

    @cached_property
    def performer_by_id(self) -> dict[str, Performer]:
        return {p.id: p for p in self.performers}

    @cached_property
    def _travel(self) -> dict[tuple[str, str], int]:
        table: dict[tuple[str, str], int] = {}
        for t in self.travel_minutes:
            table[(t.from_zone, t.to_zone)] = t.minutes
            table[(t.to_zone, t.from_zone)] = t.minutes
        return table

    def zone_travel_minutes(self, zone_a: str, zone_b: str) -> int:
        """Minutes to move between two zones (the same zone: the same-zone move time)."""
        if zone_a == zone_b:
            return self.horizon.same_zone_move_minutes
        return self._travel.get((zone_a, zone_b), self.horizon.default_travel_minutes)

    def move_minutes(self, location_a: str, location_b: str) -> int:
        """Minutes a crew or performer needs between scenes at two locations (0 if the same)."""
        if location_a == location_b:
            return 0
        locs = self.location_by_id
        return self.zone_travel_minutes(locs[location_a].zone, locs[location_b].zone)


@dataclass(frozen=True)
class Assignment:
    scene: str
    location: str
    day: int
    start: int
    end: int
    performers: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Unscheduled:
    scene: str
    reason: str
    detail: str = ""


@dataclass(frozen=True)
class Plan:
    assignments: tuple[Assignment, ...] = ()
    unscheduled: tuple[Unscheduled, ...] = ()
    stats: dict = field(default_factory=dict, compare=False, hash=False)
