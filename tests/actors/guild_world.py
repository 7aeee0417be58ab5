"""A published call and its candidates, for the calls, outbox and pay tests.

The booking lies a little ahead of now (so check-in codes are open and a replacement still
makes sense), on one day of the base; the candidates are available that day and rank, by
reliability band, P70002 (0.95) first, then P70003 (0.85), then P70001 (0.75). P70004 is a
man (the line wants women) and P70005 is not available: neither is ever offered.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from actors.models import Availability, Call, Performer
from core.shooting_day import booking_date
from crews.models import Crew, ExtrasLine
from scheduling.models import Booking
from tests.clock import base_now, working_start
from tests.factories import (
    AvailabilityFactory,
    BookingFactory,
    ExtrasLineFactory,
    LocationFactory,
    PerformerFactory,
    SceneFactory,
    ZoneFactory,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass
class World:
    booking: Booking
    line: ExtrasLine
    call: Call  # the called performer P80001's call


def soon() -> dt.datetime:
    """A scene about to start: the next half hour from now plus an hour, or the base's next
    opening when that would not fit a two-hour scene before midnight (at 23:50, say). These
    tests are about calls and notices, not nights (tests/actors/test_night_notices.py)."""
    now = base_now().replace(second=0, microsecond=0)
    start = now + dt.timedelta(minutes=90 - now.minute % 30)
    return working_start(start, minutes=120, before_midnight=True)


def published_call(
    crew: Crew, *, performer: Performer | None = None, starts_at: dt.datetime | None = None
) -> World:
    """A plan-made booking of one of ``crew``'s scenes with one call, as a publish writes it
    (``bulk_create``, no notice yet), and three candidates for its place."""
    starts_at = starts_at or soon()
    day = booking_date(starts_at)  # its shooting day: at 00:10 it may be yesterday's night
    scene = SceneFactory(crew=crew, minutes=120, first_date=day, last_date=day, title="雨夜重逢")
    line = ExtrasLineFactory(
        scene=scene, position=1, count=1, gender="F", min_age=18, max_age=30, tags=["ancient"]
    )
    location = LocationFactory(zone=ZoneFactory(name="明清宫苑"), name="太和殿")
    booking = BookingFactory(
        scene=scene,
        location=location,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=120),
        source=Booking.Source.PLAN,
    )
    performer = performer or PerformerFactory(code="P80001", name="林小红", reliability=1.0)
    AvailabilityFactory(performer=performer, date=day)
    [call] = Call.objects.bulk_create(
        [Call(booking=booking, extras_line=line, performer=performer)]
    )
    for code, reliability in (("P70001", 0.75), ("P70002", 0.95), ("P70003", 0.85)):
        _free(code, day, reliability=reliability, tags=["ancient"])
    _free("P70004", day, gender="M")
    if not Performer.objects.filter(code="P70005").exists():
        PerformerFactory(code="P70005")
    return World(booking=booking, line=line, call=Call.objects.get(pk=call.pk))


def _free(code: str, day: dt.date, **fields) -> Performer:
    """The performer ``code`` (made once per test), available on ``day``."""
    performer = Performer.objects.filter(code=code).first() or PerformerFactory(code=code, **fields)
    Availability.objects.get_or_create(performer=performer, date=day)
    return performer
