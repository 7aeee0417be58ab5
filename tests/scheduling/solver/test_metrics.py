from dataclasses import replace

from scheduling.solver.metrics import plan_metrics, plan_value, scene_value
from scheduling.solver.model import Assignment, Plan, Previous

from .tiny_instances import H, hall_instance, hall_plan


def test_scene_value_is_priorities_times_minutes():
    instance = hall_instance()
    assert [scene_value(instance, s) for s in instance.scenes] == [120, 120, 90, 30, 120]


def test_plan_value_counts_each_known_scene_once():
    plan = hall_plan()
    doubled = Plan(
        assignments=plan.assignments
        + plan.assignments[:1]
        + (replace(plan.assignments[0], scene="S9"),)
    )
    assert plan_value(hall_instance(), plan) == 480
    assert plan_value(hall_instance(), doubled) == 480


def test_plan_metrics_hall_plan_worked_by_hand():
    instance = replace(
        hall_instance(),
        previous=(
            Previous("S1", "L1", 0, 8 * H),
            Previous("S2", "L3", 0, 20 * H),
            Previous("S4", "L3", 0, 9 * H),
        ),
    )
    # C1: day 0 S1 at L1 then S2 at L3 (one move), day 1 S5; C2: day 0 S3 at L2 then S4 at L3.
    # Actor A1 shoots on day 0 only: no holding day. S2 moved from 20:00 to 18:00.
    assert plan_metrics(instance, hall_plan()) == {
        "value": 480,
        "scheduled": 5,
        "unscheduled": 0,
        "crew_days": 3,
        "company_moves": 2,
        "cast_holding_days": 0,
        "moved_scenes": 1,
        "extras_places": 3,
        "performers_used": 3,
        "performer_minutes_max": 60,
        "performer_minutes_min": 30,
        "performer_minutes_std": 14.1,
        "mean_reliability": 1.0,
    }


def test_plan_metrics_cast_holding_day_between_shooting_days():
    instance = hall_instance()
    instance = replace(instance, horizon=replace(instance.horizon, days=3))
    s2 = replace(instance.scenes[1], last_day=2)
    c1 = replace(instance.crews[0], last_day=2)
    instance = replace(
        instance,
        scenes=(instance.scenes[0], s2) + instance.scenes[2:],
        crews=(c1, instance.crews[1]),
    )
    plan = hall_plan(S2=Assignment("S2", "L3", 2, 18 * H, 19 * H, ()))
    metrics = plan_metrics(instance, plan)
    assert (metrics["cast_holding_days"], metrics["crew_days"]) == (1, 4)
