"""The checker on shooting days that run past midnight, with rest between shooting days."""

from scheduling.solver.checker import Violation, check_plan
from scheduling.solver.model import Assignment, Plan

from .night_instances import H, closed, night_instance, scene


def _plan(*assignments: Assignment) -> Plan:
    return Plan(assignments=assignments)


def _two_scenes(crew_rest=0, performer_rest=0, extras=False, limit=600):
    line = [{"count": 1}] if extras else []
    return night_instance(
        crews=[
            {"id": "C1", "name": "night drama", "min_rest_minutes": crew_rest},
            {"id": "C2", "name": "day drama"},
        ],
        scenes=[
            scene("K", 120, locations=["L2"], extras=line),
            scene("T", 60, extras=line),
        ],
        performers=[
            {
                "id": "P1",
                "gender": "F",
                "age": 25,
                "min_rest_minutes": performer_rest,
                "max_minutes_per_day": limit,
            }
        ],
    )


def test_check_plan_night_scene_past_midnight_is_correct():
    instance = _two_scenes(crew_rest=480)
    plan = _plan(
        Assignment("K", "L2", 0, 22 * H, 24 * H),
        Assignment("T", "L1", 1, 11 * H, 12 * H),
    )
    assert check_plan(instance, plan) == []


def test_check_plan_crew_rest_broken_across_midnight():
    instance = _two_scenes(crew_rest=480)
    plan = _plan(
        Assignment("K", "L2", 0, 25 * H, 27 * H),
        Assignment("T", "L1", 1, 10 * H, 11 * H),
    )
    assert check_plan(instance, plan) == [
        Violation(
            6,
            "crew C1 rests 420 minutes between K (day 0, ends 27:00) and T (day 1, starts "
            "10:00), needs 480",
            ("C1", "K", "T"),
        )
    ]


def test_check_plan_crew_move_across_the_day_boundary():
    instance = _two_scenes()
    plan = _plan(
        Assignment("K", "L2", 0, 28 * H, 30 * H),
        Assignment("T", "L1", 1, 6 * H + 30, 7 * H + 30),
    )
    assert check_plan(instance, plan) == [
        Violation(
            6,
            "crew C1: 30 minutes from L2 to L1 between K (day 0, ends 30:00) and T (day 1, "
            "starts 06:30), the move takes 60",
            ("C1", "K", "T"),
        )
    ]


def test_check_plan_rest_and_move_both_short_are_two_violations():
    instance = _two_scenes(crew_rest=120)
    plan = _plan(
        Assignment("K", "L2", 0, 28 * H, 30 * H),
        Assignment("T", "L1", 1, 6 * H + 30, 7 * H + 30),
    )
    assert [(v.rule, v.objects, v.message.split(" ")[2]) for v in check_plan(instance, plan)] == [
        (6, ("C1", "K", "T"), "rests"),
        (6, ("C1", "K", "T"), "30"),
    ]


def test_check_plan_performer_rest_broken_across_midnight():
    instance = _two_scenes(performer_rest=480, extras=True)
    plan = _plan(
        Assignment("K", "L2", 0, 25 * H, 27 * H, (("P1",),)),
        Assignment("T", "L1", 1, 10 * H, 11 * H, (("P1",),)),
    )
    assert check_plan(instance, plan) == [
        Violation(
            8,
            "performer P1 rests 420 minutes between K (day 0, ends 27:00) and T (day 1, "
            "starts 10:00), needs 480",
            ("P1", "K", "T"),
        )
    ]


def test_check_plan_performer_rest_kept_at_eight_hours():
    instance = _two_scenes(performer_rest=480, extras=True)
    plan = _plan(
        Assignment("K", "L2", 0, 25 * H, 27 * H, (("P1",),)),
        Assignment("T", "L1", 1, 11 * H, 12 * H, (("P1",),)),
    )
    assert check_plan(instance, plan) == []


def test_check_plan_daily_limit_is_per_shooting_day():
    # 02:00-04:00 of the second date belongs to day 0; day 1's scene has its own limit.
    instance = _two_scenes(extras=True, limit=120)
    plan = _plan(
        Assignment("K", "L2", 0, 26 * H, 28 * H, (("P1",),)),
        Assignment("T", "L1", 1, 18 * H, 19 * H, (("P1",),)),
    )
    assert check_plan(instance, plan) == []


def test_check_plan_daily_limit_past_midnight_is_broken():
    instance = _two_scenes(extras=True, limit=150)
    plan = _plan(
        Assignment("K", "L2", 0, 22 * H, 24 * H, (("P1",),)),
        Assignment("T", "L1", 0, 26 * H, 27 * H, (("P1",),)),
    )
    assert check_plan(instance, plan) == [
        Violation(8, "performer P1 works 180 minutes on day 0, more than 150", ("P1", "K", "T"))
    ]


def test_check_plan_capacity_past_midnight():
    instance = night_instance(
        scenes=[scene("A", 60), scene("B", 60, crew="C2")],
    )
    plan = _plan(
        Assignment("A", "L1", 0, 25 * H, 26 * H),
        Assignment("B", "L1", 0, 25 * H + 30, 26 * H + 30),
    )
    assert check_plan(instance, plan) == [
        Violation(5, "L1 holds 2 scenes at 25:30 on day 0, capacity 1", ("L1", "A", "B"))
    ]


def test_check_plan_closure_past_midnight():
    instance = night_instance(
        locations=[closed("L1", (0, "26:00", "28:00")), closed("L2")],
        scenes=[scene("A", 60)],
    )
    plan = _plan(Assignment("A", "L1", 0, 27 * H, 28 * H))
    assert check_plan(instance, plan) == [
        Violation(4, "A at L1 day 0 27:00-28:00 overlaps its closure 26:00-28:00", ("A", "L1"))
    ]


def test_check_plan_longest_day_counts_past_midnight():
    instance = night_instance(
        crews=[{"id": "C1", "name": "night", "max_span_minutes": 600}, {"id": "C2", "name": "d"}],
        scenes=[scene("A", 60), scene("B", 60)],
    )
    plan = _plan(
        Assignment("A", "L1", 0, 18 * H, 19 * H),
        Assignment("B", "L1", 0, 28 * H, 29 * H),
    )
    assert check_plan(instance, plan) == [
        Violation(7, "crew C1's day 0 spans 660 minutes, more than 600", ("C1", "A", "B"))
    ]


def test_check_plan_scene_past_day_end_is_outside_the_day():
    instance = night_instance(scenes=[scene("A", 60)])
    plan = _plan(Assignment("A", "L1", 0, 29 * H + 30, 30 * H + 30))
    assert check_plan(instance, plan) == [Violation(3, "A 29:30-30:30 is outside the day", ("A",))]
