"""The optimiser on tiny instances whose best plan is worked out by hand, and its guarantees."""

from __future__ import annotations

from dataclasses import replace

from scheduling.solver.checker import check_plan
from scheduling.solver.generate import generate_instance
from scheduling.solver.instance import parse_instance
from scheduling.solver.model import Locked, Previous
from scheduling.solver.optimise import Progress, solve


def _instance(**parts) -> object:
    """A one-day instance, 06:00-10:00, two zones an hour apart; ``parts`` override lists."""
    data = {
        "format": "hengdian-instance/1",
        "horizon": {
            "start": "2025-08-04",
            "days": 1,
            "day_start": "06:00",
            "day_end": "10:00",
            "night_from": "10:00",
        },
        "zones": [{"id": "east", "name": "East"}, {"id": "west", "name": "West"}],
        "travel_minutes": [{"from": "east", "to": "west", "minutes": 60}],
        "locations": [
            {"id": "L1", "name": "palace hall", "zone": "east", "tags": ["palace"]},
            {"id": "L2", "name": "old street", "zone": "west", "tags": ["street"]},
        ],
        "crews": [{"id": "C1", "name": "palace drama", "max_span_minutes": 240}],
        "scenes": [],
        "performers": [],
    }
    data.update(parts)
    return parse_instance(data)


def _scene(ident: str, minutes: int, priority: int, tags: list[str], **more) -> dict:
    return {
        "id": ident,
        "crew": "C1",
        "minutes": minutes,
        "priority": priority,
        "location_tags": tags,
        **more,
    }


def _placed(plan) -> dict[str, tuple[str, int, int]]:
    return {a.scene: (a.location, a.day, a.start) for a in plan.assignments}


def test_solve_tiny_knapsack_keeps_the_densest_scenes():
    # Four hours of crew and set; three two-hour scenes: the best pair is A (3) and C (2).
    instance = _instance(
        scenes=[
            _scene("A", 120, 3, ["palace"]),
            _scene("B", 120, 1, ["palace"]),
            _scene("C", 120, 2, ["palace"]),
        ]
    )
    result = solve(instance, time_limit=2, seed=1)
    assert result.value == 3 * 120 + 2 * 120
    assert sorted(_placed(result.plan)) == ["A", "C"]
    assert [(u.scene, u.reason) for u in result.plan.unscheduled] == [("B", "not_worth")]
    assert check_plan(instance, result.plan) == []


def test_solve_tiny_move_time_keeps_the_crew_at_one_set():
    # X (palace, 60 min, 2), Z (palace, 120 min, 2), Y (street, 60 min, 1). All three need
    # 240 minutes of shooting plus the hour's drive: too long. X+Z = 360 beats Y+Z = 300.
    instance = _instance(
        scenes=[
            _scene("X", 60, 2, ["palace"]),
            _scene("Y", 60, 1, ["street"]),
            _scene("Z", 120, 2, ["palace"]),
        ]
    )
    result = solve(instance, time_limit=2, seed=1)
    assert result.value == 360
    placed = _placed(result.plan)
    assert sorted(placed) == ["X", "Z"]
    assert {where[0] for where in placed.values()} == {"L1"}
    assert check_plan(instance, result.plan) == []


def test_solve_scene_needing_a_missing_tag_is_no_location():
    instance = _instance(scenes=[_scene("H", 60, 1, ["hospital-ward"])])
    result = solve(instance, time_limit=1, seed=0)
    assert result.plan.assignments == ()
    assert [(u.scene, u.reason) for u in result.plan.unscheduled] == [("H", "no_location")]
    assert "hospital-ward" in result.plan.unscheduled[0].detail


def test_solve_scene_whose_extras_cannot_be_found_is_extras_shortage():
    line = {"count": 2, "gender": "F", "min_age": 18, "max_age": 35, "tags": ["ancient-costume"]}
    performers = [
        {"id": "P1", "gender": "F", "age": 20, "tags": ["ancient-costume"], "available_days": [0]},
        {"id": "P2", "gender": "M", "age": 20, "tags": ["ancient-costume"], "available_days": [0]},
    ]
    instance = _instance(
        scenes=[_scene("E", 60, 1, ["palace"], extras=[line])], performers=performers
    )
    result = solve(instance, time_limit=1, seed=0)
    assert [(u.scene, u.reason, u.detail) for u in result.plan.unscheduled] == [
        (
            "E",
            "extras_shortage",
            "8月4日需要 2 名女群演（18-35 岁，标签 ancient-costume）：当天符合条件且可出工的有 "
            "1 人，其中尚未被叫的 1 人：请放宽这一行的要求或增加群演",
        )
    ]


def test_solve_extras_go_to_matching_free_performers():
    line = {"count": 1, "gender": "F", "min_age": 18, "max_age": 35, "tags": ["ancient-costume"]}
    performers = [
        {"id": "P1", "gender": "M", "age": 20, "tags": ["ancient-costume"], "available_days": [0]},
        {"id": "P2", "gender": "F", "age": 40, "tags": ["ancient-costume"], "available_days": [0]},
        {"id": "P3", "gender": "F", "age": 22, "tags": ["ancient-costume"], "available_days": [0]},
    ]
    instance = _instance(
        scenes=[_scene("E", 60, 1, ["palace"], extras=[line])], performers=performers
    )
    result = solve(instance, time_limit=1, seed=0)
    assert [a.performers for a in result.plan.assignments] == [(("P3",),)]


