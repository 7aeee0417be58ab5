"""The audit trail: one history record per audited action, with the acting user, for ops only."""

from __future__ import annotations

import datetime as dt

import pytest

from actors.models import Call
from scheduling.models import Booking, PlanRun
from tests.actors.guild_world import published_call
from tests.factories import BookingFactory, LocationFactory, SceneFactory, shanghai

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 12, 2)
BOOKINGS = "/api/v1/bookings/"
AUDIT = "/api/v1/audit/"


@pytest.fixture
def hall():
    return LocationFactory(code="L0001", name="秦王宫·大殿", tags=["palace"])


@pytest.fixture
def booking(own_crew, hall):
    scene = SceneFactory(crew=own_crew, code="C0001-S0001")
    return BookingFactory(
        scene=scene, location=hall, starts_at=shanghai(DAY, "08:00"), ends_at=shanghai(DAY, "09:00")
    )


def history(model, pk: int, history_type: str) -> list[tuple[str, str | None]]:
    rows = model.history.filter(id=pk, history_type=history_type).order_by("history_id")
    return [
        (row.history_type, row.history_user.username if row.history_user else None) for row in rows
    ]


def test_booking_create_over_the_api_is_one_record_by_its_author(ops_client, own_crew, hall):
    SceneFactory(crew=own_crew, code="C0001-S0002")
    body = {
        "scene": "C0001-S0002",
        "location": "L0001",
        "start": "2026-12-02T12:00:00+08:00",
        "end": "2026-12-02T13:00:00+08:00",
    }

    response = ops_client.post(BOOKINGS, body, format="json")

    assert response.status_code == 201
    pk = response.json()["id"]
    assert history(Booking, pk, "+") == [("+", "ops")]
    assert Booking.history.filter(id=pk).count() == 1


def test_booking_move_over_the_api_is_one_record_by_its_author(ops_client, booking):
    response = ops_client.patch(
        f"{BOOKINGS}{booking.pk}/", {"start": "2026-12-02T14:00:00+08:00"}, format="json"
    )

    assert response.status_code == 200
    assert history(Booking, booking.pk, "~") == [("~", "ops")]
    moved = Booking.history.get(id=booking.pk, history_type="~")
    assert moved.starts_at == shanghai(DAY, "14:00")


def test_booking_cancel_over_the_api_is_one_record_by_its_author(ops_client, booking):
    response = ops_client.post(f"{BOOKINGS}{booking.pk}/cancel/")

    assert response.status_code == 200
    assert history(Booking, booking.pk, "~") == [("~", "ops")]
    assert Booking.history.get(id=booking.pk, history_type="~").status == "cancelled"


def test_call_confirm_by_the_performer_is_one_record_by_them(
    api_client_for, performer_user, own_crew
):
    world = published_call(own_crew, performer=performer_user.performer)

    response = api_client_for(performer_user).post(f"/api/v1/calls/{world.call.pk}/confirm")

    assert response.status_code == 200
    assert history(Call, world.call.pk, "~") == [("~", "performer")]
    assert Call.history.get(id=world.call.pk, history_type="~").state == "confirmed"


def test_call_history_keeps_no_check_in_code():
    fields = {field.name for field in Call.history.model._meta.get_fields()}

    assert "check_in_code" not in fields
    assert {"state", "performer", "booking"} <= fields


def test_plan_run_history_keeps_out_what_the_run_read():
    fields = {field.name for field in PlanRun.history.model._meta.get_fields()}

    assert {"instance", "plan", "bookings_read"} & fields == set()
    assert {"status", "published_at", "published_by"} <= fields


def test_audit_list_by_object_and_actor_for_ops(ops_client, booking):
    ops_client.patch(
        f"{BOOKINGS}{booking.pk}/", {"start": "2026-12-02T14:00:00+08:00"}, format="json"
    )

    response = ops_client.get(
        AUDIT, {"object_type": "booking", "object_id": booking.pk, "actor": "ops"}
    )

    assert response.status_code == 200
    entries = response.json()["results"]
    assert [(e["object_type"], e["object_id"], e["action"], e["actor"]) for e in entries] == [
        ("booking", booking.pk, "changed", "ops")
    ]
    assert entries[0]["state"] == {
        "scene": "C0001-S0001",
        "location": "L0001",
        "starts_at": "2026-12-02T06:00:00+00:00",
        "ends_at": "2026-12-02T07:00:00+00:00",
        "status": "planned",
        "source": "manual",
    }


def test_audit_list_needs_an_object_type(ops_client):
    response = ops_client.get(AUDIT)

    assert response.status_code == 400
    assert response.json()["message"] == "object_type: 该字段是必填项。"


@pytest.mark.parametrize("role", ["guild", "crew", "performer", "anonymous"])
def test_audit_list_is_for_ops_only(
    role, api_client_for, guild_user, crew_user, own_crew, performer_user
):
    users = {"guild": guild_user, "crew": crew_user, "performer": performer_user, "anonymous": None}

    response = api_client_for(users[role]).get(AUDIT, {"object_type": "booking"})

    assert response.status_code == (401 if role == "anonymous" else 403)
