"""Reading instances whose shooting day runs past midnight, with rest between shooting days."""

import pytest

from scheduling.solver.instance import InstanceError, instance_to_json, parse_instance
from scheduling.solver.plan import parse_plan, plan_to_json

from .night_instances import H, night_doc, scene


def _problems(data: dict) -> list[tuple[str, str]]:
    with pytest.raises(InstanceError) as caught:
        parse_instance(data)
    return [(p.path, p.message) for p in caught.value.problems]


def _doc() -> dict:
    """``night_doc`` with a rest rule, a closure past midnight and bookings past midnight."""
    doc = night_doc(
        crews=[
            {"id": "C1", "name": "night drama", "min_rest_minutes": 600},
            {"id": "C2", "name": "day drama"},
        ],
        scenes=[scene("N", 120, time_of_day="night"), scene("D", 60, crew="C2")],
        performers=[{"id": "P1", "gender": "F", "age": 25, "min_rest_minutes": 480}],
        locked=[{"scene": "N", "location": "L1", "day": 0, "start": "26:00"}],
        previous=[{"scene": "D", "location": "L1", "day": 1, "start": "28:30"}],
    )
    doc["locations"][1]["closures"] = [{"day": 1, "start": "25:00", "end": "30:00"}]
    return doc


def test_parse_instance_night_times_rest_and_defaults():
    instance = parse_instance(_doc())
    h = instance.horizon
    assert (h.day_start, h.day_end, h.night_from) == (6 * H, 30 * H, 18 * H)
    assert [c.min_rest_minutes for c in instance.crews] == [600, 0]
    assert [p.min_rest_minutes for p in instance.performers] == [480]
    assert (instance.locked[0].start, instance.previous[0].start) == (26 * H, 28 * H + 30)
    closure = instance.locations[1].closures[0]
    assert (closure.day, closure.start, closure.end) == (1, 25 * H, 30 * H)


def test_instance_to_json_night_round_trips_with_rest_written():
    instance = parse_instance(_doc())
    dumped = instance_to_json(instance)
    assert parse_instance(dumped) == instance
    assert dumped["horizon"]["day_end"] == "30:00"
    assert [c["min_rest_minutes"] for c in dumped["crews"]] == [600, 0]
    assert dumped["performers"][0]["min_rest_minutes"] == 480
    assert dumped["locked"][0]["start"] == "26:00"
    assert dumped["locations"][1]["closures"] == [{"day": 1, "start": "25:00", "end": "30:00"}]


def test_parse_instance_old_file_keeps_its_meaning():
    doc = night_doc(horizon={"start": "2025-08-04", "days": 1})
    instance = parse_instance(doc)
    assert (instance.horizon.day_start, instance.horizon.day_end) == (6 * H, 24 * H)
    assert [c.min_rest_minutes for c in instance.crews] == [0, 0]


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (
            lambda d: d["horizon"].update(day_end="30:30"),
            "$.horizon.day_end",
            "30:30 is more than 24 hours after day_start 06:00",
        ),
        (
            lambda d: d["horizon"].update(day_end="48:00"),
            "$.horizon.day_end",
            'must be a time "HH:MM", not "48:00"',
        ),
        (
            lambda d: d["horizon"].update(day_end="05:00"),
            "$.horizon.day_end",
            "must be after day_start",
        ),
        (
            lambda d: d["horizon"].update(day_start="24:00", day_end="30:00"),
            "$.horizon.day_start",
            "must be before 24:00, not 24:00: a shooting day starts on its own date",
        ),
        (
            lambda d: d["horizon"].update(day_end="26:15"),
            "$.horizon.day_end",
            "26:15 is off the 30-minute grid",
        ),
        (
            lambda d: d["horizon"].update(night_from="31:00"),
            "$.horizon.night_from",
            "must lie between day_start and day_end",
        ),
        (
            lambda d: d["crews"][0].update(min_rest_minutes=-30),
            "$.crews[0].min_rest_minutes",
            "must be at least 0, not -30",
        ),
        (
            lambda d: d["crews"][1].update(min_rest_minutes=1441),
            "$.crews[1].min_rest_minutes",
            "must be at most 1440, not 1441",
        ),
        (
            lambda d: d["performers"][0].update(min_rest_minutes="8h"),
            "$.performers[0].min_rest_minutes",
            'must be an integer, not the string "8h"',
        ),
        (
            lambda d: d["locked"][0].update(start="26:15"),
            "$.locked[0].start",
            "26:15 is off the 30-minute grid",
        ),
        (
            lambda d: d["locked"][0].update(start="30:30"),
            "$.locked[0].start",
            "30:30 is outside the day 06:00-30:00",
        ),
        (
            lambda d: d["locked"][0].update(start="29:00"),
            "$.locked[0].start",
            "scene N of 120 minutes starting at 29:00 would end after 30:00",
        ),
        (
            lambda d: d["previous"][0].update(start="47:59"),
            "$.previous[0].start",
            "47:59 is off the 30-minute grid",
        ),
        (
            lambda d: d["previous"][0].update(start="48:00"),
            "$.previous[0].start",
            'must be a time "HH:MM", not "48:00"',
        ),
        (
            lambda d: d["locations"][1]["closures"][0].update(end="31:00"),
            "$.locations[1].closures[0].end",
            "31:00 is outside the day 06:00-30:00",
        ),
    ],
)
def test_parse_instance_night_problem_at_path(change, path, message):
    data = _doc()
    change(data)
    assert _problems(data) == [(path, message)]


def test_parse_instance_locked_bookings_breaking_rest_are_refused():
    data = _doc()
    data["scenes"].append(scene("M", 60, first_day=1))
    data["locked"].append({"scene": "M", "location": "L1", "day": 1, "start": "10:00"})
    assert _problems(data) == [
        (
            "$.locked[0]",
            "breaks rule 6: crew C1 rests 360 minutes between N (day 0, ends 28:00) and M "
            "(day 1, starts 10:00), needs 600",
        )
    ]


def test_parse_plan_night_times_round_trip():
    doc = {
        "format": "hengdian-plan/1",
        "assignments": [
            {"scene": "N", "location": "L1", "day": 0, "start": "22:00", "end": "26:00"}
        ],
        "unscheduled": [],
    }
    plan = parse_plan(doc)
    assert (plan.assignments[0].start, plan.assignments[0].end) == (22 * H, 26 * H)
    assert plan_to_json(plan)["assignments"][0]["end"] == "26:00"
