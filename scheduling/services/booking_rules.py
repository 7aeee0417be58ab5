"""The contract's hard rules for one booking, as conflicts an operator can act on.

Each conflict is a dict: ``rule`` (a stable name), ``message`` (a sentence in the user's
language) and the objects involved (codes, times on the base's clock). The booking service calls
``booking_conflicts`` while it holds the location and crew locks, so what it reads stays true
until its insert commits.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils.translation import gettext as _

from actors.selectors import extras_move_problems
from core.shooting_day import (
    DAY,
    at_clock,
    booking_date,
    call_sheet_time,
    day_time,
    parse_clock,
    shooting_day_bounds,
    span_words,
)
from crews.models import Crew, Scene
from scheduling.models import Booking, Location
from scheduling.selectors.bookings import base_timezone, local_iso
from scheduling.services.booking_facts import QueryFacts, RuleFacts
from scheduling.services.hot_sets import hot_cap_conflicts


def booking_conflicts(
    *,
    scene: Scene,
    location: Location,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    booking: Booking | None = None,
    facts: RuleFacts | None = None,
) -> list[dict]:
    """Every hard rule that booking ``scene`` there and then would break (``booking``: a move).

    ``facts`` answers what the rules read; by default the database, queried for this one
    booking. Reception passes ``PreloadedFacts`` to check many candidates of one scene against
    the same rows read once: the same rules, without a query per candidate.
    """
    if facts is None:
        facts = QueryFacts(exclude=booking)
    args = {"scene": scene, "location": location, "starts_at": starts_at, "ends_at": ends_at}
    return [
        *_scene_booked(scene=scene, facts=facts),
        *_location_fit(scene=scene, location=location, facts=facts),
        *_time_fit(scene=scene, starts_at=starts_at, ends_at=ends_at),
        *_closures(location=location, starts_at=starts_at, ends_at=ends_at, facts=facts),
        *_capacity(facts=facts, **args),
        *_crew_rules(facts=facts, **args),
        *hot_cap_conflicts(facts=facts, **args),
        *([] if booking is None else _extras_fit(booking=booking, **args)),
    ]


def _extras_fit(
    *, booking: Booking, scene: Scene, location: Location, **times: dt.datetime
) -> list[dict]:
    """A move keeps its extras: each performer called must still be able to come."""
    problems = extras_move_problems(booking=booking, location=location, **times)
    return [
        {
            "rule": "extras",
            "message": _("{performer}, called to {scene}, could not come: {why}.").format(
                performer=code, scene=scene.code, why="; ".join(why)
            ),
            "performer": code,
            "problems": why,
        }
        for code, why in problems.items()
    ]


def describe(booking: Booking) -> dict:
    """A booking as it appears inside a conflict."""
    return {
        "booking": booking.pk,
        "scene": booking.scene.code,
        "crew": booking.scene.crew.code,
        "location": booking.location.code,
        "start": local_iso(booking.starts_at),
        "end": local_iso(booking.ends_at),
    }


def describe_hold(hold) -> dict:
    """A hold as it appears inside a conflict."""
    return {
        "hold": hold.pk,
        "scene": hold.scene.code,
        "crew": hold.scene.crew.code,
        "start": local_iso(hold.starts_at),
        "end": local_iso(hold.ends_at),
        "expires_at": local_iso(hold.expires_at),
    }


def _hhmm(moment: dt.datetime) -> str:
    return f"{moment.astimezone(base_timezone()):%H:%M}"


def _clock(moment: dt.datetime, *, day: dt.date) -> str:
    """A time of shooting day ``day`` as its call sheet prints it: "22:00", "02:00 (次日)"."""
    return call_sheet_time(moment, day)


def _place(location: Location) -> str:
    return f"{location.name} ({location.code})"


def _span(booking: Booking) -> str:
    return _("{scene} (crew {crew}) {start}-{end}").format(
        scene=booking.scene.code,
        crew=booking.scene.crew.code,
        start=_clock(booking.starts_at, day=booking_date(booking.starts_at)),
        end=_clock(booking.ends_at, day=booking_date(booking.starts_at)),
    )


def _scene_booked(*, scene: Scene, facts: RuleFacts) -> list[dict]:
    existing = facts.scene_booking(scene)
    if existing is None:
        return []
    message = _("Scene {scene} is already booked at {place} {start}; move that booking instead.")
    message = message.format(
        scene=scene.code, place=_place(existing.location), start=day_time(existing.starts_at)
    )
    return [{"rule": "scene_booked", "message": message, **describe(existing)}]


def _location_fit(*, scene: Scene, location: Location, facts: RuleFacts) -> list[dict]:
    allowed = facts.allowed_codes(scene)
    if allowed:
        if location.code in allowed:
            return []
        message = _("Scene {scene} may only be shot at {allowed}.").format(
            scene=scene.code, allowed=", ".join(allowed)
        )
        return [{"rule": "location_fit", "message": message, "allowed_locations": allowed}]
    missing = sorted(set(scene.location_tags) - set(location.tags))
    if not missing:
        return []
    message = _("{place} lacks the tags {tags} that scene {scene} needs.").format(
        place=_place(location), tags=", ".join(missing), scene=scene.code
    )
    return [{"rule": "location_fit", "message": message, "missing_tags": missing}]


def _time_fit(*, scene: Scene, starts_at: dt.datetime, ends_at: dt.datetime) -> list[dict]:
    """The grid, the shooting day's hours, the scene's length and time of day, and both date
    windows. A booking belongs to the shooting day its start lies in (22:00-02:00: the first
    date's); it must end by that day's close."""
    day = booking_date(starts_at)
    day_start, day_end = shooting_day_bounds(day)
    night_from = at_clock(day, parse_clock(settings.PLANNING_NIGHT_FROM))
    slot = dt.timedelta(minutes=settings.PLANNING_SLOT_MINUTES)
    minutes = int((ends_at - starts_at).total_seconds() // 60)
    crew = scene.crew
    hours = {"start": settings.PLANNING_DAY_START, "end": settings.PLANNING_DAY_END}
    checks = [
        (
            "grid",
            bool((starts_at - day_start) % slot or (ends_at - day_start) % slot),
            _("Start and end must lie on the {slot}-minute grid.").format(
                slot=settings.PLANNING_SLOT_MINUTES
            ),
        ),
        (
            "day_hours",
            starts_at < day_start or ends_at > day_end,
            _("A booking must lie within {start}-{end} of one day.").format(**hours),
        ),
        (
            "duration",
            minutes != scene.minutes,
            _("Scene {scene} lasts {minutes} min, not {given}.").format(
                scene=scene.code, minutes=scene.minutes, given=minutes
            ),
        ),
        (
            "time_of_day",
            scene.time_of_day == Scene.TimeOfDay.DAY and ends_at > night_from,
            _("Day scene {scene} must end by {night}.").format(
                scene=scene.code, night=settings.PLANNING_NIGHT_FROM
            ),
        ),
        (
            "time_of_day",
            scene.time_of_day == Scene.TimeOfDay.NIGHT and starts_at < night_from,
            _("Night scene {scene} must start at {night} or later.").format(
                scene=scene.code, night=settings.PLANNING_NIGHT_FROM
            ),
        ),
        (
            "scene_window",
            not scene.first_date <= day <= scene.last_date,
            _("Scene {scene} is to be shot {first}..{last}.").format(
                scene=scene.code, first=scene.first_date, last=scene.last_date
            ),
        ),
        (
            "crew_stay",
            not crew.first_date <= day <= crew.last_date,
            _("Crew {crew} is on the base {first}..{last}.").format(
                crew=crew.code, first=crew.first_date, last=crew.last_date
            ),
        ),
    ]
    return [{"rule": rule, "message": message} for rule, broken, message in checks if broken]


def _closures(
    *, location: Location, starts_at: dt.datetime, ends_at: dt.datetime, facts: RuleFacts
) -> list[dict]:
    closures = facts.closures(location, starts_at, ends_at)
    found = []
    for closure in closures:
        span = {"start": local_iso(closure.starts_at), "end": local_iso(closure.ends_at)}
        start, end = span_words(closure.starts_at, closure.ends_at)
        message = _("{place} is closed {start} to {end}.").format(
            place=_place(location), start=start, end=end
        )
        if closure.reason:
            message = _("{place} is closed {start} to {end} ({reason}).").format(
                place=_place(location), reason=closure.reason, start=start, end=end
            )
        found.append({"rule": "closure", "message": message, "location": location.code, **span})
    return found


def _capacity(
    *,
    scene: Scene,
    location: Location,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    facts: RuleFacts,
) -> list[dict]:
    overlapping = facts.at_location(location, starts_at, ends_at)
    held = facts.holds_at(location, starts_at, ends_at, scene=scene)
    if _most_at_once([*overlapping, *held], starts_at=starts_at) + 1 <= location.capacity:
        return []
    taken = [_span(booking) for booking in overlapping]
    taken += [
        _("{span} (held until {until})").format(span=_span(hold), until=_hhmm(hold.expires_at))
        for hold in held
    ]
    message = _("{place} is booked by {taken}; capacity {capacity}.").format(
        place=_place(location), taken="; ".join(taken), capacity=location.capacity
    )
    conflict = {
        "rule": "capacity",
        "message": message,
        "location": location.code,
        "capacity": location.capacity,
        "bookings": [describe(booking) for booking in overlapping],
    }
    if held:
        conflict["holds"] = [describe_hold(hold) for hold in held]
    return [conflict]


def _most_at_once(bookings: list[Booking], *, starts_at: dt.datetime) -> int:
    """The most of ``bookings`` (all overlapping the new one) in use at any one instant."""
    # An end sorts before a start at the same instant: back-to-back bookings do not overlap.
    events = [(max(b.starts_at, starts_at), 1) for b in bookings] + [
        (b.ends_at, -1) for b in bookings
    ]
    most = current = 0
    for _instant, step in sorted(events):
        current += step
        most = max(most, current)
    return most


def _crew_rules(
    *,
    scene: Scene,
    location: Location,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    facts: RuleFacts,
) -> list[dict]:
    """One scene at a time, time to move between locations, and the longest working day."""
    crew = scene.crew
    # Consecutive scenes may lie on the shooting days before and after (moves, rest).
    near = dt.timedelta(days=2)
    bookings = facts.of_crew(crew, starts_at - near, ends_at + near)
    conflicts = [
        {
            "rule": "crew_overlap",
            "message": _("Crew {crew} is shooting {span} at {place} then.").format(
                crew=crew.code, span=_span(other), place=_place(other.location)
            ),
            **describe(other),
        }
        for other in bookings
        if other.starts_at < ends_at and other.ends_at > starts_at
    ]
    # The move rule binds consecutive scenes only: the one just before and the one just after.
    before = [other for other in bookings if other.ends_at <= starts_at]
    after = [other for other in bookings if other.starts_at >= ends_at]
    if before:
        previous = max(before, key=lambda other: other.ends_at)
        conflicts += _move_conflict(
            previous, location, previous.ends_at, starts_at, leaving=True, facts=facts
        )
    if after:
        following = min(after, key=lambda other: other.starts_at)
        conflicts += _move_conflict(
            following, location, ends_at, following.starts_at, leaving=False, facts=facts
        )
    return [
        *conflicts,
        *_span_conflict(crew=crew, bookings=bookings, starts_at=starts_at, ends_at=ends_at),
        *_rest_conflicts(crew=crew, bookings=bookings, starts_at=starts_at, ends_at=ends_at),
    ]


def _move_conflict(
    other: Booking,
    location: Location,
    gap_from: dt.datetime,
    gap_to: dt.datetime,
    *,
    leaving: bool,
    facts: RuleFacts,
) -> list[dict]:
    origin, target = (other.location, location) if leaving else (location, other.location)
    need = facts.move_minutes(origin, target)
    gap = int((gap_to - gap_from).total_seconds() // 60)
    if gap >= need:
        return []
    # Whole sentences, so each translates on its own.
    if leaving:
        text = _(
            "Crew {crew} needs {need} min to move from {origin} to {target} "
            "but has {gap} min after {span}."
        )
    else:
        text = _(
            "Crew {crew} needs {need} min to move from {origin} to {target} "
            "but has {gap} min before {span}."
        )
    message = text.format(
        crew=other.scene.crew.code,
        need=need,
        origin=f"{origin.name} ({origin.code}, {origin.zone.name})",
        target=f"{target.name} ({target.code}, {target.zone.name})",
        gap=gap,
        span=_span(other),
    )
    return [
        {"rule": "crew_move", "message": message, "move_minutes": need, "gap_minutes": gap}
        | describe(other)
    ]


def _span_conflict(
    *, crew: Crew, bookings: list[Booking], starts_at: dt.datetime, ends_at: dt.datetime
) -> list[dict]:
    day = booking_date(starts_at)
    same_day = [b for b in bookings if booking_date(b.starts_at) == day]
    first = min([starts_at, *(b.starts_at for b in same_day)])
    last = max([ends_at, *(b.ends_at for b in same_day)])
    span = int((last - first).total_seconds() // 60)
    if span <= crew.max_span_minutes:
        return []
    message = _(
        "Crew {crew}'s day would run {first}-{last} ({span} min), "
        "longer than its longest day of {limit} min."
    ).format(
        crew=crew.code,
        first=_clock(first, day=day),
        last=_clock(last, day=day),
        span=span,
        limit=crew.max_span_minutes,
    )
    return [
        {
            "rule": "crew_span",
            "message": message,
            "crew": crew.code,
            "span_minutes": span,
            "max_span_minutes": crew.max_span_minutes,
        }
    ]


def _rest_conflicts(
    *, crew: Crew, bookings: list[Booking], starts_at: dt.datetime, ends_at: dt.datetime
) -> list[dict]:
    """The crew's rest between shooting days (contract rule 6): from its last end on the day
    before to its first start on this one, and from its last end on this day to its first start
    on the next, the new booking counted, at least ``min_rest_minutes``."""
    if not crew.min_rest_minutes:
        return []
    day = booking_date(starts_at)
    by_day: dict[dt.date, list[Booking]] = {}
    for other in bookings:
        by_day.setdefault(booking_date(other.starts_at), []).append(other)
    today = by_day.get(day, [])
    found = []
    if by_day.get(day - DAY) and starts_at <= min((b.starts_at for b in today), default=starts_at):
        last = max(by_day[day - DAY], key=lambda b: b.ends_at)
        found += _rest_conflict(crew, last, last.ends_at, starts_at, after=True)
    if by_day.get(day + DAY) and ends_at >= max((b.ends_at for b in today), default=ends_at):
        first = min(by_day[day + DAY], key=lambda b: b.starts_at)
        found += _rest_conflict(crew, first, ends_at, first.starts_at, after=False)
    return found


def _rest_conflict(
    crew: Crew, other: Booking, gap_from: dt.datetime, gap_to: dt.datetime, *, after: bool
) -> list[dict]:
    rest = int((gap_to - gap_from).total_seconds() // 60)
    if rest >= crew.min_rest_minutes:
        return []
    if after:
        text = _(
            "Crew {crew} must rest {need} min between shooting days but would have {rest} min "
            "after wrapping {span} the day before."
        )
    else:
        text = _(
            "Crew {crew} must rest {need} min between shooting days but would have {rest} min "
            "before {span} the day after."
        )
    message = text.format(crew=crew.code, need=crew.min_rest_minutes, rest=rest, span=_span(other))
    return [
        {
            "rule": "crew_rest",
            "message": message,
            "min_rest_minutes": crew.min_rest_minutes,
            "rest_minutes": rest,
        }
        | describe(other)
    ]
