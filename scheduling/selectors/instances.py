"""The database as a planning instance: what the export endpoint and a planning run read.

Times in the database are aware instants; an instance counts days from ``horizon.start`` and
minutes after midnight on the base's clock (Asia/Shanghai). The helpers here convert between the
two for the import service as well, so both directions agree on the same arithmetic.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q

from actors.models import Availability, Call, Performer
from core.shooting_day import clock_of, shooting_date, shooting_days_bounds
from crews.models import Crew, ExtrasLine, Scene
from scheduling.models import Booking, Closure, Location, TravelTime, Zone
from scheduling.solver import model as m
from scheduling.solver.fields import parse_hhmm

DAY = 24 * 60
MAX_EXPORT_DAYS = 366  # a year: the parser's own bound on horizon.days


def base_horizon(*, start: dt.date, days: int) -> m.Horizon:
    """A horizon on the base's planning grid (settings.PLANNING_*)."""
    return m.Horizon(
        start=start,
        days=days,
        day_start=parse_hhmm(settings.PLANNING_DAY_START),
        day_end=parse_hhmm(settings.PLANNING_DAY_END),
        slot_minutes=settings.PLANNING_SLOT_MINUTES,
        night_from=parse_hhmm(settings.PLANNING_NIGHT_FROM),
        same_zone_move_minutes=settings.PLANNING_SAME_ZONE_MOVE_MINUTES,
        default_travel_minutes=settings.PLANNING_DEFAULT_TRAVEL_MINUTES,
    )


def horizon_moment(*, start: dt.date, day: int, minutes: int) -> dt.datetime:
    """The aware instant ``minutes`` after midnight of day ``day`` counted from ``start``."""
    midnight = dt.datetime.combine(
        start + dt.timedelta(days=day), dt.time(), tzinfo=ZoneInfo(settings.TIME_ZONE)
    )
    return midnight + dt.timedelta(minutes=minutes)


def horizon_position(*, start: dt.date, moment: dt.datetime, end: bool = False) -> tuple[int, int]:
    """(shooting day, minutes after its date's midnight) of an instant: 01:00 after a night is
    minute 1500 of the day before when the shooting day runs past midnight. An ``end`` belongs
    to the day of the instant just before it (an end at 24:00 is minute 1440 of its day)."""
    probe = moment - dt.timedelta(microseconds=1) if end else moment
    day = shooting_date(probe) or probe.astimezone(ZoneInfo(settings.TIME_ZONE)).date()
    return (day - start).days, clock_of(moment, day)


def horizon_bounds(*, start: dt.date, days: int) -> tuple[dt.datetime, dt.datetime]:
    """From the opening of the horizon's first shooting day to the close of its last."""
    return shooting_days_bounds(start, start + dt.timedelta(days=days - 1))


def instance_export(*, start: dt.date, days: int) -> m.Instance:
    """The database as an instance for ``days`` days from ``start``.

    Crews whose stay overlaps the horizon and their scenes whose window overlaps it (windows
    clipped to the horizon and the crew's stay), every zone, location and performer, closures and
    availability inside the horizon, confirmed bookings as ``locked`` and the other active ones
    as ``previous``. Objects come in the order they were registered, so an imported file exports
    in its own order.
    """
    horizon = base_horizon(start=start, days=days)
    crews = _crews(horizon)
    crew_by_pk = dict(crews)
    scenes, line_index = _scenes(horizon, crew_by_pk)
    return m.Instance(
        horizon=horizon,
        zones=tuple(
            m.Zone(code, name)
            for code, name in Zone.objects.order_by("pk").values_list("code", "name")
        ),
        travel_minutes=_travel(),
        locations=_locations(horizon),
        crews=tuple(crew for _, crew in crews),
        scenes=tuple(scene for _, scene in scenes),
        performers=_performers(horizon),
        **_bookings(horizon, dict(scenes), line_index),
    )


def _clip(first: dt.date, last: dt.date, lo: int, hi: int, start: dt.date) -> tuple[int, int]:
    return max(lo, (first - start).days), min(hi, (last - start).days)


def _travel() -> tuple[m.TravelTime, ...]:
    rows = TravelTime.objects.order_by("pk").values_list(
        "from_zone__code", "to_zone__code", "minutes"
    )
    return tuple(m.TravelTime(a, b, minutes) for a, b, minutes in rows)


