"""Change requests: a crew asks to move or cancel a booked scene; ops approve or refuse."""

from __future__ import annotations

import datetime as dt

import pytest

from crews.models import ChangeRequest
from scheduling.models import Booking
from scheduling.selectors.instances import instance_export
from tests.factories import BookingFactory, LocationFactory, SceneFactory, ZoneFactory, shanghai

DAY = dt.date(2026, 12, 2)
URL = "/api/v1/change-requests/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def booked(own_crew, other_crew):
    """C0001's palace scene in the hall at 08:00; C0002 holds the street 10:00-12:00."""
    zone = ZoneFactory(code="ZR1", name="秦王宫")
    hall = LocationFactory(code="LR01", name="大殿", zone=zone, tags=["palace"])
    street = LocationFactory(code="LR02", name="城墙", zone=zone, tags=["palace"])
    palace = SceneFactory(crew=own_crew, code="C0001-SR1", title="朝堂对峙")
    booking = BookingFactory(scene=palace, location=hall, starts_at=shanghai(DAY, "08:00"))
    theirs = BookingFactory(
        scene=SceneFactory(crew=other_crew, code="C0002-SR1"),
        location=street,
        starts_at=shanghai(DAY, "10:00"),
        ends_at=shanghai(DAY, "12:00"),
    )
    return {"booking": booking, "theirs": theirs, "hall": hall, "street": street}


def _move(client, *, headers=None, **changes):
    body = {"scene": "C0001-SR1", "kind": "move", "reason": "主演改期 lead actor delayed"}
    return client.post(URL, data={**body, **changes}, format="json", **(headers or {}))


def test_change_request_move_is_created_pending(crew_client, crew_user, booked):
    response = _move(crew_client, start="2026-12-02T14:00:00+08:00")
    assert response.status_code == 201
    body = response.json()
    assert body == {
        "id": body["id"],
        "crew": "C0001",
        "scene": "C0001-SR1",
        "booking": booked["booking"].pk,
        "kind": "move",
        "proposed_location": None,
        "proposed_start": "2026-12-02T14:00:00+08:00",
        "proposed_end": None,
        "reason": "主演改期 lead actor delayed",
        "status": "pending",
        "note": "",
        "booked": {
            "location": "LR01",
            "start": "2026-12-02T08:00:00+08:00",
            "end": "2026-12-02T09:00:00+08:00",
            "status": "planned",
        },
        "requested_by": "crew",
        "requested_at": body["requested_at"],
        "decided_by": None,
        "decided_at": None,
    }


def test_change_request_approved_move_is_booked_and_confirmed(crew_client, ops_client, booked):
    created = _move(crew_client, start="2026-12-02T14:00:00+08:00").json()
    response = ops_client.post(f"{URL}{created['id']}/approve", data={"note": "ok"}, format="json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["note"]) == ("approved", "ok")
    assert response.json()["decided_by"] == "ops"
    assert response.json()["booked"] == {
        "location": "LR01",
        "start": "2026-12-02T14:00:00+08:00",
        "end": "2026-12-02T15:00:00+08:00",
        "status": "confirmed",
    }


def test_change_request_conflicting_move_is_409_and_stays_pending(crew_client, ops_client, booked):
    created = _move(
        crew_client,
        location="LR02",
        start="2026-12-02T11:00:00+08:00",
        end="2026-12-02T12:00:00+08:00",
    ).json()
    response = ops_client.post(f"{URL}{created['id']}/approve")
    assert response.status_code == 409
    assert [c["rule"] for c in response.json()["conflicts"]] == ["capacity"]
    assert response.json()["conflicts"][0]["bookings"][0]["scene"] == "C0002-SR1"
    assert ChangeRequest.objects.get(pk=created["id"]).status == "pending"
    booking = Booking.objects.get(pk=booked["booking"].pk)
    assert (booking.location_id, booking.starts_at, booking.status) == (
        booked["hall"].pk,
        shanghai(DAY, "08:00"),
        "planned",
    )


def test_change_request_approved_cancel_cancels_the_booking(crew_client, ops_client, booked):
    created = crew_client.post(
        URL,
        data={"booking": booked["booking"].pk, "kind": "cancel", "reason": "场景删减 cut"},
        format="json",
    )
    assert created.status_code == 201
    response = ops_client.post(f"{URL}{created.json()['id']}/approve")
    assert response.status_code == 200
    assert response.json()["booked"]["status"] == "cancelled"
    assert Booking.objects.get(pk=booked["booking"].pk).status == "cancelled"
    # The next re-plan does not book the cancelled scene again; the other crew's stays.
    exported = instance_export(start=DAY, days=1)
    assert [scene.id for scene in exported.scenes] == ["C0002-SR1"]


def test_change_request_refused_leaves_the_booking(crew_client, ops_client, booked):
    created = _move(crew_client, start="2026-12-02T14:00:00+08:00").json()
    no_note = ops_client.post(f"{URL}{created['id']}/refuse", data={}, format="json")
    assert no_note.status_code == 400
    response = ops_client.post(
        f"{URL}{created['id']}/refuse", data={"note": "大殿下午有游客表演"}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["note"]) == ("refused", "大殿下午有游客表演")
    assert Booking.objects.get(pk=booked["booking"].pk).starts_at == shanghai(DAY, "08:00")
    again = ops_client.post(f"{URL}{created['id']}/approve", **EN)
    assert again.status_code == 409
    assert again.json()["message"] == f"Request {created['id']} was refused already."


def test_change_request_one_pending_per_booking(crew_client, booked):
    first = _move(crew_client, start="2026-12-02T14:00:00+08:00").json()
    second = _move(crew_client, start="2026-12-02T16:00:00+08:00", headers=EN)
    assert second.status_code == 400
    assert second.json()["booking"] == [
        f"Request {first['id']} for this booking is still waiting for a decision."
    ]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({}, "kind", "改期申请须提出场地、开始时间或结束时间（可多项）。"),
        ({"scene": "C0002-SR1"}, "scene", "属性 code 为 C0002-SR1 的对象不存在。"),
        ({"start": "2026-12-02T14:00:00"}, "start", None),
        (
            {"start": "2026-12-02T14:00:00+08:00", "end": "2026-12-02T13:00:00+08:00"},
            "end",
            "结束时间必须晚于开始时间。",
        ),
    ],
)
def test_change_request_bad_input_is_400(crew_client, booked, changes, field, message):
    response = _move(crew_client, **changes)
    assert response.status_code == 400
    if message is not None:
        assert response.json()[field] == [message]
    else:
        assert field in response.json()
    assert ChangeRequest.objects.count() == 0


