"""Changing a location's capacity under existing bookings."""

import datetime as dt

import pytest

from scheduling.models import Booking, Location
from tests.factories import BookingFactory, CrewFactory, LocationFactory, SceneFactory, shanghai

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}

pytestmark = pytest.mark.django_db
DAY = dt.date(2025, 8, 4)


def _two_overlapping_bookings(location: Location) -> list[Booking]:
    bookings = []
    for n in range(2):
        crew = CrewFactory(first_date=DAY, last_date=DAY)
        scene = SceneFactory(crew=crew, first_date=DAY, last_date=DAY, minutes=60)
        bookings.append(
            BookingFactory(
                scene=scene,
                location=location,
                starts_at=shanghai(DAY, f"0{8 + n}:00") - dt.timedelta(minutes=30 * n),
                ends_at=shanghai(DAY, f"0{9 + n}:00") - dt.timedelta(minutes=30 * n),
            )
        )
    return bookings


def test_location_capacity_below_bookings_in_use_is_a_409_and_nothing_changes(ops_client):
    location = LocationFactory(code="L0100", capacity=2)
    first, second = _two_overlapping_bookings(location)

    response = ops_client.patch("/api/v1/locations/L0100/", {"capacity": 1}, format="json", **EN)

    assert response.status_code == 409
    assert response.json()["message"] == (
        f"L0100 has 2 bookings at once ({first.scene.code}, {second.scene.code}); "
        "capacity 1 is too few."
    )
    location.refresh_from_db()
    assert location.capacity == 2
    assert list(Booking.objects.values_list("exclusive", flat=True)) == [False, False]


def test_location_capacity_change_rewrites_the_exclusive_flag_of_its_bookings(ops_client):
    location = LocationFactory(code="L0101", capacity=1)
    booking = BookingFactory(location=location)
    assert booking.exclusive is True

    response = ops_client.patch("/api/v1/locations/L0101/", {"capacity": 3}, format="json")

    assert response.status_code == 200
    assert response.json()["capacity"] == 3
    booking.refresh_from_db()
    assert booking.exclusive is False

    response = ops_client.patch("/api/v1/locations/L0101/", {"capacity": 1}, format="json")

    assert response.status_code == 200
    booking.refresh_from_db()
    assert booking.exclusive is True
