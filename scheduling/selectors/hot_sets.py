"""Reads for hot sets in planning: the caps a run keeps, and what the crews used outside it."""

from __future__ import annotations

import datetime as dt

from core.shooting_day import DAY, booking_date, shooting_days_bounds
from scheduling.models import Booking, HotSet
from scheduling.selectors.bookings import ACTIVE
from scheduling.solver.hot_sets import HotCap


def hot_caps_get(*, start: dt.date, days: int) -> tuple[dict[str, HotCap], dict]:
    """The hot sets' caps by location code, and the minutes each crew already has there in
    the same periods but outside the horizon: ``{(crew, location, period start): minutes}``."""
    caps = {
        hot.location.code: HotCap(hot.cap_minutes, hot.period)
        for hot in HotSet.objects.select_related("location")
    }
    if not caps:
        return {}, {}
    last = start + DAY * (days - 1)
    opens, closes = shooting_days_bounds(
        start - DAY * start.weekday(), last + DAY * (6 - last.weekday())
    )
    rows = (
        Booking.objects.filter(ACTIVE, location__code__in=list(caps))
        .filter(starts_at__gte=opens, starts_at__lt=closes)
        .values_list("scene__crew__code", "location__code", "starts_at", "ends_at")
    )
    used: dict = {}
    for crew, location, starts_at, ends_at in rows:
        day = booking_date(starts_at)
        if start <= day <= last:
            continue  # inside the horizon: the plan itself decides it
        cap = caps[location]
        period = day if cap.period == HotSet.Period.DAY else day - DAY * day.weekday()
        key = (crew, location, period)
        used[key] = used.get(key, 0) + int((ends_at - starts_at).total_seconds() // 60)
    return caps, used
