from dataclasses import replace

from scheduling.solver.checker import Violation, check_plan
from scheduling.solver.model import Assignment, Locked, Plan, Unscheduled

from .tiny_instances import H, hall_instance, hall_plan


def rules_and_objects(violations: list[Violation]) -> list[tuple[int, tuple[str, ...]]]:
    return [(v.rule, v.objects) for v in violations]


def test_check_plan_correct_plan_has_no_violations():
    assert check_plan(hall_instance(), hall_plan()) == []


def test_check_plan_rule_1_bookkeeping():
    plan = hall_plan()
    s1, s2, s3, s4, _ = plan.assignments
    broken = Plan(
        assignments=(s1, s1, s2, replace(s3, location="L9"), s4, replace(s4, scene="S9")),
        unscheduled=(
            Unscheduled("S2", "no_time"),
            Unscheduled("S8", "no_time"),
            Unscheduled("S5", "too_busy"),
        ),
    )
    assert rules_and_objects(check_plan(hall_instance(), broken)) == [
        (1, ("S1",)),
        (1, ("S3", "L9")),
        (1, ("S9",)),
        (1, ("S2",)),
        (1, ("S8",)),
        (1, ("S5",)),
    ]


def test_check_plan_rule_1_scene_in_neither_list():
    plan = hall_plan()
    broken = Plan(assignments=plan.assignments[:4])
    assert rules_and_objects(check_plan(hall_instance(), broken)) == [(1, ("S5",))]


def test_check_plan_rule_1_unknown_performer():
    plan = hall_plan(S3=Assignment("S3", "L2", 0, 8 * H, 8 * H + 30, (("P7",),)))
    assert rules_and_objects(check_plan(hall_instance(), plan)) == [(1, ("S3", "P7"))]


def test_check_plan_rule_2_location_lacks_tags():
    plan = hall_plan(S3=Assignment("S3", "L3", 0, 8 * H, 8 * H + 30, (("P2",),)))
    violations = check_plan(hall_instance(), plan)
    assert rules_and_objects(violations) == [(2, ("S3", "L3"))]
    assert violations[0].message == "L3 lacks tags hall for S3"


def test_check_plan_rule_2_location_not_in_scene_list():
    plan = hall_plan(S4=Assignment("S4", "L2", 0, 9 * H, 9 * H + 30, ()))
    assert rules_and_objects(check_plan(hall_instance(), plan)) == [(2, ("S4", "L2"))]


def test_check_plan_rule_3_wrong_length_and_night_scene_by_day():
    plan = hall_plan(
        S4=Assignment("S4", "L3", 0, 9 * H, 10 * H, ()),
        S2=Assignment("S2", "L3", 0, 17 * H, 18 * H, ()),
    )
    violations = check_plan(hall_instance(), plan)
    assert rules_and_objects(violations) == [(3, ("S2",)), (3, ("S4",))]
    assert [v.message for v in violations] == [
        "S2 is a night scene starting at 17:00",
        "S4 lasts 60 minutes instead of 30",
    ]


def test_check_plan_rule_3_day_outside_windows_and_off_grid():
    plan = hall_plan(
        S4=Assignment("S4", "L3", 1, 9 * H, 9 * H + 30, ()),
        S3=Assignment("S3", "L2", 0, 8 * H + 10, 8 * H + 40, (("P2",),)),
    )
    assert [v.message for v in check_plan(hall_instance(), plan)] == [
        "S3 08:10-08:40 is off the 30-minute grid",
        "S4 on day 1 outside its days 0-0",
        "S4 on day 1 outside crew C2's days",
    ]


def test_check_plan_rule_4_closure():
    plan = hall_plan(S1=Assignment("S1", "L1", 0, 11 * H + 30, 12 * H + 30, (("P1",),)))
    violations = check_plan(hall_instance(), plan)
    assert rules_and_objects(violations) == [(4, ("S1", "L1"))]
    assert violations[0].message == "S1 at L1 day 0 11:30-12:30 overlaps its closure 12:00-13:00"


def test_check_plan_rule_5_capacity():
    plan = hall_plan(S3=Assignment("S3", "L1", 0, 8 * H, 8 * H + 30, (("P2",),)))
    assert rules_and_objects(check_plan(hall_instance(), plan)) == [(5, ("L1", "S1", "S3"))]


def test_check_plan_rule_5_capacity_two_holds_two():
    plan = hall_plan(S3=Assignment("S3", "L2", 0, 8 * H, 8 * H + 30, (("P2",),)))
    instance = hall_instance()
    instance = replace(instance, scenes=instance.scenes[:4] + (replace(instance.scenes[4]),))
    assert check_plan(instance, plan) == []


