"""The shared factories and role fixtures build valid rows that the database accepts."""

from __future__ import annotations

import datetime as dt

from tests.factories import (
    PASSWORD,
    AvailabilityFactory,
    CallFactory,
    CastMemberFactory,
    ClosureFactory,
    LocationFactory,
    SceneFactory,
    TravelTimeFactory,
    ZoneFactory,
)


def test_factories_build_a_booked_scene_with_a_call(db):
    call = CallFactory()
    booking = call.booking
    assert call.extras_line.scene == booking.scene
    assert booking.ends_at - booking.starts_at == dt.timedelta(minutes=60)
    assert booking.starts_at.isoformat() == "2026-12-01T08:00:00+08:00"
    assert (booking.exclusive, booking.status, booking.source) == (True, "planned", "manual")


def test_factories_build_every_other_model(db, own_crew):
    zone = ZoneFactory()
    assert TravelTimeFactory(from_zone=zone).to_zone != zone
    closure = ClosureFactory()
    assert closure.ends_at - closure.starts_at == dt.timedelta(hours=2)
    cast = CastMemberFactory(crew=own_crew)
    location = LocationFactory()
    scene = SceneFactory(crew=own_crew, locations=[location], cast=[cast])
    assert (scene.first_date, scene.last_date) == (own_crew.first_date, own_crew.last_date)
    assert (list(scene.locations.all()), list(scene.cast.all())) == ([location], [cast])
    assert AvailabilityFactory().date == dt.date(2026, 12, 1)


def test_role_fixtures_tie_users_to_crews_and_performers(
    crew_user, own_crew, other_crew, other_crew_user, performer_user, ops_user, guild_user
):
    assert list(crew_user.crews.all()) == [own_crew]
    assert list(other_crew_user.crews.all()) == [other_crew]
    assert performer_user.performer.code == "P90001"
    assert [
        list(user.groups.values_list("name", flat=True)) for user in (ops_user, guild_user)
    ] == [
        ["ops"],
        ["guild"],
    ]
    assert ops_user.check_password(PASSWORD)


def test_api_client_for_sends_the_users_token(api_client_for, ops_user, anon_client):
    assert api_client_for(ops_user).get("/api/v1/zones/").status_code == 200
    assert api_client_for(None).get("/api/v1/zones/").status_code == 401
    assert anon_client.get("/api/v1/zones/").status_code == 401
