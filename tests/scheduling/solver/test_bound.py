from dataclasses import replace

from scheduling.solver.baseline import baseline_plan
from scheduling.solver.bound import BoundResult, upper_bound
from scheduling.solver.bound_parts import crew_knapsack_bound
from scheduling.solver.generate import generate_instance
from scheduling.solver.instance import load_instance
from scheduling.solver.model import Closure, ExtrasLine, Location, Locked, Performer, Scene

from .test_baseline import one_hall
from .test_instance import EXAMPLE
from .tiny_instances import H, hall_instance


def test_upper_bound_crew_day_is_a_knapsack():
    # Crew A's day holds 120 minutes: the best two of three one-hour scenes, 3 + 2 hours.
    instance = one_hall(
        Scene("A1", "A", 60, ("hall",), priority=3),
        Scene("A2", "A", 60, ("hall",), priority=1),
        Scene("A3", "A", 60, ("hall",), priority=2),
        spans=(120, 120),
    )
    assert upper_bound(instance).value == 300
    assert baseline_plan(instance).stats["value"] == 240


def test_upper_bound_location_open_two_hours():
    # The hall is closed from 08:00: two one-hour scenes fit, the best are worth 5 and 4.
    hall = Location("L1", "大殿", "Z", ("hall",), closures=(Closure(0, 8 * H, 24 * H),))
    instance = one_hall(
        Scene("A1", "A", 60, ("hall",), priority=5),
        Scene("A2", "A", 60, ("hall",), priority=4),
        Scene("B1", "B", 60, ("hall",), priority=3),
        Scene("B2", "B", 60, ("hall",), priority=2),
    )
    instance = replace(instance, locations=(hall,))
    assert upper_bound(instance) == BoundResult(540, "lp-glop")
    assert crew_knapsack_bound(instance) == 840


def test_upper_bound_one_performer_for_two_scenes():
    # One extra who works 60 minutes a day: only one of the two scenes can have them.
    line = ExtrasLine(count=1)
    instance = one_hall(
        Scene("A1", "A", 60, ("hall",), priority=2, extras=(line,)),
        Scene("B1", "B", 60, ("hall",), priority=1, extras=(line,)),
    )
    instance = replace(
        instance,
        performers=(Performer("P1", "M", 30, available_days=(0,), max_minutes_per_day=60),),
    )
    assert upper_bound(instance) == BoundResult(120, "lp-glop")


def test_upper_bound_locked_scene_counts_even_if_worth_less():
    # A2 is locked: the crew's 60-minute day must hold it, so A1 (worth more) cannot be shot.
    instance = one_hall(
        Scene("A1", "A", 60, ("hall",), priority=5),
        Scene("A2", "A", 60, ("hall",), priority=1),
        spans=(60, 60),
    )
    instance = replace(instance, locked=(Locked("A2", "L1", 0, 6 * H),))
    assert upper_bound(instance).value == 60


def test_upper_bound_no_extras_in_guild_scene_is_worth_nothing():
    line = ExtrasLine(count=2, gender="F")
    instance = one_hall(Scene("A1", "A", 60, ("hall",), extras=(line,)))
    assert upper_bound(instance).value == 0


def test_upper_bound_at_least_baseline_on_tiny_example_and_small():
    for instance in (hall_instance(), load_instance(EXAMPLE), generate_instance("S", 1)):
        assert upper_bound(instance).value >= baseline_plan(instance).stats["value"]


def test_upper_bound_hall_instance_is_everything():
    # Every scene of the hand-made instance fits (the baseline shoots them all): 480.
    assert upper_bound(hall_instance()).value == 480


def _hall_and_garden(slot_minutes: int):
    garden = Location("L2", "御花园", "Z", ("garden",))
    instance = one_hall(
        Scene("A1", "A", 60, ("hall",), priority=2),
        Scene("A2", "A", 60, ("garden",), priority=1),
        spans=(120, 120),
    )
    horizon = replace(instance.horizon, slot_minutes=slot_minutes)
    return replace(instance, horizon=horizon, locations=instance.locations + (garden,))


def test_upper_bound_counts_a_move_between_sets_no_scene_pair_shares():
    # A 120-minute day cannot hold the hall scene, a 15-minute move and the garden scene.
    # On a 15-minute grid the move costs 15 minutes. LP: hall scene whole, then
    # 60 t + 15 (1 + t) <= 120 + 15 - 60 gives t = 0.8 of the garden scene:
    # 2 * 60 + 0.8 * 60 = 168 (the crew knapsack alone says 180; optimum 120).
    instance = _hall_and_garden(15)
    assert upper_bound(instance, crews=False) == BoundResult(168, "lp-glop")
    assert crew_knapsack_bound(instance) == 180
    assert baseline_plan(instance).stats["value"] == 120
    # The crew step: no set of whole scenes holding both fits the day (60 + 15 + 60).
    assert upper_bound(instance) == BoundResult(120, "lp-glop+crews")


def test_upper_bound_rounds_the_move_up_to_the_grid():
    # On the default 30-minute grid the next scene starts 30 minutes after the last one ends
    # at the earliest, so the 15-minute move costs 30: 60 t + 30 (1 + t) <= 150 - 60 gives
    # t = 2/3 of the garden scene: 120 + 40 = 160.
    instance = _hall_and_garden(30)
    assert upper_bound(instance, crews=False) == BoundResult(160, "lp-glop")
    assert upper_bound(instance) == BoundResult(120, "lp-glop+crews")
    assert baseline_plan(instance).stats["value"] == 120
