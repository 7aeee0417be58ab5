"""A scene's options over the API: the contract's shape, ranking, who may ask, bad input."""

from __future__ import annotations

import datetime as dt

import pytest

from scheduling.models import Booking
from tests.clock import base_at, base_now, base_today
from tests.factories import (
    BookingFactory,
    CastMemberFactory,
    ClosureFactory,
    LocationFactory,
    SceneFactory,
    ZoneFactory,
)

URL = "/api/v1/scenes/C0001-S0001/options"


def day(ahead: int) -> str:
    return (base_today() + dt.timedelta(days=ahead)).isoformat()


def iso(ahead: int, hhmm: str) -> str:
    return base_at(ahead, hhmm).isoformat()


def one_day() -> dict:
    return {"from": day(1), "to": day(1)}


@pytest.fixture(autouse=True)
def stay(own_crew, other_crew):
    """Both crews are on the base from yesterday to a week ahead, whatever the suite's clock."""
    for crew in (own_crew, other_crew):
        crew.first_date, crew.last_date = base_today() - dt.timedelta(days=1), base_today()
        crew.last_date += dt.timedelta(days=7)
        crew.save()


@pytest.fixture
def zone():
    return ZoneFactory(code="Z01", name="秦王宫")


@pytest.fixture
def hall(zone):
    return LocationFactory(code="L0001", name="大殿", zone=zone, tags=["palace"], cost_per_hour=600)


@pytest.fixture
def court(zone):
    return LocationFactory(code="L0002", name="偏殿", zone=zone, tags=["palace"], cost_per_hour=300)


@pytest.fixture
def scene(own_crew):
    return SceneFactory(crew=own_crew, code="C0001-S0001", minutes=120, location_tags=["palace"])


def test_options_by_ops_are_cheapest_first_with_price_and_why(ops_client, scene, hall, court):
    response = ops_client.get(URL, one_day())
    assert response.status_code == 200
    body = response.json()
    assert body["scene"] == "C0001-S0001"
    assert [(o["location"], o["start"], o["end"], o["price"]) for o in body["options"]] == [
        ("L0002", iso(1, "06:00"), iso(1, "08:00"), "600.00"),
        ("L0001", iso(1, "06:00"), iso(1, "08:00"), "1200.00"),
    ]
    assert body["options"][0]["why"] == (
        f"a new shooting day for your crew ({day(1)}); 偏殿 (L0002): 120 min at 300 yuan/h = "
        "600.00 yuan; set 0% booked that day"
    )


def test_options_put_the_crews_own_day_and_place_first(ops_client, own_crew, scene, hall, court):
    other = SceneFactory(crew=own_crew, code="C0001-S0002", minutes=60)
    BookingFactory(
        scene=other,
        location=hall,
        starts_at=base_at(2, "10:00"),
        ends_at=base_at(2, "11:00"),
    )
    body = ops_client.get(URL, {"from": day(1), "to": day(2)}).json()
    first = body["options"][0]
    assert (first["location"], first["start"], first["end"]) == (
        "L0001",
        iso(2, "08:00"),
        iso(2, "10:00"),
    )
    assert first["why"].startswith(f"your crew already shoots on {day(2)}; no company move; ")
    days = [o["start"][:10] for o in body["options"]]
    assert days == sorted(days, reverse=True)  # the crew's own day before a new one


def test_options_save_the_casts_holding_days(ops_client, own_crew, scene, hall):
    star = CastMemberFactory(crew=own_crew, code="C0001-A01")
    scene.cast.add(star)
    for code, ahead in (("C0001-S0002", 1), ("C0001-S0003", 3)):
        SceneFactory(crew=own_crew, code=code, cast=[star])
        BookingFactory(
            scene_id=own_crew.scenes.get(code=code).pk,
            location=hall,
            starts_at=base_at(ahead, "08:00"),
            ends_at=base_at(ahead, "09:00"),
        )
    body = ops_client.get(URL, {"from": day(2), "to": day(5)}).json()
    by_day = {}
    for option in body["options"]:
        by_day.setdefault(option["start"][:10], option)
    # Its own day first, then the day between the cast's two (a holding day saved), then the
    # day after (the cast's span grows but a shooting day fills it), then one further.
    assert list(by_day) == [day(3), day(2), day(4), day(5)]
    assert "cast" not in by_day[day(3)]["why"]
    assert "; 1 fewer holding day(s) for the cast; " in by_day[day(2)]["why"]
    assert "cast" not in by_day[day(4)]["why"]
    assert "; 1 more holding day(s) for the cast; " in by_day[day(5)]["why"]


def test_options_leave_out_what_is_taken_or_closed(ops_client, other_crew, scene, hall):
    rival = SceneFactory(crew=other_crew, code="C0002-S0001", minutes=240)
    BookingFactory(scene=rival, location=hall, starts_at=base_at(1, "06:00"))
    ClosureFactory(location=hall, starts_at=base_at(1, "12:00"), ends_at=base_at(1, "14:00"))
    ClosureFactory(location=hall, starts_at=base_at(1, "16:00"), ends_at=base_at(2, "06:00"))
    body = ops_client.get(URL, one_day()).json()
    assert [(o["start"], o["end"]) for o in body["options"]] == [
        (iso(1, "10:00"), iso(1, "12:00")),
        (iso(1, "14:00"), iso(1, "16:00")),
    ]


