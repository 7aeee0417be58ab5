"""Reads about bookings: who may see which, move times, a crew's call sheet, a performer's calls."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Prefetch, Q, QuerySet

from actors.models import Call, Performer
from actors.privacy import mask_name
from core import roles
from core.shooting_day import (
    booking_date,
    clock_of,
    format_clock,
    shooting_day_bounds,
    shooting_days_bounds,
)
from crews.models import Crew
from scheduling.models import Booking, Location, TravelTime

ACTIVE = ~Q(status=Booking.Status.CANCELLED)


def base_timezone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def local_day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The aware instants at which calendar date ``day`` starts and ends on the base's clock.

    A calendar day, midnight to midnight: what a person sees of a day is a shooting day
    (``core.shooting_day``), which may run past midnight.
    """
    start = dt.datetime.combine(day, dt.time(), tzinfo=base_timezone())
    return start, start + dt.timedelta(days=1)


def local_iso(moment: dt.datetime) -> str:
    """An instant as ISO 8601 on the base's clock, with its offset (``+08:00``)."""
    return moment.astimezone(base_timezone()).isoformat()


def day_clocks(booking: Booking, day: dt.date) -> dict:
    """Start and end as a call sheet of shooting day ``day`` counts them ("22:00", "26:00")."""
    return {
        "start_clock": format_clock(clock_of(booking.starts_at, day)),
        "end_clock": format_clock(clock_of(booking.ends_at, day)),
    }


def move_minutes(
    *,
    from_location: Location,
    to_location: Location,
    travel: dict[tuple[int, int], int] | None = None,
) -> int:
    """Minutes a company needs between scenes at two locations (contract hard rule 6).

    ``travel`` (from ``zone_travel_minutes``) answers without a query, for a list of moves.
    """
    if from_location.pk == to_location.pk:
        return 0
    if from_location.zone_id == to_location.zone_id:
        return settings.PLANNING_SAME_ZONE_MOVE_MINUTES
    if travel is not None:
        minutes = travel.get((from_location.zone_id, to_location.zone_id))
        return settings.PLANNING_DEFAULT_TRAVEL_MINUTES if minutes is None else minutes
    pair = Q(from_zone_id=from_location.zone_id, to_zone_id=to_location.zone_id) | Q(
        from_zone_id=to_location.zone_id, to_zone_id=from_location.zone_id
    )
    minutes = TravelTime.objects.filter(pair).values_list("minutes", flat=True).first()
    return settings.PLANNING_DEFAULT_TRAVEL_MINUTES if minutes is None else minutes


def zone_travel_minutes(*, zone_ids: set[int]) -> dict[tuple[int, int], int]:
    """The travel times among these zones, both ways, in one query."""
    rows = TravelTime.objects.filter(from_zone_id__in=zone_ids, to_zone_id__in=zone_ids)
    travel = {}
    for from_zone, to_zone, minutes in rows.values_list("from_zone_id", "to_zone_id", "minutes"):
        travel[(from_zone, to_zone)] = travel[(to_zone, from_zone)] = minutes
    return travel


def booking_list(*, user: User | AnonymousUser) -> QuerySet[Booking]:
    """The bookings a user may see: all for ops and the guild, their own crews' for crew users."""
    bookings = Booking.objects.select_related("scene__crew", "location__zone").order_by(
        "starts_at", "location__code", "pk"
    )
    if roles.is_ops(user) or roles.is_guild(user):
        return bookings
    if roles.is_crew(user):
        return bookings.filter(scene__crew__members=user).distinct()
    return bookings.none()


def crew_visible_get(*, user: User | AnonymousUser, code: str) -> Crew | None:
    """The crew with ``code`` if the user may read its call sheet (ops, or one of its members)."""
    crews = Crew.objects.filter(code=code)
    if not roles.is_ops(user):
        crews = crews.filter(members=user)
    return crews.first()


def performer_visible_get(*, user: User | AnonymousUser, code: str) -> Performer | None:
    """The performer with ``code`` if the user may read their calls (the guild, or themselves)."""
    performers = Performer.objects.filter(code=code)
    if not roles.is_guild(user):
        performers = performers.filter(user=user)
    return performers.first()


# Calls that hold no place on the set.
GONE = (Call.State.DECLINED, Call.State.NO_SHOW)


