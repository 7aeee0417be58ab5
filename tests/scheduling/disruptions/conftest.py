"""Fixtures of the disruption tests: Celery eager except for the services tier, and a small base
(two zones, outdoor and indoor palace sets) with two crews booked three days ahead."""

from __future__ import annotations

import datetime as dt

import pytest

from hengdian.celery import app as celery_app
from scheduling.models import Booking
from tests.clock import base_today
from tests.factories import (
    BookingFactory,
    CrewFactory,
    LocationFactory,
    SceneFactory,
    ZoneFactory,
    shanghai,
)


@pytest.fixture(autouse=True)
def celery_mode(request):
    services = request.node.get_closest_marker("services") is not None
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = not services
    yield
    celery_app.conf.task_always_eager = saved


def repair_day() -> dt.date:
    """Three days ahead: out of reach of the freeze window, inside the factories' stay."""
    return base_today() + dt.timedelta(days=3)


@pytest.fixture
def base(db):
    qin = ZoneFactory(code="Z-QIN", name="秦王宫")
    ming = ZoneFactory(code="Z-MING", name="明清宫苑")
    places = {
        "square": LocationFactory(code="L-SQ", zone=qin, tags=["outdoor", "palace"]),
        "hall": LocationFactory(code="L-HALL", zone=qin, tags=["indoor", "palace"]),
        "court": LocationFactory(code="L-COURT", zone=ming, tags=["outdoor", "palace"]),
    }
    # Staying from three days before to four after the repair day, whatever the frozen clock.
    stay = {
        "first_date": repair_day() - dt.timedelta(days=3),
        "last_date": repair_day() + dt.timedelta(days=4),
    }
    crew_a = CrewFactory(code="CA", name="大秦", **stay)
    crew_b = CrewFactory(code="CB", name="大明", **stay)
    return {**places, "crew_a": crew_a, "crew_b": crew_b}


def book(scene_code: str, crew, location, start: str, end: str, **kwargs) -> Booking:
    scene = SceneFactory(code=scene_code, crew=crew, minutes=60)
    return BookingFactory(
        scene=scene,
        location=location,
        starts_at=shanghai(repair_day(), start),
        ends_at=shanghai(repair_day(), end),
        **{"source": Booking.Source.PLAN, **kwargs},
    )
