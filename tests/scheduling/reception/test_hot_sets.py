"""Hot sets: a cap on the hours one crew may have of a location per day or week, kept by
bookings, holds and options alike, and a refusal that names the cap."""

from __future__ import annotations

import datetime as dt

import pytest

from scheduling.models import HotSet
from tests.clock import base_at, base_today
from tests.factories import BookingFactory, LocationFactory, SceneFactory, ZoneFactory


def monday() -> dt.date:
    """The Monday of next week on the suite's clock, whatever instant it runs at."""
    today = base_today()
    return today + dt.timedelta(days=7 - today.weekday())


def at(day: dt.date, hhmm: str) -> str:
    return base_at((day - base_today()).days, hhmm).isoformat()


@pytest.fixture(autouse=True)
def stay(own_crew, other_crew):
    for crew in (own_crew, other_crew):
        crew.first_date = base_today() - dt.timedelta(days=1)
        crew.last_date = monday() + dt.timedelta(days=14)
        crew.save()


@pytest.fixture
def hall():
    zone = ZoneFactory(code="Z01")
    hall = LocationFactory(code="L0001", name="大殿", zone=zone, tags=["palace"])
    HotSet.objects.create(location=hall, cap_minutes=240, period=HotSet.Period.WEEK)
    return hall


@pytest.fixture
def court(hall):
    return LocationFactory(code="L0002", name="偏殿", zone=hall.zone, tags=["palace"])


def scene_of(crew, code: str, minutes: int):
    return SceneFactory(
        crew=crew,
        code=code,
        minutes=minutes,
        location_tags=["palace"],
        first_date=crew.first_date,
        last_date=crew.last_date,
    )


def book(crew, code: str, location, day: dt.date, hhmm: str, minutes: int):
    scene = scene_of(crew, code, minutes)
    start = base_at((day - base_today()).days, hhmm)
    return BookingFactory(
        scene=scene,
        location=location,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=minutes),
    )


def payload(code: str, day: dt.date, start: str, end: str, location: str = "L0001") -> dict:
    return {"scene": code, "location": location, "start": at(day, start), "end": at(day, end)}


def test_hot_set_refuses_a_crew_past_its_weekly_cap_naming_it(ops_client, own_crew, hall):
    book(own_crew, "C0001-S0001", hall, monday(), "08:00", 180)
    scene_of(own_crew, "C0001-S0002", 120)
    response = ops_client.post(
        "/api/v1/bookings/",
        payload("C0001-S0002", monday() + dt.timedelta(days=3), "08:00", "10:00"),
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["message"] == (
        "大殿 (L0001) is a hot set: crew C0001 may have at most 4 h of it per week, "
        f"has 3 h in the week of {monday()}, and this would add 2 h."
    )
    assert response.json()["conflicts"][0]["rule"] == "hot_cap"


def test_hot_set_counts_each_week_apart(ops_client, own_crew, hall):
    book(own_crew, "C0001-S0001", hall, monday(), "08:00", 180)
    scene_of(own_crew, "C0001-S0002", 120)
    next_monday = monday() + dt.timedelta(days=7)
    response = ops_client.post(
        "/api/v1/bookings/", payload("C0001-S0002", next_monday, "08:00", "10:00"), format="json"
    )
    assert response.status_code == 201


def test_hot_set_cap_is_per_crew(ops_client, own_crew, other_crew, hall):
    book(own_crew, "C0001-S0001", hall, monday(), "08:00", 240)
    scene_of(other_crew, "C0002-S0001", 120)
    response = ops_client.post(
        "/api/v1/bookings/", payload("C0002-S0001", monday(), "12:00", "14:00"), format="json"
    )
    assert response.status_code == 201


def test_hot_set_daily_cap_names_the_day(ops_client, own_crew, hall):
    HotSet.objects.filter(location=hall).update(cap_minutes=90, period=HotSet.Period.DAY)
    book(own_crew, "C0001-S0001", hall, monday(), "08:00", 60)
    scene_of(own_crew, "C0001-S0002", 60)
    response = ops_client.post(
        "/api/v1/bookings/", payload("C0001-S0002", monday(), "10:00", "11:00"), format="json"
    )
    assert response.status_code == 409
    assert response.json()["message"] == (
        "大殿 (L0001) is a hot set: crew C0001 may have at most 1 h 30 min of it per day, "
        f"has 1 h on {monday()}, and this would add 1 h."
    )
    tuesday = monday() + dt.timedelta(days=1)
    ok = ops_client.post(
        "/api/v1/bookings/", payload("C0001-S0002", tuesday, "10:00", "11:00"), format="json"
    )
    assert ok.status_code == 201


def test_hot_set_holds_count_and_are_refused_at_the_cap(crew_client, own_crew, hall):
    scene_of(own_crew, "C0001-S0001", 180)
    scene_of(own_crew, "C0001-S0002", 120)
    first = crew_client.post(
        "/api/v1/holds/", payload("C0001-S0001", monday(), "08:00", "11:00"), format="json"
    )
    assert first.status_code == 201
    second = crew_client.post(
        "/api/v1/holds/", payload("C0001-S0002", monday(), "12:00", "14:00"), format="json"
    )
    assert second.status_code == 409
    assert second.json()["conflicts"][0]["rule"] == "hot_cap"
    assert "at most 4 h of it per week" in second.json()["message"]


def test_hot_set_options_keep_within_the_cap(ops_client, own_crew, hall, court):
    book(own_crew, "C0001-S0001", hall, monday(), "08:00", 180)
    scene_of(own_crew, "C0001-S0002", 120)
    scene_of(own_crew, "C0001-S0003", 60)
    week = {"from": monday().isoformat(), "to": (monday() + dt.timedelta(days=6)).isoformat()}
    two_hours = ops_client.get("/api/v1/scenes/C0001-S0002/options", {**week, "limit": "100"})
    assert {o["location"] for o in two_hours.json()["options"]} == {"L0002"}
    one_hour = ops_client.get("/api/v1/scenes/C0001-S0003/options", {**week, "limit": "100"})
    assert {o["location"] for o in one_hour.json()["options"]} == {"L0001", "L0002"}
    for option in one_hour.json()["options"][:5]:
        response = ops_client.post(
            "/api/v1/bookings/",
            {"scene": "C0001-S0003", **{k: option[k] for k in ("location", "start", "end")}},
            format="json",
        )
        assert response.status_code == 201
        ops_client.post(f"/api/v1/bookings/{response.json()['id']}/cancel")