def test_options_never_start_before_now(ops_client, scene, hall):
    body = ops_client.get(URL, {"from": day(-1), "to": day(0)}).json()
    assert all(dt.datetime.fromisoformat(o["start"]) >= base_now() for o in body["options"])


def test_options_of_a_booked_scene_are_empty(ops_client, scene, hall):
    BookingFactory(scene=scene, location=hall, starts_at=base_at(1, "08:00"))
    assert ops_client.get(URL, one_day()).json() == {"scene": "C0001-S0001", "options": []}


def test_options_limit_caps_the_list(ops_client, scene, hall, court):
    body = ops_client.get(URL, {**one_day(), "limit": "1"}).json()
    assert [o["location"] for o in body["options"]] == ["L0002"]


def test_options_by_the_crew_are_answered(crew_client, scene, hall):
    response = crew_client.get(URL, one_day())
    assert response.status_code == 200
    assert len(response.json()["options"]) == 1


def test_options_of_another_crews_scene_are_404(api_client_for, other_crew_user, scene, hall):
    response = api_client_for(other_crew_user).get(URL, one_day())
    assert response.status_code == 404


def test_options_by_the_guild_are_403(guild_client, scene, hall):
    assert guild_client.get(URL, one_day()).status_code == 403


def test_options_anonymous_is_401(anon_client, scene, hall):
    assert anon_client.get(URL, one_day()).status_code == 401


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"to": "2026-12-04"}, "from"),
        ({"from": "2026-12-04"}, "to"),
        ({"from": "2026-13-01", "to": "2026-12-04"}, "from"),
        ({"from": "2026-12-05", "to": "2026-12-04"}, "to"),
        ({"from": "2026-12-01", "to": "2027-01-31"}, "to"),
        ({"from": "1999-12-31", "to": "2000-01-01"}, "from"),
        ({"from": "2026-12-04", "to": "2026-12-04", "limit": "0"}, "limit"),
        ({"from": "2026-12-04", "to": "2026-12-04", "limit": "x"}, "limit"),
    ],
)
def test_options_bad_input_is_400_naming_the_field(ops_client, scene, hall, query, field):
    response = ops_client.get(URL, query)
    assert response.status_code == 400
    assert list(response.json()) == ["message", field]
    assert Booking.objects.count() == 0


CREW_URL = "/api/v1/crews/C0001/options"


def test_crew_options_cover_its_unbooked_scenes(crew_client, own_crew, scene, hall):
    booked = SceneFactory(crew=own_crew, code="C0001-S0002")
    BookingFactory(scene=booked, location=hall, starts_at=base_at(2, "08:00"))
    SceneFactory(crew=own_crew, code="C0001-S0003", minutes=60, location_tags=["street"])
    response = crew_client.get(CREW_URL, {**one_day(), "limit": "1"})
    assert response.status_code == 200
    assert response.json() == {
        "crew": "C0001",
        "scenes": [
            {
                "scene": "C0001-S0001",
                "options": [
                    {
                        "location": "L0001",
                        "start": iso(1, "06:00"),
                        "end": iso(1, "08:00"),
                        "price": "1200.00",
                        "why": f"a new shooting day for your crew ({day(1)}); 大殿 (L0001): "
                        "120 min at 600 yuan/h = 1200.00 yuan; set 0% booked that day",
                    }
                ],
            },
            {"scene": "C0001-S0003", "options": []},
        ],
    }


def test_crew_options_of_named_scenes_keep_their_order(ops_client, own_crew, scene, hall):
    SceneFactory(crew=own_crew, code="C0001-S0002")
    body = ops_client.get(CREW_URL, {**one_day(), "scenes": "C0001-S0002,C0001-S0001"}).json()
    assert [entry["scene"] for entry in body["scenes"]] == ["C0001-S0002", "C0001-S0001"]


def test_crew_options_of_another_crews_scene_are_400(ops_client, other_crew, scene):
    SceneFactory(crew=other_crew, code="C0002-S0001")
    response = ops_client.get(CREW_URL, {**one_day(), "scenes": "C0002-S0001"})
    assert response.status_code == 400
    assert response.json()["scenes"] == ["Not scenes of this crew: C0002-S0001"]


def test_crew_options_of_another_crew_are_404(api_client_for, other_crew_user, scene):
    assert api_client_for(other_crew_user).get(CREW_URL, one_day()).status_code == 404


def test_crew_options_by_the_guild_are_403(guild_client, scene):
    assert guild_client.get(CREW_URL, one_day()).status_code == 403


def test_crew_options_anonymous_is_401(anon_client, scene):
    assert anon_client.get(CREW_URL, one_day()).status_code == 401


def test_crew_options_without_dates_are_400(ops_client, scene):
    assert ops_client.get(CREW_URL).status_code == 400


def test_options_why_speaks_chinese_when_asked(ops_client, scene, hall, court):
    response = ops_client.get(URL, {**one_day(), "limit": "1"}, HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert response.json()["options"][0]["why"] == (
        f"剧组新增拍摄日（{day(1)}）; 偏殿 (L0002)：120 分钟 × 300 元/小时 = 600.00 元; "
        "该场景当天已订 0%"
    )