def _place(obj) -> dict:
    return {"code": obj.code, "name": obj.name}


def _extras_called(booking: Booking) -> list[dict]:
    called: dict[int, list[dict]] = {}
    for call in booking.calls.all():
        if call.state in GONE:
            continue  # declined or did not come: not on the set, the place is someone else's
        called.setdefault(call.extras_line_id, []).append(
            {
                "code": call.performer.code,
                "name": mask_name(call.performer.name),
                "state": call.state,
            }
        )
    return [
        {
            "line": line.position,
            "count": line.count,
            "profile": {
                "gender": line.gender,
                "min_age": line.min_age,
                "max_age": line.max_age,
                "tags": line.tags,
                "skills": line.skills,
            },
            "called": called.get(line.pk, []),
        }
        for line in booking.scene.extras_lines.all()
    ]


def call_sheet_get(*, crew: Crew, date: dt.date) -> dict:
    """The crew's shooting day: its active bookings that start in it (a night running past
    midnight included), in order, with moves, cast and the extras called.

    Performers appear by guild code and masked name only: crews never see phone or ID numbers.
    """
    day_start, day_end = shooting_day_bounds(date)
    bookings = list(
        Booking.objects.filter(ACTIVE, scene__crew=crew, starts_at__gte=day_start)
        .filter(starts_at__lt=day_end)
        .select_related("scene", "location__zone")
        .prefetch_related(
            "scene__cast",
            "scene__extras_lines",
            # Crews see a code and a masked name: the sealed phone and ID stay unread.
            Prefetch(
                "calls",
                queryset=Call.objects.select_related("performer").defer(
                    "performer__phone", "performer__id_number"
                ),
            ),
        )
        .order_by("starts_at", "pk")
    )
    # One query for every move of the day, not one per move.
    travel = zone_travel_minutes(zone_ids={booking.location.zone_id for booking in bookings})
    scenes = []
    previous: Booking | None = None
    for booking in bookings:
        scenes.append(
            {
                "booking": booking.pk,
                "scene": booking.scene.code,
                "title": booking.scene.title,
                "status": booking.status,
                "location": _place(booking.location),
                "zone": _place(booking.location.zone),
                "start": local_iso(booking.starts_at),
                "end": local_iso(booking.ends_at),
                **day_clocks(booking, date),
                "move_minutes": None
                if previous is None
                else move_minutes(
                    from_location=previous.location, to_location=booking.location, travel=travel
                ),
                "cast": [_place(member) for member in booking.scene.cast.all()],
                "extras": _extras_called(booking),
            }
        )
        previous = booking
    span = (bookings[-1].ends_at - bookings[0].starts_at) if bookings else dt.timedelta()
    return {
        "crew": _place(crew),
        "date": date.isoformat(),
        "span_minutes": int(span.total_seconds() // 60),
        "max_span_minutes": crew.max_span_minutes,
        "scenes": scenes,
    }


def performer_calls_list(*, performer: Performer, date_from: dt.date, date_to: dt.date) -> dict:
    """A performer's calls to active bookings of the shooting days ``date_from`` to ``date_to``
    inclusive, each with the shooting day it belongs to and its times on that day's clock."""
    start, end = shooting_days_bounds(date_from, date_to)
    calls = (
        Call.objects.filter(performer=performer, booking__starts_at__gte=start)
        .filter(booking__starts_at__lt=end)
        .exclude(booking__status=Booking.Status.CANCELLED)
        .select_related("booking__scene__crew", "booking__location__zone", "extras_line")
        .order_by("booking__starts_at", "booking__pk")
    )
    return {
        "performer": performer.code,
        "from": date_from.isoformat(),
        "to": date_to.isoformat(),
        "calls": [_performer_call(call) for call in calls],
    }


def _performer_call(call: Call) -> dict:
    booking = call.booking
    day = booking_date(booking.starts_at)
    return {
        "booking": booking.pk,
        "scene": booking.scene.code,
        "title": booking.scene.title,
        "crew": _place(booking.scene.crew),
        "location": _place(booking.location),
        "zone": _place(booking.location.zone),
        "start": local_iso(booking.starts_at),
        "end": local_iso(booking.ends_at),
        "date": day.isoformat(),
        **day_clocks(booking, day),
        "status": booking.status,
        "extras_line": call.extras_line.position,
        "call_state": call.state,
    }
