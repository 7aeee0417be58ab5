"""POST /api/v1/disruptions/: 201 with what it closed and hit, 400 naming the field (nothing
written), and ops only."""

from __future__ import annotations

import datetime as dt

import pytest

from scheduling.models import Closure, Disruption, PlanRun
from tests.clock import base_today
from tests.factories import BookingFactory, LocationFactory, SceneFactory, ZoneFactory, shanghai

URL = "/api/v1/disruptions/"


def day() -> dt.date:
    return base_today() + dt.timedelta(days=2)


def at(hhmm: str) -> str:
    return shanghai(day(), hhmm).isoformat()


@pytest.fixture
def palace(db):
    zone = ZoneFactory(code="Z-QIN", name="秦王宫")
    return {
        "square": LocationFactory(code="L-SQ", zone=zone, tags=["outdoor", "palace"]),
        "hall": LocationFactory(code="L-HALL", zone=zone, tags=["indoor", "palace"]),
        "gate": LocationFactory(code="L-GATE", zone=zone, tags=["outdoor", "palace"]),
        "street": LocationFactory(code="L-ST", tags=["outdoor", "street"]),
    }


def test_disruption_post_locations_hits_bookings_and_queues_repair(ops_client, palace):
    scene = SceneFactory()
    hit = BookingFactory(
        scene=scene,
        location=palace["square"],
        starts_at=shanghai(day(), "09:00"),
        ends_at=shanghai(day(), "10:00"),
    )
    BookingFactory(location=palace["gate"], starts_at=shanghai(day(), "15:00"))
    body = {"locations": ["L-SQ", "L-GATE"], "start": at("08:00"), "end": at("12:00")}
    response = ops_client.post(URL, {**body, "reason": "broken roof"}, format="json")
    assert response.status_code == 201
    disruption = Disruption.objects.get()
    run = PlanRun.objects.get()
    assert response.json() == {
        "id": disruption.pk,
        "locations": ["L-GATE", "L-SQ"],
        "bookings_hit": [hit.pk],
        "plan_run": run.pk,
    }
    assert run.trigger == PlanRun.Trigger.DISRUPTION
    assert (run.start, run.days) == (base_today(), 5)
    closures = Closure.objects.order_by("location__code")
    assert [(c.location.code, c.disruption_id) for c in closures] == [
        ("L-GATE", disruption.pk),
        ("L-SQ", disruption.pk),
    ]
    assert closures[0].starts_at == shanghai(day(), "08:00")


def test_disruption_post_tag_and_zone_closes_outdoor_sets_of_zone(ops_client, palace):
    body = {"tag": "outdoor", "zone": "Z-QIN", "start": at("08:00"), "end": at("20:00")}
    response = ops_client.post(URL, {**body, "reason": "暴雨"}, format="json")
    assert response.status_code == 201
    assert response.json()["locations"] == ["L-GATE", "L-SQ"]
    assert response.json()["bookings_hit"] == []
    assert response.json()["plan_run"] is None
    assert PlanRun.objects.count() == 0


def test_disruption_post_tag_without_zone_closes_every_outdoor_set(ops_client, palace):
    body = {"tag": "outdoor", "start": at("08:00"), "end": at("20:00"), "reason": "typhoon"}
    response = ops_client.post(URL, body, format="json")
    assert response.status_code == 201
    assert response.json()["locations"] == ["L-GATE", "L-SQ", "L-ST"]


DROP = object()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"locations": ["L-SQ", "L-NOPE"]}, "locations"),
        ({"locations": []}, "locations"),
        ({"locations": "L-SQ"}, "locations"),
        ({"locations": DROP}, "locations"),
        ({"tag": "outdoor"}, "tag"),
        ({"locations": DROP, "tag": "outdoor", "zone": "Z-NOPE"}, "zone"),
        ({"locations": DROP, "tag": "underwater"}, "tag"),
        ({"zone": "Z-QIN"}, "zone"),
        ({"end": "08:00"}, "end"),
        ({"end": "07:00"}, "end"),
        ({"start": "naive"}, "start"),
        ({"reason": ""}, "reason"),
        ({"reason": DROP}, "reason"),
        ({"reason": 12}, "reason"),
    ],
)
def test_disruption_post_bad_input_is_400_naming_field(ops_client, palace, change, field):
    BookingFactory(location=palace["square"], starts_at=shanghai(day(), "09:00"))
    body = {"locations": ["L-SQ"], "start": at("08:00"), "end": at("12:00"), "reason": "x"}
    body.update(change)
    if field in ("start", "end") and "end" in change:
        body["end"] = at(change["end"])
    if change.get("start") == "naive":
        body["start"] = f"{day()}T08:00:00"
    body = {key: value for key, value in body.items() if value is not DROP}
    response = ops_client.post(URL, body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["message", field]
    assert Disruption.objects.count() == 0
    assert Closure.objects.count() == 0
    assert PlanRun.objects.count() == 0


@pytest.mark.parametrize("client", ["guild_client", "crew_client"])
def test_disruption_post_by_non_ops_is_403(request, client, palace):
    body = {"locations": ["L-SQ"], "start": at("08:00"), "end": at("12:00"), "reason": "x"}
    response = request.getfixturevalue(client).post(URL, body, format="json")
    assert response.status_code == 403
    assert Closure.objects.count() == 0


def test_disruption_post_anonymous_is_401(anon_client, palace):
    body = {"locations": ["L-SQ"], "start": at("08:00"), "end": at("12:00"), "reason": "x"}
    response = anon_client.post(URL, body, format="json")
    assert response.status_code == 401
    assert Closure.objects.count() == 0


def test_disruption_list_by_ops_shows_it(ops_client, palace):
    body = {"locations": ["L-SQ"], "start": at("08:00"), "end": at("12:00"), "reason": "roof"}
    ops_client.post(URL, body, format="json")
    response = ops_client.get(URL)
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(r["reason"], r["locations"], r["kind"]) for r in rows] == [
        ("roof", ["L-SQ"], "closure")
    ]