def _locations(horizon: m.Horizon) -> tuple[m.Location, ...]:
    begin, end = horizon_bounds(start=horizon.start, days=horizon.days)
    closures: dict[int, list[m.Closure]] = defaultdict(list)
    rows = Closure.objects.filter(starts_at__lt=end, ends_at__gt=begin).order_by("starts_at", "pk")
    for location_id, starts_at, ends_at in rows.values_list("location_id", "starts_at", "ends_at"):
        closures[location_id].extend(
            closure_parts(horizon=horizon, starts_at=starts_at, ends_at=ends_at)
        )
    return tuple(
        m.Location(
            id=loc.code,
            name=loc.name,
            zone=loc.zone.code,
            tags=tuple(loc.tags),
            capacity=loc.capacity,
            closures=tuple(closures[loc.pk]),
            cost_per_hour=loc.cost_per_hour,
        )
        for loc in Location.objects.select_related("zone").order_by("pk")
    )


def closure_parts(
    *, horizon: m.Horizon, starts_at: dt.datetime, ends_at: dt.datetime
) -> list[m.Closure]:
    """A closure as one instance closure per day it touches, widened to the slot grid and
    clipped to the working day (a closure typed by hand may cross midnight or end at 10:45)."""
    slot = horizon.slot_minutes
    first_day, first_minute = horizon_position(start=horizon.start, moment=starts_at)
    last_day, last_minute = horizon_position(start=horizon.start, moment=ends_at, end=True)
    parts = []
    for day in range(max(first_day, 0), min(last_day, horizon.days - 1) + 1):
        lo = first_minute if day == first_day else 0
        hi = last_minute if day == last_day else 2 * DAY  # a shooting day may pass midnight
        lo = max(horizon.day_start, lo - lo % slot)
        hi = min(horizon.day_end, hi + (-hi) % slot)
        if lo < hi:
            parts.append(m.Closure(day=day, start=lo, end=hi))
    return parts


def _crews(horizon: m.Horizon) -> list[tuple[int, m.Crew]]:
    last_date = horizon.start + dt.timedelta(days=horizon.days - 1)
    rows = Crew.objects.filter(first_date__lte=last_date, last_date__gte=horizon.start)
    out = []
    for crew in rows.order_by("pk"):
        first, last = _clip(crew.first_date, crew.last_date, 0, horizon.days - 1, horizon.start)
        out.append(
            (
                crew.pk,
                m.Crew(
                    crew.code,
                    crew.name,
                    crew.priority,
                    first,
                    last,
                    crew.max_span_minutes,
                    min_rest_minutes=crew.min_rest_minutes,
                ),
            )
        )
    return out


def _scenes(horizon: m.Horizon, crew_by_pk: dict[int, m.Crew]):
    """The scenes to plan, with each extras line's index in its scene (for locked calls)."""
    last_date = horizon.start + dt.timedelta(days=horizon.days - 1)
    rows = (
        Scene.objects.filter(
            crew_id__in=list(crew_by_pk), first_date__lte=last_date, last_date__gte=horizon.start
        )
        # A scene whose cancellation the operations centre approved is not to be shot: a
        # re-plan must not book it again.
        .exclude(change_requests__kind="cancel", change_requests__status="approved")
        .order_by("pk")
    )
    scene_filter = Q(scene__crew_id__in=list(crew_by_pk))
    lines: dict[int, list[m.ExtrasLine]] = defaultdict(list)
    line_index: dict[int, int] = {}
    for line in ExtrasLine.objects.filter(scene_filter).order_by("scene_id", "position"):
        line_index[line.pk] = len(lines[line.scene_id])
        lines[line.scene_id].append(
            m.ExtrasLine(
                line.count,
                line.gender,
                line.min_age,
                line.max_age,
                tuple(line.tags),
                tuple(line.skills),
            )
        )
    cast = _through(Scene.cast.through, scene_filter, "castmember__code")
    only_at = _through(Scene.locations.through, scene_filter, "location__code")
    out = []
    for scene in rows:
        crew = crew_by_pk[scene.crew_id]
        first, last = _clip(
            scene.first_date, scene.last_date, crew.first_day, crew.last_day, horizon.start
        )
        if first > last:
            continue
        out.append(
            (
                scene.pk,
                m.Scene(
                    id=scene.code,
                    crew=crew.id,
                    minutes=scene.minutes,
                    location_tags=tuple(scene.location_tags),
                    locations=tuple(only_at[scene.pk]) if scene.pk in only_at else None,
                    time_of_day=scene.time_of_day,
                    first_day=first,
                    last_day=last,
                    priority=scene.priority,
                    extras=tuple(lines[scene.pk]),
                    cast=tuple(cast[scene.pk]),
                ),
            )
        )
    return out, line_index


