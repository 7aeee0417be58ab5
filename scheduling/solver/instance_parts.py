"""Readers for the demand side of an instance: scenes, performers, locked and previous bookings.

Split from ``instance.py`` to keep modules short; same conventions (see ``fields.Reader``).
"""

from __future__ import annotations

from .checker import check_plan, performer_mismatch
from .fields import MISSING, Problem, Reader, format_minutes
from .model import (
    DAY_MINUTES,
    GENDERS,
    TIMES_OF_DAY,
    Assignment,
    Crew,
    ExtrasLine,
    Horizon,
    Instance,
    Locked,
    Performer,
    Plan,
    Previous,
    Scene,
)

_SCENE_KEYS = (
    "location_tags",
    "locations",
    "time_of_day",
    "first_day",
    "last_day",
    "priority",
    "extras",
    "cast",
)


def read_clock(r: Reader, data: dict, key: str, path: str, horizon: Horizon) -> int | None:
    """An "HH:MM" time on the slot grid inside ``[day_start, day_end]``."""
    minutes = r.time(data, key, path)
    if minutes is None:
        return None
    if minutes % horizon.slot_minutes:
        r.problem(
            f"{path}.{key}",
            f"{format_minutes(minutes)} is off the {horizon.slot_minutes}-minute grid",
        )
        return None
    if not horizon.day_start <= minutes <= horizon.day_end:
        r.problem(
            f"{path}.{key}",
            f"{format_minutes(minutes)} is outside the day "
            f"{format_minutes(horizon.day_start)}-{format_minutes(horizon.day_end)}",
        )
        return None
    return minutes


def read_rest(r: Reader, data: dict, path: str) -> int | None:
    """``min_rest_minutes`` of a crew or performer: 0 to a day's 1440 minutes."""
    # More than a day would reach past the next shooting day, which holds no "next start";
    # capping it also means only neighbouring shooting days can ever clash.
    return r.int_(data, "min_rest_minutes", path, default=0, lo=0, hi=DAY_MINUTES)


def read_day(
    r: Reader,
    data: dict,
    key: str,
    path: str,
    horizon: Horizon,
    default: object = MISSING,
) -> int | None:
    """A day index inside the horizon."""
    return r.int_(data, key, path, default=default, lo=0, hi=horizon.days - 1)


def read_scenes(
    r: Reader,
    items: list,
    horizon: Horizon,
    crew_by_id: dict[str, Crew],
    location_ids: set[str],
) -> tuple[Scene, ...]:
    r.ids(items, "$.scenes", "scene")
    out = []
    for i, item in enumerate(items):
        scene = _read_scene(r, item, f"$.scenes[{i}]", horizon, crew_by_id, location_ids)
        if scene is not None:
            out.append(scene)
    return tuple(out)


def _read_scene(r, item, path, horizon, crew_by_id, location_ids) -> Scene | None:
    s = r.obj(item, path, required=("id", "crew", "minutes"), optional=_SCENE_KEYS)
    if s is None:
        return None
    ident, crew_id = r.str_(s, "id", path), r.str_(s, "crew", path)
    crew = crew_by_id.get(crew_id) if crew_id is not None else None
    if crew_id is not None and crew is None:
        r.unknown("crew", crew_id, f"{path}.crew")
    minutes = r.int_(s, "minutes", path, lo=1, hi=1440)
    if minutes is not None and minutes % horizon.slot_minutes:
        r.problem(
            f"{path}.minutes",
            f"{minutes} is off the {horizon.slot_minutes}-minute grid",
        )
    tags = r.str_list(s, "location_tags", path, unique=True)
    locations = None
    if "locations" in s:
        locations = r.str_list(s, "locations", path, unique=True)
        for j, loc in enumerate(locations or ()):
            if loc not in location_ids:
                r.unknown("location", loc, f"{path}.locations[{j}]")
        if locations == ():
            r.problem(f"{path}.locations", "must not be empty (omit it to match by tags)")
    time_of_day = r.str_(s, "time_of_day", path, default="any", choices=TIMES_OF_DAY)
    first, last = _scene_days(r, s, path, horizon, crew)
    priority = r.int_(s, "priority", path, default=1, lo=1, hi=5)
    extras = _read_lines(r, r.list_(s, "extras", path), path)
    cast = r.str_list(s, "cast", path, unique=True)
    fields = (
        ident,
        crew_id,
        minutes,
        tags,
        time_of_day,
        first,
        last,
        priority,
        extras,
        cast,
    )
    if None in fields or crew is None:
        return None
    return Scene(
        id=ident,
        crew=crew_id,
        minutes=minutes,
        location_tags=tags,
        locations=locations,
        time_of_day=time_of_day,
        first_day=first,
        last_day=last,
        priority=priority,
        extras=extras,
        cast=cast,
    )


