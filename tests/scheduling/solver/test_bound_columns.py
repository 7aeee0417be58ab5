"""The crew step and the column bound: crew-days limited to sets of scenes a crew can shoot."""

import time
from dataclasses import replace

import pytest

from scheduling.solver.bound import BoundResult, build_lp, upper_bound
from scheduling.solver.bound_columns import column_bound, crew_bound
from scheduling.solver.bound_parts import location_groups, scene_options
from scheduling.solver.instance import load_instance
from scheduling.solver.model import Location, Locked, Scene, TravelTime, Zone
from scheduling.solver.optimise import solve

from .test_baseline import one_hall
from .test_instance import EXAMPLE
from .tiny_instances import H


def _three_hours(span: int, last_day: int = 0):
    """Crew A's three one-hour hall scenes, its longest day ``span`` minutes."""
    scenes = [Scene(f"A{n}", "A", 60, ("hall",), last_day=last_day) for n in (1, 2, 3)]
    return one_hall(*scenes, spans=(span, span))


def test_a_day_holds_whole_scenes_not_fractions():
    # 150 minutes: the LP fills them with two and a half one-hour scenes; a day holds two.
    instance = _three_hours(150)
    assert upper_bound(instance, crews=False).value == 150
    assert upper_bound(instance) == BoundResult(120, "lp-glop+crews")
    result = column_bound(instance)
    assert (result.value, result.converged) == (120, True)
    assert solve(instance, time_limit=5).value == 120


def test_a_move_between_two_sets_leaves_room_for_one_scene():
    # The hall and the garden lie in zones 75 minutes apart: 60 + 75 (on the grid 90) + 60
    # minutes do not fit a 180-minute day. The LP counts the shortest move of the base (15
    # minutes in a zone, 30 on the grid) and takes both scenes whole (2 x 60 + 60 = 180).
    garden = Location("L2", "御花园", "Z2", ("garden",))
    instance = one_hall(
        Scene("A1", "A", 60, ("hall",), priority=2),
        Scene("A2", "A", 60, ("garden",)),
        spans=(180, 180),
    )
    instance = replace(
        instance,
        zones=instance.zones + (Zone("Z2", "清明上河图"),),
        locations=instance.locations + (garden,),
        travel_minutes=(TravelTime("Z", "Z2", 75),),
    )
    assert upper_bound(instance, crews=False).value == 180
    assert upper_bound(instance) == BoundResult(120, "lp-glop+crews")
    result = column_bound(instance)
    assert (result.value, result.converged) == (120, True)
    assert solve(instance, time_limit=5).value == 120


def test_between_the_best_plan_and_the_lp_on_the_example():
    instance = load_instance(EXAMPLE)
    result = column_bound(instance)
    assert result.converged
    assert solve(instance, time_limit=5).value <= result.value <= upper_bound(instance).value


def test_locked_scenes_of_one_crew_day_start_as_one_set():
    # Both locked scenes fill the crew's day; the third cannot be added to them.
    instance = one_hall(
        Scene("A1", "A", 60, ("hall",)),
        Scene("A2", "A", 60, ("hall",)),
        Scene("A3", "A", 60, ("hall",), priority=5),
        spans=(120, 120),
        locked=(Locked("A1", "L1", 0, 6 * H), Locked("A2", "L1", 0, 7 * H)),
    )
    result = column_bound(instance)
    assert (result.value, result.converged) == (120, True)


def test_crew_step_shoots_each_scene_once_over_the_crews_days():
    # Two 90-minute days: the LP spreads three one-hour scenes over them (one and a half a
    # day, 180); whole, each day holds one, and no scene counts twice: 120.
    instance = _three_hours(90, last_day=1)
    crew = replace(instance.crews[0], last_day=1)
    instance = replace(
        instance,
        horizon=replace(instance.horizon, days=2),
        crews=(crew, instance.crews[1]),
    )
    assert upper_bound(instance, crews=False).value == 180
    assert upper_bound(instance) == BoundResult(120, "lp-glop+crews")
    assert solve(instance, time_limit=5).value == 120


def test_crew_step_out_of_time_leaves_the_lp_bound():
    # A deadline already past: no crew is priced, the step gives nothing and the LP stands.
    instance = _three_hours(150)
    groups = location_groups(instance)
    lp = build_lp(instance, groups, scene_options(instance, groups), time_limit=10)
    assert lp.solver.Solve() == lp.solver.OPTIMAL
    assert crew_bound(instance, lp, deadline=time.monotonic() - 1) is None
    assert crew_bound(instance, lp, deadline=time.monotonic() + 10) == pytest.approx(120)