def _through(through, scene_filter: Q, code_field: str) -> dict[int, list[str]]:
    """A scene many-to-many as scene pk -> codes, in the order the links were made."""
    out: dict[int, list[str]] = defaultdict(list)
    rows = through.objects.filter(scene_filter).order_by("pk")
    for scene_id, code in rows.values_list("scene_id", code_field):
        out[scene_id].append(code)
    return out


def _performers(horizon: m.Horizon) -> tuple[m.Performer, ...]:
    last_date = horizon.start + dt.timedelta(days=horizon.days - 1)
    days: dict[int, list[int]] = defaultdict(list)
    rows = Availability.objects.filter(date__range=(horizon.start, last_date)).order_by(
        "performer_id", "date"
    )
    for performer_id, date in rows.values_list("performer_id", "date"):
        days[performer_id].append((date - horizon.start).days)
    return tuple(
        m.Performer(
            id=p.code,
            gender=p.gender,
            age=p.age,
            tags=tuple(p.tags),
            skills=tuple(p.skills),
            available_days=tuple(days[p.pk]),
            max_minutes_per_day=p.max_minutes_per_day,
            min_rest_minutes=p.min_rest_minutes,
            reliability=p.reliability,
        )
        for p in Performer.objects.order_by("pk").only(
            "code",
            "gender",
            "age",
            "tags",
            "skills",
            "max_minutes_per_day",
            "min_rest_minutes",
            "reliability",
        )
    )


def _bookings(horizon: m.Horizon, scene_by_pk: dict[int, m.Scene], line_index: dict[int, int]):
    """Active bookings of the exported scenes starting inside the horizon."""
    begin, end = horizon_bounds(start=horizon.start, days=horizon.days)
    rows = (
        Booking.objects.filter(starts_at__gte=begin, starts_at__lt=end)
        .exclude(status=Booking.Status.CANCELLED)
        .order_by("pk")
        .values_list("pk", "scene_id", "location__code", "starts_at", "status")
    )
    rows = [row for row in rows if row[1] in scene_by_pk]
    calls: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    unpinned: set[int] = set()
    # Issue 5: calls of every booking are read, not only of confirmed ones, to find those the
    # guild pinned; a declined or missed call holds no place and is left out.
    for chunk in _chunks([row[0] for row in rows]):
        call_rows = (
            Call.objects.filter(booking_id__in=chunk)
            .exclude(state__in=(Call.State.DECLINED, Call.State.NO_SHOW))
            .order_by("pk")
        )
        for booking_id, line_id, code, pinned in call_rows.values_list(
            "booking_id", "extras_line_id", "performer__code", "pinned"
        ):
            calls[booking_id][line_index.get(line_id, -1)].append(code)
            if not pinned:
                unpinned.add(booking_id)
    locked, previous = [], []
    for pk, scene_pk, location, starts_at, status in rows:
        scene = scene_by_pk[scene_pk]
        day, start = horizon_position(start=horizon.start, moment=starts_at)
        if status != Booking.Status.CONFIRMED and not _guild_pinned(pk, scene, calls, unpinned):
            previous.append(m.Previous(scene.id, location, day, start))
            continue
        performers = None
        if pk in calls:
            performers = tuple(tuple(calls[pk][i]) for i in range(len(scene.extras)))
        locked.append(m.Locked(scene.id, location, day, start, performers))
    return {"locked": tuple(locked), "previous": tuple(previous)}


def _guild_pinned(pk: int, scene: m.Scene, calls: dict, unpinned: set[int]) -> bool:
    """Issue 5: a booking whose calls the guild pinned (assign or swap), every place of every
    line filled, is kept by the next re-plan as it is: exported as locked with those calls."""
    if pk not in calls or pk in unpinned or not scene.extras:
        return False
    return all(len(calls[pk][i]) == line.count for i, line in enumerate(scene.extras))


def _chunks(items: list, size: int = 900):
    for i in range(0, len(items), size):
        yield items[i : i + size]