def _scene_days(r: Reader, s: dict, path: str, horizon: Horizon, crew: Crew | None):
    lo = crew.first_day if crew is not None else 0
    hi = crew.last_day if crew is not None else horizon.days - 1
    first = read_day(r, s, "first_day", path, horizon, default=lo)
    last = read_day(r, s, "last_day", path, horizon, default=hi)
    if first is None or last is None:
        return None, None
    if first > last:
        r.problem(f"{path}.last_day", f"must not be before first_day ({first})")
        return None, None
    if crew is not None and (first < crew.first_day or last > crew.last_day):
        r.problem(
            f"{path}.first_day" if first < crew.first_day else f"{path}.last_day",
            f"days {first}-{last} lie outside crew {crew.id}'s days "
            f"{crew.first_day}-{crew.last_day}",
        )
    return first, last


def _read_lines(r: Reader, items: list, parent: str) -> tuple[ExtrasLine, ...] | None:
    out = []
    ok = True
    for j, item in enumerate(items):
        path = f"{parent}.extras[{j}]"
        e = r.obj(
            item,
            path,
            required=("count",),
            optional=("gender", "min_age", "max_age", "tags", "skills"),
        )
        if e is None:
            ok = False
            continue
        count = r.int_(e, "count", path, lo=1)
        gender = r.str_(e, "gender", path, default="any", choices=GENDERS)
        min_age = r.int_(e, "min_age", path, default=18, lo=0, hi=150)
        max_age = r.int_(e, "max_age", path, default=60, lo=0, hi=150)
        if min_age is not None and max_age is not None and min_age > max_age:
            r.problem(f"{path}.max_age", f"must not be below min_age ({min_age})")
            max_age = None
        tags = r.str_list(e, "tags", path, unique=True)
        skills = r.str_list(e, "skills", path, unique=True)
        fields = (count, gender, min_age, max_age, tags, skills)
        if None in fields:
            ok = False
            continue
        out.append(ExtrasLine(*fields))
    return tuple(out) if ok else None


def read_performers(r: Reader, items: list, horizon: Horizon) -> tuple[Performer, ...]:
    r.ids(items, "$.performers", "performer")
    out = []
    every_day = list(range(horizon.days))
    for i, item in enumerate(items):
        path = f"$.performers[{i}]"
        p = r.obj(
            item,
            path,
            required=("id", "gender", "age"),
            optional=(
                "tags",
                "skills",
                "available_days",
                "max_minutes_per_day",
                "reliability",
                "min_rest_minutes",
            ),
        )
        if p is None:
            continue
        ident = r.str_(p, "id", path)
        gender = r.str_(p, "gender", path, choices=("F", "M"))
        age = r.int_(p, "age", path, lo=0, hi=150)
        tags = r.str_list(p, "tags", path, unique=True)
        skills = r.str_list(p, "skills", path, unique=True)
        days = _read_days(r, r.list_(p, "available_days", path, default=every_day), path, horizon)
        limit = r.int_(p, "max_minutes_per_day", path, default=600, lo=1, hi=1440)
        reliability = r.number(p, "reliability", path, default=1.0, lo=0.0, hi=1.0)
        rest = read_rest(r, p, path)
        fields = (ident, gender, age, tags, skills, days, limit, reliability, rest)
        if None not in fields:
            out.append(Performer(*fields))
    return tuple(out)


def _read_days(r: Reader, items: list, parent: str, horizon: Horizon) -> tuple[int, ...]:
    days: list[int] = []
    for j, value in enumerate(items):
        path = f"{parent}.available_days[{j}]"
        day = r.int_value(value, path, lo=0, hi=horizon.days - 1)
        if day is not None and day in days:
            r.problem(path, f"duplicate day {day}")
        elif day is not None:
            days.append(day)
    return tuple(days)


def read_locked(r, items, horizon, scene_by_id, location_ids, performer_ids) -> tuple[Locked, ...]:
    out = []
    seen: set[str] = set()
    for i, item in enumerate(items):
        path = f"$.locked[{i}]"
        k = r.obj(
            item,
            path,
            required=("scene", "location", "day", "start"),
            optional=("performers",),
        )
        if k is None:
            continue
        booking = _read_booking(r, k, path, horizon, scene_by_id, location_ids, seen)
        performers = None
        if "performers" in k:
            scene_id = k.get("scene")
            scene = scene_by_id.get(scene_id) if isinstance(scene_id, str) else None
            performers = _read_locked_performers(r, k, path, scene, performer_ids)
        if booking is not None and (performers is not None or "performers" not in k):
            out.append(Locked(*booking, performers=performers))
    return tuple(out)


