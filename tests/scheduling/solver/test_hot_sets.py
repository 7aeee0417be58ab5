"""Hot-set caps on a plan and the fairness measure: plain Python, no database."""

from __future__ import annotations

import datetime as dt

from scheduling.solver.hot_sets import HotCap, hot_caps_keep, hot_fairness
from scheduling.solver.model import (
    Assignment,
    Crew,
    Horizon,
    Instance,
    Location,
    Locked,
    Plan,
    Scene,
    Unscheduled,
    Zone,
)

# 2026-12-07 is a Monday: days 0..6 are one week, day 7 the next.
HORIZON = Horizon(start=dt.date(2026, 12, 7), days=8)


def instance(*, locked: tuple = ()) -> Instance:
    return Instance(
        horizon=HORIZON,
        zones=(Zone("Z", "z"),),
        locations=(Location("HOT", "hot", "Z", ("palace",)), Location("COLD", "cold", "Z")),
        crews=(Crew("A", "a", priority=1, last_day=7), Crew("B", "b", priority=2, last_day=7)),
        scenes=(
            Scene("A1", "A", 120, ("palace",), last_day=7),
            Scene("A2", "A", 120, ("palace",), last_day=7, priority=3),
            Scene("A3", "A", 120, ("palace",), last_day=7),
            Scene("B1", "B", 60, ("palace",), last_day=7),
            Scene("B2", "B", 60, locations=("COLD",), last_day=7),
        ),
        locked=locked,
    )


def at(scene: str, day: int, start: int, minutes: int, location: str = "HOT") -> Assignment:
    return Assignment(scene, location, day, start, start + minutes)


PLAN = Plan(
    assignments=(
        at("A1", 0, 480, 120),
        at("A2", 2, 480, 120),
        at("A3", 7, 480, 120),
        at("B1", 0, 600, 60),
        at("B2", 0, 720, 60, "COLD"),
    )
)
CAPS = {"HOT": HotCap(180, "week")}


def test_hot_caps_keep_drops_the_lower_value_scene_past_a_weekly_cap():
    kept = hot_caps_keep(instance(), PLAN, CAPS)
    assert [a.scene for a in kept.assignments] == ["A2", "A3", "B1", "B2"]
    assert kept.unscheduled == (
        Unscheduled(
            "A1", "not_worth", "热门场景 HOT：剧组 A 每周最多可用 3 小时，自 12月7日起已用 2 小时"
        ),
    )


def test_hot_caps_keep_says_it_in_english_on_request():
    kept = hot_caps_keep(instance(), PLAN, CAPS, language="en")
    assert [u.detail for u in kept.unscheduled] == [
        "hot set HOT: crew A may have at most 3 h of it per week and has 2 h from 2026-12-07"
    ]


def test_hot_caps_keep_counts_minutes_used_outside_the_plan():
    used = {("A", "HOT", dt.date(2026, 12, 14)): 120}
    kept = hot_caps_keep(instance(), PLAN, CAPS, used)
    assert [u.scene for u in kept.unscheduled] == ["A1", "A3"]


def test_hot_caps_keep_never_drops_a_locked_scene():
    locked = (Locked("A1", "HOT", 0, 480),)
    kept = hot_caps_keep(instance(locked=locked), PLAN, CAPS)
    assert [u.scene for u in kept.unscheduled] == ["A2"]


def test_hot_caps_keep_a_daily_cap_counts_each_day():
    kept = hot_caps_keep(instance(), PLAN, {"HOT": HotCap(120, "day")})
    assert kept == PLAN


def test_hot_fairness_reports_each_crews_share_and_jains_index():
    assert hot_fairness(instance(), PLAN, CAPS) == {
        "crews": {
            "A": {"minutes": 360, "demand": 360, "share": 1.0},
            "B": {"minutes": 60, "demand": 60, "share": 1.0},
        },
        "jain_index": 1.0,
    }
    kept = hot_caps_keep(instance(), PLAN, CAPS)
    assert hot_fairness(instance(), kept, CAPS)["crews"]["A"] == {
        "minutes": 240,
        "demand": 360,
        "share": 0.667,
    }
    assert hot_fairness(instance(), kept, CAPS)["jain_index"] == 0.962


def test_hot_fairness_without_hot_sets_is_empty():
    assert hot_fairness(instance(), PLAN, {}) == {}
