"""A crew's call sheet and a performer's calls: content, personal data kept out, and who may ask."""

from __future__ import annotations

import datetime as dt

import pytest

from actors.models import Call
from tests.factories import (
    BookingFactory,
    CallFactory,
    CastMemberFactory,
    ExtrasLineFactory,
    LocationFactory,
    PerformerFactory,
    SceneFactory,
    TravelTimeFactory,
    ZoneFactory,
    shanghai,
)

DAY = dt.date(2026, 12, 2)
SHEET = "/api/v1/crews/{}/call-sheet?date=2026-12-02"
CALLS = "/api/v1/performers/{}/calls?from=2026-12-01&to=2026-12-02"


@pytest.fixture
def day_of_own_crew(own_crew, other_crew, performer_user):
    """C0001's 2 December: the palace hall at 08:00, the street an hour's drive away at 10:00."""
    qin, ming = ZoneFactory(code="ZQ", name="秦王宫"), ZoneFactory(code="ZM", name="明清宫苑")
    TravelTimeFactory(from_zone=qin, to_zone=ming, minutes=60)
    hall = LocationFactory(code="L0001", name="秦王宫·大殿", zone=qin)
    street = LocationFactory(code="L0003", name="明清宫苑·街", zone=ming)
    lead = CastMemberFactory(crew=own_crew, code="C0001-A001", name="林一")
    palace = SceneFactory(crew=own_crew, code="C0001-S0001", title="朝堂对峙", cast=[lead])
    chase = SceneFactory(crew=own_crew, code="C0001-S0002", title="街头追逐")
    first = BookingFactory(
        scene=palace,
        location=hall,
        starts_at=shanghai(DAY, "08:00"),
        ends_at=shanghai(DAY, "09:00"),
    )
    second = BookingFactory(
        scene=chase,
        location=street,
        starts_at=shanghai(DAY, "10:00"),
        ends_at=shanghai(DAY, "11:00"),
    )
    guards = ExtrasLineFactory(
        scene=palace, position=0, count=2, gender="M", min_age=20, max_age=40, tags=["ancient"]
    )
    ExtrasLineFactory(scene=palace, position=1, count=1, skills=["horse"])
    wang = PerformerFactory(code="P80001", name="王小明", phone="13900000001")
    CallFactory(booking=first, extras_line=guards, performer=wang)
    CallFactory(booking=first, extras_line=guards, performer=performer_user.performer)
    # Not on the sheet: a cancelled booking, the next day, and another crew's day.
    BookingFactory(
        scene=SceneFactory(crew=own_crew),
        location=hall,
        starts_at=shanghai(DAY, "12:00"),
        status="cancelled",
    )
    BookingFactory(
        scene=SceneFactory(crew=own_crew), starts_at=shanghai(DAY.replace(day=3), "08:00")
    )
    BookingFactory(scene=SceneFactory(crew=other_crew), starts_at=shanghai(DAY, "08:00"))
    return {"first": first, "second": second, "hall": hall, "street": street}


def test_call_sheet_lists_the_crews_day_in_order(ops_client, day_of_own_crew):
    response = ops_client.get(SHEET.format("C0001"))
    assert response.status_code == 200
    assert response.json() == {
        "crew": {"code": "C0001", "name": "龙王赘婿"},
        "date": "2026-12-02",
        "span_minutes": 180,
        "max_span_minutes": 840,
        "scenes": [
            {
                "booking": day_of_own_crew["first"].pk,
                "scene": "C0001-S0001",
                "title": "朝堂对峙",
                "status": "planned",
                "location": {"code": "L0001", "name": "秦王宫·大殿"},
                "zone": {"code": "ZQ", "name": "秦王宫"},
                "start": "2026-12-02T08:00:00+08:00",
                "end": "2026-12-02T09:00:00+08:00",
                "start_clock": "08:00",
                "end_clock": "09:00",
                "move_minutes": None,
                "cast": [{"code": "C0001-A001", "name": "林一"}],
                "extras": [
                    {
                        "line": 0,
                        "count": 2,
                        "profile": {
                            "gender": "M",
                            "min_age": 20,
                            "max_age": 40,
                            "tags": ["ancient"],
                            "skills": [],
                        },
                        "called": [
                            {"code": "P80001", "name": "王**", "state": "called"},
                            {"code": "P90001", "name": "演***", "state": "called"},
                        ],
                    },
                    {
                        "line": 1,
                        "count": 1,
                        "profile": {
                            "gender": "any",
                            "min_age": 18,
                            "max_age": 60,
                            "tags": [],
                            "skills": ["horse"],
                        },
                        "called": [],
                    },
                ],
            },
            {
                "booking": day_of_own_crew["second"].pk,
                "scene": "C0001-S0002",
                "title": "街头追逐",
                "status": "planned",
                "location": {"code": "L0003", "name": "明清宫苑·街"},
                "zone": {"code": "ZM", "name": "明清宫苑"},
                "start": "2026-12-02T10:00:00+08:00",
                "end": "2026-12-02T11:00:00+08:00",
                "start_clock": "10:00",
                "end_clock": "11:00",
                "move_minutes": 60,
                "cast": [],
                "extras": [],
            },
        ],
    }


