import json

import pytest

from scheduling.solver.model import Assignment, Plan, Unscheduled
from scheduling.solver.plan import PlanError, load_plan, parse_plan, plan_to_json, save_plan

from .tiny_instances import H, hall_instance, hall_plan


def test_plan_to_json_writes_contract_format():
    plan = Plan(
        assignments=(Assignment("S1", "L1", 0, 8 * H, 9 * H + 30, (("P1",),)),),
        unscheduled=(Unscheduled("S2", "no_time", "no location tagged street is free"),),
        stats={"value": 120},
    )
    assert plan_to_json(plan) == {
        "format": "hengdian-plan/1",
        "assignments": [
            {
                "scene": "S1",
                "location": "L1",
                "day": 0,
                "start": "08:00",
                "end": "09:30",
                "performers": [["P1"]],
            }
        ],
        "unscheduled": [
            {"scene": "S2", "reason": "no_time", "detail": "no location tagged street is free"}
        ],
        "stats": {"value": 120},
    }


def test_parse_plan_round_trips(tmp_path):
    plan = hall_plan()
    assert parse_plan(json.loads(json.dumps(plan_to_json(plan))), hall_instance()) == plan
    path = tmp_path / "plan.json"
    save_plan(plan, path)
    assert load_plan(path) == plan


def test_parse_plan_defaults_performers_and_detail():
    data = {
        "format": "hengdian-plan/1",
        "assignments": [
            {"scene": "S4", "location": "L3", "day": 0, "start": "09:00", "end": "09:30"}
        ],
        "unscheduled": [{"scene": "S2", "reason": "no_time"}],
    }
    assert parse_plan(data) == Plan(
        assignments=(Assignment("S4", "L3", 0, 9 * H, 9 * H + 30, ()),),
        unscheduled=(Unscheduled("S2", "no_time", ""),),
    )


def test_parse_plan_reports_every_problem_with_path():
    data = {
        "format": "hengdian-plan/2",
        "assignments": [
            {"scene": "S1", "location": "L1", "day": "0", "start": "8:00", "end": "09:00"},
            {
                "scene": "S2",
                "location": "L3",
                "day": 0,
                "start": "18:00",
                "end": "19:00",
                "performers": ["P1"],
                "crew": "C1",
            },
        ],
        "unscheduled": [{"scene": "S3"}],
        "stats": [],
    }
    with pytest.raises(PlanError) as caught:
        parse_plan(data)
    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("$.format", 'must be "hengdian-plan/1", not "hengdian-plan/2"'),
        ("$.assignments[0].day", 'must be an integer, not the string "0"'),
        ("$.assignments[0].start", 'must be a time "HH:MM", not "8:00"'),
        ("$.assignments[1].crew", "unknown key"),
        ("$.assignments[1].performers[0]", 'must be a list of strings, not the string "P1"'),
        ("$.unscheduled[0].reason", "missing required key"),
        ("$.stats", "must be an object"),
    ]


def test_load_plan_json_syntax_error_is_at_root(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text("[", encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        load_plan(path)
    assert [p.path for p in caught.value.problems] == ["$"]
