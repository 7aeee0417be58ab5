"""Calendar feeds (RFC 5545) of a crew and a performer: events, revisions, feed secrets, access."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
from rest_framework.test import APIClient

from actors.models import Call
from scheduling.services.bookings import booking_move
from tests.factories import (
    AvailabilityFactory,
    BookingFactory,
    CallFactory,
    CastMemberFactory,
    ExtrasLineFactory,
    LocationFactory,
    PerformerFactory,
    SceneFactory,
    ZoneFactory,
    shanghai,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY = dt.date(2026, 12, 2)
CREW_FEED = "/api/v1/crews/{}/calendar.ics"
PERFORMER_FEED = "/api/v1/performers/{}/calendar.ics"


@pytest.fixture
def booked(own_crew, other_crew, performer_user):
    """C0001: two booked scenes (one calls the performer), one cancelled; one of C0002."""
    zone = ZoneFactory(code="ZC1", name="秦王宫")
    hall = LocationFactory(code="LC01", name="秦王宫·大殿", zone=zone)
    street = LocationFactory(code="LC02", name="秦王宫·城墙", zone=zone, capacity=3)
    lead = CastMemberFactory(crew=own_crew, code="C0001-A801", name="林一")
    palace = SceneFactory(crew=own_crew, code="C0001-SC1", title="朝堂对峙", cast=[lead])
    wall = SceneFactory(crew=own_crew, code="C0001-SC2", title="城头", minutes=90)
    first = BookingFactory(scene=palace, location=hall, starts_at=shanghai(DAY, "08:00"))
    second = BookingFactory(
        scene=wall, location=street, starts_at=shanghai(DAY, "19:30"), status="confirmed"
    )
    line = ExtrasLineFactory(scene=palace, position=1, count=2, gender="F", tags=["ancient"])
    CallFactory(booking=first, extras_line=line, performer=performer_user.performer)
    AvailabilityFactory(performer=performer_user.performer, date=DAY)  # as a call requires
    BookingFactory(
        scene=SceneFactory(crew=own_crew, code="C0001-SC3"),
        location=hall,
        starts_at=shanghai(DAY, "12:00"),
        status="cancelled",
    )
    BookingFactory(scene=SceneFactory(crew=other_crew, code="C0002-SC1"), location=street)
    return {"first": first, "second": second, "street": street}


def _events(response) -> list:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


def _times(event) -> tuple[dt.datetime, dt.datetime]:
    return event.decoded("dtstart"), event.decoded("dtend")


def test_crew_feed_has_one_event_per_booked_scene(crew_client, booked):
    response = crew_client.get(CREW_FEED.format("C0001"))
    calendar = icalendar.Calendar.from_ical(response.content)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    assert str(calendar["X-WR-CALNAME"]) == "龙王赘婿 (C0001)"
    events = _events(response)
    assert [str(e["UID"]) for e in events] == [
        "scene-C0001-SC1@hengdian-scheduling",
        "scene-C0001-SC2@hengdian-scheduling",
    ]
    assert [_times(e) for e in events] == [
        (
            dt.datetime(2026, 12, 2, 8, 0, tzinfo=SHANGHAI),
            dt.datetime(2026, 12, 2, 9, 0, tzinfo=SHANGHAI),
        ),
        (
            dt.datetime(2026, 12, 2, 19, 30, tzinfo=SHANGHAI),
            dt.datetime(2026, 12, 2, 21, 0, tzinfo=SHANGHAI),
        ),
    ]
    assert events[0]["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert [str(e["SUMMARY"]) for e in events] == ["C0001-SC1 朝堂对峙", "C0001-SC2 城头"]
    assert str(events[0]["LOCATION"]) == "秦王宫·大殿 (LC01) · 秦王宫"
    assert str(events[0]["DESCRIPTION"]) == (
        "场次 Scene: C0001-SC1 朝堂对峙\n演员 Cast: 林一\n群演 Extras: 1/2 女 18-60 ancient"
    )
    assert [str(e["STATUS"]) for e in events] == ["TENTATIVE", "CONFIRMED"]
    assert [e.decoded("sequence") for e in events] == [0, 0]


def test_crew_feed_raises_sequence_when_a_booking_moves(crew_client, booked):
    before = _events(crew_client.get(CREW_FEED.format("C0001")))
    again = _events(crew_client.get(CREW_FEED.format("C0001")))
    assert [e.decoded("sequence") for e in again] == [0, 0]
    booking_move(booking=booked["first"], starts_at=shanghai(DAY, "10:00"))
    after = _events(crew_client.get(CREW_FEED.format("C0001")))
    assert [str(e["UID"]) for e in after] == [str(e["UID"]) for e in before]
    assert [e.decoded("sequence") for e in after] == [1, 0]
    assert _times(after[0]) == (
        dt.datetime(2026, 12, 2, 10, 0, tzinfo=SHANGHAI),
        dt.datetime(2026, 12, 2, 11, 0, tzinfo=SHANGHAI),
    )
    assert after[0].decoded("last-modified") >= before[0].decoded("last-modified")
    assert after[1].decoded("last-modified") == before[1].decoded("last-modified")


def test_performer_feed_has_one_event_per_call(api_client_for, performer_user, booked):
    events = _events(api_client_for(performer_user).get(PERFORMER_FEED.format("P90001")))
    assert [str(e["UID"]) for e in events] == ["call-C0001-SC1-P90001@hengdian-scheduling"]
    assert _times(events[0]) == (
        dt.datetime(2026, 12, 2, 8, 0, tzinfo=SHANGHAI),
        dt.datetime(2026, 12, 2, 9, 0, tzinfo=SHANGHAI),
    )
    assert str(events[0]["SUMMARY"]) == "群演 Extra · 龙王赘婿 C0001-SC1"
    assert str(events[0]["DESCRIPTION"]) == (
        "剧组 Crew: 龙王赘婿 (C0001)\n场次 Scene: C0001-SC1 朝堂对峙\n"
        "群演要求 Extras line 1: 女 18-60 ancient"
    )


def test_feed_secret_opens_the_feeds_without_headers(api_client_for, crew_user, booked):
    links = api_client_for(crew_user).get("/api/v1/calendar-feed/")
    assert links.status_code == 200
    token = links.json()["token"]
    assert links.json() == {
        "token": token,
        "crews": [
            {
                "crew": "C0001",
                "url": f"http://testserver/api/v1/crews/C0001/calendar.ics?token={token}",
            }
        ],
        "performer": None,
        "crew_url_template": f"http://testserver/api/v1/crews/{{code}}/calendar.ics?token={token}",
    }
    anonymous = APIClient()
    assert len(_events(anonymous.get(f"{CREW_FEED.format('C0001')}?token={token}"))) == 2
    assert anonymous.get(f"{CREW_FEED.format('C0002')}?token={token}").status_code == 404
    # The feed secret opens nothing but the feeds.
    assert anonymous.get(f"/api/v1/crews/?token={token}").status_code == 401
    assert anonymous.get(f"/api/v1/calendar-feed/?token={token}").status_code == 401
    assert anonymous.get(f"{CREW_FEED.format('C0001')}?token=wrong").status_code == 401


def test_feed_secret_rotation_cuts_old_links(api_client_for, crew_user, booked):
    client = api_client_for(crew_user)
    old = client.get("/api/v1/calendar-feed/").json()["token"]
    assert client.get("/api/v1/calendar-feed/").json()["token"] == old
    rotated = client.post("/api/v1/calendar-feed/rotate")
    assert rotated.status_code == 200
    new = rotated.json()["token"]
    assert new != old
    anonymous = APIClient()
    assert anonymous.get(f"{CREW_FEED.format('C0001')}?token={old}").status_code == 401
    assert anonymous.get(f"{CREW_FEED.format('C0001')}?token={new}").status_code == 200


def test_feed_links_of_a_performer(api_client_for, performer_user):
    links = api_client_for(performer_user).get("/api/v1/calendar-feed/").json()
    assert links["crews"] == []
    assert links["performer"] == (
        f"http://testserver/api/v1/performers/P90001/calendar.ics?token={links['token']}"
    )


def test_feed_links_need_a_login(anon_client, db):
    assert anon_client.get("/api/v1/calendar-feed/").status_code == 401
    assert anon_client.post("/api/v1/calendar-feed/rotate").status_code == 401


@pytest.mark.parametrize(
    ("who", "crew", "expected"),
    [
        ("anon", "C0001", 401),
        ("ops", "C0001", 200),
        ("guild", "C0001", 403),
        ("crew", "C0001", 200),
        ("crew", "C0002", 404),
        ("performer", "C0001", 403),
    ],
)
def test_crew_feed_permissions(
    api_client_for,
    ops_user,
    guild_user,
    crew_user,
    performer_user,
    own_crew,
    other_crew,
    who,
    crew,
    expected,
):
    users = {
        "anon": None,
        "ops": ops_user,
        "guild": guild_user,
        "crew": crew_user,
        "performer": performer_user,
    }
    response = api_client_for(users[who]).get(CREW_FEED.format(crew))
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("who", "performer", "expected"),
    [
        ("anon", "P90001", 401),
        ("ops", "P90001", 403),
        ("guild", "P90001", 200),
        ("crew", "P90001", 403),
        ("performer", "P90001", 200),
        ("performer", "PC002", 404),
    ],
)
def test_performer_feed_permissions(
    api_client_for, ops_user, guild_user, crew_user, performer_user, who, performer, expected
):
    PerformerFactory(code="PC002")
    users = {
        "anon": None,
        "ops": ops_user,
        "guild": guild_user,
        "crew": crew_user,
        "performer": performer_user,
    }
    response = api_client_for(users[who]).get(PERFORMER_FEED.format(performer))
    assert response.status_code == expected


def test_performer_feed_drops_a_declined_call(api_client_for, performer_user, booked):
    Call.objects.filter(performer=performer_user.performer).update(state=Call.State.DECLINED)
    events = _events(api_client_for(performer_user).get(PERFORMER_FEED.format("P90001")))
    assert events == []


@pytest.fixture
def night(settings, own_crew, performer_user):
    """C0001 shoots 22:00-02:00 on the night of 2 December (a shooting day of 06:00-28:00),
    calling the performer."""
    settings.PLANNING_DAY_END = "28:00"
    booking = BookingFactory(
        scene=SceneFactory(crew=own_crew, code="C0001-SCN", title="夜袭", minutes=240),
        location=LocationFactory(
            code="LCN", name="明清宫苑·夜街", zone=ZoneFactory(name="明清宫苑")
        ),
        starts_at=shanghai(DAY, "22:00"),
        ends_at=shanghai(DAY + dt.timedelta(days=1), "02:00"),
    )
    line = ExtrasLineFactory(scene=booking.scene, position=1, count=1, gender="M")
    CallFactory(booking=booking, extras_line=line, performer=performer_user.performer)
    return booking


def test_crew_feed_night_event_has_the_right_utc_instants(crew_client, night):
    [event] = _events(crew_client.get(CREW_FEED.format("C0001")))

    assert tuple(t.astimezone(dt.UTC) for t in _times(event)) == (
        dt.datetime(2026, 12, 2, 14, 0, tzinfo=dt.UTC),
        dt.datetime(2026, 12, 2, 18, 0, tzinfo=dt.UTC),
    )
    assert (event["DTSTART"].to_ical(), event["DTEND"].to_ical()) == (
        b"20261202T220000",
        b"20261203T020000",
    )
    assert str(event["DESCRIPTION"]).split("\n")[-1] == (
        "夜戏 Night shoot · 拍摄日 Shooting day 2026-12-02: 22:00–26:00 (22:00–次日 02:00 next day)"
    )


def test_performer_feed_night_call_names_its_shooting_day(api_client_for, performer_user, night):
    [event] = _events(api_client_for(performer_user).get(PERFORMER_FEED.format("P90001")))

    assert _times(event) == (
        dt.datetime(2026, 12, 2, 22, 0, tzinfo=SHANGHAI),
        dt.datetime(2026, 12, 3, 2, 0, tzinfo=SHANGHAI),
    )
    assert str(event["DESCRIPTION"]).split("\n")[-1] == (
        "夜戏 Night shoot · 拍摄日 Shooting day 2026-12-02: 22:00–26:00 (22:00–次日 02:00 next day)"
    )


def test_crew_feed_small_hours_event_counts_on_the_day_before(settings, crew_client, own_crew):
    settings.PLANNING_DAY_END = "28:00"
    BookingFactory(
        scene=SceneFactory(crew=own_crew, code="C0001-SCM", minutes=60),
        starts_at=shanghai(DAY, "01:00"),
    )

    [event] = _events(crew_client.get(CREW_FEED.format("C0001")))

    assert str(event["DESCRIPTION"]).split("\n")[-1] == (
        "夜戏 Night shoot · 拍摄日 Shooting day 2026-12-01: "
        "25:00–26:00 (次日 01:00–次日 02:00 next day)"
    )
