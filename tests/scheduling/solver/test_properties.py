"""Random small instances: the baseline's plan always keeps every hard rule."""

import datetime as dt
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduling.solver.baseline import baseline_plan
from scheduling.solver.bound import upper_bound
from scheduling.solver.checker import check_plan
from scheduling.solver.instance import instance_to_json, parse_instance
from scheduling.solver.instance_parts import locked_problems
from scheduling.solver.model import (
    REASONS,
    Closure,
    Crew,
    ExtrasLine,
    Horizon,
    Instance,
    Location,
    Locked,
    Performer,
    Scene,
    TravelTime,
    Zone,
)

TAGS = ("hall", "street", "garden")
COSTUMES = ("ancient", "modern")


# (day_start, day_end, night_from) in minutes: the old default, a night running on to 06:00,
# a full 24-hour shooting day.
WINDOWS = ((360, 1440, 1080), (1080, 1800, 1440), (1200, 2640, 1560))
RESTS = (0, 0, 300, 480, 720, 1440)


@st.composite
def instances(draw) -> Instance:
    days = draw(st.integers(1, 3))
    day_start, day_end, night_from = draw(st.sampled_from(WINDOWS))
    zones = (Zone("A", "秦王宫"), Zone("B", "梦外滩"))
    locations = []
    for i in range(draw(st.integers(1, 4))):
        closures = ()
        if draw(st.booleans()):
            start = day_start + draw(st.sampled_from((0, 240, 480)))
            closures = (Closure(draw(st.integers(0, days - 1)), start, start + 120),)
        locations.append(
            Location(
                f"L{i}",
                f"set {i}",
                draw(st.sampled_from(("A", "B"))),
                tuple(draw(st.sets(st.sampled_from(TAGS), min_size=1))),
                draw(st.integers(1, 2)),
                closures,
            )
        )
    crews = []
    for i in range(draw(st.integers(1, 3))):
        first = draw(st.integers(0, days - 1))
        last = draw(st.integers(first, days - 1))
        span = draw(st.sampled_from((120, 300, 840)))
        rest = draw(st.sampled_from(RESTS))
        crews.append(Crew(f"C{i}", f"crew {i}", draw(st.integers(1, 5)), first, last, span, rest))
    scenes = []
    for i in range(draw(st.integers(1, 10))):
        crew = draw(st.sampled_from(crews))
        extras = tuple(
            ExtrasLine(
                draw(st.integers(1, 3)),
                draw(st.sampled_from(("any", "F", "M"))),
                18,
                draw(st.sampled_from((30, 60))),
                tuple(draw(st.sets(st.sampled_from(COSTUMES), max_size=1))),
            )
            for _ in range(draw(st.integers(0, 2)))
        )
        by_list = draw(st.booleans()) and len(locations) > 1
        scenes.append(
            Scene(
                f"S{i}",
                crew.id,
                draw(st.sampled_from((30, 60, 90, 240))),
                () if by_list else (draw(st.sampled_from(TAGS)),),
                (locations[0].id,) if by_list else None,
                draw(st.sampled_from(("any", "day", "night"))),
                crew.first_day,
                crew.last_day,
                draw(st.integers(1, 5)),
                extras,
                ("A1",),
            )
        )
    performers = tuple(
        Performer(
            f"P{i}",
            draw(st.sampled_from(("F", "M"))),
            draw(st.integers(18, 60)),
            tuple(draw(st.sets(st.sampled_from(COSTUMES)))),
            (),
            tuple(sorted(draw(st.sets(st.integers(0, days - 1))))),
            draw(st.sampled_from((60, 120, 600))),
            min_rest_minutes=draw(st.sampled_from(RESTS)),
        )
        for i in range(draw(st.integers(0, 8)))
    )
    return Instance(
        horizon=Horizon(
            start=dt.date(2025, 8, 4),
            days=days,
            day_start=day_start,
            day_end=day_end,
            night_from=night_from,
        ),
        zones=zones,
        travel_minutes=(TravelTime("A", "B", draw(st.sampled_from((20, 45)))),),
        locations=tuple(locations),
        crews=tuple(crews),
        scenes=tuple(scenes),
        performers=performers,
    )


FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(instances())
def test_baseline_plan_random_instance_keeps_every_rule(instance):
    plan = baseline_plan(instance)
    assert check_plan(instance, plan) == []
    ids = [a.scene for a in plan.assignments] + [u.scene for u in plan.unscheduled]
    assert sorted(ids) == sorted(s.id for s in instance.scenes)
    # Bookings only grow, so a scene the baseline could not place never fits later either.
    assert {u.reason for u in plan.unscheduled} <= set(REASONS) - {"not_worth"}
    assert all(u.detail for u in plan.unscheduled)


@FAST
@given(instances())
def test_upper_bound_random_instance_at_least_baseline(instance):
    assert upper_bound(instance).value >= baseline_plan(instance).stats["value"]


@FAST
@given(instances())
def test_instance_to_json_random_instance_round_trips(instance):
    assert parse_instance(instance_to_json(instance)) == instance


@FAST
@given(instances(), st.data())
def test_baseline_plan_random_locked_bookings_kept(instance, data):
    first = baseline_plan(instance)
    chosen = [a for a in first.assignments if data.draw(st.booleans())]
    locked = tuple(
        Locked(
            a.scene, a.location, a.day, a.start, a.performers if data.draw(st.booleans()) else None
        )
        for a in chosen
    )
    instance = replace(instance, locked=locked)
    assert locked_problems(instance) == []
    plan = baseline_plan(instance)
    assert check_plan(instance, plan) == []
    assert upper_bound(instance).value >= plan.stats["value"]
