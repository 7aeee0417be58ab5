from collections import Counter

from scheduling.solver.baseline import baseline_plan
from scheduling.solver.checker import check_plan
from scheduling.solver.generate import generate_instance, grow, replan_instance
from scheduling.solver.instance import instance_to_json, parse_instance
from scheduling.solver.model import Plan


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
