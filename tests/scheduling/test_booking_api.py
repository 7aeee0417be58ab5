"""Bookings over the API: 201, 409 with the conflicts, 400 naming the field, and who may do what."""

from __future__ import annotations

import datetime as dt

import pytest

from scheduling.models import Booking
from tests.factories import BookingFactory, CrewFactory, LocationFactory, SceneFactory, shanghai

URL = "/api/v1/bookings/"
DAY = dt.date(2026, 12, 2)


@pytest.fixture
def hall():
    return LocationFactory(code="L0001", name="秦王宫·大殿", tags=["palace"])


@pytest.fixture
def own_booking(own_crew, hall):
    scene = SceneFactory(crew=own_crew, code="C0001-S0001")
    return BookingFactory(
        scene=scene, location=hall, starts_at=shanghai(DAY, "08:00"), ends_at=shanghai(DAY, "09:00")
    )


@pytest.fixture
def other_booking(other_crew, hall):
    scene = SceneFactory(crew=other_crew, code="C0002-S0001")
    return BookingFactory(
        scene=scene, location=hall, starts_at=shanghai(DAY, "10:00"), ends_at=shanghai(DAY, "11:00")
    )


def payload(scene: str, start: str = "12:00", end: str = "13:00", location: str = "L0001") -> dict:
    return {
        "scene": scene,
        "location": location,
        "start": f"2026-12-02T{start}:00+08:00",
        "end": f"2026-12-02T{end}:00+08:00",
    }


def test_booking_post_by_ops_is_created(ops_client, ops_user, own_crew, hall):
    SceneFactory(crew=own_crew, code="C0001-S0002")
    response = ops_client.post(URL, payload("C0001-S0002"), format="json")
    assert response.status_code == 201
    booking = Booking.objects.get()
    assert response.json() == {
        "id": booking.pk,
        "scene": "C0001-S0002",
        "crew": "C0001",
        "location": "L0001",
        "location_name": "秦王宫·大殿",
        "zone": hall.zone.code,
        "start": "2026-12-02T12:00:00+08:00",
        "end": "2026-12-02T13:00:00+08:00",
        "status": "planned",
        "source": "manual",
        "created_at": response.json()["created_at"],
    }
    assert booking.created_by == ops_user


def test_booking_post_in_utc_is_the_same_instant(ops_client, own_crew, hall):
    SceneFactory(crew=own_crew, code="C0001-S0002")
    body = payload("C0001-S0002") | {"start": "2026-12-02T04:00:00Z", "end": "2026-12-02T05:00Z"}
    response = ops_client.post(URL, body, format="json")
    assert (response.status_code, response.json()["start"]) == (201, "2026-12-02T12:00:00+08:00")


