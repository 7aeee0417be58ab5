"""Racing bookings: 30 real threads, each on its own database connection, through the API.

The unmarked tests run on whatever database the suite uses (SQLite by default, PostgreSQL in
the services tier). The ``postgres`` ones first assert the database is PostgreSQL, so without
it they fail rather than skip. Run them with::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hengdian \\
        .venv/bin/pytest tests/scheduling/test_booking_race.py -q
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction

from scheduling.models import Booking
from tests import races
from tests.factories import (
    BookingFactory,
    CrewFactory,
    LocationFactory,
    SceneFactory,
    shanghai,
)

RACERS = 30
DAY = dt.date(2026, 12, 3)
START, END = "2026-12-03T14:00:00+08:00", "2026-12-03T15:00:00+08:00"


def race(payloads: list[dict], *, urls: list[str] | None = None) -> list[object]:
    """A POST of each payload to the bookings list at once, or a PATCH to each of ``urls``."""
    if urls is None:
        return races.race([("post", "/api/v1/bookings/", payload) for payload in payloads])
    return races.race(
        [("patch", url, payload) for url, payload in zip(urls, payloads, strict=True)]
    )


def _rival_crews_for(location, start: str = START, end: str = END, minutes: int = 60) -> list[dict]:
    """One scene of each of 30 different crews, all wanting the same hour at ``location``."""
    return [
        {
            "scene": SceneFactory(crew=CrewFactory(), minutes=minutes).code,
            "location": location.code,
            "start": start,
            "end": end,
        }
        for _ in range(RACERS)
    ]


def _one_crew_everywhere() -> list[dict]:
    """30 scenes of one crew, each at its own free location, all at the same hour."""
    crew = CrewFactory()
    return [
        {
            "scene": SceneFactory(crew=crew).code,
            "location": LocationFactory().code,
            "start": START,
            "end": END,
        }
        for _ in range(RACERS)
    ]


def _active_at(location) -> int:
    return Booking.objects.filter(location=location).exclude(status="cancelled").count()


def _assert_race_capacity_one() -> None:
    hall = LocationFactory(capacity=1)
    BookingFactory(  # the hour before is taken: one free place left in the afternoon
        scene=SceneFactory(crew=CrewFactory()),
        location=hall,
        starts_at=shanghai(DAY, "13:00"),
        ends_at=shanghai(DAY, "14:00"),
    )
    statuses = race(_rival_crews_for(hall))
    assert sorted(statuses) == [201] + [409] * (RACERS - 1)
    assert _active_at(hall) == 2


def _assert_race_across_midnight() -> None:
    """A night at a capacity-1 set, 23:00 to 01:00 (the base's day runs to 04:00): one place."""
    hall = LocationFactory(capacity=1)
    racers = _rival_crews_for(
        hall, "2026-12-03T23:00:00+08:00", "2026-12-04T01:00:00+08:00", minutes=120
    )
    statuses = race(racers)
    assert sorted(statuses) == [201] + [409] * (RACERS - 1)
    assert _active_at(hall) == 1


def _assert_race_capacity_three() -> None:
    square = LocationFactory(capacity=3)
    statuses = race(_rival_crews_for(square))
    assert sorted(statuses) == [201] * 3 + [409] * (RACERS - 3)
    assert _active_at(square) == 3


def _assert_race_one_crew() -> None:
    payloads = _one_crew_everywhere()
    statuses = race(payloads)
    assert sorted(statuses) == [201] + [409] * (RACERS - 1)
    crew_code = payloads[0]["scene"].rsplit("-", 1)[0]
    assert Booking.objects.filter(scene__crew__code=crew_code).count() == 1


def _assert_race_moves_into_one_place() -> None:
    hall = LocationFactory(capacity=1)
    bookings = [
        BookingFactory(
            scene=SceneFactory(crew=CrewFactory()),
            starts_at=shanghai(DAY, "14:00"),
            ends_at=shanghai(DAY, "15:00"),
        )
        for _ in range(RACERS)
    ]
    statuses = race(
        [{"location": hall.code}] * RACERS,
        urls=[f"/api/v1/bookings/{booking.pk}/" for booking in bookings],
    )
    assert sorted(statuses) == [200] + [409] * (RACERS - 1)
    assert _active_at(hall) == 1


@pytest.mark.django_db(transaction=True)
def test_booking_race_capacity_one_gives_one_place():
    _assert_race_capacity_one()


@pytest.mark.django_db(transaction=True)
def test_booking_race_across_midnight_gives_one_place():
    _assert_race_across_midnight()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_booking_race_across_midnight_on_postgresql():
    assert connection.vendor == "postgresql"
    _assert_race_across_midnight()


@pytest.mark.django_db(transaction=True)
def test_booking_race_capacity_three_gives_three_places():
    _assert_race_capacity_three()


@pytest.mark.django_db(transaction=True)
def test_booking_race_one_crew_books_one_scene_at_a_time():
    _assert_race_one_crew()


@pytest.mark.django_db(transaction=True)
def test_booking_race_moves_into_one_place_give_it_once():
    _assert_race_moves_into_one_place()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_booking_race_moves_on_postgresql():
    assert connection.vendor == "postgresql"
    _assert_race_moves_into_one_place()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_booking_race_capacity_one_on_postgresql():
    assert connection.vendor == "postgresql"
    _assert_race_capacity_one()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_booking_race_capacity_three_on_postgresql():
    assert connection.vendor == "postgresql"
    _assert_race_capacity_three()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_booking_race_one_crew_on_postgresql():
    assert connection.vendor == "postgresql"
    _assert_race_one_crew()


@pytest.mark.postgres
@pytest.mark.django_db
def test_booking_exclusion_constraint_refuses_direct_overlap_on_postgresql():
    assert connection.vendor == "postgresql"
    hall = LocationFactory(capacity=1)
    BookingFactory(location=hall, starts_at=shanghai(DAY, "14:00"), ends_at=shanghai(DAY, "16:00"))
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        Booking.objects.create(
            scene=SceneFactory(),
            location=hall,
            starts_at=shanghai(DAY, "15:00"),
            ends_at=shanghai(DAY, "17:00"),
            source="plan",
            exclusive=True,
        )
    assert caught.value.__cause__.diag.constraint_name == "booking_no_overlap_exclusive"
    # Touching (half-open ranges), cancelled and shared-location bookings are all allowed.
    BookingFactory(location=hall, starts_at=shanghai(DAY, "16:00"), ends_at=shanghai(DAY, "17:00"))
    BookingFactory(
        location=hall,
        starts_at=shanghai(DAY, "14:00"),
        ends_at=shanghai(DAY, "15:00"),
        status="cancelled",
    )
    square = LocationFactory(capacity=3)
    for _ in range(2):
        BookingFactory(
            location=square, starts_at=shanghai(DAY, "14:00"), ends_at=shanghai(DAY, "15:00")
        )
    assert Booking.objects.filter(location__in=[hall, square]).count() == 5


@pytest.mark.postgres
@pytest.mark.django_db
def test_booking_exclusion_constraint_holds_across_midnight_on_postgresql():
    """A night 22:00-02:00 and another 01:00-03:00 at a single-crew set overlap after midnight."""
    assert connection.vendor == "postgresql"
    hall = LocationFactory(capacity=1)
    next_day = DAY + dt.timedelta(days=1)
    BookingFactory(
        location=hall, starts_at=shanghai(DAY, "22:00"), ends_at=shanghai(next_day, "02:00")
    )
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        Booking.objects.create(
            scene=SceneFactory(),
            location=hall,
            starts_at=shanghai(next_day, "01:00"),
            ends_at=shanghai(next_day, "03:00"),
            source="plan",
            exclusive=True,
        )
    assert caught.value.__cause__.diag.constraint_name == "booking_no_overlap_exclusive"
