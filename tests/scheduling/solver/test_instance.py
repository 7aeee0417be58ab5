import copy
import datetime as dt
import json
from pathlib import Path

import pytest

from scheduling.solver.instance import (
    InstanceError,
    Problem,
    format_minutes,
    instance_to_json,
    load_instance,
    parse_hhmm,
    parse_instance,
)
from scheduling.solver.model import ExtrasLine, Locked

# A copy of the contract's example-instance.json, so the suite runs from a fresh clone.
EXAMPLE = str(Path(__file__).resolve().parent.parent / "example-instance.json")


def tiny() -> dict:
    """A small valid instance document with every kind of item."""
    return {
        "format": "hengdian-instance/1",
        "horizon": {"start": "2025-08-04", "days": 2},
        "zones": [{"id": "qwg", "name": "秦王宫"}, {"id": "sp", "name": "竖屏基地"}],
        "travel_minutes": [{"from": "qwg", "to": "sp", "minutes": 30}],
        "locations": [
            {
                "id": "L1",
                "name": "秦王宫·大殿",
                "zone": "qwg",
                "tags": ["ancient", "palace"],
                "closures": [{"day": 1, "start": "06:00", "end": "12:00"}],
            },
            {"id": "L2", "name": "竖屏·办公室", "zone": "sp", "tags": ["office"], "capacity": 2},
        ],
        "crews": [{"id": "C1", "name": "palace #1", "priority": 2}],
        "scenes": [
            {
                "id": "S1",
                "crew": "C1",
                "minutes": 60,
                "location_tags": ["palace"],
                "extras": [{"count": 2, "gender": "F", "tags": ["ancient-costume"]}],
                "cast": ["C1-A1"],
            },
            {"id": "S2", "crew": "C1", "minutes": 30, "locations": ["L2"], "time_of_day": "night"},
        ],
        "performers": [
            {"id": "P1", "gender": "F", "age": 22, "tags": ["ancient-costume"]},
            {"id": "P2", "gender": "F", "age": 30, "tags": ["ancient-costume"]},
        ],
        "locked": [
            {
                "scene": "S1",
                "location": "L1",
                "day": 0,
                "start": "08:00",
                "performers": [["P1", "P2"]],
            }
        ],
        "previous": [{"scene": "S2", "location": "L2", "day": 0, "start": "19:00"}],
    }


def problems_of(data: object) -> list[Problem]:
    with pytest.raises(InstanceError) as caught:
        parse_instance(data)
    return caught.value.problems


def test_parse_instance_example_round_trips():
    instance = load_instance(EXAMPLE)
    dumped = instance_to_json(instance)
    assert parse_instance(json.loads(json.dumps(dumped))) == instance
    assert len(instance.scenes) == 17
    assert instance.horizon.start == dt.date(2025, 8, 4)


def test_parse_instance_fills_defaults():
    instance = parse_instance(tiny())
    h = instance.horizon
    assert (h.day_start, h.day_end, h.slot_minutes, h.night_from) == (360, 1440, 30, 1080)
    assert (h.same_zone_move_minutes, h.default_travel_minutes) == (15, 45)
    crew = instance.crews[0]
    assert (crew.first_day, crew.last_day, crew.max_span_minutes) == (0, 1, 840)
    s1, s2 = instance.scenes
    assert (s1.first_day, s1.last_day, s1.locations, s1.time_of_day) == (0, 1, None, "any")
    assert s1.extras == (ExtrasLine(2, "F", 18, 60, ("ancient-costume",), ()),)
    assert s2.locations == ("L2",)
    p1 = instance.performers[0]
    assert (p1.available_days, p1.max_minutes_per_day, p1.reliability) == ((0, 1), 600, 1.0)
    assert instance.locked == (Locked("S1", "L1", 0, 480, (("P1", "P2"),)),)
    assert instance.locations[0].capacity == 1


def test_instance_to_json_round_trips_tiny_with_optional_keys():
    instance = parse_instance(tiny())
    dumped = instance_to_json(instance)
    assert parse_instance(dumped) == instance
    assert "locations" not in dumped["scenes"][0]
    assert dumped["scenes"][1]["locations"] == ["L2"]
    assert dumped["locked"][0]["performers"] == [["P1", "P2"]]
    assert dumped["previous"] == [{"scene": "S2", "location": "L2", "day": 0, "start": "19:00"}]


