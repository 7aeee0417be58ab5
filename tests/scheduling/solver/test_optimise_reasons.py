"""The optimiser's reasons for scenes left out: each says what the plan it explains shows.

Issue 20: a café scene was said to find "every location tagged cafe booked 06:00-18:00 on
days 0-1" while cafés L107-L109 stood empty; its crew's own days were what was full.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from scheduling.solver.checker import check_plan
from scheduling.solver.generate import generate_instance
from scheduling.solver.instance import parse_instance
from scheduling.solver.optimise import solve


def _base(**parts) -> object:
    """Two days from 2026-12-07, 06:00-24:00; a palace hall and three cafés, all open."""
    data = {
        "format": "hengdian-instance/1",
        "horizon": {"start": "2026-12-07", "days": 2},
        "zones": [{"id": "Z1", "name": "秦王宫"}, {"id": "Z2", "name": "老街"}],
        "locations": [
            {"id": "L001", "name": "大殿", "zone": "Z1", "tags": ["palace"]},
            {"id": "L107", "name": "咖啡馆一", "zone": "Z2", "tags": ["cafe"]},
            {"id": "L108", "name": "咖啡馆二", "zone": "Z2", "tags": ["cafe"]},
            {"id": "L109", "name": "咖啡馆三", "zone": "Z2", "tags": ["cafe"]},
        ],
        "crews": [{"id": "C001", "name": "龙王赘婿", "max_span_minutes": 720}],
        "scenes": [],
        "performers": [],
    }
    data.update(parts)
    return parse_instance(data)


def _scene(ident: str, minutes: int, priority: int, tags: list[str], **more) -> dict:
    return {
        "id": ident,
        "crew": "C001",
        "minutes": minutes,
        "priority": priority,
        "location_tags": tags,
        **more,
    }


def _crew_full_cafes_empty():
    # Two locked 12-hour palace days fill the crew's 720-minute days; the café scene
    # (priority 1, a day scene) has three empty cafés but no crew to shoot it.
    return _base(
        scenes=[
            _scene("C001-S001", 720, 5, ["palace"], last_day=0),
            _scene("C001-S002", 720, 5, ["palace"], first_day=1),
            _scene("C001-S018", 60, 1, ["cafe"], time_of_day="day"),
        ],
        locked=[
            {"scene": "C001-S001", "location": "L001", "day": 0, "start": "06:00"},
            {"scene": "C001-S002", "location": "L001", "day": 1, "start": "06:00"},
        ],
    )


def test_reason_of_a_scene_whose_crew_is_full_names_the_free_cafes():
    instance = _crew_full_cafes_empty()
    plan = solve(instance, time_limit=2, seed=0).plan
    assert check_plan(instance, plan) == []
    assert [(u.scene, u.reason) for u in plan.unscheduled] == [("C001-S018", "crew_window")]
    detail = plan.unscheduled[0].detail
    assert "都已被" not in detail and "booked" not in detail
    assert detail == (
        "12月7日至12月8日 06:00至18:00 咖啡馆一 (L107)、咖啡馆二 (L108)、咖啡馆三 (L109) 有空，"
        "但剧组 C001 当天已排其他场次（12月7日 06:00至18:00；12月8日 06:00至18:00），"
        "一天最长 720 分钟，还须留出转场时间：请调整或取消它的其他场次，或延长剧组的工作日"
    )


def test_reason_says_every_set_is_booked_only_when_it_is():
    # The crew is free; the only café is taken all day by a scene of higher value.
    instance = _base(
        locations=[{"id": "L107", "name": "咖啡馆一", "zone": "Z2", "tags": ["cafe"]}],
        crews=[
            {"id": "C001", "name": "龙王赘婿", "last_day": 0},
            {"id": "C002", "name": "繁花", "priority": 5, "last_day": 0},
        ],
        scenes=[
            _scene("C001-S018", 60, 1, ["cafe"], time_of_day="day"),
            {**_scene("C002-S001", 720, 5, ["cafe"], time_of_day="day"), "crew": "C002"},
        ],
    )
    plan = solve(instance, time_limit=2, seed=0).plan
    assert [(u.scene, u.reason, u.detail) for u in plan.unscheduled] == [
        (
            "C001-S018",
            "not_worth",
            "12月7日 06:00至18:00 所有标签为 cafe 的场景都已被其他场次占用：请提高优先级、"
            "放宽日期或腾出一处场景",
        )
    ]


def test_reason_in_english_on_request():
    plan = solve(_crew_full_cafes_empty(), time_limit=2, seed=0, language="en").plan
    assert [u.detail for u in plan.unscheduled] == [
        "咖啡馆一 (L107), 咖啡馆二 (L108), 咖啡馆三 (L109) are free between 06:00-18:00 on "
        "7 Dec to 8 Dec, but crew C001's other scenes take its day there (7 Dec 06:00-18:00; "
        "8 Dec 06:00-18:00) and its day lasts at most 720 minutes with moves between sets: "
        "move or drop another of its scenes, or lengthen its day"
    ]


BOOKED = {"zh": "都已被其他场次占用", "en": " is booked between "}


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("night", [False, True], ids=["day", "night"])
def test_reasons_of_a_generated_base_hold_against_its_plan(night, language):
    """Checked without the solver's own bookkeeping: "every set is booked" only when no
    fitting set has a free window on the plan, and the sets named free have one."""
    instance = generate_instance("S", 1, night=night)
    plan = solve(instance, time_limit=3, seed=0, language=language).plan
    assert check_plan(instance, plan) == []
    free = _Rooms(instance, plan)
    seen = Counter()
    for u in plan.unscheduled:
        scene = instance.scene_by_id[u.scene]
        seen[u.reason] += 1
        if BOOKED[language] in u.detail:
            assert u.reason == "not_worth"
            rooms = [(x, d) for d in _staffable_days(instance, scene) for x in free.of(scene, d)]
            assert rooms == [], u
        named = re.findall(r"\((L\d+)\)", u.detail)
        if named:
            days = _staffable_days(instance, scene)
            for location in named:
                assert any(location in free.of(scene, d) for d in days), (location, u)
    # Both kinds of sentence are met, so the checks above were not vacuous.
    assert seen["crew_window"] > 10 and seen["not_worth"] >= 1


class _Rooms:
    """Where a scene could go on the plan as far as the sets go (closures, capacity)."""

    def __init__(self, instance, plan) -> None:
        self.instance = instance
        self.busy: dict[tuple[str, int], list[tuple[int, int]]] = {}
        for a in plan.assignments:
            self.busy.setdefault((a.location, a.day), []).append((a.start, a.end))

    def of(self, scene, day: int) -> list[str]:
        h = self.instance.horizon
        lo = h.night_from if scene.time_of_day == "night" else h.day_start
        hi = h.night_from if scene.time_of_day == "day" else h.day_end
        return [
            loc.id
            for loc in self.instance.locations
            if _fits(scene, loc)
            and any(
                self._open(loc, day, start, start + scene.minutes)
                for start in range(lo, hi - scene.minutes + 1, h.slot_minutes)
            )
        ]

    def _open(self, loc, day: int, start: int, end: int) -> bool:
        if any(c.day == day and c.start < end and start < c.end for c in loc.closures):
            return False
        taken = self.busy.get((loc.id, day), [])
        step = self.instance.horizon.slot_minutes
        return all(
            sum(1 for a, b in taken if a <= t < b) < loc.capacity for t in range(start, end, step)
        )


def _fits(scene, loc) -> bool:
    if scene.locations is not None:
        return loc.id in scene.locations
    return set(scene.location_tags) <= set(loc.tags)


def _staffable_days(instance, scene) -> list[int]:
    crew = instance.crew_by_id[scene.crew]
    first = max(scene.first_day, crew.first_day, 0)
    last = min(scene.last_day, crew.last_day, instance.horizon.days - 1)
    return [
        d
        for d in range(first, last + 1)
        if all(
            sum(1 for p in instance.performers if d in p.available_days and _matches(p, line))
            >= line.count
            for line in scene.extras
        )
    ]


def _matches(p, line) -> bool:
    return (
        (line.gender == "any" or p.gender == line.gender)
        and line.min_age <= p.age <= line.max_age
        and set(line.tags) <= set(p.tags)
        and set(line.skills) <= set(p.skills)
    )
