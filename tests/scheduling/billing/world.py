"""Helpers of the billing tests: a crew's bookings and its performers' worked calls."""

from __future__ import annotations

import datetime as dt

from actors.models import Call
from core.shooting_day import booking_date
from scheduling.models import Booking
from tests.factories import BookingFactory, CallFactory, LocationFactory, SceneFactory, shanghai


def booked(crew, day: dt.date, start: str, end: str, *, cost_per_hour: int = 500, **kw) -> Booking:
    """A booking of a new scene of ``crew`` on shooting day ``day``; ``end`` may pass 24:00."""
    starts_at = at(day, start)
    ends_at = at(day, end)
    minutes = int((ends_at - starts_at).total_seconds() // 60)
    on_grid = -(-minutes // 30) * 30  # a scene's minutes are on the grid; a booking's need not be
    scene = SceneFactory(crew=crew, minutes=on_grid, first_date=day, last_date=day)
    location = kw.pop("location", None) or LocationFactory(cost_per_hour=cost_per_hour)
    return BookingFactory(
        scene=scene, location=location, starts_at=starts_at, ends_at=ends_at, **kw
    )


def at(day: dt.date, hhmm: str) -> dt.datetime:
    """``hhmm`` of ``day``'s clock, "26:00" being 02:00 the next morning."""
    hours, minutes = (int(part) for part in hhmm.split(":"))
    return shanghai(day, "00:00") + dt.timedelta(hours=hours, minutes=minutes)


def worked(booking: Booking, performer, start: str, end: str) -> Call:
    """A call of ``performer`` to ``booking``, checked in and released at those times of the
    booking's shooting day (its calendar date's clock)."""
    day = booking_date(booking.starts_at)
    call = CallFactory(booking=booking, performer=performer)
    Call.objects.filter(pk=call.pk).update(
        state=Call.State.RELEASED, checked_in_at=at(day, start), released_at=at(day, end)
    )
    return call
