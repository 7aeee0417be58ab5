"""The instance file (``hengdian-instance/1``): strict reading, defaults, and writing back.

``parse_instance`` checks the whole document before building anything and raises one
``InstanceError`` listing every problem with its JSON path (``$.scenes[3].extras[0].min_age``),
so an operator fixes a file in one pass. Defaults the contract leaves open: a crew's days default
to the whole horizon, a scene's days to its crew's, a performer's ``available_days`` to every day.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from .fields import (
    LAST_MINUTE,
    MISSING,
    InstanceError,
    Problem,
    Reader,
    format_minutes,
    parse_hhmm,
)
from .instance_parts import (
    locked_problems,
    read_clock,
    read_day,
    read_locked,
    read_performers,
    read_previous,
    read_rest,
    read_scenes,
)
from .instance_write import FORMAT, instance_to_json, save_instance
from .model import DAY_MINUTES, Closure, Crew, Horizon, Instance, Location, TravelTime, Zone

__all__ = [
    "FORMAT",
    "InstanceError",
    "Problem",
    "format_minutes",
    "instance_to_json",
    "load_instance",
    "parse_hhmm",
    "parse_instance",
    "save_instance",
]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_HORIZON_KEYS = (
    "day_start",
    "day_end",
    "slot_minutes",
    "night_from",
    "same_zone_move_minutes",
    "default_travel_minutes",
)
_LISTS = (
    "zones",
    "travel_minutes",
    "locations",
    "crews",
    "scenes",
    "performers",
    "locked",
    "previous",
)


def load_instance(path: str | Path) -> Instance:
    """Read and check an instance file; a JSON syntax error is a problem at ``$``."""
    text = Path(path).read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InstanceError([Problem("$", f"not valid JSON: {exc}")]) from None
    return parse_instance(data)


def parse_instance(data: object) -> Instance:
    """Check a decoded instance document completely and build the ``Instance``."""
    r = Reader()
    top = r.obj(data, "$", required=("format", "horizon"), optional=_LISTS)
    if top is None:
        raise InstanceError(r.problems)
    if "format" in top and top["format"] != FORMAT:
        r.problem("$.format", f'must be "{FORMAT}", not {json.dumps(top["format"])}')
    for kind in ("zone", "location", "crew", "scene", "performer"):
        items = top.get(kind + "s")
        r.know(kind, items if isinstance(items, list) else [])
    horizon = _read_horizon(r, top.get("horizon", {}) if "horizon" in top else MISSING)
    zones = _read_zones(r, r.list_(top, "zones", "$"))
    zone_ids = {z.id for z in zones}
    travel = _read_travel(r, r.list_(top, "travel_minutes", "$"), zone_ids)
    locations = _read_locations(r, r.list_(top, "locations", "$"), horizon, zone_ids)
    crews = _read_crews(r, r.list_(top, "crews", "$"), horizon)
    location_ids = {loc.id for loc in locations}
    crew_by_id = {c.id: c for c in crews}
    scenes = read_scenes(r, r.list_(top, "scenes", "$"), horizon, crew_by_id, location_ids)
    performers = read_performers(r, r.list_(top, "performers", "$"), horizon)
    scene_by_id = {s.id: s for s in scenes}
    performer_ids = {p.id for p in performers}
    locked = read_locked(
        r,
        r.list_(top, "locked", "$"),
        horizon,
        scene_by_id,
        location_ids,
        performer_ids,
    )
    previous = read_previous(r, r.list_(top, "previous", "$"), horizon, scene_by_id, location_ids)
    if r.problems:
        raise InstanceError(r.problems)
    instance = Instance(
        horizon=horizon,
        zones=zones,
        travel_minutes=travel,
        locations=locations,
        crews=crews,
        scenes=scenes,
        performers=performers,
        locked=locked,
        previous=previous,
    )
    problems = locked_problems(instance)
    if problems:
        raise InstanceError(problems)
    return instance


def _read_horizon(r: Reader, value: object) -> Horizon:
    path = "$.horizon"
    # Stand-ins for unreadable values are the most permissive ones, so that a broken horizon
    # does not make every time and day in the file look wrong as well.
    fallback = Horizon(
        start=dt.date(2000, 1, 1), days=366, day_start=0, day_end=LAST_MINUTE + 1, slot_minutes=1
    )
    if value is MISSING:
        return fallback
    h = r.obj(
        value,
        path,
        required=("start", "days"),
        optional=_HORIZON_KEYS,
    )
    if h is None:
        return fallback
    start = _read_date(r, h, path)
    days = r.int_(h, "days", path, lo=1, hi=366)
    slot = r.int_(h, "slot_minutes", path, default=30, lo=1, hi=1440)
    if slot is not None and 1440 % slot:
        r.problem(f"{path}.slot_minutes", f"must divide a day of 1440 minutes, not {slot}")
        slot = None
    day_start, day_end, night = _read_day_times(r, h, path, slot)
    same_zone = r.int_(h, "same_zone_move_minutes", path, default=15, lo=0, hi=1440)
    travel = r.int_(h, "default_travel_minutes", path, default=45, lo=0, hi=1440)

    def pick(value, default):
        return default if value is None else value

    return Horizon(
        start=pick(start, fallback.start),
        days=pick(days, fallback.days),
        day_start=pick(day_start, fallback.day_start),
        day_end=pick(day_end, fallback.day_end),
        slot_minutes=pick(slot, fallback.slot_minutes),
        night_from=pick(night, fallback.night_from),
        same_zone_move_minutes=pick(same_zone, 15),
        default_travel_minutes=pick(travel, 45),
    )


def _read_day_times(r: Reader, h: dict, path: str, slot: int | None):
    """(day_start, day_end, night_from) in minutes; None for each value that is wrong."""
    times = {}
    for key, default in (("day_start", "06:00"), ("day_end", "24:00"), ("night_from", "18:00")):
        times[key] = r.time(h, key, path, default=default)
        if times[key] is not None and slot is not None and times[key] % slot:
            r.problem(
                f"{path}.{key}", f"{format_minutes(times[key])} is off the {slot}-minute grid"
            )
            times[key] = None
    day_start, day_end, night = times["day_start"], times["day_end"], times["night_from"]
    if day_start is not None and day_start >= DAY_MINUTES:
        # A shooting day starts on its own date; only its end may run on past midnight.
        r.problem(
            f"{path}.day_start",
            f"must be before 24:00, not {format_minutes(day_start)}: a shooting day starts on "
            "its own date",
        )
        day_start = None
    if day_start is not None and day_end is not None and day_start >= day_end:
        r.problem(f"{path}.day_end", "must be after day_start")
        day_start = day_end = None
    elif day_start is not None and day_end is not None and day_end - day_start > DAY_MINUTES:
        # Longer, and one shooting day would run into the next one's start.
        r.problem(
            f"{path}.day_end",
            f"{format_minutes(day_end)} is more than 24 hours after day_start "
            f"{format_minutes(day_start)}",
        )
        day_start = day_end = None
    if None not in (night, day_start, day_end) and not day_start <= night <= day_end:
        r.problem(f"{path}.night_from", "must lie between day_start and day_end")
    return day_start, day_end, night


def _read_date(r: Reader, h: dict, path: str) -> dt.date | None:
    value = h.get("start", MISSING)
    if value is MISSING:
        return None
    if isinstance(value, str) and _DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    r.problem(f"{path}.start", f"must be a date YYYY-MM-DD, not {json.dumps(value)}")
    return None


def _read_zones(r: Reader, items: list) -> tuple[Zone, ...]:
    r.ids(items, "$.zones", "zone")
    zones = []
    for i, item in enumerate(items):
        path = f"$.zones[{i}]"
        z = r.obj(item, path, required=("id", "name"), optional=())
        if z is None:
            continue
        ident, name = r.str_(z, "id", path), r.str_(z, "name", path)
        if ident is not None and name is not None:
            zones.append(Zone(id=ident, name=name))
    return tuple(zones)


def _read_travel(r: Reader, items: list, zone_ids: set[str]) -> tuple[TravelTime, ...]:
    out = []
    pairs: set[frozenset[str]] = set()
    for i, item in enumerate(items):
        path = f"$.travel_minutes[{i}]"
        t = r.obj(item, path, required=("from", "to", "minutes"), optional=())
        if t is None:
            continue
        ends = [r.str_(t, key, path) for key in ("from", "to")]
        for key, zone in zip(("from", "to"), ends, strict=True):
            if zone is not None and zone not in zone_ids:
                r.unknown("zone", zone, f"{path}.{key}")
        minutes = r.int_(t, "minutes", path, lo=0, hi=1440)
        a, b = ends
        if a is not None and a == b:
            r.problem(f"{path}.to", "a zone to itself: use horizon.same_zone_move_minutes")
        elif a is not None and b is not None and frozenset((a, b)) in pairs:
            r.problem(path, f'a second travel time between "{a}" and "{b}"')
        elif a is not None and b is not None and minutes is not None:
            pairs.add(frozenset((a, b)))
            out.append(TravelTime(from_zone=a, to_zone=b, minutes=minutes))
    return tuple(out)


def _read_locations(
    r: Reader, items: list, horizon: Horizon, zone_ids: set[str]
) -> tuple[Location, ...]:
    r.ids(items, "$.locations", "location")
    out = []
    for i, item in enumerate(items):
        path = f"$.locations[{i}]"
        loc = r.obj(
            item,
            path,
            required=("id", "name", "zone"),
            optional=("tags", "capacity", "closures", "cost_per_hour"),
        )
        if loc is None:
            continue
        ident, name, zone = (r.str_(loc, key, path) for key in ("id", "name", "zone"))
        if zone is not None and zone not in zone_ids:
            r.unknown("zone", zone, f"{path}.zone")
        tags = r.str_list(loc, "tags", path)
        capacity = r.int_(loc, "capacity", path, default=1, lo=1)
        cost = r.int_(loc, "cost_per_hour", path, default=0, lo=0)
        closures = _read_closures(r, r.list_(loc, "closures", path), path, horizon)
        if None not in (ident, name, zone, tags, capacity, cost):
            out.append(Location(ident, name, zone, tags, capacity, closures, cost))
    return tuple(out)


def _read_closures(r: Reader, items: list, parent: str, horizon: Horizon) -> tuple[Closure, ...]:
    out = []
    for j, item in enumerate(items):
        path = f"{parent}.closures[{j}]"
        c = r.obj(item, path, required=("day", "start", "end"), optional=())
        if c is None:
            continue
        day = read_day(r, c, "day", path, horizon)
        start = read_clock(r, c, "start", path, horizon)
        end = read_clock(r, c, "end", path, horizon)
        if start is not None and end is not None and start >= end:
            r.problem(f"{path}.end", "must be after start")
        elif None not in (day, start, end):
            out.append(Closure(day=day, start=start, end=end))
    return tuple(out)


def _read_crews(r: Reader, items: list, horizon: Horizon) -> tuple[Crew, ...]:
    r.ids(items, "$.crews", "crew")
    out = []
    for i, item in enumerate(items):
        path = f"$.crews[{i}]"
        c = r.obj(
            item,
            path,
            required=("id", "name"),
            optional=("priority", "first_day", "last_day", "max_span_minutes", "min_rest_minutes"),
        )
        if c is None:
            continue
        ident, name = r.str_(c, "id", path), r.str_(c, "name", path)
        priority = r.int_(c, "priority", path, default=1, lo=1, hi=5)
        first = read_day(r, c, "first_day", path, horizon, default=0)
        last = read_day(r, c, "last_day", path, horizon, default=horizon.days - 1)
        if first is not None and last is not None and first > last:
            r.problem(f"{path}.last_day", f"must not be before first_day ({first})")
            continue
        span = r.int_(c, "max_span_minutes", path, default=840, lo=1, hi=1440)
        rest = read_rest(r, c, path)
        if None not in (ident, name, priority, first, last, span, rest):
            out.append(Crew(ident, name, priority, first, last, span, rest))
    return tuple(out)
