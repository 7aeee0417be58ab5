"""Crews' requests over the API: ask for a scene's place on some days, read the outcome."""

from __future__ import annotations

import datetime as dt

import pytest

from scheduling.models import SceneRequest
from tests.clock import base_at, base_today
from tests.factories import BookingFactory, LocationFactory, SceneFactory

URL = "/api/v1/scene-requests/"


def day(ahead: int) -> str:
    return (base_today() + dt.timedelta(days=ahead)).isoformat()


@pytest.fixture(autouse=True)
def stay(own_crew, other_crew):
    for crew in (own_crew, other_crew):
        crew.first_date = base_today() - dt.timedelta(days=1)
        crew.last_date = base_today() + dt.timedelta(days=7)
        crew.save()


@pytest.fixture
def scene(own_crew):
    return SceneFactory(
        crew=own_crew,
        code="C0001-S0001",
        minutes=240,
        location_tags=["hospital"],
        first_date=base_today(),
        last_date=base_today() + dt.timedelta(days=5),
    )


def ask(first: int = 2, last: int = 3, scene: str = "C0001-S0001") -> dict:
    return {"scene": scene, "first_date": day(first), "last_date": day(last)}


def test_scene_request_by_the_crew_is_open(crew_client, scene):
    response = crew_client.post(URL, ask(), format="json")
    assert response.status_code == 201
    made = SceneRequest.objects.get()
    body = response.json()
    assert {k: v for k, v in body.items() if k != "created_at"} == {
        "id": made.pk,
        "scene": "C0001-S0001",
        "crew": "C0001",
        "first_date": day(2),
        "last_date": day(3),
        "status": "open",
        "outcome": "",
        "booking": None,
        "settled_at": None,
    }


def test_scene_request_again_replaces_the_open_one(crew_client, scene):
    crew_client.post(URL, ask(), format="json")
    crew_client.post(URL, ask(4, 5), format="json")
    assert list(SceneRequest.objects.order_by("pk").values_list("status", "first_date")) == [
        ("withdrawn", base_today() + dt.timedelta(days=2)),
        ("open", base_today() + dt.timedelta(days=4)),
    ]


def test_scene_request_withdrawn_by_the_crew(crew_client, scene):
    made = crew_client.post(URL, ask(), format="json").json()
    response = crew_client.post(f"{URL}{made['id']}/withdraw")
    assert (response.status_code, response.json()["status"]) == (200, "withdrawn")


def test_scene_request_of_a_booked_scene_is_409(crew_client, scene):
    BookingFactory(
        scene=scene, location=LocationFactory(tags=["hospital"]), starts_at=base_at(1, "08:00")
    )
    response = crew_client.post(URL, ask(), format="json")
    assert (response.status_code, response.json()["conflicts"][0]["rule"]) == (409, "scene_booked")
    assert SceneRequest.objects.count() == 0


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"scene": "C0001-S0001", "first_date": "x", "last_date": "2026-12-05"}, "first_date"),
        ({"scene": "C0001-S0001", "first_date": "2026-12-05"}, "last_date"),
    ],
)
def test_scene_request_bad_input_is_400(crew_client, scene, payload, field):
    response = crew_client.post(URL, payload, format="json")
    assert (response.status_code, field in response.json()) == (400, True)
    assert SceneRequest.objects.count() == 0


def test_scene_request_days_out_of_order_or_window_are_400(crew_client, scene):
    backwards = crew_client.post(URL, ask(3, 2), format="json")
    assert (backwards.status_code, list(backwards.json())) == (400, ["message", "last_date"])
    outside = crew_client.post(URL, ask(4, 6), format="json")
    assert outside.status_code == 400
    assert outside.json()["first_date"] == [
        f"Scene C0001-S0001 can be shot {day(0)}..{day(5)} only."
    ]
    assert SceneRequest.objects.count() == 0


def test_scene_request_of_another_crew_is_400_and_invisible(
    api_client_for, other_crew_user, crew_client, scene
):
    other = api_client_for(other_crew_user)
    refused = other.post(URL, ask(), format="json")
    assert (refused.status_code, list(refused.json())) == (400, ["message", "scene"])
    made = crew_client.post(URL, ask(), format="json").json()
    assert other.get(URL).json()["results"] == []
    assert other.post(f"{URL}{made['id']}/withdraw").status_code == 404


def test_scene_request_by_the_guild_is_403(guild_client, scene):
    assert guild_client.post(URL, ask(), format="json").status_code == 403


def test_scene_request_anonymous_is_401(anon_client, scene):
    assert anon_client.get(URL).status_code == 401
