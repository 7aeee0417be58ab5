"""The optimiser and the baseline on hand-made nights: past midnight, rest, moves at dawn."""

import pytest

from scheduling.solver.baseline import baseline_plan
from scheduling.solver.checker import check_plan
from scheduling.solver.optimise import solve
from scheduling.solver.plan import plan_to_json

from .night_instances import H, closed, night_instance, scene


def _optimiser(instance):
    return solve(instance, time_limit=1, seed=0, workers=1).plan


PLANNERS = [pytest.param(_optimiser, id="optimiser"), pytest.param(baseline_plan, id="baseline")]


def _placed(plan) -> dict[str, tuple[str, int, int, int]]:
    return {a.scene: (a.location, a.day, a.start, a.end) for a in plan.assignments}


@pytest.mark.parametrize("planner", PLANNERS)
def test_plan_night_scene_22_to_26_is_placed(planner):
    # L1 is open on day 0 only 22:00-02:00: the scene runs over midnight and belongs to day 0.
    instance = night_instance(
        horizon={"start": "2025-08-04", "days": 1, "day_end": "30:00"},
        locations=[closed("L1", (0, "06:00", "22:00"), (0, "26:00", "30:00")), closed("L2")],
        scenes=[scene("N", 240, time_of_day="night")],
    )
    plan = planner(instance)
    assert _placed(plan) == {"N": ("L1", 0, 22 * H, 26 * H)}
    assert plan_to_json(plan)["assignments"][0]["end"] == "26:00"
    assert check_plan(instance, plan) == []


def _wrapped_at_27(crew_rest: int, performer_rest: int = 0, extras=()):
    """Crew C1 locked at L1 day 0 25:00-27:00; T (60 minutes, day 1) at L1, open until 12:00."""
    line = [{"count": 1}] if extras else []
    return night_instance(
        locations=[closed("L1", (1, "12:00", "30:00")), closed("L2")],
        crews=[
            {"id": "C1", "name": "night drama", "min_rest_minutes": crew_rest},
            {"id": "C2", "name": "day drama"},
        ],
        scenes=[
            scene("K", 120, extras=line),
            scene("T", 60, crew=extras[0] if extras else "C1", first_day=1, extras=line),
        ],
        performers=[{"id": "P1", "gender": "F", "age": 25, "min_rest_minutes": performer_rest}],
        locked=[
            {
                "scene": "K",
                "location": "L1",
                "day": 0,
                "start": "25:00",
                **({"performers": [["P1"]]} if extras else {}),
            }
        ],
    )


@pytest.mark.parametrize("planner", PLANNERS)
def test_plan_crew_with_eight_hours_rest_starts_at_11_after_wrapping_at_27(planner):
    instance = _wrapped_at_27(crew_rest=480)
    plan = planner(instance)
    assert _placed(plan) == {
        "K": ("L1", 0, 25 * H, 27 * H),
        "T": ("L1", 1, 11 * H, 12 * H),
    }
    assert check_plan(instance, plan) == []


@pytest.mark.parametrize("planner", PLANNERS)
def test_plan_crew_without_rest_starts_at_dawn_after_wrapping_at_27(planner):
    instance = _wrapped_at_27(crew_rest=0)
    plan = planner(instance)
    assert _placed(plan)["T"] == ("L1", 1, 6 * H, 7 * H)
    assert check_plan(instance, plan) == []


@pytest.mark.parametrize(
    ("planner", "reason", "detail"),
    [
        (
            _optimiser,
            "crew_window",
            "8月5日有空闲的场景 L1 中的任何一处，但只在剧组 C1 休息（600 分钟）或在相邻拍摄日"
            "之间转场的时候：请调整剧组前一天或后一天的场次，或缩短休息",
        ),
        (
            # The locked night is what keeps the crew resting until 13:00.
            baseline_plan,
            "locked_conflict",
            "locked bookings hold every location among L1 or crew C1 on day 1 between 06:00 "
            "and 30:00",
        ),
    ],
    ids=["optimiser", "baseline"],
)
def test_plan_crew_with_ten_hours_rest_cannot_shoot_before_the_set_closes(planner, reason, detail):
    instance = _wrapped_at_27(crew_rest=600)
    plan = planner(instance)
    assert sorted(_placed(plan)) == ["K"]
    assert [(u.scene, u.reason, u.detail) for u in plan.unscheduled] == [("T", reason, detail)]
    assert check_plan(instance, plan) == []


@pytest.mark.parametrize("planner", PLANNERS)
def test_plan_performer_with_eight_hours_rest_is_called_at_11(planner):
    # T is crew C2's (no rest): only P1, who wrapped K at 27:00, can fill its line.
    instance = _wrapped_at_27(crew_rest=0, performer_rest=480, extras=("C2",))
    plan = planner(instance)
    placed = {a.scene: a for a in plan.assignments}
    assert (placed["T"].day, placed["T"].start, placed["T"].performers) == (1, 11 * H, (("P1",),))
    assert check_plan(instance, plan) == []


@pytest.mark.parametrize("planner", PLANNERS)
def test_plan_move_at_dawn_waits_for_the_drive(planner):
    # C1 wraps at L2 (west) at 30:00; L1 is an hour east: T starts at 07:00, not 06:00.
    instance = night_instance(
        locations=[closed("L1", (1, "08:00", "30:00")), closed("L2")],
        scenes=[scene("K", 120, locations=["L2"]), scene("T", 60, first_day=1)],
        locked=[{"scene": "K", "location": "L2", "day": 0, "start": "28:00"}],
    )
    plan = planner(instance)
    assert _placed(plan)["T"] == ("L1", 1, 7 * H, 8 * H)
    assert check_plan(instance, plan) == []


@pytest.mark.parametrize("planner", PLANNERS)
def test_plan_rest_holds_looking_back_from_a_locked_next_day(planner):
    # The locked scene is on day 1 at 10:00; with eight hours' rest C1's day 0 must end by
    # 26:00, so the three-hour night scene (L1 open from 22:00) must start 22:00-23:00; the
    # earliest is taken.
    instance = night_instance(
        crews=[{"id": "C1", "name": "night", "min_rest_minutes": 480}, {"id": "C2", "name": "d"}],
        locations=[closed("L1", (0, "06:00", "22:00")), closed("L2")],
        scenes=[scene("N", 180, time_of_day="night", last_day=0), scene("K", 60)],
        locked=[{"scene": "K", "location": "L1", "day": 1, "start": "10:00"}],
    )
    plan = planner(instance)
    assert _placed(plan)["N"] == ("L1", 0, 22 * H, 25 * H)
    assert check_plan(instance, plan) == []


def test_baseline_plan_scene_kept_out_by_rest_names_it():
    # A (first in input order) takes the night 25:00-27:00; with ten hours' rest C1 cannot be
    # back before 13:00 of day 1, and L1 closes at 12:00 that day.
    instance = night_instance(
        crews=[{"id": "C1", "name": "night", "min_rest_minutes": 600}, {"id": "C2", "name": "d"}],
        locations=[closed("L1", (0, "06:00", "25:00"), (1, "12:00", "30:00")), closed("L2")],
        scenes=[scene("A", 120, last_day=0), scene("T", 60, first_day=1)],
    )
    plan = baseline_plan(instance)
    assert _placed(plan) == {"A": ("L1", 0, 25 * H, 27 * H)}
    assert [(u.scene, u.reason, u.detail) for u in plan.unscheduled] == [
        (
            "T",
            "crew_window",
            "crew C1 is busy, resting between shooting days or past its 840-minute day "
            "whenever a location among L1 is free on day 1 between 06:00 and 30:00",
        )
    ]
