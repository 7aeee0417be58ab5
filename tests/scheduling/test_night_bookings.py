"""Bookings of the shooting day as the base lives it: nights past midnight, rest between days.

The base's day here is 06:00-28:00 (04:00 the next morning), as the demo's; the crew C0001 rests
at least 8 hours between shooting days.
"""

from __future__ import annotations

import datetime as dt

import pytest

from scheduling.models import Booking
from tests.factories import BookingFactory, LocationFactory, SceneFactory, shanghai

URL = "/api/v1/bookings/"
NIGHT = dt.date(2026, 12, 2)
NEXT = dt.date(2026, 12, 3)
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def night_base(settings):
    settings.PLANNING_DAY_START, settings.PLANNING_DAY_END = "06:00", "28:00"


@pytest.fixture
def street(db):
    return LocationFactory(code="L0100", name="广州街·夜市", tags=["street"])


@pytest.fixture
def rested_crew(own_crew):
    own_crew.min_rest_minutes = 480
    own_crew.save()
    return own_crew


def scene(crew, code: str, minutes: int = 240, **fields):
    return SceneFactory(crew=crew, code=code, minutes=minutes, location_tags=["street"], **fields)


def night_of(crew, street):
    """The crew's night scene C0001-N01, booked 22:00-02:00 on the night of the 2nd."""
    return BookingFactory(
        scene=scene(crew, "C0001-N01"),
        location=street,
        starts_at=shanghai(NIGHT, "22:00"),
        ends_at=shanghai(NEXT, "02:00"),
    )


def body(scene_code: str, start: dt.datetime, end: dt.datetime) -> dict:
    return {
        "scene": scene_code,
        "location": "L0100",
        "start": start.isoformat(),
        "end": end.isoformat(),
    }


def test_night_booking_past_midnight_is_one_booking(ops_client, rested_crew, street):
    scene(rested_crew, "C0001-N01")

    response = ops_client.post(
        URL, body("C0001-N01", shanghai(NIGHT, "22:00"), shanghai(NEXT, "02:00")), format="json"
    )

    assert response.status_code == 201, response.content
    assert (response.json()["start"], response.json()["end"]) == (
        "2026-12-02T22:00:00+08:00",
        "2026-12-03T02:00:00+08:00",
    )
    assert Booking.objects.count() == 1


def test_booking_after_a_night_breaks_the_crews_rest_is_409_naming_it(
    ops_client, rested_crew, street
):
    night = night_of(rested_crew, street)
    scene(rested_crew, "C0001-D01", minutes=120)

    response = ops_client.post(
        URL,
        body("C0001-D01", shanghai(NEXT, "06:00"), shanghai(NEXT, "08:00")),
        format="json",
        **EN,
    )

    assert response.status_code == 409
    assert response.json()["conflicts"] == [
        {
            "rule": "crew_rest",
            "message": "Crew C0001 must rest 480 min between shooting days but would have 240 "
            "min after wrapping C0001-N01 (crew C0001) 22:00-02:00 (next day) the day before.",
            "min_rest_minutes": 480,
            "rest_minutes": 240,
            "booking": night.pk,
            "scene": "C0001-N01",
            "crew": "C0001",
            "location": "L0100",
            "start": "2026-12-02T22:00:00+08:00",
            "end": "2026-12-03T02:00:00+08:00",
        }
    ]
    assert Booking.objects.count() == 1


def test_booking_after_the_rest_is_created(ops_client, rested_crew, street):
    night_of(rested_crew, street)
    scene(rested_crew, "C0001-D01", minutes=120)

    response = ops_client.post(
        URL, body("C0001-D01", shanghai(NEXT, "10:00"), shanghai(NEXT, "12:00")), format="json"
    )

    assert response.status_code == 201, response.content


def test_night_booked_before_a_morning_leaves_too_little_rest_is_409(
    ops_client, rested_crew, street
):
    """The rest binds from either side: booking the night after the next morning is booked."""
    morning = BookingFactory(
        scene=scene(rested_crew, "C0001-D01", minutes=120),
        location=street,
        starts_at=shanghai(NEXT, "08:00"),
        ends_at=shanghai(NEXT, "10:00"),
    )
    scene(rested_crew, "C0001-N01")

    response = ops_client.post(
        URL,
        body("C0001-N01", shanghai(NIGHT, "22:00"), shanghai(NEXT, "02:00")),
        format="json",
        **EN,
    )

    assert response.status_code == 409
    [conflict] = response.json()["conflicts"]
    assert (conflict["rule"], conflict["booking"], conflict["rest_minutes"]) == (
        "crew_rest",
        morning.pk,
        360,
    )