def read_previous(r, items, horizon, scene_by_id, location_ids) -> tuple[Previous, ...]:
    out = []
    seen: set[str] = set()
    for i, item in enumerate(items):
        path = f"$.previous[{i}]"
        k = r.obj(item, path, required=("scene", "location", "day", "start"), optional=())
        if k is None:
            continue
        booking = _read_booking(r, k, path, horizon, scene_by_id, location_ids, seen)
        if booking is not None:
            out.append(Previous(*booking))
    return tuple(out)


def _read_booking(r, k, path, horizon, scene_by_id, location_ids, seen):
    """(scene, location, day, start) of a locked or previous booking, or None."""
    scene_id, location = r.str_(k, "scene", path), r.str_(k, "location", path)
    scene = scene_by_id.get(scene_id)
    if scene_id is not None and scene is None:
        r.unknown("scene", scene_id, f"{path}.scene")
    elif scene_id in seen:
        r.problem(f"{path}.scene", f'scene "{scene_id}" is booked twice')
    seen.add(scene_id)
    if location is not None and location not in location_ids:
        r.unknown("location", location, f"{path}.location")
        location = None
    day = read_day(r, k, "day", path, horizon)
    start = read_clock(r, k, "start", path, horizon)
    if start is not None and scene is not None and start + scene.minutes > horizon.day_end:
        r.problem(
            f"{path}.start",
            f"scene {scene.id} of {scene.minutes} minutes starting at "
            f"{format_minutes(start)} would end after {format_minutes(horizon.day_end)}",
        )
        start = None
    if None in (scene, location, day, start):
        return None
    return scene_id, location, day, start


def _read_locked_performers(r, k, path, scene, performer_ids):
    lists = r.list_(k, "performers", path)
    if not isinstance(k.get("performers"), list):
        return None
    ok = True
    if scene is not None and len(lists) != len(scene.extras):
        r.problem(
            f"{path}.performers",
            f"has {len(lists)} lists but scene {scene.id} has {len(scene.extras)} extras lines",
        )
        ok = False
    out = []
    for j, line in enumerate(lists):
        ids = r.str_items(line, f"{path}.performers[{j}]", unique=True)
        if ids is None:
            ok = False
            continue
        for n, pid in enumerate(ids):
            if pid not in performer_ids:
                r.unknown("performer", pid, f"{path}.performers[{j}][{n}]")
                ok = False
        if scene is not None and j < len(scene.extras) and len(ids) != scene.extras[j].count:
            r.problem(
                f"{path}.performers[{j}]",
                f"has {len(ids)} performers but the line needs {scene.extras[j].count}",
            )
            ok = False
        out.append(ids)
    return tuple(out) if ok else None


def locked_problems(instance: Instance) -> list[Problem]:
    """Hard rules the locked bookings break among themselves: no plan could keep them all."""
    index = {k.scene: i for i, k in enumerate(instance.locked)}
    open_extras = {k.scene for k in instance.locked if k.performers is None}
    plan = Plan(
        assignments=tuple(
            Assignment(
                k.scene,
                k.location,
                k.day,
                k.start,
                k.start + instance.scene_by_id[k.scene].minutes,
                k.performers or (),
            )
            for k in instance.locked
        )
    )
    problems = []
    for v in check_plan(instance, plan):
        if v.rule == 1 or (v.rule == 8 and v.objects[0] in open_extras and len(v.objects) == 1):
            continue  # unlocked scenes are the plan's business; open extras are filled later
        first = min(index[o] for o in v.objects if o in index)
        problems.append(Problem(f"$.locked[{first}]", f"breaks rule {v.rule}: {v.message}"))
    problems += _open_extras_problems(instance, index)
    return sorted(problems, key=lambda p: int(p.path[len("$.locked[") : -1]))


def _open_extras_problems(instance: Instance, index: dict[str, int]) -> list[Problem]:
    """Locked bookings leaving extras open that the guild cannot staff at all that day."""
    problems = []
    for k in instance.locked:
        if k.performers is not None:
            continue
        for j, line in enumerate(instance.scene_by_id[k.scene].extras):
            available = sum(
                1
                for p in instance.performers
                if k.day in p.available_days and not performer_mismatch(p, line, k.day)
            )
            if available < line.count:
                problems.append(
                    Problem(
                        f"$.locked[{index[k.scene]}]",
                        f"breaks rule 8: extras line {j} needs {line.count}, only {available} "
                        f"performers in the guild match it and are available on day {k.day}",
                    )
                )
    return problems
