"""The hot-set rule: one crew may have at most a hot location's cap of it per day or week.

Bookings in force and live holds of the crew's other scenes count; the new booking or hold is
refused with a message naming the cap when it would pass it. ``booking_conflicts`` calls
``hot_cap_conflicts``, so options, holds and bookings all keep it.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from core.shooting_day import DAY, booking_date
from crews.models import Scene
from scheduling.models import HotSet, Location


def hot_period(hot: HotSet, day: dt.date) -> tuple[dt.date, dt.date]:
    """The shooting days whose minutes count together with ``day``'s (a day, or its week)."""
    if hot.period == HotSet.Period.DAY:
        return day, day
    monday = day - DAY * day.weekday()
    return monday, monday + DAY * 6


def hours(minutes: int) -> str:
    """``90`` -> ``1 h 30 min``, ``240`` -> ``4 h``."""
    whole, rest = divmod(minutes, 60)
    if not rest:
        return _("{hours} h").format(hours=whole)
    if not whole:
        return _("{minutes} min").format(minutes=rest)
    return _("{hours} h {minutes} min").format(hours=whole, minutes=rest)


def hot_cap_conflicts(
    *, scene: Scene, location: Location, starts_at: dt.datetime, ends_at: dt.datetime, facts
) -> list[dict]:
    hot = facts.hot_set(location)
    if hot is None:
        return []
    first, last = hot_period(hot, booking_date(starts_at))
    used = facts.crew_minutes_at(scene.crew, location, first, last, scene=scene)
    adding = int((ends_at - starts_at).total_seconds() // 60)
    if used + adding <= hot.cap_minutes:
        return []
    place = f"{location.name} ({location.code})"
    if hot.period == HotSet.Period.DAY:
        text = _(
            "{place} is a hot set: crew {crew} may have at most {cap} of it per day, "
            "has {used} on {first}, and this would add {adding}."
        )
    else:
        text = _(
            "{place} is a hot set: crew {crew} may have at most {cap} of it per week, "
            "has {used} in the week of {first}, and this would add {adding}."
        )
    message = text.format(
        place=place,
        crew=scene.crew.code,
        cap=hours(hot.cap_minutes),
        used=hours(used),
        first=first,
        adding=hours(adding),
    )
    return [
        {
            "rule": "hot_cap",
            "message": message,
            "location": location.code,
            "crew": scene.crew.code,
            "cap_minutes": hot.cap_minutes,
            "period": hot.period,
            "used_minutes": used,
            "minutes": adding,
        }
    ]