def test_parse_hhmm_and_format_minutes_agree():
    assert parse_hhmm("06:30") == 390
    assert parse_hhmm("24:00") == 1440
    assert format_minutes(1440) == "24:00"
    assert format_minutes(65) == "01:05"
    # Times run on past midnight up to 47:59 (the contract's "Time"): 24:30 is 00:30 next day.
    assert parse_hhmm("26:30") == 1590 and format_minutes(1590) == "26:30"
    assert parse_hhmm("47:59") == 2879
    for bad in ("48:00", "6:30", "12:60", "noon", 630):
        with pytest.raises(ValueError):
            parse_hhmm(bad)


def test_load_instance_json_syntax_error_is_at_root(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"format": ', encoding="utf-8")
    with pytest.raises(InstanceError) as caught:
        load_instance(path)
    assert [p.path for p in caught.value.problems] == ["$"]


def test_parse_instance_not_an_object():
    assert problems_of([1]) == [Problem("$", "must be an object, not a list")]


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (
            lambda d: d.update(format="plan"),
            "$.format",
            'must be "hengdian-instance/1", not "plan"',
        ),
        (lambda d: d.update(extra=1), "$.extra", "unknown key"),
        (lambda d: d["horizon"].pop("days"), "$.horizon.days", "missing required key"),
        (lambda d: d["horizon"].update(start="04/08/2025"), "$.horizon.start", None),
        (lambda d: d["horizon"].update(day_start="05:10"), "$.horizon.day_start", None),
        (lambda d: d["zones"].append(d["zones"][0]), "$.zones[2].id", 'duplicate zone id "qwg"'),
        (lambda d: d["zones"][0].update(colour="red"), "$.zones[0].colour", "unknown key"),
        (lambda d: d["travel_minutes"][0].update(to="xx"), "$.travel_minutes[0].to", None),
        (lambda d: d["locations"][0].update(zone="xx"), "$.locations[0].zone", 'unknown zone "xx"'),
        (lambda d: d["locations"][1].update(capacity=0), "$.locations[1].capacity", None),
        (lambda d: d["locations"].append(d["locations"][1]), "$.locations[2].id", None),
        (
            lambda d: d["locations"][0]["closures"][0].update(end="25:00"),
            "$.locations[0].closures[0].end",
            None,
        ),
        (
            lambda d: d["locations"][0]["closures"][0].update(day=2),
            "$.locations[0].closures[0].day",
            "must be at most 1, not 2",
        ),
        (lambda d: d["crews"][0].update(priority=6), "$.crews[0].priority", None),
        (lambda d: d["crews"][0].update(first_day=1, last_day=0), "$.crews[0].last_day", None),
        (lambda d: d["scenes"][0].update(crew="C9"), "$.scenes[0].crew", 'unknown crew "C9"'),
        (lambda d: d["scenes"][0].update(minutes=0), "$.scenes[0].minutes", None),
        (lambda d: d["scenes"][0].update(minutes=45), "$.scenes[0].minutes", None),
        (lambda d: d["scenes"].append(d["scenes"][0]), "$.scenes[2].id", 'duplicate scene id "S1"'),
        (lambda d: d["scenes"][1].update(locations=["L9"]), "$.scenes[1].locations[0]", None),
        (lambda d: d["scenes"][1].update(time_of_day="dusk"), "$.scenes[1].time_of_day", None),
        (lambda d: d["scenes"][0].update(last_day=2), "$.scenes[0].last_day", None),
        (lambda d: d["scenes"][0].update(cast=["A", "A"]), "$.scenes[0].cast[1]", 'duplicate "A"'),
        (
            lambda d: d["scenes"][0]["extras"][0].update(min_age=40, max_age=30),
            "$.scenes[0].extras[0].max_age",
            "must not be below min_age (40)",
        ),
        (
            lambda d: d["scenes"][0]["extras"][0].update(count=0),
            "$.scenes[0].extras[0].count",
            None,
        ),
        (
            lambda d: d["scenes"][0]["extras"][0].update(gender="X"),
            "$.scenes[0].extras[0].gender",
            None,
        ),
        (lambda d: d["performers"][0].update(gender="any"), "$.performers[0].gender", None),
        (lambda d: d["performers"][0].update(reliability=1.5), "$.performers[0].reliability", None),
        (lambda d: d["performers"].append(d["performers"][1]), "$.performers[2].id", None),
        (
            lambda d: d["performers"][0].update(available_days=[0, 5]),
            "$.performers[0].available_days[1]",
            None,
        ),
        (lambda d: d["locked"][0].update(scene="S9"), "$.locked[0].scene", 'unknown scene "S9"'),
        (lambda d: d["locked"][0].update(location="L9"), "$.locked[0].location", None),
        (lambda d: d["locked"][0].update(start="08:15"), "$.locked[0].start", None),
        (lambda d: d["locked"][0].update(start="05:00"), "$.locked[0].start", None),
        (lambda d: d["locked"][0].update(start="23:30"), "$.locked[0].start", None),
        (lambda d: d["locked"][0].update(day=3), "$.locked[0].day", None),
        (lambda d: d["locked"][0].update(performers=[]), "$.locked[0].performers", None),
        (lambda d: d["locked"][0].update(performers=[["P1"]]), "$.locked[0].performers[0]", None),
        (
            lambda d: d["locked"][0].update(performers=[["P1", "P7"]]),
            "$.locked[0].performers[0][1]",
            None,
        ),
        (lambda d: d["previous"][0].update(scene="S9"), "$.previous[0].scene", None),
        (lambda d: d["previous"].append(dict(d["previous"][0])), "$.previous[1].scene", None),
    ],
)
def test_parse_instance_reports_problem_at_path(change, path, message):
    data = tiny()
    change(data)
    problems = problems_of(data)
    assert [p.path for p in problems] == [path]
    if message is not None:
        assert problems[0].message == message


