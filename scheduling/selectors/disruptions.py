"""Reads of disruptions: the locations a closure names, the bookings in force it hits."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from core.shooting_day import booking_date
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
