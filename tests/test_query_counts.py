"""No N+1: a list of 100 items costs no more database queries than a list of 10.

Each main list endpoint is read once with 10 items and once with 100 (one page), and the second
read must fit within the queries the first one took.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scheduling.models import Booking
from tests.factories import (
    BookingFactory,
    CallFactory,
    CrewFactory,
    ExtrasLineFactory,
    LocationFactory,
    PerformerFactory,
    SceneFactory,
    shanghai,
)

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 12, 2)


def _bookings(n: int, crew=None) -> None:
    """``n`` bookings, each with an extras line and a called performer, on ``DAY``."""
    for _ in range(n):
        scene = SceneFactory(crew=crew) if crew is not None else SceneFactory()
        line = ExtrasLineFactory(scene=scene, position=1)
        starts = shanghai(DAY, "08:00")
        booking = BookingFactory(scene=scene, starts_at=starts)
        CallFactory(booking=booking, extras_line=line, performer=PerformerFactory())


def _scenes(n: int, crew=None) -> None:
    for _ in range(n):
        scene = SceneFactory(crew=crew) if crew is not None else SceneFactory()
        scene.locations.add(LocationFactory())
        ExtrasLineFactory(scene=scene, position=1)


def _crews(n: int, crew=None) -> None:
    for _ in range(n):
        SceneFactory(crew=CrewFactory())


def _locations(n: int, crew=None) -> None:
    for _ in range(n):
        LocationFactory()


def _performers(n: int, crew=None) -> None:
    for _ in range(n):
        PerformerFactory()


def _count(client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    body = response.json()
    items = body["count"] if "count" in body else len(body.get("scenes", body))
    return len(queries), items


LISTS: dict[str, tuple[str, str, Callable]] = {
    "bookings": ("ops", "/api/v1/bookings/?page_size=100", _bookings),
    "scenes": ("ops", "/api/v1/scenes/?page_size=100", _scenes),
    "crews": ("ops", "/api/v1/crews/?page_size=100", _crews),
    "locations": ("ops", "/api/v1/locations/?page_size=100", _locations),
    "performers": ("guild", "/api/v1/performers/?page_size=100", _performers),
    "calls": ("guild", "/api/v1/calls/?page_size=100", _bookings),
    "audit": ("ops", "/api/v1/audit/?object_type=booking&page_size=100", _bookings),
}


@pytest.mark.parametrize("name", sorted(LISTS))
def test_list_of_100_costs_no_more_queries_than_10(
    name, api_client_for, ops_user, guild_user, django_assert_max_num_queries
):
    role, url, make = LISTS[name]
    client = api_client_for({"ops": ops_user, "guild": guild_user}[role])
    make(10)
    queries_at_10, items_at_10 = _count(client, url)

    make(90)
    with django_assert_max_num_queries(queries_at_10):
        response = client.get(url)

    assert response.status_code == 200
    assert (items_at_10, response.json()["count"]) == (10, 100)


def test_call_sheet_of_100_scenes_costs_no_more_queries_than_10(
    api_client_for, crew_user, own_crew, django_assert_max_num_queries
):
    client = api_client_for(crew_user)
    url = f"/api/v1/crews/{own_crew.code}/call-sheet/?date={DAY.isoformat()}"
    _bookings(10, crew=own_crew)
    queries_at_10, _ = _count(client, url)

    _bookings(90, crew=own_crew)
    with django_assert_max_num_queries(queries_at_10):
        response = client.get(url)

    assert response.status_code == 200
    assert Booking.objects.filter(scene__crew=own_crew).count() == 100
