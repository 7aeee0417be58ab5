"""Racing assignments of one performer (issue 22, item 1): real threads, each on its own
database connection, through the API, on PostgreSQL (the ``postgres`` tests fail, never skip,
without it). SQLite serialises writers whole, so the race only shows on PostgreSQL::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hengdian \\
        .venv/bin/pytest -m postgres tests/actors/test_performer_race.py -q
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from actors.models import Call
from tests.factories import (
    SHANGHAI,
    AvailabilityFactory,
    BookingFactory,
    CallFactory,
    CrewFactory,
    ExtrasLineFactory,
    LocationFactory,
    PerformerFactory,
    SceneFactory,
    shanghai,
)
from tests.races import guild_racer, ops_racer, race_answers
from tests.scheduling.invariants.helpers import check

RACERS = 30
DAY = dt.date(2026, 12, 4)
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _booked_with_a_place(start: str, minutes: int = 60):
    """A booking of its own crew's scene at its own location, with one place for an extra."""
    scene = SceneFactory(crew=CrewFactory(), minutes=minutes)
    line = ExtrasLineFactory(scene=scene, count=1, position=1, tags=[], skills=[])
    starts_at = shanghai(DAY, start)
    booking = BookingFactory(
        scene=scene,
        location=LocationFactory(),
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=minutes),
    )
    return booking, line


def test_performer_race_30_assignments_to_overlapping_scenes_give_one_place():
    assert connection.vendor == "postgresql"
    performer = PerformerFactory()
    AvailabilityFactory(performer=performer, date=DAY)
    # 30 scenes whose hours all overlap 14:00-15:00 (starts 13:00 to 14:30).
    starts = ["13:00", "13:30", "14:00", "14:30"]
    places = [_booked_with_a_place(starts[i % 4], 90) for i in range(RACERS)]
    answers = race_answers(
        [
            (
                "post",
                f"/api/v1/bookings/{booking.pk}/extras/{line.position}/assign",
                {"performers": [performer.code]},
            )
            for booking, line in places
        ],
        user=guild_racer(),
    )
    statuses = sorted(status for status, _ in answers)
    assert (statuses.count(201), statuses.count(409)) == (1, RACERS - 1), statuses
    (call,) = Call.objects.filter(performer=performer).select_related("booking__scene")
    won = call.booking
    # "busy in {scene} at {location} {start}-{end} (needs {move} min to move)", in Chinese:
    # the winner's scene, its set and hours; the sets lie in different zones (45 min apart).
    hours = f"{won.starts_at.astimezone(SHANGHAI):%H:%M}-{won.ends_at.astimezone(SHANGHAI):%H:%M}"
    clash = f"{hours} 在 {won.location.code} 拍摄 {won.scene.code}（转场需 45 分钟）"
    for (status, body), (booking, _line) in zip(answers, places, strict=True):
        if booking.pk == won.pk:
            continue
        assert status == 409
        (problem,) = body["problems"][performer.code]
        assert problem == clash
    assert check() == (0, [])


def test_performer_race_booking_move_and_assignment_never_double_call():
    """Move a booking with a called extra onto the hour another scene wants that extra for,
    while the guild assigns them there: one of the two wins, never both, ten rounds."""
    assert connection.vendor == "postgresql"
    outcomes = []
    ops, guild = ops_racer(), guild_racer()
    for round_ in range(10):
        performer = PerformerFactory()
        AvailabilityFactory(performer=performer, date=DAY)
        moving, moving_line = _booked_with_a_place(f"{8 + round_ % 2}:00")
        CallFactory(booking=moving, extras_line=moving_line, performer=performer)
        wanted, line = _booked_with_a_place("16:00")
        answers = race_answers(
            [
                (
                    "patch",
                    f"/api/v1/bookings/{moving.pk}/",
                    {"start": "2026-12-04T16:00:00+08:00", "end": "2026-12-04T17:00:00+08:00"},
                    ops,
                ),
                (
                    "post",
                    f"/api/v1/bookings/{wanted.pk}/extras/{line.position}/assign",
                    {"performers": [performer.code]},
                    guild,
                ),
            ]
        )
        statuses = tuple(status for status, _ in answers)
        assert statuses in {(200, 409), (409, 201)}, answers
        outcomes.append(statuses)
    assert check() == (0, [])
