"""What the board's booking panel and timeline read besides the day itself: the crews and
their scenes still to book, the next busy day after an empty one, and how contested the hot
sets are."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from core.shooting_day import DAY, booking_date, shooting_day_bounds, shooting_days_bounds
from crews.models import Crew, Scene
from scheduling.models import Booking, HotSet
from scheduling.selectors.bookings import ACTIVE
from scheduling.services.hot_sets import hot_period

SCENES_LISTED = 200  # a crew's scenes in the picker; more are found by code


def board_crews() -> list[list]:
    """Every crew as ``[code, name, scenes still to book]``, by code."""
    booked = Booking.objects.filter(ACTIVE).values("scene_id")
    open_scenes: dict[int, int] = defaultdict(int)
    for crew_id in Scene.objects.exclude(pk__in=booked).values_list("crew_id", flat=True):
        open_scenes[crew_id] += 1
    return [
        [code, name, open_scenes[pk]]
        for pk, code, name in Crew.objects.order_by("code").values_list("pk", "code", "name")
    ]


def board_scenes(*, day: dt.date, crew: str | None = None, code: str | None = None) -> list[dict]:
    """A crew's scenes with no booking in force whose window has not ended before ``day``
    (soonest first), or the one scene ``code`` (booked or not: the form says which)."""
    scenes = Scene.objects.select_related("crew").order_by("first_date", "code")
    if code is not None:
        scenes = scenes.filter(code=code)
    else:
        booked = Booking.objects.filter(ACTIVE).values("scene_id")
        scenes = scenes.filter(crew__code=crew, last_date__gte=day).exclude(pk__in=booked)
        scenes = scenes[:SCENES_LISTED]
    booked_ids = set(
        Booking.objects.filter(ACTIVE, scene__in=[s.pk for s in scenes]).values_list(
            "scene_id", flat=True
        )
    )
    return [
        {
            "code": scene.code,
            "crew": scene.crew.code,
            "title": scene.title,
            "minutes": scene.minutes,
            "time_of_day": scene.time_of_day,
            "tags": scene.location_tags,
            "window": [scene.first_date.isoformat(), scene.last_date.isoformat()],
            "booked": scene.pk in booked_ids,
        }
        for scene in scenes
    ]


def board_next_busy_day(*, after: dt.date) -> dt.date | None:
    """The first shooting day after ``after`` with a booking in force, or None."""
    _, closes = shooting_day_bounds(after)
    first = (
        Booking.objects.filter(ACTIVE, starts_at__gte=closes)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    return None if first is None else booking_date(first)


def board_hot_sets(*, day: dt.date, location_index: dict[int, int]) -> list[list]:
    """Each hot set as ``[location row, cap minutes, period, most minutes one crew has in the
    period of ``day``, crews using it then]``: how near the busiest crew is to its cap."""
    hot_sets = list(HotSet.objects.all())
    if not hot_sets:
        return []
    monday = day - DAY * day.weekday()
    opens, closes = shooting_days_bounds(monday, monday + DAY * 6)
    rows = Booking.objects.filter(
        ACTIVE,
        location_id__in=[hot.location_id for hot in hot_sets],
        starts_at__gte=opens,
        starts_at__lt=closes,
    ).values_list("location_id", "scene__crew__code", "starts_at", "ends_at")
    by_location = defaultdict(list)
    for location_id, crew, starts_at, ends_at in rows:
        by_location[location_id].append((crew, booking_date(starts_at), ends_at - starts_at))
    out = []
    for hot in hot_sets:
        first, last = hot_period(hot, day)
        used: dict[str, int] = defaultdict(int)
        for crew, when, length in by_location[hot.location_id]:
            if first <= when <= last:
                used[crew] += int(length.total_seconds() // 60)
        out.append(
            [
                location_index[hot.location_id],
                hot.cap_minutes,
                hot.period,
                max(used.values(), default=0),
                len(used),
            ]
        )
    return out
