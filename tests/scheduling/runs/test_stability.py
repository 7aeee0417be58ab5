"""A demand-spike re-plan moves at most PLANNING_SPIKE_MAX_MOVED_PERCENT of the plan in force."""

from __future__ import annotations

import pytest

from scheduling.models import PlanRun

from .helpers import imported, run_to_end

# The hand-made files here were written for a base of day hours (06:00-24:00).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("day_hours_base")]


@pytest.fixture
def crowded_hall(horizon_start) -> dict:
    """Hall L1 is open 08:00-09:00 only and holds scene A (booked by the plan in force); the
    newcomer B (priority 5) can only be shot there, A could equally go to hall L2."""
    return {
        "format": "hengdian-instance/1",
        "horizon": {"start": horizon_start.isoformat(), "days": 1},
        "zones": [{"id": "Z1", "name": "明清宫苑"}],
        "locations": [
            {
                "id": "L1",
                "name": "太和殿",
                "zone": "Z1",
                "tags": ["hall"],
                "closures": [
                    {"day": 0, "start": "06:00", "end": "08:00"},
                    {"day": 0, "start": "09:00", "end": "24:00"},
                ],
            },
            {"id": "L2", "name": "乾清宫", "zone": "Z1", "tags": ["hall"]},
        ],
        "crews": [
            {"id": "CA", "name": "old crew", "first_day": 0, "last_day": 0},
            {"id": "CB", "name": "new crew", "first_day": 0, "last_day": 0},
        ],
        "scenes": [
            {"id": "A", "crew": "CA", "minutes": 60, "location_tags": ["hall"]},
            {"id": "B", "crew": "CB", "minutes": 60, "locations": ["L1"], "priority": 5},
        ],
        "performers": [],
        "previous": [{"scene": "A", "location": "L1", "day": 0, "start": "08:00"}],
    }


def placed(run: PlanRun) -> dict[str, tuple[str, str]]:
    return {a["scene"]: (a["location"], a["start"]) for a in run.plan["assignments"]}


def test_plan_run_manual_replan_moves_for_value(
    crowded_hall, horizon_start, django_capture_on_commit_callbacks
):
    imported(crowded_hall, django_capture_on_commit_callbacks)
    run = run_to_end(django_capture_on_commit_callbacks, start=horizon_start, days=1)
    assert placed(run)["B"] == ("L1", "08:00")
    assert placed(run)["A"][0] == "L2"
    assert run.stats["previous_moved"] == 1


def test_plan_run_spike_replan_pins_the_plan_in_force_past_the_budget(
    crowded_hall, horizon_start, settings, django_capture_on_commit_callbacks
):
    settings.PLANNING_SPIKE_MAX_MOVED_PERCENT = 0
    imported(crowded_hall, django_capture_on_commit_callbacks)
    run = run_to_end(
        django_capture_on_commit_callbacks,
        start=horizon_start,
        days=1,
        trigger=PlanRun.Trigger.DEMAND_SPIKE,
    )
    assert run.status == "succeeded", run.error
    assert placed(run) == {"A": ("L1", "08:00")}
    assert [u["scene"] for u in run.unscheduled] == ["B"]
    assert (run.stats["previous_moved"], run.stats["previous_dropped"]) == (0, 0)
    assert run.stats["stability"] == (
        "the free re-plan moved or dropped 1 and 0 of 1 bookings in force, more than 0%: "
        "they were pinned"
    )
