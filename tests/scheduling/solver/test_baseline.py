import datetime as dt
from dataclasses import replace

import pytest

from scheduling.solver.baseline import baseline_plan
from scheduling.solver.checker import check_plan
from scheduling.solver.explain import explain_unscheduled
from scheduling.solver.generate import generate_instance
from scheduling.solver.instance import load_instance
from scheduling.solver.metrics import plan_value
from scheduling.solver.model import (
    Assignment,
    Crew,
    ExtrasLine,
    Horizon,
    Instance,
    Location,
    Locked,
    Scene,
    Unscheduled,
    Zone,
)
from scheduling.solver.timeline import Timeline

from .test_instance import EXAMPLE
from .tiny_instances import H, hall_instance


def one_hall(*scenes: Scene, spans=(1080, 1080), locked=()) -> Instance:
    """One hall (capacity 1) open 06:00-24:00 and two crews A and B."""
    return Instance(
        horizon=Horizon(start=dt.date(2025, 8, 4), days=1),
        zones=(Zone("Z", "明清宫苑"),),
        locations=(Location("L1", "大殿", "Z", ("hall",)),),
        crews=(
            Crew("A", "palace", max_span_minutes=spans[0]),
            Crew("B", "revenge", max_span_minutes=spans[1]),
        ),
        scenes=scenes,
        locked=locked,
    )


def scenes_once(instance: Instance, plan) -> bool:
    ids = [a.scene for a in plan.assignments] + [u.scene for u in plan.unscheduled]
    return sorted(ids) == sorted(s.id for s in instance.scenes)


def test_baseline_plan_hall_instance_worked_by_hand():
    plan = baseline_plan(hall_instance())
    assert plan.assignments == (
        Assignment("S1", "L1", 0, 6 * H, 7 * H, (("P1",),)),
        Assignment("S2", "L3", 1, 18 * H, 19 * H, ()),
        Assignment("S3", "L1", 0, 7 * H, 7 * H + 30, (("P2",),)),
        Assignment("S4", "L3", 0, 6 * H, 6 * H + 30, ()),
        Assignment("S5", "L1", 1, 8 * H, 9 * H, (("P1",),)),
    )
    assert plan.unscheduled == ()
    assert plan.stats["value"] == 480
    assert check_plan(hall_instance(), plan) == []


def test_baseline_plan_example_passes_checker():
    instance = load_instance(EXAMPLE)
    plan = baseline_plan(instance)
    assert check_plan(instance, plan) == []
    assert scenes_once(instance, plan)
    assert plan_value(instance, plan) == plan.stats["value"] == 1020


@pytest.mark.parametrize("seed", [1, 2])
def test_baseline_plan_generated_small_passes_checker(seed):
    instance = generate_instance("S", seed)
    plan = baseline_plan(instance)
    assert check_plan(instance, plan) == []
    assert scenes_once(instance, plan)


def test_baseline_plan_tag_no_location_has_is_no_location():
    snow = Scene("C2-S9", "C2", 30, ("snowfield",))
    instance = replace(hall_instance(), scenes=hall_instance().scenes + (snow,))
    plan = baseline_plan(instance)
    assert plan.unscheduled == (
        Unscheduled("C2-S9", "no_location", "no location tagged snowfield exists"),
    )


def test_baseline_plan_missing_extras_is_extras_shortage():
    crowd = ExtrasLine(count=3, gender="F", min_age=18, max_age=30, tags=("costume",))
    scene = Scene("C2-S9", "C2", 30, ("hall",), extras=(crowd,))
    instance = replace(hall_instance(), scenes=hall_instance().scenes + (scene,))
    plan = baseline_plan(instance)
    assert plan.unscheduled == (
        Unscheduled(
            "C2-S9",
            "extras_shortage",
            "needs 3 extras F aged 18-30 tagged costume on day 0, only 1 in the guild match "
            "and are available",
        ),
    )
    assert check_plan(instance, plan) == []


