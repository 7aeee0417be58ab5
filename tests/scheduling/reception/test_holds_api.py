"""Holds over the API: take an option, keep it from others, confirm, release, lapse."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import IntegrityError, transaction

from scheduling.models import Booking, Hold
from tests.clock import base_at, base_now, base_today
from tests.factories import BookingFactory, LocationFactory, SceneFactory, ZoneFactory

URL = "/api/v1/holds/"


def iso(ahead: int, hhmm: str) -> str:
    return base_at(ahead, hhmm).isoformat()


@pytest.fixture(autouse=True)
def stay(own_crew, other_crew):
    for crew in (own_crew, other_crew):
        crew.first_date = base_today() - dt.timedelta(days=1)
        crew.last_date = base_today() + dt.timedelta(days=7)
        crew.save()


@pytest.fixture
def hall():
    zone = ZoneFactory(code="Z01")
    return LocationFactory(code="L0001", name="大殿", zone=zone, tags=["palace"], cost_per_hour=600)


@pytest.fixture
def scene(own_crew):
    return SceneFactory(crew=own_crew, code="C0001-S0001", minutes=120, location_tags=["palace"])


@pytest.fixture
def rival(other_crew):
    return SceneFactory(crew=other_crew, code="C0002-S0001", minutes=60, location_tags=["palace"])


def option(scene: str = "C0001-S0001", start: str = "10:00", end: str = "12:00") -> dict:
    return {"scene": scene, "location": "L0001", "start": iso(1, start), "end": iso(1, end)}


def test_hold_by_the_crew_keeps_the_place_for_thirty_minutes(crew_client, scene, hall):
    response = crew_client.post(URL, option(), format="json")
    assert response.status_code == 201
    hold = Hold.objects.get()
    assert response.json() == {
        "id": hold.pk,
        "scene": "C0001-S0001",
        "crew": "C0001",
        "location": "L0001",
        "start": iso(1, "10:00"),
        "end": iso(1, "12:00"),
        "status": "held",
        "expires_at": hold.expires_at.astimezone(base_now().tzinfo).isoformat(),
        "booking": None,
    }
    assert round((hold.expires_at - hold.created_at).total_seconds() / 60) == 30
    assert Booking.objects.count() == 0  # a hold is not a booking in force


def test_hold_keeps_rivals_out_of_options_and_bookings(crew_client, ops_client, scene, rival, hall):
    crew_client.post(URL, option(), format="json")
    answer = ops_client.get(
        "/api/v1/scenes/C0002-S0001/options",
        {"from": base_at(1, "06:00").date().isoformat(), "to": base_at(1, "06:00").date()},
    ).json()
    spans = [(o["start"], o["end"]) for o in answer["options"]]
    assert spans == [(iso(1, "06:00"), iso(1, "07:00")), (iso(1, "12:00"), iso(1, "13:00"))]
    response = ops_client.post(
        "/api/v1/bookings/", option("C0002-S0001", "11:00", "12:00"), format="json"
    )
    assert response.status_code == 409
    conflict = response.json()["conflicts"][0]
    assert conflict["rule"] == "capacity"
    assert conflict["holds"][0]["scene"] == "C0001-S0001"
    assert "held until" in conflict["message"]


def test_hold_confirmed_by_ops_becomes_a_booking(crew_client, ops_client, scene, hall):
    hold_id = crew_client.post(URL, option(), format="json").json()["id"]
    response = ops_client.post(f"{URL}{hold_id}/confirm", format="json")
    assert response.status_code == 201
    booking = Booking.objects.get()
    assert (response.json()["status"], response.json()["booking"]) == ("booked", booking.pk)
    assert (booking.scene.code, booking.location.code, booking.status) == (
        "C0001-S0001",
        "L0001",
        "planned",
    )
    assert booking.starts_at == base_at(1, "10:00")


def test_hold_confirm_by_the_crew_is_403(crew_client, scene, hall):
    hold_id = crew_client.post(URL, option(), format="json").json()["id"]
    assert crew_client.post(f"{URL}{hold_id}/confirm").status_code == 403
    assert Hold.objects.get().status == "held"


def test_hold_at_a_self_confirming_family_is_booked_at_once(crew_client, scene, hall, settings):
    settings.RECEPTION_SELF_CONFIRM_TAGS = ["palace"]
    response = crew_client.post(URL, option(), format="json")
    assert response.status_code == 201
    assert response.json()["status"] == "booked"
    assert response.json()["booking"] == Booking.objects.get().pk


def test_hold_lapses_and_frees_the_place(crew_client, ops_client, scene, rival, hall):
    hold_id = crew_client.post(URL, option(), format="json").json()["id"]
    with time_machine.travel(base_now() + dt.timedelta(minutes=31)):
        booked = ops_client.post(
            "/api/v1/bookings/", option("C0002-S0001", "11:00", "12:00"), format="json"
        )
        assert booked.status_code == 201
        assert Hold.objects.get().status == "expired"
        late = ops_client.post(f"{URL}{hold_id}/confirm")
    assert late.status_code == 409
    assert late.json()["conflicts"][0]["rule"] == "hold"


def test_hold_released_frees_the_place(crew_client, ops_client, scene, rival, hall):
    hold_id = crew_client.post(URL, option(), format="json").json()["id"]
    response = crew_client.post(f"{URL}{hold_id}/release")
    assert (response.status_code, response.json()["status"]) == (200, "released")
    booked = ops_client.post(
        "/api/v1/bookings/", option("C0002-S0001", "11:00", "12:00"), format="json"
    )
    assert booked.status_code == 201


def test_hold_again_replaces_the_scenes_first_hold(crew_client, scene, hall):
    crew_client.post(URL, option(), format="json")
    response = crew_client.post(URL, option(start="14:00", end="16:00"), format="json")
    assert response.status_code == 201
    assert sorted(Hold.objects.values_list("status", flat=True)) == ["held", "released"]


def test_hold_breaking_a_rule_is_409_and_writes_nothing(crew_client, scene, rival, hall):
    BookingFactory(scene=rival, location=hall, starts_at=base_at(1, "11:00"))
    response = crew_client.post(URL, option(), format="json")
    assert response.status_code == 409
    assert response.json()["conflicts"][0]["rule"] == "capacity"
    assert Hold.objects.count() == 0


def test_hold_of_a_booked_scene_is_409(crew_client, scene, hall):
    BookingFactory(scene=scene, location=hall, starts_at=base_at(2, "08:00"))
    response = crew_client.post(URL, option(), format="json")
    assert response.status_code == 409
    assert response.json()["conflicts"][0]["rule"] == "scene_booked"


def test_hold_booking_the_scene_directly_releases_its_hold(crew_client, ops_client, scene, hall):
    crew_client.post(URL, option(), format="json")
    response = ops_client.post(
        "/api/v1/bookings/", option(start="14:00", end="16:00"), format="json"
    )
    assert response.status_code == 201
    assert Hold.objects.get().status == "released"


def test_hold_of_another_crews_scene_is_404(api_client_for, other_crew_user, scene, hall):
    response = api_client_for(other_crew_user).post(URL, option(), format="json")
    assert response.status_code == 404
    assert Hold.objects.count() == 0


def test_hold_of_another_crew_is_invisible(
    api_client_for, other_crew_user, crew_client, scene, hall
):
    hold_id = crew_client.post(URL, option(), format="json").json()["id"]
    other = api_client_for(other_crew_user)
    assert other.get(URL).json()["results"] == []
    assert other.post(f"{URL}{hold_id}/release").status_code == 404
    assert Hold.objects.get().status == "held"


def test_hold_list_by_ops_shows_every_hold(crew_client, ops_client, scene, hall):
    crew_client.post(URL, option(), format="json")
    assert [h["scene"] for h in ops_client.get(URL).json()["results"]] == ["C0001-S0001"]


def test_hold_by_the_guild_is_403(guild_client, scene, hall):
    assert guild_client.post(URL, option(), format="json").status_code == 403
    assert guild_client.get(URL).status_code == 403


def test_hold_anonymous_is_401(anon_client, scene, hall):
    assert anon_client.post(URL, option(), format="json").status_code == 401


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"start": None}, "start"),
        ({"start": "2026-12-04T10:00:00"}, "start"),
        ({"location": "L9999"}, "location"),
        ({"end": "2026-12-01T09:00:00+08:00"}, "end"),
    ],
)
def test_hold_bad_input_is_400_and_writes_nothing(crew_client, scene, hall, change, field):
    payload = {**option(), **change}
    payload = {key: value for key, value in payload.items() if value is not None}
    response = crew_client.post(URL, payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert Hold.objects.count() == 0


def test_hold_overlapping_a_booking_is_refused_by_the_database(scene, rival, hall):
    BookingFactory(scene=rival, location=hall, starts_at=base_at(1, "11:00"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Hold.objects.create(
            scene=scene,
            location=hall,
            starts_at=base_at(1, "10:00"),
            ends_at=base_at(1, "12:00"),
            expires_at=base_now() + dt.timedelta(minutes=30),
        )
    assert Hold.objects.count() == 0


def test_booking_overlapping_a_hold_is_refused_by_the_database(scene, rival, hall):
    Hold.objects.create(
        scene=scene,
        location=hall,
        starts_at=base_at(1, "10:00"),
        ends_at=base_at(1, "12:00"),
        expires_at=base_now() + dt.timedelta(minutes=30),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        BookingFactory(scene=rival, location=hall, starts_at=base_at(1, "11:00"))
    BookingFactory(scene=rival, location=hall, starts_at=base_at(1, "12:00"))  # touching is fine
    assert Booking.objects.count() == 1
