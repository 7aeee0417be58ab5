"""Demand against capacity per day and location family (a location tag), in hours.

A scene's family is its first location tag (the set type it needs; a scene naming its
locations instead counts as ``LISTED``). Days are shooting days. Demanded hours on a day: the
scenes booked in that shooting day (their booked length, a night past midnight whole on its
first date), plus each scene with no booking in force spread evenly over the days of its
window, so a scene counts once over its window. Available hours: for every location carrying
the tag, crews at once x the shooting day's hours (PLANNING_DAY_START to _END, which may pass
midnight), less its closures. A location with two set types offers its hours to both
families: the families overlap, so the available hours of two families are not to be added up.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from core.shooting_day import booking_date, shooting_days_bounds, working_day
from crews.models import Scene
from scheduling.board.selectors import LISTED, minute_of
from scheduling.models import Booking, Closure, Location
from scheduling.selectors.bookings import ACTIVE


def _family(tags: list[str]) -> str:
    return tags[0] if tags else LISTED


def _demanded(first: dt.date, days: int) -> dict[str, list[float]]:
    """Minutes demanded per family and day."""
    last = first + dt.timedelta(days=days - 1)
    begin, end = shooting_days_bounds(first, last)
    demand: dict[str, list[float]] = defaultdict(lambda: [0.0] * days)
    for tags, starts_at, ends_at in Booking.objects.filter(
        ACTIVE, starts_at__gte=begin, starts_at__lt=end
    ).values_list("scene__location_tags", "starts_at", "ends_at"):
        day = (booking_date(starts_at) - first).days
        demand[_family(tags)][day] += (ends_at - starts_at).total_seconds() / 60
    waiting = (
        Scene.objects.filter(first_date__lte=last, last_date__gte=first)
        .exclude(pk__in=Booking.objects.filter(ACTIVE).values("scene_id"))
        .values_list("location_tags", "minutes", "first_date", "last_date")
    )
    for tags, minutes, opens, closes in waiting:
        share = minutes / ((closes - opens).days + 1)
        for n in range(max(0, (opens - first).days), min(days, (closes - first).days + 1)):
            demand[_family(tags)][n] += share
    return demand


def _available(first: dt.date, days: int, families: set[str]) -> dict[str, list[float]]:
    """Location-minutes available per family and day: capacity x shooting day less closures."""
    day_start, day_end = working_day()
    closed: dict[int, list[int]] = defaultdict(lambda: [0] * days)
    begin, end = shooting_days_bounds(first, first + dt.timedelta(days=days - 1))
    for loc, starts_at, ends_at in Closure.objects.filter(
        starts_at__lt=end, ends_at__gt=begin
    ).values_list("location_id", "starts_at", "ends_at"):
        for n in range(days):
            day = first + dt.timedelta(days=n)
            lo = max(day_start, minute_of(starts_at, day=day))
            hi = min(day_end, minute_of(ends_at, day=day))
            closed[loc][n] += max(0, hi - lo)
    available: dict[str, list[float]] = defaultdict(lambda: [0.0] * days)
    for pk, tags, capacity in Location.objects.values_list("pk", "tags", "capacity"):
        for tag in set(tags) & families:
            for n in range(days):
                open_minutes = day_end - day_start - closed[pk][n] if pk in closed else None
                available[tag][n] += capacity * (
                    day_end - day_start if open_minutes is None else open_minutes
                )
    return available


def _load(demanded: float, available: float) -> float:
    if available:
        return demanded / available
    return float("inf") if demanded else 0.0


def board_demand(*, first: dt.date, days: int) -> dict:
    """Per family: hours demanded and available on each day from ``first``, the tightest
    family (highest demand / available on its worst day) first."""
    demand = _demanded(first, days)
    available = _available(first, days, set(demand))
    families = []
    for tag, minutes in demand.items():
        offered = available.get(tag, [0.0] * days)
        worst = max(_load(d, a) for d, a in zip(minutes, offered, strict=True))
        families.append(
            {
                "family": tag,
                "demanded": [round(m / 60, 1) for m in minutes],
                "available": [round(m / 60, 1) for m in offered],
                "load": None if worst == float("inf") else round(worst, 2),
            }
        )
    families.sort(key=lambda f: (-(f["load"] if f["load"] is not None else 1e9), f["family"]))
    return {
        "days": [(first + dt.timedelta(days=n)).isoformat() for n in range(days)],
        "families": families,
    }