def test_change_request_scene_not_booked_is_400(crew_client, own_crew, booked):
    SceneFactory(crew=own_crew, code="C0001-SR2")
    response = _move(crew_client, scene="C0001-SR2", start="2026-12-02T14:00:00+08:00", headers=EN)
    assert response.status_code == 400
    assert response.json()["scene"] == ["Scene C0001-SR2 is not booked."]


def test_change_requests_crews_see_only_their_own(
    api_client_for, crew_user, other_crew_user, ops_client, booked
):
    mine = _move(api_client_for(crew_user), start="2026-12-02T14:00:00+08:00").json()
    theirs = api_client_for(other_crew_user).post(
        URL,
        data={"scene": "C0002-SR1", "kind": "cancel", "reason": "cut"},
        format="json",
    )
    assert theirs.status_code == 201
    listed = api_client_for(crew_user).get(URL).json()
    assert [item["id"] for item in listed["results"]] == [mine["id"]]
    assert api_client_for(crew_user).get(f"{URL}{theirs.json()['id']}/").status_code == 404
    assert sorted(item["id"] for item in ops_client.get(URL).json()["results"]) == sorted(
        [mine["id"], theirs.json()["id"]]
    )


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anon", 401), ("ops", 200), ("guild", 403), ("crew", 200), ("other", 200)],
)
def test_change_requests_list_permissions(
    api_client_for, ops_user, guild_user, crew_user, other_crew_user, booked, who, expected
):
    users = {
        "anon": None,
        "ops": ops_user,
        "guild": guild_user,
        "crew": crew_user,
        "other": other_crew_user,
    }
    _move(api_client_for(crew_user), start="2026-12-02T14:00:00+08:00")
    response = api_client_for(users[who]).get(URL)
    assert response.status_code == expected
    if expected == 200:
        assert response.json()["count"] == (0 if who == "other" else 1)


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anon", 401), ("ops", 201), ("guild", 403), ("crew", 201), ("other", 400)],
)
def test_change_requests_create_permissions(
    api_client_for, ops_user, guild_user, crew_user, other_crew_user, booked, who, expected
):
    users = {
        "anon": None,
        "ops": ops_user,
        "guild": guild_user,
        "crew": crew_user,
        "other": other_crew_user,
    }
    response = _move(api_client_for(users[who]), start="2026-12-02T14:00:00+08:00")
    assert response.status_code == expected
    assert ChangeRequest.objects.count() == (1 if expected == 201 else 0)


@pytest.mark.parametrize("decision", ["approve", "refuse"])
@pytest.mark.parametrize(
    ("who", "expected"),
    [("anon", 401), ("ops", 200), ("guild", 403), ("crew", 403), ("other", 403)],
)
def test_change_requests_decision_permissions(
    api_client_for,
    ops_user,
    guild_user,
    crew_user,
    other_crew_user,
    booked,
    decision,
    who,
    expected,
):
    users = {
        "anon": None,
        "ops": ops_user,
        "guild": guild_user,
        "crew": crew_user,
        "other": other_crew_user,
    }
    created = _move(api_client_for(crew_user), start="2026-12-02T14:00:00+08:00").json()
    response = api_client_for(users[who]).post(
        f"{URL}{created['id']}/{decision}", data={"note": "n"}, format="json"
    )
    assert response.status_code == expected
    decided = {"approve": "approved", "refuse": "refused"}[decision]
    assert ChangeRequest.objects.get(pk=created["id"]).status == (
        decided if expected == 200 else "pending"
    )
