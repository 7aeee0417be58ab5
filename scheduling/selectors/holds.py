"""Reads of reception's holds for planning: a run plans around the places crews hold."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from scheduling.models import Hold
from scheduling.selectors.instances import horizon_bounds, horizon_position
from scheduling.solver import model as m


def live_holds(*, now: dt.datetime, start: dt.datetime, end: dt.datetime) -> list[Hold]:
    """Holds still keeping their place at ``now``, overlapping ``start..end``."""
    return list(
        Hold.objects.filter(status=Hold.Status.HELD, expires_at__gt=now)
        .filter(starts_at__lt=end, ends_at__gt=start)
        .select_related("scene", "location")
    )


def instance_with_holds(instance: m.Instance, *, now: dt.datetime) -> m.Instance:
    """``instance`` planning around live holds: a held scene is reception's (left out of the
    run), and a held single-crew place is closed to the plan for the held time. (A place that
    takes several crews keeps its capacity: a plan may fill it, and the hold, when confirmed,
    is then refused by the booking rules; rare enough to leave to the operator.)"""
    h = instance.horizon
    start, end = horizon_bounds(start=h.start, days=h.days)
    holds = live_holds(now=now, start=start, end=end)
    if not holds:
        return instance
    held = {hold.scene.code for hold in holds}
    closed: dict[str, list[m.Closure]] = {}
    for hold in holds:
        if not hold.exclusive:
            continue
        day, first = horizon_position(start=h.start, moment=hold.starts_at)
        _, last = horizon_position(start=h.start, moment=hold.ends_at, end=True)
        if 0 <= day < h.days:
            closed.setdefault(hold.location.code, []).append(m.Closure(day, first, last))
    locations = tuple(
        replace(loc, closures=loc.closures + tuple(closed.get(loc.id, ())))
        for loc in instance.locations
    )
    return replace(
        instance,
        locations=locations,
        scenes=tuple(s for s in instance.scenes if s.id not in held),
        locked=tuple(k for k in instance.locked if k.scene not in held),
        previous=tuple(p for p in instance.previous if p.scene not in held),
    )
