"""Demand spikes: measured in location-hours, re-planned once however many triggers come."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from django.utils import timezone

from scheduling.models import Booking, PlanRun
from scheduling.services.spikes import (
    demand_spike_check,
    demand_spikes_check,
    free_location_minutes,
    horizons_being_planned,
)
from tests.factories import (
    BookingFactory,
    ClosureFactory,
    CrewFactory,
    LocationFactory,
    SceneFactory,
    shanghai,
)

from .helpers import imported, run_to_end

pytestmark = pytest.mark.django_db


def with_new_crew(document: dict, code: str = "C0900") -> dict:
    """The document plus one crew arriving with a copy of crew C0001's nine scenes (570 min)."""
    grown = copy.deepcopy(document)
    crew = next(c for c in grown["crews"] if c["id"] == "C0001")
    grown["crews"].append({**crew, "id": code, "name": "新剧组"})
    for scene in [s for s in document["scenes"] if s["crew"] == "C0001"]:
        cast = [f"{code}-{a.split('-')[1]}" for a in scene["cast"]]
        new_id = scene["id"].replace("C0001", code)
        grown["scenes"].append({**scene, "id": new_id, "crew": code, "cast": cast})
    return grown


def test_free_location_minutes_takes_off_closures_and_bookings(horizon_start):
    small = LocationFactory(capacity=1)
    LocationFactory(capacity=2)
    ClosureFactory(
        location=small,
        starts_at=shanghai(horizon_start, "10:00"),
        ends_at=shanghai(horizon_start, "12:00"),
    )
    crew = CrewFactory(first_date=horizon_start, last_date=horizon_start)
    BookingFactory(scene=SceneFactory(crew=crew, minutes=90), location=small)
    # 3 crews at once x 22 working hours (06:00-28:00), less a 2 h closure and a 90 min booking.
    assert free_location_minutes(start=horizon_start, days=1) == 3 * 1320 - 120 - 90


def test_free_location_minutes_counts_bookings_by_shooting_day(horizon_start, settings):
    settings.PLANNING_DAY_END = "28:00"
    hall = LocationFactory(capacity=1)
    crew = CrewFactory(first_date=horizon_start - dt.timedelta(days=1), last_date=horizon_start)
    # The horizon's night, 22:00-02:00, is its own; 01:00 of its first morning is the night
    # of the shooting day before it.
    BookingFactory(
        scene=SceneFactory(crew=crew, minutes=240),
        location=hall,
        starts_at=shanghai(horizon_start, "22:00"),
        ends_at=shanghai(horizon_start + dt.timedelta(days=1), "02:00"),
    )
    BookingFactory(
        scene=SceneFactory(crew=crew, minutes=60),
        location=hall,
        starts_at=shanghai(horizon_start, "01:00"),
    )
    # 1 location x 22 working hours (06:00-28:00), less the 4 h night.
    assert free_location_minutes(start=horizon_start, days=1) == 1320 - 240


def test_demand_spike_import_of_a_new_crew_queues_one_demand_spike_run(
    example_document, horizon_start, settings, django_capture_on_commit_callbacks
):
    settings.PLANNING_SPIKE_SHARE_PERCENT = 1
    settings.PLANNING_SPIKE_CREWS_PER_HOUR = 0
    imported(example_document, django_capture_on_commit_callbacks)
    first = run_to_end(django_capture_on_commit_callbacks, start=horizon_start, days=2)
    assert first.status == "succeeded"
    imported(with_new_crew(example_document), django_capture_on_commit_callbacks)
    spikes = PlanRun.objects.filter(trigger=PlanRun.Trigger.DEMAND_SPIKE)
    assert list(spikes.values_list("status", "start", "days")) == [("succeeded", horizon_start, 2)]
    assert {s["crew"] for s in spikes.get().instance["scenes"]} == {
        "C0000",
        "C0001",
        "C0002",
        "C0900",
    }
    # Nothing new since: a hundred more triggers queue nothing.
    for _ in range(100):
        with django_capture_on_commit_callbacks(execute=True):
            demand_spikes_check()
    assert PlanRun.objects.count() == 2


def test_demand_spike_below_the_share_queues_nothing(
    example_document, horizon_start, settings, django_capture_on_commit_callbacks
):
    settings.PLANNING_SPIKE_SHARE_PERCENT = 50
    settings.PLANNING_SPIKE_CREWS_PER_HOUR = 0
    imported(example_document, django_capture_on_commit_callbacks)
    run_to_end(django_capture_on_commit_callbacks, start=horizon_start, days=2)
    imported(with_new_crew(example_document), django_capture_on_commit_callbacks)
    assert PlanRun.objects.count() == 1