def test_baseline_plan_extras_booked_elsewhere_is_extras_shortage():
    # P1 is the only matching extra available on day 0 and S1 takes their whole 60 minutes.
    line = ExtrasLine(count=1, gender="F", min_age=18, max_age=30, tags=("costume",))
    scene = Scene("C2-S9", "C2", 30, ("hall",), extras=(line,))
    instance = replace(hall_instance(), scenes=hall_instance().scenes + (scene,))
    plan = baseline_plan(instance)
    assert plan.unscheduled == (
        Unscheduled(
            "C2-S9",
            "extras_shortage",
            "needs 1 extras F aged 18-30 tagged costume on day 0, 0 are free "
            "(2 in the guild match)",
        ),
    )


def test_baseline_plan_hall_taken_all_day_is_no_time():
    instance = one_hall(Scene("A1", "A", 1080, ("hall",)), Scene("B1", "B", 60, ("hall",)))
    plan = baseline_plan(instance)
    assert plan.unscheduled == (
        Unscheduled(
            "B1",
            "no_time",
            "no location tagged hall is free for 60 minutes on day 0 between 06:00 and 24:00",
        ),
    )


def test_baseline_plan_hall_locked_all_day_is_locked_conflict():
    instance = one_hall(
        Scene("B1", "B", 60, ("hall",)),
        Scene("A1", "A", 1080, ("hall",)),
        locked=(Locked("A1", "L1", 0, 6 * H),),
    )
    plan = baseline_plan(instance)
    assert plan.assignments == (Assignment("A1", "L1", 0, 6 * H, 24 * H, ()),)
    assert [(u.scene, u.reason) for u in plan.unscheduled] == [("B1", "locked_conflict")]


def test_baseline_plan_crew_day_full_is_crew_window():
    instance = one_hall(
        Scene("A1", "A", 60, ("hall",)), Scene("A2", "A", 60, ("hall",)), spans=(60, 60)
    )
    plan = baseline_plan(instance)
    assert [(u.scene, u.reason) for u in plan.unscheduled] == [("A2", "crew_window")]
    assert plan.unscheduled[0].detail == (
        "crew A is busy or past its 60-minute day whenever a location tagged hall is free "
        "on day 0 between 06:00 and 24:00"
    )


def test_baseline_plan_night_scene_longer_than_night_is_no_time():
    instance = one_hall(Scene("A1", "A", 420, ("hall",), time_of_day="night"))
    plan = baseline_plan(instance)
    assert plan.unscheduled == (
        Unscheduled(
            "A1", "no_time", "420 minutes do not fit on day 0 between 18:00 and 24:00 (night scene)"
        ),
    )


def test_baseline_plan_crews_in_arrival_order():
    instance = one_hall(Scene("A1", "A", 60, ("hall",)), Scene("B1", "B", 60, ("hall",)))
    b_first = replace(instance, crews=instance.crews[::-1])
    assert baseline_plan(instance).assignments == (
        Assignment("A1", "L1", 0, 6 * H, 7 * H, ()),
        Assignment("B1", "L1", 0, 7 * H, 8 * H, ()),
    )
    assert baseline_plan(b_first).assignments == (
        Assignment("A1", "L1", 0, 7 * H, 8 * H, ()),
        Assignment("B1", "L1", 0, 6 * H, 7 * H, ()),
    )


def test_explain_unscheduled_free_slot_is_not_worth():
    instance = one_hall(Scene("A1", "A", 60, ("hall",)))
    reason, detail = explain_unscheduled(instance, instance.scenes[0], Timeline(instance))
    assert (reason, detail) == (
        "not_worth",
        "left out for better-valued work; it fits at L1 on day 0 at 06:00",
    )


def test_baseline_plan_scene_longer_than_crew_day_is_crew_window():
    instance = one_hall(Scene("A1", "A", 180, ("hall",)), spans=(120, 120))
    assert baseline_plan(instance).unscheduled == (
        Unscheduled("A1", "crew_window", "180 minutes are longer than crew A's 120-minute day"),
    )
