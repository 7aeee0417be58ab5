"""The sequencing benchmark script, run on the instances copied into the tests."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
TALENT = Path(__file__).parent / "talent"


def load_bench():
    spec = importlib.util.spec_from_file_location(
        "sequence_bench", ROOT / "bench" / "sequence_bench.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_sequence_bench_writes_one_row_per_instance_found(tmp_path):
    output = tmp_path / "sequence.md"
    assert load_bench().main([str(TALENT), "--output", str(output), "--time-limit", "10"]) == 0
    rows = [line for line in output.read_text().splitlines() if line.startswith("| ")][1:]
    cells = [row.split(" | ")[:6] for row in rows]
    assert cells == [
        ["| tiny", "4 x 3", "29", "29", "yes", "29"],
        ["| tiny2", "5 x 3", "9", "9", "yes", "9"],
        ["| small", "6 x 4", "54", "54", "yes", "54"],
        ["| small2", "6 x 4", "56", "56", "yes", "56"],
        ["| concert", "9 x 5", "111", "111", "yes", "111"],
        ["| film-10", "10 x 8", "352", "352", "yes", "352"],
        ["| film-12", "12 x 8", "401", "401", "yes", "401"],
    ]


def test_sequence_bench_missing_folder_exits_2_and_writes_nothing(tmp_path):
    output = tmp_path / "sequence.md"
    assert load_bench().main([str(tmp_path / "absent"), "--output", str(output)]) == 2
    assert not output.exists()