def test_solve_locked_booking_is_kept_exactly():
    # B is worth less than A and C, but it is locked at 08:00: the plan keeps it and fills
    # the remaining two hours with A.
    instance = _instance(
        scenes=[
            _scene("A", 120, 3, ["palace"]),
            _scene("B", 120, 1, ["palace"]),
            _scene("C", 120, 2, ["palace"]),
        ],
        locked=[{"scene": "B", "location": "L1", "day": 0, "start": "08:00"}],
    )
    result = solve(instance, time_limit=2, seed=1)
    placed = _placed(result.plan)
    assert placed["B"] == ("L1", 0, 8 * 60)
    assert placed["A"] == ("L1", 0, 6 * 60)
    assert result.value == 3 * 120 + 120
    assert result.status == "optimal"
    assert check_plan(instance, result.plan) == []


def test_solve_clashing_locked_bookings_is_infeasible_input():
    # The file parser refuses such bookings; a caller building the objects may not.
    instance = _instance(
        scenes=[_scene("A", 120, 3, ["palace"]), _scene("B", 120, 1, ["palace"])],
    )
    locked = (Locked("A", "L1", 0, 6 * 60), Locked("B", "L1", 0, 7 * 60))
    instance = replace(instance, locked=locked)
    result = solve(instance, time_limit=1, seed=0)
    assert result.status == "infeasible_input"
    assert [(u.scene, u.reason) for u in result.plan.unscheduled] == [("B", "locked_conflict")]


def test_solve_previous_booking_is_kept_where_it_was():
    # Two equal palace sets; from scratch the scene would go to the first at 06:00. The
    # earlier plan had it on the second set at 08:00: the re-plan keeps it there.
    locations = [
        {"id": "L1", "name": "palace hall", "zone": "east", "tags": ["palace"]},
        {"id": "L3", "name": "palace garden", "zone": "east", "tags": ["palace"]},
    ]
    scenes = [_scene("A", 60, 2, ["palace"])]
    scratch = solve(_instance(locations=locations, scenes=scenes), time_limit=1, seed=0)
    assert _placed(scratch.plan) == {"A": ("L1", 0, 6 * 60)}
    instance = _instance(
        locations=locations,
        scenes=scenes,
        previous=[{"scene": "A", "location": "L3", "day": 0, "start": "08:00"}],
    )
    result = solve(instance, time_limit=1, seed=0)
    assert _placed(result.plan) == {"A": ("L3", 0, 8 * 60)}
    assert result.value == 120


def test_solve_previous_plan_of_a_generated_instance_is_kept():
    instance = generate_instance("S", 3)
    first = solve(instance, time_limit=2, seed=1)
    earlier = tuple(Previous(a.scene, a.location, a.day, a.start) for a in first.plan.assignments)
    again = solve(replace(instance, previous=earlier), time_limit=0.5, seed=1)
    kept = set(_placed(first.plan).items()) & set(_placed(again.plan).items())
    assert len(kept) == len(first.plan.assignments)
    assert check_plan(replace(instance, previous=earlier), again.plan) == []


def test_solve_generated_instance_passes_the_checker_and_places_every_scene_once():
    instance = generate_instance("S", 1)
    seen = []
    result = solve(instance, time_limit=3, seed=1, progress=seen.append)
    assert check_plan(instance, result.plan) == []
    ids = [a.scene for a in result.plan.assignments] + [u.scene for u in result.plan.unscheduled]
    assert sorted(ids) == sorted(s.id for s in instance.scenes)
    assert result.plan.stats["value"] == result.value
    assert seen[-1] == Progress("done", result.value, result.bound, seen[-1].elapsed)
    assert result.bound is not None and result.value <= result.bound


def test_solve_same_seed_gives_the_same_plan():
    instance = generate_instance("S", 2)
    # A fixed work budget (what three seconds give on a quiet machine) and a time limit far
    # beyond it: a busy machine takes longer but does the same work.
    one = solve(instance, time_limit=120, seed=7, work=0.65)
    two = solve(instance, time_limit=120, seed=7, work=0.65)
    assert one.plan.assignments == two.plan.assignments
    assert one.plan.unscheduled == two.plan.unscheduled


def test_solve_locked_booking_naming_an_unfit_performer_is_infeasible_input():
    line = {"count": 1, "gender": "F", "min_age": 18, "max_age": 35}
    performers = [
        {"id": "P1", "gender": "M", "age": 20, "available_days": [0]},
        {"id": "P2", "gender": "F", "age": 20, "available_days": [0]},
    ]
    instance = _instance(
        scenes=[_scene("E", 60, 1, ["palace"], extras=[line])], performers=performers
    )
    good = replace(instance, locked=(Locked("E", "L1", 0, 7 * 60, (("P2",),)),))
    result = solve(good, time_limit=1, seed=0)
    assert [(a.scene, a.start, a.performers) for a in result.plan.assignments] == [
        ("E", 7 * 60, (("P2",),))
    ]
    bad = replace(instance, locked=(Locked("E", "L1", 0, 7 * 60, (("P1",),)),))
    result = solve(bad, time_limit=1, seed=0)
    assert result.status == "infeasible_input"
    assert [(u.scene, u.reason) for u in result.plan.unscheduled] == [("E", "locked_conflict")]


def test_the_bound_gets_a_tenth_of_the_time_and_is_left_out_of_a_quick_replan_of_a_large_base():
    from scheduling.solver.bound import upper_bound
    from scheduling.solver.optimise.solve import _bound

    instance = generate_instance("M", 1)  # 2,375 scenes: about a second and a half of LP
    assert _bound(instance, time_limit=3) is None
    assert _bound(instance, time_limit=60) == upper_bound(instance, time_limit=6).value
