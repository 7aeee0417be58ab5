"""``python -m scheduling.solver plan``: writes a valid plan, shows progress, refuses bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from scheduling.solver.checker import check_plan
from scheduling.solver.cli import main
from scheduling.solver.instance import load_instance
from scheduling.solver.plan import load_plan

EXAMPLE = Path("/work/shared/contract/example-instance.json")
HERE = Path(__file__).resolve().parents[3]


def _example(tmp_path: Path) -> Path:
    source = EXAMPLE if EXAMPLE.exists() else HERE.parent / "shared/contract/example-instance.json"
    target = tmp_path / "instance.json"
    shutil.copy(source, target)
    return target


def test_plan_command_writes_a_plan_that_passes_the_checker(tmp_path, capsys):
    instance_path = _example(tmp_path)
    out = tmp_path / "plan.json"
    code = main(["plan", str(instance_path), "-o", str(out), "--time-limit", "2", "--seed", "1"])
    assert code == 0
    instance = load_instance(instance_path)
    plan = load_plan(out, instance)
    assert check_plan(instance, plan) == []
    assert len(plan.assignments) + len(plan.unscheduled) == len(instance.scenes)
    err = capsys.readouterr().err
    assert "best" in err and "bound" in err
    assert json.loads(out.read_text())["stats"]["value"] == plan.stats["value"]


def test_plan_command_refuses_a_malformed_instance_with_its_path(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    data = json.loads(_example(tmp_path).read_text())
    data["scenes"][0]["minutes"] = 45
    bad.write_text(json.dumps(data))
    code = main(["plan", str(bad), "-o", str(tmp_path / "plan.json"), "--time-limit", "1"])
    assert code == 2
    assert "$.scenes[0].minutes" in capsys.readouterr().err
    assert not (tmp_path / "plan.json").exists()
