"""What reception offers is what booking accepts: on random busy bases, every option booked as
offered answers 201 and the bookings in force still pass the optimiser's checker."""

from __future__ import annotations

import contextlib
import datetime as dt
import random

import pytest
from django.db import transaction

from crews.models import Scene
from scheduling.models import Booking
from scheduling.services.bookings import BookingConflict, booking_create
from tests.clock import base_at, base_today
from tests.factories import (
    ClosureFactory,
    CrewFactory,
    LocationFactory,
    SceneFactory,
    TravelTimeFactory,
    ZoneFactory,
)
from tests.scheduling.reception.helpers import checker_violations

TAGS = ("palace", "street")


def _day(ahead: int) -> str:
    return (base_today() + dt.timedelta(days=ahead)).isoformat()


def random_base(seed: int) -> list[Scene]:
    """Zones, sets, crews (day and night, with rests) and scenes; some booked through the
    booking service. Returns the scenes left unbooked."""
    rng = random.Random(seed)
    zones = [ZoneFactory() for _ in range(3)]
    TravelTimeFactory(from_zone=zones[0], to_zone=zones[1], minutes=60)
    TravelTimeFactory(from_zone=zones[1], to_zone=zones[2], minutes=30)
    locations = [
        LocationFactory(
            zone=rng.choice(zones),
            tags=[rng.choice(TAGS)],
            capacity=rng.choice((1, 1, 2)),
            cost_per_hour=rng.choice((150, 333, 800)),
        )
        for _ in range(6)
    ]
    for location in rng.sample(locations, 2):
        ahead = rng.randint(1, 3)
        start = base_at(ahead, f"{rng.randint(8, 20):02d}:00")
        ClosureFactory(location=location, starts_at=start, ends_at=start + dt.timedelta(hours=3))
    first, last = base_today() - dt.timedelta(days=1), base_today() + dt.timedelta(days=7)
    crews = [
        CrewFactory(
            first_date=first,
            last_date=last,
            min_rest_minutes=rng.choice((0, 480, 600)),
            max_span_minutes=rng.choice((480, 840)),
        )
        for _ in range(4)
    ]
    scenes = [
        SceneFactory(
            crew=rng.choice(crews),
            minutes=rng.choice((30, 60, 90, 120, 240)),
            location_tags=[rng.choice(TAGS)],
            time_of_day=rng.choice(("any", "any", "day", "night")),
            first_date=base_today() + dt.timedelta(days=1),
            last_date=base_today() + dt.timedelta(days=3),
        )
        for _ in range(30)
    ]
    for scene in scenes[:20]:
        fits = [loc for loc in locations if set(scene.location_tags) <= set(loc.tags)]
        start = base_at(rng.randint(1, 3), f"{rng.randint(6, 25):02d}:{rng.choice(('00', '30'))}")
        with contextlib.suppress(BookingConflict):  # a random pick may break a rule
            booking_create(
                scene=scene,
                location=rng.choice(fits),
                starts_at=start,
                ends_at=start + dt.timedelta(minutes=scene.minutes),
            )
    booked = set(Booking.objects.values_list("scene_id", flat=True))
    return [scene for scene in scenes if scene.pk not in booked]


def _options(client, scene: Scene, **query) -> list[dict]:
    response = client.get(
        f"/api/v1/scenes/{scene.code}/options", {"from": _day(1), "to": _day(3), **query}
    )
    assert response.status_code == 200
    return response.json()["options"]


def _book(client, scene: Scene, option: dict):
    payload = {key: option[key] for key in ("location", "start", "end")}
    return client.post("/api/v1/bookings/", {"scene": scene.code, **payload}, format="json")


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_options_each_booked_as_offered_is_201_and_passes_the_checker(ops_client, seed):
    assert checker_violations(start=base_today() - dt.timedelta(days=1), days=9) == []
    offered = 0
    for scene in random_base(seed)[:3]:
        for option in _options(ops_client, scene, limit="12"):
            offered += 1
            with transaction.atomic():
                response = _book(ops_client, scene, option)
                assert (response.status_code, option) == (201, option)
                horizon = {"start": base_today() - dt.timedelta(days=1), "days": 9}
                assert checker_violations(**horizon) == []
                transaction.set_rollback(True)
    assert offered >= 18


@pytest.mark.parametrize("seed", [5, 6])
def test_options_a_taken_place_is_not_offered_again(ops_client, seed):
    scenes = random_base(seed)
    taken = 0
    for scene in scenes[:5]:
        options = _options(ops_client, scene)
        if not options:
            continue
        assert _book(ops_client, scene, options[0]).status_code == 201
        taken += 1
        for other in scenes[5:8]:
            for option in _options(ops_client, other, limit="100"):
                with transaction.atomic():
                    assert _book(ops_client, other, option).status_code == 201
                    transaction.set_rollback(True)
    assert taken >= 3
    horizon = {"start": base_today() - dt.timedelta(days=1), "days": 9}
    assert checker_violations(**horizon) == []
