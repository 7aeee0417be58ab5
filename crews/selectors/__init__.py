"""Reads for a crew's own tools: calendar events of a crew or a performer, change requests."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet

from actors.models import Call, Performer
from core import roles
from core.shooting_day import booking_date, clock_of, format_clock
from crews.models import CalendarFeedToken, ChangeRequest, Crew
from scheduling.models import Booking
from scheduling.selectors.bookings import ACTIVE

UID_DOMAIN = "hengdian-scheduling"
# Calendar apps fetch the whole feed each time: keep a performer's to their latest calls.
MAX_PERFORMER_EVENTS = 500
EVENT_STATUS = {Booking.Status.PLANNED: "TENTATIVE", Booking.Status.CONFIRMED: "CONFIRMED"}
GENDER_WORDS = {"F": "女", "M": "男", "any": "不限"}
DAY_MINUTES = 24 * 60


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    start: datetime
    end: datetime
    summary: str
    location: str
    description: str
    status: str

    @property
    def fingerprint(self) -> str:
        """What a subscriber sees of the event: when it changes, apps must update it."""
        served = [
            self.start.isoformat(),
            self.end.isoformat(),
            self.summary,
            self.location,
            self.description,
            self.status,
        ]
        return hashlib.sha256(json.dumps(served, ensure_ascii=False).encode()).hexdigest()


def crew_calendar_events(*, crew: Crew) -> list[CalendarEvent]:
    """One event per booked scene of the crew (active bookings), in time order."""
    bookings = (
        Booking.objects.filter(ACTIVE, scene__crew=crew)
        .select_related("scene", "location__zone")
        .prefetch_related("scene__cast", "scene__extras_lines", "calls")
        .order_by("starts_at", "pk")
    )
    return [
        CalendarEvent(
            uid=f"scene-{booking.scene.code}@{UID_DOMAIN}",
            start=booking.starts_at,
            end=booking.ends_at,
            summary=f"{booking.scene.code} {booking.scene.title}".strip(),
            location=_where(booking),
            description=_scene_description(booking),
            status=EVENT_STATUS[booking.status],
        )
        for booking in bookings
    ]


def performer_calendar_events(*, performer: Performer) -> list[CalendarEvent]:
    """One event per call of the performer to an active booking (a declined call is none)."""
    calls = (
        Call.objects.filter(performer=performer)
        .exclude(booking__status=Booking.Status.CANCELLED)
        .exclude(state=Call.State.DECLINED)
        .select_related("booking__scene__crew", "booking__location__zone", "extras_line")
        .order_by("-booking__starts_at", "-pk")[:MAX_PERFORMER_EVENTS]
    )
    events = []
    for call in reversed(list(calls)):
        booking, line = call.booking, call.extras_line
        crew = booking.scene.crew
        description = "\n".join(
            [
                f"剧组 Crew: {crew.name} ({crew.code})",
                f"场次 Scene: {booking.scene.code} {booking.scene.title}".rstrip(),
                f"群演要求 Extras line {line.position}: {_profile(line)}",
                *_night(booking),
            ]
        )
        events.append(
            CalendarEvent(
                uid=f"call-{booking.scene.code}-{performer.code}@{UID_DOMAIN}",
                start=booking.starts_at,
                end=booking.ends_at,
                summary=f"群演 Extra · {crew.name} {booking.scene.code}",
                location=_where(booking),
                description=description,
                status=EVENT_STATUS[booking.status],
            )
        )
    return events


def feed_token_owner(*, key: str) -> User | None:
    """The active user whose calendar feed secret is ``key``."""
    token = CalendarFeedToken.objects.select_related("user").filter(key=key).first()
    if token is None or not token.user.is_active:
        return None
    return token.user


def change_request_list(*, user: User | AnonymousUser) -> QuerySet[ChangeRequest]:
    """Change requests a user sees: all for ops, their own crews' for crew users, else none."""
    requests = ChangeRequest.objects.select_related(
        "crew", "scene", "booking__location", "proposed_location", "requested_by", "decided_by"
    )
    if roles.is_ops(user):
        return requests
    if roles.is_crew(user):
        return requests.filter(crew__members=user).distinct()
    return requests.none()


def _night(booking: Booking) -> list[str]:
    """A line naming the shooting day of a scene that runs past midnight, else none.

    Calendar apps show such an event over two dates; the crew and the guild count it on the
    first. Written in both languages, never by the request's: the text is part of what a
    subscriber sees, and must not change (raising SEQUENCE) with who fetched the feed.
    """
    day = booking_date(booking.starts_at)
    start, end = clock_of(booking.starts_at, day), clock_of(booking.ends_at, day)
    if end <= DAY_MINUTES:
        return []
    morning = start >= DAY_MINUTES
    return [
        f"夜戏 Night shoot · 拍摄日 Shooting day {day.isoformat()}: "
        f"{format_clock(start)}–{format_clock(end)} "
        f"({'次日 ' if morning else ''}{format_clock(start % DAY_MINUTES)}–次日 "
        f"{format_clock(end - DAY_MINUTES)} next day)"
    ]


def _where(booking: Booking) -> str:
    return f"{booking.location.name} ({booking.location.code}) · {booking.location.zone.name}"


def _scene_description(booking: Booking) -> str:
    cast = " / ".join(member.name or member.code for member in booking.scene.cast.all())
    called: dict[int, int] = {}
    for call in booking.calls.all():
        called[call.extras_line_id] = called.get(call.extras_line_id, 0) + 1
    lines = [
        f"{called.get(line.pk, 0)}/{line.count} {_profile(line)}"
        for line in booking.scene.extras_lines.all()
    ]
    return "\n".join(
        [
            f"场次 Scene: {booking.scene.code} {booking.scene.title}".rstrip(),
            f"演员 Cast: {cast or '-'}",
            f"群演 Extras: {'; '.join(lines) or '-'}",
            *_night(booking),
        ]
    )


def _profile(line) -> str:
    words = [GENDER_WORDS.get(line.gender, line.gender), f"{line.min_age}-{line.max_age}"]
    return " ".join(words + list(line.tags) + [f"+{skill}" for skill in line.skills])
