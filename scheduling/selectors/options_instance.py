"""The corner of the base one scene's options are computed in, as a solver instance: the
scene, its crew, the locations that fit it and what is in force on them (bookings, and live
holds as scenes of crews of their own), over the days asked for and one either side."""

from __future__ import annotations

import datetime as dt

from core.shooting_day import clock_of
from scheduling.models import Closure, TravelTime
from scheduling.solver import model as m


def scene_instance(*, scene, horizon, locations, closures, bookings, holds) -> m.Instance:
    """A solver instance of the scene, its crew, the locations and what is in force on them.

    Each live hold is a scene of a crew of its own: it takes its set, and no real crew's time.
    """
    crews = {scene.crew.code: scene.crew} | {b.scene.crew.code: b.scene.crew for b in bookings}
    crews |= {f"hold:{h.pk}": scene.crew for h in holds}
    start = horizon.start
    closed: dict[int, list[m.Closure]] = {}
    for closure in closures:
        closed.setdefault(closure.location_id, []).extend(
            _closure_days(closure, start=start, horizon=horizon)
        )
    zones = {loc.zone.code: loc.zone for loc in locations}
    zone_ids = {zone.pk for zone in zones.values()}
    travel = TravelTime.objects.filter(from_zone__in=zone_ids, to_zone__in=zone_ids)
    last = start + dt.timedelta(days=horizon.days - 1)
    return m.Instance(
        horizon=horizon,
        zones=tuple(m.Zone(code, zone.name) for code, zone in zones.items()),
        travel_minutes=tuple(
            m.TravelTime(t.from_zone.code, t.to_zone.code, t.minutes)
            for t in travel.select_related("from_zone", "to_zone")
        ),
        locations=tuple(
            m.Location(
                loc.code,
                loc.name,
                loc.zone.code,
                tuple(loc.tags),
                loc.capacity,
                tuple(closed.get(loc.pk, ())),
                loc.cost_per_hour,
            )
            for loc in locations
        ),
        crews=tuple(
            m.Crew(
                code,
                crew.name,
                first_day=0,
                last_day=horizon.days - 1,
                max_span_minutes=crew.max_span_minutes,
                min_rest_minutes=crew.min_rest_minutes,
            )
            for code, crew in crews.items()
        ),
        scenes=(
            m.Scene(
                scene.code,
                scene.crew.code,
                scene.minutes,
                locations=(),
                time_of_day=scene.time_of_day,
                first_day=(max(scene.first_date, start) - start).days,
                last_day=(min(scene.last_date, last) - start).days,
            ),
            *(
                m.Scene(b.scene.code, b.scene.crew.code, b.scene.minutes, locations=())
                for b in bookings
            ),
            *(
                m.Scene(f"hold:{h.pk}", f"hold:{h.pk}", h.scene.minutes, locations=())
                for h in holds
            ),
        ),
    )


def _closure_days(closure: Closure, *, start: dt.date, horizon: m.Horizon) -> list[m.Closure]:
    """A closure cut into the shooting days it touches, widened to the grid."""
    slot = horizon.slot_minutes
    out = []
    for offset in range(horizon.days):
        day = start + dt.timedelta(days=offset)
        lo = max(clock_of(closure.starts_at, day), horizon.day_start)
        hi = min(clock_of(closure.ends_at, day), horizon.day_end)
        if lo < hi:
            lo = horizon.day_start + (lo - horizon.day_start) // slot * slot
            hi = horizon.day_start + -(-(hi - horizon.day_start) // slot) * slot
            out.append(m.Closure(offset, lo, hi))
    return out
