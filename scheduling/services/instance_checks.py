"""What only the database can tell about an instance that parsed cleanly.

``parse_instance`` checks a file on its own; these checks compare it with the base: its planning
grid, the sizes of its columns, objects that already belong elsewhere (a cast member of another
crew, a scene of another crew) and bookings already on the calendar. Every problem carries the
JSON path of the item at fault, as the parser's do.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q

from crews.models import CastMember, Scene
from scheduling.models import Booking
from scheduling.selectors.instances import base_horizon, horizon_bounds, horizon_moment
from scheduling.solver.fields import Problem, format_minutes
from scheduling.solver.model import Instance

from .instance_rows import chunks

CODE_MAX, NAME_MAX = 64, 200
SMALL_MAX, INT_MAX = 32767, 2**31 - 1
_CLOCKS = ("day_start", "day_end", "night_from")


def instance_db_problems(instance: Instance) -> list[Problem]:
    """Every problem the database would have with ``instance``, in file order."""
    problems: list[Problem] = []
    problems += _grid(instance)
    problems += _sizes(instance)
    problems += _owners(instance)
    problems += _locked_performers(instance)
    problems += _capacity(instance)
    return problems


def _grid(instance: Instance) -> list[Problem]:
    out = []
    base = base_horizon(start=instance.horizon.start, days=instance.horizon.days)
    # A file may keep a shorter day than the base's (the old 06:00-24:00 means what it meant):
    # all its times then lie inside the base's day.
    h = instance.horizon
    if h.day_start < base.day_start or h.day_end > base.day_end:
        out.append(
            Problem(
                "$.horizon",
                f"the day {format_minutes(h.day_start)}-{format_minutes(h.day_end)} must lie "
                f"inside the base's working day "
                f"{format_minutes(base.day_start)}-{format_minutes(base.day_end)}",
            )
        )
    for key in (
        "slot_minutes",
        "night_from",
        "same_zone_move_minutes",
        "default_travel_minutes",
    ):
        want, got = getattr(base, key), getattr(instance.horizon, key)
        if want != got:
            show = format_minutes if key in _CLOCKS else str
            out.append(
                Problem(
                    f"$.horizon.{key}",
                    f"must be {show(want)}, the base's planning grid, not {show(got)}",
                )
            )
    slot = settings.PLANNING_SLOT_MINUTES

    def on_grid(path: str, minutes: int) -> None:
        if minutes % slot:
            out.append(Problem(path, f"{minutes} is off the base's {slot}-minute grid"))

    for i, crew in enumerate(instance.crews):
        on_grid(f"$.crews[{i}].max_span_minutes", crew.max_span_minutes)
    for i, scene in enumerate(instance.scenes):
        on_grid(f"$.scenes[{i}].minutes", scene.minutes)
    for i, performer in enumerate(instance.performers):
        on_grid(f"$.performers[{i}].max_minutes_per_day", performer.max_minutes_per_day)
    for i, travel in enumerate(instance.travel_minutes):
        if travel.minutes < 1:
            out.append(
                Problem(f"$.travel_minutes[{i}].minutes", "must be at least 1 between two zones")
            )
    return out


def _sizes(instance: Instance) -> list[Problem]:
    out = []

    def fits(path: str, text: str, limit: int) -> None:
        if len(text) > limit:
            out.append(Problem(path, f"is {len(text)} characters long, at most {limit} fit"))

    def at_most(path: str, value: int, limit: int) -> None:
        if value > limit:
            out.append(Problem(path, f"must be at most {limit}, not {value}"))

    for kind in ("zones", "locations", "crews"):
        for i, item in enumerate(getattr(instance, kind)):
            fits(f"$.{kind}[{i}].id", item.id, CODE_MAX)
            fits(f"$.{kind}[{i}].name", item.name, NAME_MAX)
    for i, loc in enumerate(instance.locations):
        at_most(f"$.locations[{i}].capacity", loc.capacity, SMALL_MAX)
        at_most(f"$.locations[{i}].cost_per_hour", loc.cost_per_hour, INT_MAX)
    for i, scene in enumerate(instance.scenes):
        fits(f"$.scenes[{i}].id", scene.id, CODE_MAX)
        for j, cast in enumerate(scene.cast):
            fits(f"$.scenes[{i}].cast[{j}]", cast, CODE_MAX)
        for j, line in enumerate(scene.extras):
            at_most(f"$.scenes[{i}].extras[{j}].count", line.count, INT_MAX)
    for i, performer in enumerate(instance.performers):
        fits(f"$.performers[{i}].id", performer.id, CODE_MAX)
    return out


def _owners(instance: Instance) -> list[Problem]:
    """Cast members and scenes stay with the crew they belong to."""
    out = []
    cast_codes = {code for scene in instance.scenes for code in scene.cast}
    cast_crew = {}
    for chunk in chunks(cast_codes):
        cast_crew.update(
            CastMember.objects.filter(code__in=chunk).values_list("code", "crew__code")
        )
    scene_crew = {}
    for chunk in chunks(scene.id for scene in instance.scenes):
        scene_crew.update(Scene.objects.filter(code__in=chunk).values_list("code", "crew__code"))
    for i, scene in enumerate(instance.scenes):
        owner = scene_crew.get(scene.id, scene.crew)
        if owner != scene.crew:
            out.append(
                Problem(f"$.scenes[{i}].crew", f'scene "{scene.id}" belongs to crew "{owner}"')
            )
        for j, code in enumerate(scene.cast):
            owner = cast_crew.setdefault(code, scene.crew)
            if owner != scene.crew:
                out.append(
                    Problem(
                        f"$.scenes[{i}].cast[{j}]",
                        f'cast member "{code}" belongs to crew "{owner}", not "{scene.crew}"',
                    )
                )
    return out


def _locked_performers(instance: Instance) -> list[Problem]:
    """A performer fills one place per scene (hard rule 8), across its extras lines too."""
    out = []
    for i, locked in enumerate(instance.locked):
        seen: set[str] = set()
        for j, line in enumerate(locked.performers or ()):
            for n, code in enumerate(line):
                if code in seen:
                    out.append(
                        Problem(
                            f"$.locked[{i}].performers[{j}][{n}]",
                            f'performer "{code}" already fills a place in this scene',
                        )
                    )
                seen.add(code)
    return out


def _capacity(instance: Instance) -> list[Problem]:
    """No instant may see more bookings at a location than its capacity, counting the bookings
    of scenes outside the instance that the database already holds."""
    h = instance.horizon
    scenes = instance.scene_by_id
    intervals: dict[str, list[tuple[dt.datetime, dt.datetime, str | None]]] = defaultdict(list)
    for kind in ("locked", "previous"):
        for i, booking in enumerate(getattr(instance, kind)):
            start = horizon_moment(start=h.start, day=booking.day, minutes=booking.start)
            end = start + dt.timedelta(minutes=scenes[booking.scene].minutes)
            intervals[booking.location].append((start, end, f"$.{kind}[{i}]"))
    if not intervals:
        return []
    begin, finish = horizon_bounds(start=h.start, days=h.days)
    others = (
        Booking.objects.filter(location__code__in=list(intervals))
        .filter(Q(starts_at__lt=finish) & Q(ends_at__gt=begin))
        .exclude(status=Booking.Status.CANCELLED)
        .values_list("location__code", "starts_at", "ends_at", "scene__code")
    )
    for code, start, end, scene in others:
        if scene not in scenes:  # the instance replaces the bookings of its own scenes
            intervals[code].append((start, end, None))
    out = []
    for code, items in intervals.items():
        out += _overbooked(instance.location_by_id[code], items)
    return sorted(out, key=lambda p: _path_key(p.path))


def _overbooked(location, items) -> list[Problem]:
    events = []
    for start, end, path in items:
        events.append((start, 1, path))
        events.append((end, 0, path))
    active: list[str | None] = []
    reported: set[str] = set()
    out = []
    # Ends sort before starts at the same instant: back-to-back bookings do not overlap.
    for moment, is_start, path in sorted(events, key=lambda e: (e[0], e[1])):
        if not is_start:
            active.remove(path)
            continue
        active.append(path)
        if len(active) <= location.capacity:
            continue
        blamed = path if path is not None else next((p for p in active if p), None)
        if blamed is not None and blamed not in reported:
            reported.add(blamed)
            clock = moment.astimezone(ZoneInfo(settings.TIME_ZONE)).strftime("%Y-%m-%d %H:%M")
            out.append(
                Problem(
                    blamed,
                    f'location "{location.id}" (capacity {location.capacity}) would hold '
                    f"{len(active)} bookings at once at {clock}",
                )
            )
    return out


def _path_key(path: str) -> tuple:
    kind, _, rest = path[2:].partition("[")
    return (kind != "locked", int(rest.rstrip("]")))
