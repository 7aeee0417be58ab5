"""Reads of disruptions: the locations a closure names, the bookings in force it hits."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from core.shooting_day import booking_date, shooting_days_bounds
from crews.models import Scene
from scheduling.models import Booking, Disruption, Location, Zone

# "Bookings in force": what a closure must not overlap and a repair may move. Kept in one place
# because reception's holds may join them (see README, "Disruptions").
IN_FORCE = (Booking.Status.PLANNED, Booking.Status.CONFIRMED)


def bookings_in_force_q() -> Q:
    """The condition of a booking in force."""
    return Q(status__in=IN_FORCE)


def locations_tagged(*, tag: str, zone: Zone | None = None) -> list[Location]:
    """Every location carrying ``tag`` (in ``zone`` when given), in code order.

    Tags are a JSON list; filtered here rather than in SQL because SQLite (the embedded
    default) has no JSON containment lookup."""
    rows = Location.objects.order_by("code")
    if zone is not None:
        rows = rows.filter(zone=zone)
    return [location for location in rows if tag in (location.tags or [])]


def bookings_hit(
    *, location_ids: list[int], starts_at: dt.datetime, ends_at: dt.datetime
) -> QuerySet[Booking]:
    """Bookings in force at these locations overlapping ``[starts_at, ends_at)``."""
    return (
        Booking.objects.filter(bookings_in_force_q())
        .filter(location_id__in=location_ids, starts_at__lt=ends_at, ends_at__gt=starts_at)
        .order_by("pk")
    )


def hit_shooting_dates(*, bookings: QuerySet[Booking]) -> list[dt.date]:
    """The shooting days of these bookings, in order (a night past midnight is its evening's)."""
    return sorted({booking_date(s) for s in bookings.values_list("starts_at", flat=True)})


def disruption_list() -> QuerySet[Disruption]:
    """Every disruption, newest first, with what the list shows."""
    return Disruption.objects.select_related("zone", "plan_run", "created_by").prefetch_related(
        "locations"
    )


def people_away(*, start: dt.date, days: int) -> dict[str, set[int]]:
    """Scene code -> the days of the horizon from ``start`` its crew (leaving early) or one of
    its cast (unavailable) is away, by the disruptions not lifted that overlap the horizon.

    A day is taken whole: a crew leaving at 14:00 shoots nothing more that day in a repair."""
    begin, end = shooting_days_bounds(start, start + dt.timedelta(days=days - 1))
    rows = (
        Disruption.objects.filter(
            kind__in=(Disruption.Kind.CREW_LEAVES_EARLY, Disruption.Kind.CAST_UNAVAILABLE),
            lifted_at__isnull=True,
            starts_at__lt=end,
            ends_at__gt=begin,
        )
        .select_related("crew", "cast_member")
        .order_by("pk")
    )
    away: dict[str, set[int]] = {}
    for disruption in rows:
        first = booking_date(max(disruption.starts_at, begin))
        last = booking_date(min(disruption.ends_at, end) - dt.timedelta(microseconds=1))
        day_range = set(range((first - start).days, (last - start).days + 1))
        if disruption.kind == Disruption.Kind.CREW_LEAVES_EARLY and disruption.crew_id:
            scenes = Scene.objects.filter(crew_id=disruption.crew_id)
        elif disruption.cast_member_id:
            scenes = Scene.objects.filter(cast=disruption.cast_member_id)
        else:
            continue
        for code in scenes.values_list("code", flat=True):
            away.setdefault(code, set()).update(day_range)
    return away


def bookings_of_people_hit(*, disruption: Disruption) -> QuerySet[Booking]:
    """Bookings in force of the crew leaving early, or of scenes with the unavailable cast
    member, over the disruption's time."""
    rows = Booking.objects.filter(bookings_in_force_q()).filter(
        starts_at__lt=disruption.ends_at, ends_at__gt=disruption.starts_at
    )
    if disruption.kind == Disruption.Kind.CREW_LEAVES_EARLY:
        rows = rows.filter(scene__crew_id=disruption.crew_id)
    else:
        rows = rows.filter(scene__cast=disruption.cast_member_id)
    return rows.order_by("pk")