def test_demand_spike_crews_arriving_within_the_hour_fire(
    example_document, horizon_start, settings, django_capture_on_commit_callbacks
):
    settings.PLANNING_SPIKE_SHARE_PERCENT = 100
    settings.PLANNING_SPIKE_CREWS_PER_HOUR = 2
    imported(example_document, django_capture_on_commit_callbacks)
    run_to_end(django_capture_on_commit_callbacks, start=horizon_start, days=2)
    imported(with_new_crew(example_document, "C0900"), django_capture_on_commit_callbacks)
    assert PlanRun.objects.count() == 1
    imported(
        with_new_crew(with_new_crew(example_document, "C0900"), "C0901"),
        django_capture_on_commit_callbacks,
    )
    assert list(PlanRun.objects.values_list("trigger", flat=True)) == ["demand_spike", "manual"]


def test_demand_spike_without_a_previous_run_queues_nothing(
    example_document, settings, django_capture_on_commit_callbacks
):
    settings.PLANNING_SPIKE_SHARE_PERCENT = 0
    imported(example_document, django_capture_on_commit_callbacks)
    assert PlanRun.objects.count() == 0


def test_demand_spike_while_one_runs_queues_exactly_one_more(
    example_document, horizon_start, settings
):
    """A hundred triggers while a run is running (it read the demand before the new crew)."""
    settings.PLANNING_SPIKE_SHARE_PERCENT = 0
    running = PlanRun.objects.create(
        start=horizon_start,
        days=2,
        time_limit_seconds=5,
        status=PlanRun.Status.RUNNING,
        demand_high_water=0,
        started_at=timezone.now(),
    )
    SceneFactory(crew=CrewFactory(first_date=horizon_start, last_date=horizon_start))
    made = [demand_spike_check(start=horizon_start, days=2) for _ in range(100)]
    assert sum(run is not None for run in made) == 1
    assert sorted(PlanRun.objects.values_list("status", "trigger")) == [
        ("queued", "demand_spike"),
        ("running", "manual"),
    ]
    assert running.pk != made[0].pk


def test_demand_spike_ended_horizon_is_not_checked(settings):
    settings.PLANNING_SPIKE_SHARE_PERCENT = 0
    past = timezone.localdate() - dt.timedelta(days=5)
    PlanRun.objects.create(
        start=past, days=2, time_limit_seconds=5, status="succeeded", demand_high_water=0
    )
    SceneFactory(crew=CrewFactory(first_date=past, last_date=past))
    assert demand_spikes_check() == []
    assert Booking.objects.count() == 0


def test_demand_spike_checks_only_the_latest_of_overlapping_horizons():
    today = dt.date(2026, 12, 10)
    for start, days in [(today - dt.timedelta(days=2), 3), (today - dt.timedelta(days=1), 3)]:
        PlanRun.objects.create(start=start, days=days, time_limit_seconds=5, status="succeeded")
    PlanRun.objects.create(start=today, days=3, time_limit_seconds=5, status="succeeded")
    later = today + dt.timedelta(days=10)
    PlanRun.objects.create(start=later, days=2, time_limit_seconds=5, status="succeeded")
    ended = today - dt.timedelta(days=9)
    PlanRun.objects.create(start=ended, days=3, time_limit_seconds=5, status="succeeded")
    assert horizons_being_planned(today=today) == [(today, 3), (later, 2)]


def test_demand_spike_scenes_created_through_the_api_queue_one_run(
    example_document, horizon_start, settings, django_capture_on_commit_callbacks, ops_client
):
    settings.PLANNING_SPIKE_SHARE_PERCENT = 1
    settings.PLANNING_SPIKE_CREWS_PER_HOUR = 0
    imported(example_document, django_capture_on_commit_callbacks)
    run_to_end(django_capture_on_commit_callbacks, start=horizon_start, days=2)
    day = horizon_start.isoformat()

    with django_capture_on_commit_callbacks(execute=True):
        response = ops_client.post(
            "/api/v1/scenes/",
            {
                "code": "C0001-S900",
                "crew": "C0001",
                "minutes": 480,
                "location_tags": ["ancient"],
                "first_date": day,
                "last_date": day,
                "extras_lines": [],
            },
            format="json",
        )

    assert response.status_code == 201, response.json()
    assert list(PlanRun.objects.values_list("trigger", "status")) == [
        ("demand_spike", "succeeded"),
        ("manual", "succeeded"),
    ]
