"""Racing holds: 30 real threads on their own connections, through the API; one place, one
winner. The unmarked tests run on the suite's database (SQLite by default); the ``postgres``
ones assert PostgreSQL, so without it they fail rather than skip::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hengdian_reception \\
        .venv/bin/pytest -m postgres tests/scheduling/reception -q
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from core import roles
from scheduling.models import Booking, Hold
from tests.factories import CrewFactory, LocationFactory, SceneFactory, UserFactory

RACERS = 30
START, END = "2026-12-04T14:00:00+08:00", "2026-12-04T15:00:00+08:00"


def race(requests: list[tuple[str, dict]]) -> list[object]:
    """Send every (url, payload) at once from its own thread, as ops; the status codes."""
    user = UserFactory()
    user.groups.add(roles.role_groups_ensure()[roles.OPS])
    roles.is_ops(user)  # fill the role cache before the threads share this user
    barrier = threading.Barrier(len(requests))
    results: list[object] = [None] * len(requests)

    def racer(index: int) -> None:
        try:
            client = APIClient()
            client.force_authenticate(user)
            barrier.wait()
            url, payload = requests[index]
            results[index] = client.post(url, payload, format="json").status_code
        except Exception as exc:  # reported through the results, so the test fails on it
            results[index] = repr(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=racer, args=(i,)) for i in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


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
    statuses = race([("/api/v1/holds/", payload) for payload in _rivals(hall)])
    assert sorted(statuses, key=str) == [201] + [409] * (RACERS - 1)
    assert Hold.objects.filter(location=hall, status="held").count() == 1


def _assert_holds_and_bookings_race() -> None:
    hall = LocationFactory(capacity=1)
    payloads = _rivals(hall)
    urls = ["/api/v1/holds/", "/api/v1/bookings/"] * (RACERS // 2)
    statuses = race(list(zip(urls, payloads, strict=True)))
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
