"""The best shooting order endpoint: the cheapest order for the cast, proven, and who may ask."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from tests.factories import BookingFactory, CastMemberFactory, SceneFactory, shanghai

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}

URL = "/api/v1/crews/{}/shooting-order"


@pytest.fixture
def breakdown(own_crew):
    """Five scenes of C0001; the two expensive leads meet only in scene 3."""
    lin = CastMemberFactory(crew=own_crew, code="C0001-AO1", name="林一", day_rate=8000)
    su = CastMemberFactory(crew=own_crew, code="C0001-AO2", name="苏晴", day_rate=6000)
    wu = CastMemberFactory(crew=own_crew, code="C0001-AO3", name="吴三", day_rate=1000)
    cast = {1: [lin], 2: [su, wu], 3: [lin, su], 4: [lin, wu], 5: [su]}
    minutes = {1: 60, 2: 90, 3: 30, 4: 120, 5: 60}
    return {
        n: SceneFactory(crew=own_crew, code=f"C0001-SO{n}", minutes=minutes[n], cast=cast[n])
        for n in cast
    }


def _cost(order: list[str], scenes: dict) -> int:
    """Day rate x 30-minute slots from each actor's first scene to their last."""
    by_code = {scene.code: scene for scene in scenes.values()}
    clock, spans = 0, {}
    for code in order:
        scene = by_code[code]
        for member in scene.cast.all():
            first, _ = spans.get(member.pk, (clock, 0))
            spans[member.pk] = (first, clock + scene.minutes)
        clock += scene.minutes
    rates = {m.pk: m.day_rate for s in scenes.values() for m in s.cast.all()}
    return sum(rates[pk] * (end - start) // 30 for pk, (start, end) in spans.items())


def test_shooting_order_is_the_cheapest_and_proven(crew_client, breakdown):
    response = crew_client.post(URL.format("C0001"), data={}, format="json")
    assert response.status_code == 200
    body = response.json()
    order = [item["scene"] for item in body["order"]]
    best = min(_cost(list(p), breakdown) for p in itertools.permutations(sorted(order)))
    assert sorted(order) == [f"C0001-SO{n}" for n in range(1, 6)]
    assert body["cost"] == _cost(order, breakdown) == best
    assert (body["lower_bound"], body["proven_optimal"]) == (best, True)
    assert body["cost_unit"] == "day rate x 30-minute slots held"
    assert body["cost_yuan_estimate"] == round(best * 30 / 840)
    assert [item["starts_after_minutes"] for item in body["order"]] == list(
        itertools.accumulate([0] + [item["minutes"] for item in body["order"]][:-1])
    )
    held = {member["code"]: member for member in body["cast"]}
    assert held["C0001-AO1"]["working_minutes"] == 60 + 30 + 120
    assert held["C0001-AO1"]["day_rate"] == 8000


def test_shooting_order_of_the_days_the_plan_gives(crew_client, breakdown):
    day = dt.date(2026, 12, 3)
    BookingFactory(scene=breakdown[1], starts_at=shanghai(day, "08:00"))
    BookingFactory(scene=breakdown[3], starts_at=shanghai(day, "10:00"))
    BookingFactory(scene=breakdown[5], starts_at=shanghai(day + dt.timedelta(days=2), "10:00"))
    response = crew_client.post(
        URL.format("C0001"),
        data={"date_from": "2026-12-03", "date_to": "2026-12-04", "time_limit_seconds": 1},
        format="json",
    )
    assert response.status_code == 200
    assert sorted(item["scene"] for item in response.json()["order"]) == [
        "C0001-SO1",
        "C0001-SO3",
    ]


def test_shooting_order_of_days_counts_a_night_on_its_first_date(settings, crew_client, breakdown):
    settings.PLANNING_DAY_END = "28:00"
    day = dt.date(2026, 12, 3)
    BookingFactory(scene=breakdown[1], starts_at=shanghai(day, "10:00"))
    # 01:00 on 12-05 is the night of the shooting day 12-04; 01:00 on 12-03 is 12-02's.
    BookingFactory(scene=breakdown[3], starts_at=shanghai(day + dt.timedelta(days=2), "01:00"))
    BookingFactory(scene=breakdown[5], starts_at=shanghai(day, "01:00"))
    response = crew_client.post(
        URL.format("C0001"),
        data={"date_from": "2026-12-03", "date_to": "2026-12-04", "time_limit_seconds": 1},
        format="json",
    )
    assert sorted(item["scene"] for item in response.json()["order"]) == [
        "C0001-SO1",
        "C0001-SO3",
    ]


def test_shooting_order_of_named_scenes_only(crew_client, breakdown, other_crew):
    SceneFactory(crew=other_crew, code="C0002-SO1")
    response = crew_client.post(
        URL.format("C0001"), data={"scenes": ["C0001-SO2", "C0002-SO1"]}, format="json", **EN
    )
    assert response.status_code == 400
    assert response.json()["scenes"] == ["Not scenes of crew C0001: C0002-SO1."]
    response = crew_client.post(
        URL.format("C0001"), data={"scenes": ["C0001-SO2", "C0001-SO4"]}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["proven_optimal"] is True


@pytest.mark.parametrize(
    ("who", "crew", "expected"),
    [
        ("anon", "C0001", 401),
        ("ops", "C0001", 200),
        ("guild", "C0001", 403),
        ("crew", "C0001", 200),
        ("crew", "C0002", 404),
    ],
)
def test_shooting_order_permissions(
    api_client_for, ops_user, guild_user, crew_user, other_crew, breakdown, who, crew, expected
):
    users = {"anon": None, "ops": ops_user, "guild": guild_user, "crew": crew_user}
    response = api_client_for(users[who]).post(
        URL.format(crew), data={"time_limit_seconds": 1}, format="json"
    )
    assert response.status_code == expected