def test_booking_post_conflict_is_409_with_conflicts(ops_client, own_booking, other_crew):
    SceneFactory(crew=other_crew, code="C0002-S0002")
    response = ops_client.post(
        URL, payload("C0002-S0002", "08:30", "09:30"), format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 409
    message = "秦王宫·大殿 (L0001) is booked by C0001-S0001 (crew C0001) 08:00-09:00; capacity 1."
    assert response.json() == {
        "message": message,
        "conflicts": [
            {
                "rule": "capacity",
                "message": message,
                "location": "L0001",
                "capacity": 1,
                "bookings": [
                    {
                        "booking": own_booking.pk,
                        "scene": "C0001-S0001",
                        "crew": "C0001",
                        "location": "L0001",
                        "start": "2026-12-02T08:00:00+08:00",
                        "end": "2026-12-02T09:00:00+08:00",
                    }
                ],
            }
        ],
    }
    assert Booking.objects.count() == 1


def test_booking_post_several_conflicts_message_counts_them(ops_client, own_booking, other_crew):
    SceneFactory(crew=other_crew, code="C0002-S0002", time_of_day="night")
    response = ops_client.post(
        URL, payload("C0002-S0002", "08:30", "09:30"), format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    body = response.json()
    assert (response.status_code, [c["rule"] for c in body["conflicts"]]) == (
        409,
        ["time_of_day", "capacity"],
    )
    assert body["message"].startswith("The booking would break 2 rules: Night scene C0002-S0002")


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"end": "2026-12-02T11:00:00+08:00"}, "end", "The end must be after the start."),
        (
            {"scene": "C9999-S0404"},
            "scene",
            "There is no scene C9999-S0404: check the code (crew code, then -S and the number).",
        ),
        (
            {"location": "L-404"},
            "location",
            "There is no location L-404: check the code (L and a number).",
        ),
        (
            {"start": "2026-12-02T12:00:00"},
            "start",
            "Give the UTC offset too, like 2026-12-01T08:00:00+08:00.",
        ),
        ({"start": "noon"}, "start", None),
        ({"end": None}, "end", "This field may not be null."),
    ],
)
def test_booking_post_malformed_is_400_naming_the_field(
    ops_client, own_booking, change, field, message
):
    SceneFactory(crew=own_booking.scene.crew, code="C0001-S0002")
    response = ops_client.post(
        URL, payload("C0001-S0002") | change, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    body = response.json()
    assert (response.status_code, list(body)) == (400, ["message", field])
    assert body["message"].startswith(f"{field}: ")
    if message is not None:
        assert body[field] == [message]
    assert list(Booking.objects.values_list("pk", flat=True)) == [own_booking.pk]


def test_booking_post_without_body_names_every_field(ops_client):
    response = ops_client.post(URL, {}, format="json")
    assert (response.status_code, sorted(response.json())) == (
        400,
        ["end", "location", "message", "scene", "start"],
    )


@pytest.mark.parametrize(
    ("who", "status"),
    [("anon", 401), ("guild", 403), ("crew", 403), ("other_crew", 403), ("performer", 403)],
)
def test_booking_post_by_others_is_refused(
    who, status, api_client_for, request, own_crew, hall, role_groups
):
    SceneFactory(crew=own_crew, code="C0001-S0002")
    response = _client(who, api_client_for, request).post(
        URL, payload("C0001-S0002"), format="json"
    )
    assert response.status_code == status
    assert Booking.objects.count() == 0


def _client(who: str, api_client_for, request):
    users = {
        "anon": None,
        "ops": "ops_user",
        "guild": "guild_user",
        "crew": "crew_user",
        "other_crew": "other_crew_user",
        "performer": "performer_user",
    }
    name = users[who]
    return api_client_for(None if name is None else request.getfixturevalue(name))


@pytest.mark.parametrize(
    ("who", "status", "seen"),
    [
        ("anon", 401, None),
        ("ops", 200, ["C0001-S0001", "C0002-S0001"]),
        ("guild", 200, ["C0001-S0001", "C0002-S0001"]),
        ("crew", 200, ["C0001-S0001"]),
        ("other_crew", 200, ["C0002-S0001"]),
        ("performer", 403, None),
    ],
)
def test_booking_list_is_scoped_by_role(
    who, status, seen, api_client_for, request, own_booking, other_booking
):
    response = _client(who, api_client_for, request).get(URL)
    assert response.status_code == status
    if seen is not None:
        assert [b["scene"] for b in response.json()["results"]] == seen


@pytest.mark.parametrize(
    ("who", "own_status", "other_status"),
    [
        ("anon", 401, 401),
        ("ops", 200, 200),
        ("guild", 200, 200),
        ("crew", 200, 404),
        ("performer", 403, 403),
    ],
)
def test_booking_detail_hides_other_crews(
    who, own_status, other_status, api_client_for, request, own_booking, other_booking
):
    client = _client(who, api_client_for, request)
    assert client.get(f"{URL}{own_booking.pk}/").status_code == own_status
    assert client.get(f"{URL}{other_booking.pk}/").status_code == other_status


def test_booking_list_filters(ops_client, own_booking, other_booking):
    CrewFactory(code="C0003")
    later = BookingFactory(
        location=LocationFactory(code="L0002"),
        starts_at=shanghai(DAY + dt.timedelta(days=1), "08:00"),
        status="confirmed",
    )
    cases = {
        "location=L0001": [own_booking.pk, other_booking.pk],
        "location=L0002": [later.pk],
        "crew=C0002": [other_booking.pk],
        "date=2026-12-02": [own_booking.pk, other_booking.pk],
        "date=2026-12-03": [later.pk],
        "status=confirmed": [later.pk],
        "crew=C0001&date=2026-12-02": [own_booking.pk],
    }
    for query, expected in cases.items():
        response = ops_client.get(f"{URL}?{query}")
        assert (query, [b["id"] for b in response.json()["results"]]) == (query, expected)
    assert ops_client.get(f"{URL}?date=tomorrow").status_code == 400
    assert ops_client.get(f"{URL}?page_size=1000000").status_code == 400


def test_booking_list_date_filter_is_the_shooting_day(settings, ops_client, own_booking):
    settings.PLANNING_DAY_END = "28:00"
    night = BookingFactory(
        scene=SceneFactory(crew=own_booking.scene.crew, minutes=240),
        location=LocationFactory(code="L0002"),
        starts_at=shanghai(DAY, "22:00"),
        ends_at=shanghai(DAY + dt.timedelta(days=1), "02:00"),
    )
    small_hours = BookingFactory(
        location=LocationFactory(code="L0003"),
        starts_at=shanghai(DAY + dt.timedelta(days=1), "01:00"),
    )

    ids = {
        day: [b["id"] for b in ops_client.get(f"{URL}?date={day}").json()["results"]]
        for day in ("2026-12-02", "2026-12-03")
    }

    assert ids == {
        "2026-12-02": [own_booking.pk, night.pk, small_hours.pk],
        "2026-12-03": [],
    }


def test_booking_patch_moves_and_confirms(ops_client, own_booking):
    response = ops_client.patch(
        f"{URL}{own_booking.pk}/",
        {"start": "2026-12-02T14:00:00+08:00", "status": "confirmed"},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["start"], body["end"], body["status"]) == (
        "2026-12-02T14:00:00+08:00",
        "2026-12-02T15:00:00+08:00",
        "confirmed",
    )


def test_booking_patch_onto_a_taken_place_is_409(ops_client, own_booking, other_booking):
    response = ops_client.patch(
        f"{URL}{own_booking.pk}/",
        {"start": "2026-12-02T10:00:00+08:00", "status": "confirmed"},
        format="json",
    )
    assert (response.status_code, [c["rule"] for c in response.json()["conflicts"]]) == (
        409,
        ["capacity"],
    )
    own_booking.refresh_from_db()
    assert (own_booking.starts_at, own_booking.status) == (shanghai(DAY, "08:00"), "planned")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "cancelled"}, "status"),
        ({}, "non_field_errors"),
        ({"location": "L-9"}, "location"),
    ],
)
def test_booking_patch_malformed_is_400(ops_client, own_booking, body, field):
    response = ops_client.patch(f"{URL}{own_booking.pk}/", body, format="json")
    assert (response.status_code, field in response.json()) == (400, True)


