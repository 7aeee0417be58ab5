"""Benchmark of the best shooting order (talent scheduling) on the published instances.

    .venv/bin/python bench/sequence_bench.py [FOLDER] [--time-limit 120] [--output FILE]

FOLDER holds the instance files (default ``../shared/benchmarks/talent-scheduling`` beside the
repository). Each instance is solved in this process, one after the other; the table goes to
``bench/results/sequence.md``. Exit 1 if a published optimum is missed or not proven, 2 if
the folder is missing (the table already there is left alone).
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scheduling.solver.sequence import read_talent_file, sequence_scenes  # noqa: E402

DEFAULT_FOLDER = ROOT.parent / "shared" / "benchmarks" / "talent-scheduling"
RESULTS = ROOT / "bench" / "results"

# Published optima under the total-cost definition (Garcia de la Banda, Stuckey & Chu 2011),
# as tabled in the instances' README; None where no figure is published.
PUBLISHED: dict[str, int | None] = {
    "tiny": 29,
    "tiny2": 9,
    "small": 54,
    "small2": 56,
    "concert": 111,
    "film-10": 352,
    "film-12": 401,
    "film103.dat": 1031,
    "film105.dat": 849,
    "film114.dat": 867,
    "film116.dat": 541,
    "film118.dat": 853,
    "film119.dat": 790,
    "Warwick1201": 222,
    "Shaw2020": 877,
    "MobStory": 871,
    "film117.dat": None,
}


def bench_row(path: Path, published: int | None, time_limit: float) -> tuple[str, bool]:
    """Solve one instance; its table row and whether it met the published optimum with proof."""
    problem = read_talent_file(path)
    wall, cpu = time.perf_counter(), time.process_time()
    result = sequence_scenes(problem, time_limit=time_limit)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    met = published is None or (result.cost == published and result.proven_optimal)
    row = (
        f"| {path.name} | {problem.scene_count} x {problem.actor_count} | "
        f"{'-' if published is None else published} | {result.cost} | "
        f"{'yes' if result.proven_optimal else 'no'} | {result.lower_bound} | "
        f"{wall:.2f} | {cpu:.2f} |"
    )
    return row, met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--time-limit", type=float, default=120.0)
    parser.add_argument("--output", type=Path, default=RESULTS / "sequence.md")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"{args.folder}: no such folder of instances; nothing written", file=sys.stderr)
        return 2
    rows, missed = [], []
    for name, published in PUBLISHED.items():
        path = args.folder / name
        if not path.exists():
            print(f"{path}: missing, skipped", file=sys.stderr)
            continue
        row, met = bench_row(path, published, args.time_limit)
        print(row, flush=True)
        rows.append(row)
        if not met:
            missed.append(name)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(_report(rows, args.time_limit))
    print(f"wrote {args.output}", file=sys.stderr)
    if missed:
        print(f"published optimum missed or unproven: {', '.join(missed)}", file=sys.stderr)
        return 1
    return 0


def _report(rows: list[str], time_limit: float) -> str:
    header = [
        "# Best shooting order (talent scheduling): published instances",
        "",
        f"`python bench/sequence_bench.py`, time limit {time_limit:g} s per instance, "
        f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}. "
        "Cost: each actor paid from the start of their first scene to the end of their last. "
        "Proven: the search closed, lower bound = cost. Seconds are wall clock on a shared "
        "machine; cpu is this process's processor time.",
        "",
        "| instance | scenes x actors | published optimum | our cost | proven | lower bound "
        "| seconds | cpu s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    return "\n".join(header + rows) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
