"""Rain over a zone with 40 booked scenes, with PostgreSQL, Redis and a real worker: one
``disruption`` run repairs it; after it no booking in force overlaps a closure, the scenes
outside the zone are untouched, and every crew and performer concerned has one notice.

Run by the services tier (DATABASE_URL=postgres://..., CELERY_BROKER_URL=redis://...), with the
real clock.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from actors.models import Availability, Call, Notification
from scheduling.models import Booking, Closure, PlanRun
from tests.factories import (
    BookingFactory,
    CrewFactory,
    ExtrasLineFactory,
    LocationFactory,
    PerformerFactory,
    SceneFactory,
    ZoneFactory,
    shanghai,
)
from tests.scheduling.runs.worker import Worker, purge_queue

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(transactional_db, tmp_path):
    assert connection.vendor == "postgresql", "the services tier needs DATABASE_URL=postgres://"
    assert settings.CELERY_BROKER_URL.startswith("redis://"), "set CELERY_BROKER_URL=redis://"
    purge_queue()
    handle = Worker(tmp_path / "worker.log", "disruptions-test")
    yield handle.start()
    handle.stop()


def rainy_base(day: dt.date) -> dict:
    """Four outdoor sets in 秦王宫 booked from 06:00 by ten crews (40 scenes, a fifth of them
    with two extras called), two indoor sets there, and 明清宫苑 next door with its own crews."""
    qin, ming = (
        ZoneFactory(code="Z-QIN", name="秦王宫"),
        ZoneFactory(code="Z-MING", name="明清宫苑"),
    )
    outdoor = [
        LocationFactory(code=f"QO{i}", zone=qin, tags=["outdoor", "palace"]) for i in range(4)
    ]
    for i in range(2):
        LocationFactory(code=f"QI{i}", zone=qin, tags=["indoor", "palace"])
    ming_sets = [
        LocationFactory(code=f"MO{i}", zone=ming, tags=["outdoor", "palace"]) for i in range(4)
    ]
    stay = {"first_date": day - dt.timedelta(days=1), "last_date": day + dt.timedelta(days=6)}
    crews = [CrewFactory(code=f"C{c:02d}", **stay) for c in range(14)]
    performers = [PerformerFactory(code=f"P{p:03d}") for p in range(40)]
    for performer in performers:
        for d in range(4):
            Availability.objects.create(performer=performer, date=day + dt.timedelta(days=d))
    for k in range(40):
        crew = crews[k % 10]
        booking = BookingFactory(
            scene=SceneFactory(code=f"{crew.code}-S{k:02d}", crew=crew, minutes=60),
            location=outdoor[k % 4],
            starts_at=shanghai(day, f"{6 + k // 4:02d}:00"),
            ends_at=shanghai(day, f"{7 + k // 4:02d}:00"),
            source=Booking.Source.PLAN,
        )
        if k % 5 == 0:
            line = ExtrasLineFactory(scene=booking.scene, count=2, tags=[], skills=[])
            for performer in performers[k : k + 2]:
                Call.objects.create(booking=booking, extras_line=line, performer=performer)
    outside = []
    for k in range(8):
        crew = crews[10 + k % 4]
        outside.append(
            BookingFactory(
                scene=SceneFactory(code=f"{crew.code}-M{k:02d}", crew=crew, minutes=60),
                location=ming_sets[k % 4],
                starts_at=shanghai(day, f"{8 + k // 4 * 2:02d}:00"),
                ends_at=shanghai(day, f"{9 + k // 4 * 2:02d}:00"),
                source=Booking.Source.PLAN,
            )
        )
    return {"outside": outside}


def wait_published(run_id: int, worker: Worker, seconds: float = 120) -> PlanRun:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        run = PlanRun.objects.get(pk=run_id)
        if run.published_at is not None or run.status == PlanRun.Status.FAILED:
            return run
        if run.status == PlanRun.Status.SUCCEEDED and "publish" in run.stats:
            return run
        time.sleep(0.3)
    raise AssertionError(f"run {run_id} is {run.status}:\n{worker.tail()}")


def overlapping_closures() -> list[str]:
    out = []
    for closure in Closure.objects.all():
        rows = Booking.objects.filter(
            status__in=("planned", "confirmed"),
            location_id=closure.location_id,
            starts_at__lt=closure.ends_at,
            ends_at__gt=closure.starts_at,
        )
        out += list(rows.values_list("scene__code", flat=True))
    return out


def test_rain_over_zone_with_40_scenes_is_repaired_by_one_run(worker, api_client_for, ops_user):
    day = timezone.localdate() + dt.timedelta(days=2)
    base = rainy_base(day)
    outside = {b.pk: (b.location_id, b.starts_at) for b in base["outside"]}
    hit_calls = list(
        Call.objects.filter(booking__location__code__startswith="QO").values_list(
            "performer_id", flat=True
        )
    )
    body = {
        "tag": "outdoor",
        "zone": "Z-QIN",
        "start": shanghai(day, "06:00").isoformat(),
        "end": shanghai(day + dt.timedelta(days=1), "04:00").isoformat(),
        "reason": "暴雨 (50 mm/24 h)",
    }
    began = time.monotonic()
    response = api_client_for(ops_user).post("/api/v1/disruptions/", body, format="json")
    assert response.status_code == 201
    assert len(response.json()["bookings_hit"]) == 40
    run = wait_published(response.json()["plan_run"], worker)
    elapsed = time.monotonic() - began
    print(f"rain over a zone, 40 scenes hit: published {elapsed:.1f} s after the POST")
    assert PlanRun.objects.filter(trigger=PlanRun.Trigger.DISRUPTION).count() == 1
    assert run.status == PlanRun.Status.SUCCEEDED, run.error
    assert run.published_at is not None, run.stats.get("publish")
    assert overlapping_closures() == []
    for pk, place in outside.items():
        booking = Booking.objects.get(pk=pk)
        assert (booking.location_id, booking.starts_at, booking.status) == (*place, "planned")
    notices = Notification.objects.filter(kind=Notification.Kind.DISRUPTION)
    crews = Counter(notices.exclude(crew=None).values_list("crew__code", flat=True))
    assert crews == Counter({f"C{c:02d}": 1 for c in range(10)})
    performers = Counter(notices.exclude(performer=None).values_list("performer_id", flat=True))
    assert performers == Counter(dict.fromkeys(hit_calls, 1))