def test_crew_without_a_rest_rule_may_shoot_after_a_night(ops_client, own_crew, street):
    night_of(own_crew, street)
    scene(own_crew, "C0001-D01", minutes=120)

    response = ops_client.post(
        URL, body("C0001-D01", shanghai(NEXT, "06:00"), shanghai(NEXT, "08:00")), format="json"
    )

    assert response.status_code == 201, response.content


def test_booking_past_the_shooting_days_close_is_409(ops_client, own_crew, street):
    scene(own_crew, "C0001-N02")

    response = ops_client.post(
        URL,
        body("C0001-N02", shanghai(NEXT, "01:00"), shanghai(NEXT, "05:00")),
        format="json",
        **EN,
    )

    assert response.status_code == 409
    assert response.json()["conflicts"] == [
        {"rule": "day_hours", "message": "A booking must lie within 06:00-28:00 of one day."}
    ]


def test_small_hours_booking_belongs_to_the_day_before(ops_client, own_crew, street):
    """01:00-03:00 on the 3rd is the night of the 2nd: within the 2nd's stay and span."""
    own_crew.last_date = NIGHT
    own_crew.save()
    scene(own_crew, "C0001-N03", minutes=120, last_date=NIGHT)

    response = ops_client.post(
        URL, body("C0001-N03", shanghai(NEXT, "01:00"), shanghai(NEXT, "03:00")), format="json"
    )

    assert response.status_code == 201, response.content


def test_crew_day_span_counts_across_midnight(ops_client, own_crew, street):
    """A day from 14:00 to 04:00 is 14 h: over the 840-minute limit by the last half hour."""
    BookingFactory(
        scene=scene(own_crew, "C0001-E01"),
        location=street,
        starts_at=shanghai(NIGHT, "13:30"),
        ends_at=shanghai(NIGHT, "17:30"),
    )
    scene(own_crew, "C0001-N04")

    response = ops_client.post(
        URL, body("C0001-N04", shanghai(NEXT, "00:00"), shanghai(NEXT, "04:00")), format="json"
    )

    assert response.status_code == 409
    [conflict] = response.json()["conflicts"]
    assert (conflict["rule"], conflict["span_minutes"]) == ("crew_span", 870)


def test_night_then_rest_then_call_sheets_over_the_api(ops_client, rested_crew, street):
    """The issue's walk-through: a night 22:00-02:00 is booked; the crew, resting 8 h, cannot be
    booked at 06:00 but can at 10:00; the night is on the first date's call sheet only."""
    scene(rested_crew, "C0001-N01")
    scene(rested_crew, "C0001-D01", minutes=120)
    scene(rested_crew, "C0001-D02", minutes=120)

    def post(code: str, start: dt.datetime, end: dt.datetime):
        return ops_client.post(URL, body(code, start, end), format="json", **EN)

    night = post("C0001-N01", shanghai(NIGHT, "22:00"), shanghai(NEXT, "02:00"))
    too_soon = post("C0001-D01", shanghai(NEXT, "06:00"), shanghai(NEXT, "08:00"))
    rested = post("C0001-D02", shanghai(NEXT, "10:00"), shanghai(NEXT, "12:00"))
    first = ops_client.get(f"/api/v1/crews/C0001/call-sheet?date={NIGHT}")
    second = ops_client.get(f"/api/v1/crews/C0001/call-sheet?date={NEXT}")

    assert (night.status_code, too_soon.status_code, rested.status_code) == (201, 409, 201)
    assert [c["rule"] for c in too_soon.json()["conflicts"]] == ["crew_rest"]
    assert "must rest 480 min" in too_soon.json()["conflicts"][0]["message"]
    assert [(s["scene"], s["start_clock"], s["end_clock"]) for s in first.json()["scenes"]] == [
        ("C0001-N01", "22:00", "26:00")
    ]
    assert [s["scene"] for s in second.json()["scenes"]] == ["C0001-D02"]
