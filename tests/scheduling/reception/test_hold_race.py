"""Racing holds: 30 real threads on their own connections, through the API; one place, one
winner. The unmarked tests run on the suite's database (SQLite by default); the ``postgres``
ones assert PostgreSQL, so without it they fail rather than skip::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hengdian_reception \\
        .venv/bin/pytest -m postgres tests/scheduling/reception -q
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from scheduling.models import Booking, Hold
from tests.factories import CrewFactory, LocationFactory, SceneFactory
from tests.races import race

RACERS = 30
START, END = "2026-12-04T14:00:00+08:00", "2026-12-04T15:00:00+08:00"


def _rivals(location, count: int = RACERS) -> list[dict]:
    stay = {"first_date": dt.date(2026, 12, 1), "last_date": dt.date(2026, 12, 7)}
    return [
        {
            "scene": SceneFactory(crew=CrewFactory(**stay), minutes=60).code,
            "location": location.code,
            "start": START,
            "end": END,
        }
        for _ in range(count)
    ]


def _assert_holds_race() -> None:
    hall = LocationFactory(capacity=1)
    statuses = race([("post", "/api/v1/holds/", payload) for payload in _rivals(hall)])
    assert sorted(statuses, key=str) == [201] + [409] * (RACERS - 1)
    assert Hold.objects.filter(location=hall, status="held").count() == 1


def _assert_holds_and_bookings_race() -> None:
    hall = LocationFactory(capacity=1)
    payloads = _rivals(hall)
    urls = ["/api/v1/holds/", "/api/v1/bookings/"] * (RACERS // 2)
    statuses = race([("post", url, payload) for url, payload in zip(urls, payloads, strict=True)])
    assert sorted(statuses, key=str) == [201] + [409] * (RACERS - 1)
    held = Hold.objects.filter(location=hall, status="held").count()
    booked = Booking.objects.filter(location=hall).count()
    assert held + booked == 1


@pytest.mark.django_db(transaction=True)
def test_hold_race_on_one_place_has_one_winner():
    _assert_holds_race()


@pytest.mark.django_db(transaction=True)
def test_hold_race_against_bookings_has_one_winner():
    _assert_holds_and_bookings_race()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_hold_race_on_one_place_has_one_winner_on_postgresql():
    assert connection.vendor == "postgresql"
    _assert_holds_race()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_hold_race_against_bookings_has_one_winner_on_postgresql():
    assert connection.vendor == "postgresql"
    _assert_holds_and_bookings_race()