def test_call_sheet_never_shows_phone_or_id_number(crew_client, day_of_own_crew):
    response = crew_client.get(SHEET.format("C0001"))
    assert response.status_code == 200
    text = response.content.decode()
    assert ("王小明" in text, "13900000001" in text, "phone" in text, "id_number" in text) == (
        False,
        False,
        False,
        False,
    )


def test_call_sheet_of_a_free_day_is_empty(ops_client, own_crew):
    response = ops_client.get("/api/v1/crews/C0001/call-sheet?date=2026-12-05")
    assert (response.status_code, response.json()["scenes"], response.json()["span_minutes"]) == (
        200,
        [],
        0,
    )


@pytest.mark.parametrize(
    ("who", "own", "other"),
    [
        ("anon", 401, 401),
        ("ops", 200, 200),
        ("guild", 403, 403),
        ("crew", 200, 404),
        ("performer", 403, 403),
    ],
)
def test_call_sheet_permissions(who, own, other, api_client_for, request, day_of_own_crew):
    users = {"anon": None, "ops": "ops_user", "guild": "guild_user", "crew": "crew_user"}
    users["performer"] = "performer_user"
    name = users[who]
    client = api_client_for(None if name is None else request.getfixturevalue(name))
    assert client.get(SHEET.format("C0001")).status_code == own
    assert client.get(SHEET.format("C0002")).status_code == other


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/crews/C0001/call-sheet", 200),  # today's shooting day
        ("/api/v1/crews/C0001/call-sheet?date=02/12/2026", 400),
        ("/api/v1/crews/C0001/call-sheet?date=2026-02-30", 400),
        ("/api/v1/crews/C0404/call-sheet?date=2026-12-02", 404),
        ("/api/v1/crews/C0001/call-sheet/?date=2026-12-02", 200),
    ],
)
def test_call_sheet_bad_requests(ops_client, own_crew, url, status):
    response = ops_client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == status
    if status == 400:
        assert list(response.json()) == ["message", "date"]


def test_performer_calls_list_the_performers_calls(guild_client, day_of_own_crew):
    response = guild_client.get(CALLS.format("P90001"))
    assert response.status_code == 200
    assert response.json() == {
        "performer": "P90001",
        "from": "2026-12-01",
        "to": "2026-12-02",
        "calls": [
            {
                "booking": day_of_own_crew["first"].pk,
                "scene": "C0001-S0001",
                "title": "朝堂对峙",
                "crew": {"code": "C0001", "name": "龙王赘婿"},
                "location": {"code": "L0001", "name": "秦王宫·大殿"},
                "zone": {"code": "ZQ", "name": "秦王宫"},
                "start": "2026-12-02T08:00:00+08:00",
                "end": "2026-12-02T09:00:00+08:00",
                "date": "2026-12-02",
                "start_clock": "08:00",
                "end_clock": "09:00",
                "status": "planned",
                "extras_line": 0,
                "call_state": "called",
            }
        ],
    }
    later = guild_client.get("/api/v1/performers/P90001/calls?from=2026-12-03&to=2026-12-07")
    assert later.json()["calls"] == []


@pytest.mark.parametrize(
    ("who", "own", "other"),
    [
        ("anon", 401, 401),
        ("ops", 403, 403),
        ("guild", 200, 200),
        ("crew", 403, 403),
        ("performer", 200, 404),
    ],
)
def test_performer_calls_permissions(who, own, other, api_client_for, request, day_of_own_crew):
    users = {"anon": None, "ops": "ops_user", "guild": "guild_user", "crew": "crew_user"}
    users["performer"] = "performer_user"
    name = users[who]
    client = api_client_for(None if name is None else request.getfixturevalue(name))
    assert client.get(CALLS.format("P90001")).status_code == own
    assert client.get(CALLS.format("P80001")).status_code == other


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("to=2026-12-02", "from"),
        ("from=2026-12-01", "to"),
        ("from=2026-12-03&to=2026-12-01", "to"),
        ("from=2026-01-01&to=2026-12-31", "to"),
        ("from=yesterday&to=2026-12-01", "from"),
    ],
)
def test_performer_calls_bad_dates_are_400(guild_client, performer_user, query, field):
    response = guild_client.get(f"/api/v1/performers/P90001/calls?{query}")
    assert (response.status_code, list(response.json())) == (400, ["message", field])


def test_call_sheet_leaves_out_extras_who_declined_or_did_not_come(ops_client, day_of_own_crew):
    Call.objects.filter(performer__code="P80001").update(state=Call.State.DECLINED)
    Call.objects.filter(performer__code="P90001").update(state=Call.State.CHECKED_IN)

    sheet = ops_client.get(SHEET.format("C0001")).json()

    assert sheet["scenes"][0]["extras"][0]["called"] == [
        {"code": "P90001", "name": "演***", "state": "checked_in"}
    ]
    Call.objects.filter(performer__code="P90001").update(state=Call.State.NO_SHOW)
    assert ops_client.get(SHEET.format("C0001")).json()["scenes"][0]["extras"][0]["called"] == []
