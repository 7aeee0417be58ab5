"""The guild's queue: extras lines still short of performers, soonest first (issue 20, item 1)."""

from __future__ import annotations

import datetime as dt

import pytest

from actors.models import Call
from scheduling.models import Booking
from tests.clock import base_at, base_today
from tests.factories import BookingFactory, CallFactory, ExtrasLineFactory, SceneFactory

pytestmark = pytest.mark.django_db


def booked(days_ahead: int, hhmm: str, *, status=Booking.Status.PLANNED) -> Booking:
    start = base_at(days_ahead, hhmm)
    day = start.date()
    scene = SceneFactory(first_date=day, last_date=day)
    return BookingFactory(
        scene=scene, starts_at=start, ends_at=start + dt.timedelta(hours=2), status=status
    )


def test_short_lines_list_what_is_missing_soonest_first(guild_client):
    later, sooner = booked(2, "14:00"), booked(1, "09:00")
    short = ExtrasLineFactory(scene=later.scene, position=1, count=3)
    CallFactory(booking=later, extras_line=short)
    declined = CallFactory(booking=later, extras_line=short)
    Call.objects.filter(pk=declined.pk).update(state=Call.State.DECLINED)
    full = ExtrasLineFactory(scene=sooner.scene, position=1, count=1)
    CallFactory(booking=sooner, extras_line=full)
    ExtrasLineFactory(scene=sooner.scene, position=2, count=4)  # nobody called yet
    cancelled = booked(1, "10:00", status=Booking.Status.CANCELLED)
    ExtrasLineFactory(scene=cancelled.scene, position=1, count=5)

    today = base_today()
    period = {"from": str(today), "to": str(today + dt.timedelta(days=6))}
    response = guild_client.get("/api/v1/guild/short-lines", period)

    assert response.status_code == 200
    assert [
        (row["scene"], row["line"], row["wanted"], row["called"], row["missing"])
        for row in response.json()["lines"]
    ] == [
        (sooner.scene.code, 2, 4, 0, 4),
        (later.scene.code, 1, 3, 1, 2),
    ]
    first = response.json()["lines"][0]
    assert first["candidates"] == f"/api/v1/bookings/{sooner.pk}/extras/2/candidates"


@pytest.mark.parametrize(("role", "status"), [("crew", 403), ("ops", 200), ("anon", 401)])
def test_short_lines_are_for_the_guild_and_ops(role, status, crew_client, ops_client, anon_client):
    client = {"crew": crew_client, "ops": ops_client, "anon": anon_client}[role]
    assert client.get("/api/v1/guild/short-lines").status_code == status
