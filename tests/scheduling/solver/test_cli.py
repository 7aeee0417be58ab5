import json
import subprocess
import sys

from scheduling.solver.cli import main
from scheduling.solver.instance import instance_to_json
from scheduling.solver.model import Assignment
from scheduling.solver.plan import plan_to_json

from .test_instance import EXAMPLE
from .tiny_instances import H, hall_instance, hall_plan


def write(path, data) -> str:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_cli_validate_example(capsys):
    assert main(["validate", EXAMPLE]) == 0
    assert capsys.readouterr().out == (
        f"{EXAMPLE}: valid, 2 days, 3 crews, 17 scenes, 10 locations, 40 performers\n"
    )


def test_cli_malformed_instance_prints_each_path_and_exits_2(tmp_path, capsys):
    data = instance_to_json(hall_instance())
    data["scenes"][0]["minutes"] = 45
    data["performers"][0]["mood"] = "calm"
    path = write(tmp_path / "bad.json", data)
    assert main(["check", path, path]) == 2
    assert capsys.readouterr().err == (
        f"{path}: $.scenes[0].minutes: 45 is off the 30-minute grid\n"
        f"{path}: $.performers[0].mood: unknown key\n"
    )


def test_cli_check_good_and_broken_plans(tmp_path, capsys):
    instance = write(tmp_path / "i.json", instance_to_json(hall_instance()))
    good = write(tmp_path / "good.json", plan_to_json(hall_plan()))
    clash = hall_plan(S4=Assignment("S4", "L3", 0, 8 * H, 8 * H + 30, ()))
    broken = write(tmp_path / "broken.json", plan_to_json(clash))
    assert main(["check", instance, good]) == 0
    assert capsys.readouterr().out == "ok: 5 scenes assigned, 0 unscheduled, value 480\n"
    assert main(["check", instance, broken]) == 1
    assert capsys.readouterr().out == "rule 6: crew C2 day 0: S3 and S4 overlap [C2, S3, S4]\n"


def test_cli_missing_file_exits_2(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "none.json")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_cli_generate_baseline_bound_metrics(tmp_path, capsys):
    instance = str(tmp_path / "s.json")
    plan = str(tmp_path / "plan.json")
    assert main(["generate", "--size", "S", "--seed", "1", "-o", instance]) == 0
    assert main(["baseline", instance, "-o", plan]) == 0
    assert main(["check", instance, plan]) == 0
    capsys.readouterr()
    assert main(["bound", instance]) == 0
    bound = json.loads(capsys.readouterr().out)
    assert main(["metrics", instance, plan]) == 0
    metrics = json.loads(capsys.readouterr().out)
    assert bound["bound"] >= metrics["value"] > 0
    assert metrics["scheduled"] + metrics["unscheduled"] == 332


def test_cli_runs_as_module(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "scheduling.solver", "validate", EXAMPLE],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")
