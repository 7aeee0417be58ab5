import hashlib
import json
from collections import Counter

from scheduling.solver.baseline import baseline_plan
from scheduling.solver.checker import check_plan
from scheduling.solver.cli import main
from scheduling.solver.generate import generate_instance, grow, replan_instance
from scheduling.solver.instance import instance_to_json, load_instance, parse_instance
from scheduling.solver.model import Plan
from scheduling.solver.optimise.prepare import prepare


def test_generate_instance_same_seed_same_instance():
    assert generate_instance("S", 7) == generate_instance("S", 7)
    assert generate_instance("S", 7) != generate_instance("S", 8)


def test_generate_instance_small_has_issue_sizes():
    instance = generate_instance("S", 1)
    assert instance.horizon.days == 1
    assert (len(instance.crews), len(instance.locations), len(instance.performers)) == (25, 45, 900)
    assert 300 <= len(instance.scenes) <= 360
    assert all(
        4 <= len({a for s in instance.scenes if s.crew == c.id for a in s.cast}) <= 8
        for c in instance.crews
    )


def test_generate_instance_medium_has_issue_sizes():
    instance = generate_instance("M", 1)
    assert instance.horizon.days == 3
    assert (len(instance.crews), len(instance.locations), len(instance.performers)) == (
        80,
        120,
        3000,
    )
    assert 2200 <= len(instance.scenes) <= 2600


def test_generate_instance_is_valid_and_round_trips():
    instance = generate_instance("M", 2)
    assert parse_instance(instance_to_json(instance)) == instance


def test_generate_instance_looks_like_hengdian():
    instance = generate_instance("S", 1)
    names = {z.name for z in instance.zones}
    assert {"秦王宫", "明清宫苑", "清明上河图", "广州街·香港街", "梦外滩", "江南水乡"} <= names
    assert Counter(s.time_of_day for s in instance.scenes)["night"] > 0
    assert any(loc.closures for loc in instance.locations)
    assert {c.name.split(" #")[0] for c in instance.crews} >= {"urban-ceo", "palace"}


def test_generate_instance_empty_plan_only_breaks_rule_1():
    instance = generate_instance("S", 3)
    assert {v.rule for v in check_plan(instance, Plan())} == {1}


def test_grow_adds_a_fifth_more_crews_and_keeps_the_rest():
    base = generate_instance("M", 1)
    grown = grow(base, 0.2, 1)
    assert len(grown.crews) == 96
    assert grown.crews[:80] == base.crews and grown.scenes[: len(base.scenes)] == base.scenes
    assert len({s.id for s in grown.scenes}) == len(grown.scenes)
    assert parse_instance(instance_to_json(grown)) == grown


def test_replan_instance_puts_plan_in_force_and_locks_a_tenth():
    base = generate_instance("S", 1)
    plan = baseline_plan(base)
    grown = replan_instance(grow(base, 0.2, 1), plan, locked_share=0.1, seed=1)
    assert len(grown.previous) == len(plan.assignments) == 196
    assert len(grown.locked) == 20
    assert {k.scene for k in grown.locked} <= {p.scene for p in grown.previous}
    assert parse_instance(instance_to_json(grown)) == grown
    replan = baseline_plan(grown)
    assert check_plan(grown, replan) == []


def _fingerprint(instance) -> str:
    """SHA-256 of the instance document without the rest keys the contract added later."""
    doc = instance_to_json(instance)
    for kind in ("crews", "performers"):
        for item in doc[kind]:
            item.pop("min_rest_minutes")
    text = json.dumps(doc, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def test_generate_instance_day_variant_is_unchanged_by_the_night_option():
    # Measured on the commit before nights existed: the benchmarks' day instances stay as
    # they were, draw for draw.
    instance = generate_instance("S", 1)
    assert _fingerprint(instance) == (
        "36f9e0c57f2c3ca4e1836e2c7315064aaf4616d9eef1d6e794e72abd86c4b31e"
    )
    assert instance == generate_instance("S", 1, night=False)
    assert {c.min_rest_minutes for c in instance.crews} == {0}
    assert instance.horizon.day_end == 24 * 60


def test_generate_instance_night_has_night_crews_and_rest():
    day = generate_instance("M", 1)
    night = generate_instance("M", 1, night=True)
    assert (night.horizon.day_start, night.horizon.day_end) == (6 * 60, 30 * 60)
    changed = {s.crew for s, d in zip(night.scenes, day.scenes, strict=True) if s != d}
    assert len(changed) == 27  # a third of 80
    shooting_nights = [
        c
        for c in night.crews
        if sum(s.time_of_day == "night" for s in night.scenes if s.crew == c.id) * 2
        > sum(1 for s in night.scenes if s.crew == c.id)
    ]
    assert len(shooting_nights) == 27
    assert {c.min_rest_minutes for c in night.crews} == {0, 480, 600, 720}
    assert {p.min_rest_minutes for p in night.performers} == {0, 480, 600, 720}
    assert night.locations == day.locations
    assert night == generate_instance("M", 1, night=True)
    assert parse_instance(instance_to_json(night)) == night


def test_generate_instance_night_baseline_keeps_every_rule():
    instance = generate_instance("M", 2, night=True)
    assert check_plan(instance, baseline_plan(instance)) == []


def test_prepare_day_instance_never_looks_at_neighbouring_days():
    # 06:00-24:00 leaves six hours between shooting days, more than any drive: no fences.
    day = prepare(generate_instance("M", 1))
    night = prepare(generate_instance("M", 1, night=True))
    assert (any(day.crew_fenced), any(day.performer_fenced)) == (False, False)
    # 06:00-30:00 leaves no night between shooting days: a drive at dawn always counts.
    assert (all(night.crew_fenced), all(night.performer_fenced)) == (True, True)


def test_cli_generate_night_writes_the_night_variant(tmp_path):
    path = tmp_path / "night.json"
    assert main(["generate", "--size", "S", "--seed", "3", "--night", "-o", str(path)]) == 0
    assert load_instance(path) == generate_instance("S", 3, night=True)