def test_check_plan_rule_6_crew_overlap():
    plan = hall_plan(S4=Assignment("S4", "L3", 0, 8 * H, 8 * H + 30, ()))
    assert rules_and_objects(check_plan(hall_instance(), plan)) == [(6, ("C2", "S3", "S4"))]


def test_check_plan_rule_6_move_time_between_zones():
    plan = hall_plan(S4=Assignment("S4", "L3", 0, 8 * H + 30, 9 * H, ()))
    violations = check_plan(hall_instance(), plan)
    assert rules_and_objects(violations) == [(6, ("C2", "S3", "S4"))]
    assert violations[0].message == (
        "crew C2 day 0: 0 minutes from L2 to L3 between S3 and S4, the move takes 30"
    )


def test_check_plan_rule_7_longest_day():
    plan = hall_plan(S1=Assignment("S1", "L1", 0, 7 * H + 30, 8 * H + 30, (("P1",),)))
    violations = check_plan(hall_instance(), plan)
    assert rules_and_objects(violations) == [(7, ("C1", "S1", "S2"))]
    assert violations[0].message == "crew C1's day 0 spans 690 minutes, more than 660"


def test_check_plan_rule_8_count_and_match():
    plan = hall_plan(
        S1=Assignment("S1", "L1", 0, 8 * H, 9 * H, (("P2",),)),
        S5=Assignment("S5", "L2", 1, 10 * H, 11 * H, (("P3", "P1"),)),
    )
    violations = check_plan(hall_instance(), plan)
    assert rules_and_objects(violations) == [
        (8, ("S1", "P2")),
        (8, ("S5",)),
        (8, ("P2", "S3", "S1")),
    ]
    assert [v.message for v in violations] == [
        "P2 in S1 line 0: gender M, the line wants F",
        "S5 line 0 has 2 performers, needs 1",
        "performer P2 day 0: S3 and S1 overlap",
    ]


def test_check_plan_rule_8_availability_and_missing_list():
    plan = hall_plan(
        S1=Assignment("S1", "L1", 0, 8 * H, 9 * H, (("P3",),)),
        S3=Assignment("S3", "L2", 0, 8 * H, 8 * H + 30, ()),
    )
    assert [v.message for v in check_plan(hall_instance(), plan)] == [
        "P3 in S1 line 0: not available on day 0",
        "S3 has 0 performer lists for 1 extras lines",
    ]


def test_check_plan_rule_8_move_and_daily_minutes():
    plan = hall_plan(
        S3=Assignment("S3", "L2", 0, 9 * H, 9 * H + 30, (("P1",),)),
        S4=Assignment("S4", "L3", 0, 10 * H, 10 * H + 30, ()),
    )
    violations = check_plan(hall_instance(), plan)
    assert rules_and_objects(violations) == [(8, ("P1", "S1", "S3")), (8, ("P1", "S1", "S3"))]
    assert [v.message for v in violations] == [
        "performer P1 day 0: 0 minutes from L1 to L2 between S1 and S3, the move takes 15",
        "performer P1 works 90 minutes on day 0, more than 60",
    ]


def test_check_plan_rule_8_same_performer_twice_in_scene():
    instance = hall_instance()
    two = replace(instance.scenes[2], extras=instance.scenes[2].extras * 2)
    instance = replace(instance, scenes=instance.scenes[:2] + (two,) + instance.scenes[3:])
    plan = hall_plan(S3=Assignment("S3", "L2", 0, 8 * H, 8 * H + 30, (("P2",), ("P2",))))
    assert rules_and_objects(check_plan(instance, plan)) == [(8, ("S3", "P2"))]


def test_check_plan_rule_9_locked_moved_or_other_extras():
    instance = replace(
        hall_instance(),
        locked=(Locked("S1", "L1", 0, 8 * H, (("P1",),)), Locked("S3", "L2", 0, 7 * H)),
    )
    assert (
        check_plan(instance, hall_plan(S3=Assignment("S3", "L2", 0, 7 * H, 7 * H + 30, (("P2",),))))
        == []
    )
    plan = hall_plan(S1=Assignment("S1", "L1", 0, 8 * H, 9 * H, (("P3",),)))
    violations = check_plan(instance, plan)
    assert rules_and_objects(violations) == [(8, ("S1", "P3")), (9, ("S1",)), (9, ("S3",))]
    assert [v.message for v in violations][1:] == [
        "locked S1 has other extras than booked",
        "locked S3 is at L2 day 0 08:00, not L2 day 0 07:00",
    ]


def test_check_plan_rule_9_locked_left_out():
    instance = replace(hall_instance(), locked=(Locked("S4", "L3", 0, 9 * H),))
    plan = hall_plan()
    broken = Plan(
        assignments=plan.assignments[:3] + plan.assignments[4:],
        unscheduled=(Unscheduled("S4", "no_time"),),
    )
    assert rules_and_objects(check_plan(instance, broken)) == [(9, ("S4",))]
