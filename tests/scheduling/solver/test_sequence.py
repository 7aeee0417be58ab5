"""Best shooting order: the cost, the reader, the published optima and the command line."""

import json
from pathlib import Path

import pytest

from scheduling.solver.cli import main
from scheduling.solver.sequence import (
    TalentFileError,
    TalentProblem,
    read_talent_file,
    schedule_cost,
    sequence_scenes,
)
from scheduling.solver.sequence.reduce import reduce_problem

TALENT = Path(__file__).parent / "talent"

# Published optima (Garcia de la Banda, Stuckey & Chu 2011), see talent/README.md.
PUBLISHED = {
    "tiny": 29,
    "tiny2": 9,
    "small": 54,
    "small2": 56,
    "concert": 111,
    "film-10": 352,
    "film-12": 401,
}


def tiny() -> TalentProblem:
    return read_talent_file(TALENT / "tiny")


def test_read_talent_file_tiny():
    problem = tiny()
    assert problem.name == "tiny"
    assert problem.durations == (1, 2, 3, 1)
    assert problem.actor_costs == (1, 2, 3)
    assert problem.actor_scenes == (frozenset({0, 2}), frozenset({0, 1, 3}), frozenset({1, 2}))
    assert problem.scene_names == ("s1", "s2", "s3", "s4")


def test_read_talent_file_counts_on_one_line(tmp_path):
    path = tmp_path / "one-line"
    path.write_text("pair\n2 1\n1 1  3\n2 5\n")
    problem = read_talent_file(path)
    assert (problem.durations, problem.actor_costs) == ((2, 5), (3,))
    assert problem.actor_scenes == (frozenset({0, 1}),)


def test_read_talent_file_short_file_is_refused(tmp_path):
    path = tmp_path / "short"
    path.write_text("short\n3 2\n1 0 1 4\n")
    with pytest.raises(TalentFileError) as caught:
        read_talent_file(path)
    assert str(caught.value) == "3 scenes and 2 actors need 13 numbers, found 6"


def test_read_talent_file_flag_other_than_0_or_1_is_refused(tmp_path):
    path = tmp_path / "flags"
    path.write_text("flags\n2 1\n1 2 4\n1 1\n")
    with pytest.raises(TalentFileError) as caught:
        read_talent_file(path)
    assert str(caught.value) == "actor 1: scene flags must be 0 or 1"


def test_schedule_cost_hand_worked_example():
    # Order s1 s2 s3 s4 (durations 1 2 3 1) starts the scenes at 0, 1, 3, 6 and ends at 7.
    # a1 (cost 1, s1 s3) is held 0-6: 6; a2 (cost 2, s1 s2 s4) 0-7: 14; a3 (cost 3, s2 s3)
    # 1-6: 15. Total 35.
    assert schedule_cost(tiny(), (0, 1, 2, 3)) == 35


def test_schedule_cost_includes_the_actors_own_scenes():
    # One actor in both scenes, nobody waits: still paid for the 2 + 5 units they play.
    problem = TalentProblem(durations=(2, 5), actor_costs=(3,), actor_scenes=(frozenset({0, 1}),))
    assert schedule_cost(problem, (1, 0)) == 21


def test_schedule_cost_refuses_an_order_missing_a_scene():
    with pytest.raises(ValueError):
        schedule_cost(tiny(), (0, 1, 2))


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_sequence_scenes_published_optimum_proven(name):
    problem = read_talent_file(TALENT / name)
    result = sequence_scenes(problem, time_limit=30.0)
    assert sorted(result.order) == list(range(problem.scene_count))
    assert result.cost == PUBLISHED[name]
    assert schedule_cost(problem, result.order) == PUBLISHED[name]
    assert result.proven_optimal is True
    assert result.lower_bound == PUBLISHED[name]


def test_reduce_problem_film_10_drops_single_scene_actors_and_merges_same_cast():
    core = reduce_problem(read_talent_file(TALENT / "film-10"))
    # Actor 4 plays only scene 10 (cost 5 x 2) and actor 6 in none; without actor 4, scenes 1
    # and 10 call the same cast (actors 1 and 2) and shoot back to back.
    assert core.fixed_cost == 10
    assert len(core.actor_costs) == 6
    assert core.groups == ((0, 9), (1,), (2,), (3,), (4,), (5,), (6,), (7,), (8,))
    assert core.durations[0] == 4


def test_sequence_scenes_without_time_returns_a_valid_order_and_bound():
    problem = read_talent_file(TALENT / "film-12")
    result = sequence_scenes(problem, time_limit=0.0)
    assert sorted(result.order) == list(range(problem.scene_count))
    assert result.cost == schedule_cost(problem, result.order)
    assert result.lower_bound <= PUBLISHED["film-12"] <= result.cost
    assert result.proven_optimal == (result.lower_bound == result.cost)


def test_sequence_scenes_scenes_nobody_plays_in_go_first():
    problem = TalentProblem(
        durations=(4, 1, 1, 2),
        actor_costs=(1, 1),
        actor_scenes=(frozenset({1, 3}), frozenset({2, 3})),
    )
    result = sequence_scenes(problem, time_limit=5.0)
    # s1 first, then s2 s4 s3 (or s3 s4 s2): each actor held 3 units.
    assert (result.order[0], result.order[2]) == (0, 3)
    assert (result.cost, result.proven_optimal) == (6, True)


def test_cli_sequence_json(capsys):
    assert main(["sequence", str(TALENT / "concert"), "--json", "--time-limit", "30"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["cost"], out["proven_optimal"], out["lower_bound"]) == (111, True, 111)
    assert sorted(out["order"]) == list(range(9))
    assert out["scenes"] == [f"s{s + 1}" for s in out["order"]]
    problem = read_talent_file(TALENT / "concert")
    assert schedule_cost(problem, out["order"]) == 111


def test_cli_sequence_summary_says_proven(capsys):
    assert main(["sequence", str(TALENT / "tiny")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "tiny: 4 scenes, 3 actors"
    assert lines[2] == "cost 29: optimal, proven (lower bound 29 = cost)"


def test_cli_sequence_malformed_file_exits_2(tmp_path, capsys):
    path = tmp_path / "bad"
    path.write_text("bad\n2 1\n1 1\n")
    assert main(["sequence", str(path)]) == 2
    assert capsys.readouterr().err == f"{path}: 2 scenes and 1 actors need 7 numbers, found 4\n"


def test_talent_problem_names_must_match_the_counts():
    with pytest.raises(ValueError) as caught:
        TalentProblem(durations=(1, 2), actor_costs=(), actor_scenes=(), scene_names=("A",))
    assert str(caught.value) == "one name per scene is needed"