def test_parse_instance_reports_every_problem_together():
    data = tiny()
    data["horizon"]["slot_minutes"] = 7
    data["zones"][0]["name"] = 5
    data["scenes"][0]["priority"] = 0
    data["scenes"][0]["extras"][0]["skills"] = "riding"
    data["performers"][1]["age"] = -1
    data["locked"][0]["mood"] = "calm"
    assert [p.path for p in problems_of(data)] == [
        "$.horizon.slot_minutes",
        "$.zones[0].name",
        "$.scenes[0].priority",
        "$.scenes[0].extras[0].skills",
        "$.performers[1].age",
        "$.locked[0].mood",
    ]


def test_parse_instance_broken_item_is_not_reported_again_as_unknown():
    data = tiny()
    data["crews"][0]["priority"] = "high"
    assert [p.path for p in problems_of(data)] == ["$.crews[0].priority"]


def test_parse_instance_does_not_change_its_input():
    data = tiny()
    before = copy.deepcopy(data)
    parse_instance(data)
    assert data == before


def test_parse_instance_locked_bookings_that_clash_are_refused():
    data = tiny()
    data["scenes"].append({"id": "S3", "crew": "C1", "minutes": 30, "location_tags": ["hall"]})
    data["locations"][0]["tags"].append("hall")
    data["locked"].append({"scene": "S3", "location": "L1", "day": 0, "start": "08:30"})
    data["locked"].append({"scene": "S2", "location": "L2", "day": 1, "start": "06:00"})
    assert [(p.path, p.message) for p in problems_of(data)] == [
        ("$.locked[0]", "breaks rule 5: L1 holds 2 scenes at 08:30 on day 0, capacity 1"),
        ("$.locked[0]", "breaks rule 6: crew C1 day 0: S1 and S3 overlap"),
        ("$.locked[2]", "breaks rule 3: S2 is a night scene starting at 06:00"),
    ]


def test_parse_instance_locked_booking_in_closure_is_refused():
    data = tiny()
    data["locked"][0].update(day=1, start="11:00")
    assert [(p.path, p.message) for p in problems_of(data)] == [
        (
            "$.locked[0]",
            "breaks rule 4: S1 at L1 day 1 11:00-12:00 overlaps its closure 06:00-12:00",
        ),
    ]


def test_parse_instance_locked_open_extras_the_guild_cannot_staff_are_refused():
    data = tiny()
    del data["locked"][0]["performers"]
    data["performers"][1]["available_days"] = [1]
    assert [(p.path, p.message) for p in problems_of(data)] == [
        (
            "$.locked[0]",
            "breaks rule 8: extras line 0 needs 2, only 1 performers in the guild match it "
            "and are available on day 0",
        ),
    ]