@pytest.mark.parametrize(
    ("who", "status"),
    [("anon", 401), ("guild", 403), ("crew", 403), ("other_crew", 403), ("performer", 403)],
)
def test_booking_changes_by_others_are_refused(who, status, api_client_for, request, own_booking):
    client = _client(who, api_client_for, request)
    move = {"start": "2026-12-02T14:00:00+08:00"}
    assert client.patch(f"{URL}{own_booking.pk}/", move, format="json").status_code == status
    assert client.post(f"{URL}{own_booking.pk}/cancel").status_code == status
    # No PUT or DELETE of a booking for anyone: 405 once signed in.
    absent = 401 if who == "anon" else 405
    assert client.put(f"{URL}{own_booking.pk}/", move, format="json").status_code == absent
    assert client.delete(f"{URL}{own_booking.pk}/").status_code == absent
    own_booking.refresh_from_db()
    assert (own_booking.status, own_booking.starts_at) == ("planned", shanghai(DAY, "08:00"))


def test_booking_cancel_by_ops(ops_client, own_booking):
    response = ops_client.post(f"{URL}{own_booking.pk}/cancel")
    assert (response.status_code, response.json()["status"]) == (200, "cancelled")
    assert ops_client.put(f"{URL}{own_booking.pk}/", {}, format="json").status_code == 405
    assert ops_client.delete(f"{URL}{own_booking.pk}/").status_code == 405
    assert ops_client.post(f"{URL}404/cancel").status_code == 404


def test_booking_post_wrong_scene_code_answers_a_sentence_in_chinese(ops_client, own_booking):
    response = ops_client.post(URL, payload("C3-S1"), format="json")

    sentence = "没有编号为 C3-S1 的场次，请检查编号（剧组编号，加 -S 和序号）。"
    assert (response.status_code, response.json()) == (
        400,
        {"message": f"scene: {sentence}", "scene": [sentence]},
    )
    assert Booking.objects.count() == 1


def test_booking_conflicts_read_times_in_the_bases_words(ops_client, own_crew, other_crew, hall):
    night = SceneFactory(crew=own_crew, code="C0001-S0003", minutes=240, time_of_day="night")
    BookingFactory(
        scene=night,
        location=hall,
        starts_at=shanghai(DAY, "22:00"),
        ends_at=shanghai(DAY + dt.timedelta(days=1), "02:00"),
    )
    SceneFactory(crew=other_crew, code="C0002-S0002", minutes=60, time_of_day="day")

    at_midnight = payload("C0002-S0002", "23:00") | {"end": "2026-12-03T00:00:00+08:00"}
    response = ops_client.post(URL, at_midnight, format="json")

    body = response.json()
    taken = (
        "秦王宫·大殿 (L0001) 已被 C0001-S0003（剧组 C0001）22:00-02:00 (次日) 预订；"
        "可容纳 1 个剧组。"
    )
    assert (response.status_code, [c["rule"] for c in body["conflicts"]]) == (
        409,
        ["time_of_day", "capacity"],
    )
    assert body["conflicts"][1]["message"] == taken
    # The sentences follow one another; no "。;" between them, no ISO instant in them.
    assert body["message"] == (f"该预订会违反 2 条规则：{body['conflicts'][0]['message']} {taken}")
    assert "T22:00" not in body["message"]
