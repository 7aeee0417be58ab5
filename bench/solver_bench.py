"""Benchmark of the optimiser against the first-come-first-served baseline and the LP bound.

    .venv/bin/python bench/solver_bench.py [--sizes S,M,L] [--shifts day,night] [--seed 1]
        [--no-replan]

For each size and shift it generates the seeded instance (``night``: the generator's night
variant, a day running on to 30:00 with a third of the crews on nights and rest rules), then
runs the baseline, the bound and the optimiser each in its own subprocess (peak memory is that
child's ``ru_maxrss``, read with ``os.wait4``), checks every plan with the package's checker
and writes:

- ``bench/results/solver.md``: the table (value, ratio to baseline and bound, violations,
  wall time, peak memory), the true gap on S (the LP alone, the column bound of
  ``bound_columns.py`` and the optimiser given 60 s) and the re-plans of M and L plus 20%
  crews (3 s and 10 s);
- ``bench/results/solver_progress.csv``: the optimiser's best value over time per size;
- ``bench/results/solver_progress.svg``: the same as a plot (value / bound against seconds).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scheduling.solver.checker import check_plan  # noqa: E402
from scheduling.solver.generate import generate_instance, grow  # noqa: E402
from scheduling.solver.instance import load_instance, save_instance  # noqa: E402
from scheduling.solver.model import Locked, Previous  # noqa: E402
from scheduling.solver.plan import load_plan, save_plan  # noqa: E402

RESULTS = ROOT / "bench" / "results"
TIME_LIMITS = {"S": 10.0, "M": 60.0, "L": 300.0}
# Issue 21's targets: a re-plan of M in 3 s, of L in 10 s.
REPLAN_LIMITS = {"M": 3.0, "L": 10.0}
# Issue 21's reference gap: on S, the column-generation bound (bound_columns.py) beside the LP,
# and the optimiser given LONG_LIMIT seconds instead of 10 (the best plan known).
REFERENCE_MAX_SCENES = 1000
LONG_LIMIT = 60.0


def child(mode: str, instance_path: str, out_path: str, time_limit: float, seed: int) -> None:
    """Run one solve in this process and write its plan and figures to ``out_path``."""
    instance = load_instance(instance_path)
    points: list[tuple[float, str, int, int | None]] = []
    reference = None
    started = time.perf_counter()
    if mode == "baseline":
        from scheduling.solver.baseline import baseline_plan

        plan, value, bound = baseline_plan(instance), None, None
    elif mode == "bound":
        from scheduling.solver.bound import upper_bound

        result = upper_bound(instance, time_limit=120.0)
        plan, value, bound = None, None, result.value
        if len(instance.scenes) <= REFERENCE_MAX_SCENES:
            from scheduling.solver.bound_columns import column_bound

            begun = time.perf_counter()
            tighter = column_bound(instance, time_limit=300.0)
            if tighter is not None:
                reference = {
                    "lp": upper_bound(instance, time_limit=120.0, crews=False).value,
                    "value": tighter.value,
                    "converged": tighter.converged,
                    "rounds": tighter.rounds,
                    "seconds": round(time.perf_counter() - begun, 1),
                }
    else:
        from scheduling.solver.optimise import solve

        def note(p):
            points.append((round(p.elapsed, 3), p.phase, p.best_value, p.bound))

        result = solve(instance, time_limit=time_limit, seed=seed, progress=note)
        plan, value, bound = result.plan, result.value, result.bound
    wall = time.perf_counter() - started
    if plan is not None:
        save_plan(plan, out_path + ".plan.json")
        value = plan.stats.get("value", value)
    Path(out_path).write_text(
        json.dumps(
            {"value": value, "bound": bound, "wall": wall, "points": points, "reference": reference}
        )
    )


def run_child(mode: str, instance_path: str, time_limit: float, seed: int, tmp: str) -> dict:
    """Run ``child`` in a subprocess; add its peak memory (MB) and the checker's verdict."""
    out = os.path.join(tmp, f"{mode}-{Path(instance_path).stem}-{seed}.json")
    cmd = [
        sys.executable,
        __file__,
        "--child",
        mode,
        instance_path,
        out,
        str(time_limit),
        str(seed),
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{mode} on {instance_path} failed with exit code {proc.returncode}")
    figures = json.loads(Path(out).read_text())
    figures["peak_mb"] = usage.ru_maxrss / 1024
    plan_path = out + ".plan.json"
    if os.path.exists(plan_path):
        instance = load_instance(instance_path)
        plan = load_plan(plan_path)
        figures["violations"] = len(check_plan(instance, plan))
        figures["plan"] = plan
    return figures


def bench_size(size: str, shift: str, seed: int, tmp: str) -> dict:
    instance = generate_instance(size, seed, night=shift == "night")
    path = os.path.join(tmp, f"{size}-{shift}.json")
    save_instance(instance, path)
    limit = TIME_LIMITS[size]
    row = {
        "size": size,
        "shift": shift,
        "scenes": len(instance.scenes),
        "limit": limit,
        "path": path,
    }
    for mode in ("baseline", "bound", "optimise"):
        print(f"{size} {shift}: {mode} ...", file=sys.stderr, flush=True)
        row[mode] = run_child(mode, path, limit, seed, tmp)
    if row["bound"].get("reference"):
        print(f"{size} {shift}: optimise {LONG_LIMIT:g} s ...", file=sys.stderr, flush=True)
        row["long"] = run_child("optimise", path, LONG_LIMIT, seed, tmp)
    return row


def reference_gaps(rows: list[dict]) -> list[str]:
    """The true gap where the column bound was computed: how far from the best possible."""
    lines = []
    for r in rows:
        ref = r["bound"].get("reference")
        if not ref or "long" not in r:
            continue
        lp, bound, tight = ref["lp"], r["bound"]["bound"], ref["value"]
        opt, long = r["optimise"]["value"], r["long"]["value"]
        done = "yes" if ref["converged"] else "no"
        lines.append(
            f"| {_label(r)} | {lp:,} | {bound:,} | {tight:,} ({done}, {ref['rounds']} rounds, "
            f"{ref['seconds']:.1f} s) | {opt:,} | {opt / lp:.3f} | {opt / tight:.3f} | "
            f"{long:,} | {long / tight:.3f} | {long - opt:+,} ({(long - opt) / opt:+.2%}) |"
        )
    return lines


def _label(row: dict) -> str:
    return row["size"] if row["shift"] == "day" else f"{row['size']} night"


def night_gaps(rows: list[dict]) -> list[str]:
    """Per size: how much further from the bound the night row is than the day row."""
    ratio = {(r["size"], r["shift"]): r["optimise"]["value"] / r["bound"]["bound"] for r in rows}
    lines = []
    for size in dict.fromkeys(r["size"] for r in rows):
        if (size, "day") in ratio and (size, "night") in ratio:
            gap = ratio[(size, "day")] - ratio[(size, "night")]
            verdict = "within" if gap <= 0.02 else "NOT within"
            lines.append(
                f"| {size} | {ratio[(size, 'day')]:.3f} | {ratio[(size, 'night')]:.3f} | "
                f"{gap:+.3f} | {verdict} 0.02 |"
            )
    return lines


def bench_replan(row: dict, seed: int, tmp: str) -> dict:
    """The size plus 20% more crews, the earlier plan as ``previous`` and a tenth of it
    ``locked``, re-planned within ``REPLAN_LIMITS``; against the grown instance planned from
    scratch with the size's full time limit."""
    size = row["size"]
    instance = load_instance(row["path"])
    earlier = row["optimise"]["plan"]
    grown = grow(instance, 0.2, seed)
    previous = tuple(Previous(a.scene, a.location, a.day, a.start) for a in earlier.assignments)
    locked = tuple(
        Locked(a.scene, a.location, a.day, a.start, a.performers) for a in earlier.assignments[::10]
    )
    replan = replace(grown, previous=previous, locked=locked)
    replan_path = os.path.join(tmp, f"{size}-replan.json")
    scratch_path = os.path.join(tmp, f"{size}-grown.json")
    save_instance(replan, replan_path)
    save_instance(grown, scratch_path)
    print(f"{size} re-plan ...", file=sys.stderr, flush=True)
    again = run_child("optimise", replan_path, REPLAN_LIMITS[size], seed, tmp)
    print(f"{size} grown from scratch ...", file=sys.stderr, flush=True)
    scratch = run_child("optimise", scratch_path, TIME_LIMITS[size], seed, tmp)
    before = {a.scene: (a.location, a.day, a.start) for a in earlier.assignments}
    after = {a.scene: (a.location, a.day, a.start) for a in again["plan"].assignments}
    moved = sum(1 for s, where in before.items() if s in after and after[s] != where)
    dropped = sum(1 for s in before if s not in after)
    kept_locked = sum(1 for k in locked if after.get(k.scene) == (k.location, k.day, k.start))
    return {
        "size": size,
        "limit": REPLAN_LIMITS[size],
        "earlier": len(before),
        "moved": moved,
        "dropped": dropped,
        "locked": len(locked),
        "kept_locked": kept_locked,
        "value": again["value"],
        "scratch": scratch["value"],
        "wall": again["wall"],
        "violations": again["violations"],
        "peak_mb": again["peak_mb"],
    }


def write_results(rows: list[dict], replans: list[dict], commit: str) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    lines = [
        "# Optimiser benchmark",
        "",
        f"Commit measured: `{commit}`; seed 1; this machine's 2 cores; time limits S 10 s, "
        "M 60 s, L 300 s. Produced by `bench/solver_bench.py`.",
        "",
        "The bound is `scheduling/solver/bound.py` (given 120 s): its LP relaxation, on S "
        "tightened by the crew step; "
        "ratios are value / baseline and value / bound. Wall time is the `solve()` call, "
        "bound computation included, in its own child process; peak MB is that child's "
        "maximum resident set. Value over time: `solver_progress.csv`, `solver_progress.svg`.",
        "",
        "Night rows: the generator's night variant of the same seed (`--night`): the shooting "
        "day runs 06:00-30:00, a third of the crews shoot mostly night scenes, crews and "
        "performers rest 480-720 minutes between shooting days (some of them).",
        "",
        "| size | scenes | baseline | bound | optimiser | x baseline | of bound | violations "
        "(opt / base) | wall s | peak MB |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        base, bound, opt = r["baseline"]["value"], r["bound"]["bound"], r["optimise"]["value"]
        lines.append(
            f"| {_label(r)} | {r['scenes']} | {base:,} | {bound:,} | {opt:,} | "
            f"{opt / base:.3f} | {opt / bound:.3f} | {r['optimise']['violations']} / "
            f"{r['baseline']['violations']} | {r['optimise']['wall']:.1f} | "
            f"{r['optimise']['peak_mb']:.0f} |"
        )
    gaps = night_gaps(rows)
    if gaps:
        lines += [
            "",
            "## Nights against days: of bound, day minus night (required: at most 0.02)",
            "",
            "| size | day | night | difference | |",
            "|---|---|---|---|---|",
            *gaps,
        ]
    refs = reference_gaps(rows)
    if refs:
        lines += [
            "",
            "## The true gap on S: a tighter bound and a longer run",
            "",
            "LP alone: `upper_bound(crews=False)`; bound: the one reported above (on S "
            "the LP tightened by the crew step). "
            "Column bound: `scheduling/solver/bound_columns.py`, the LP with each crew-day's "
            "scenes restricted to sets one crew can shoot in a day (whole scenes, the moves "
            "between the distinct sets they need), by column generation; 'yes' when it "
            "converged (no crew-day has a better set, so it is the master LP's optimum). The "
            "best possible plan lies between the best value known and the column bound. "
            f"Long: the optimiser with {LONG_LIMIT:g} s instead of 10.",
            "",
            "| size | LP alone | bound | column bound (converged, rounds, time) | "
            "optimiser 10 s | of LP alone | of column bound | optimiser long | "
            "of column bound | long - 10 s |",
            "|---|---|---|---|---|---|---|---|---|---|",
            *refs,
        ]
    if replans:
        lines += [
            "",
            "## Re-plan: plus 20% more crews, earlier plan as `previous`, a tenth `locked`",
            "",
            "Re-planned within 3 s (M) and 10 s (L); from scratch: the grown instance with the "
            "size's full time limit.",
            "",
            "| size | limit s | earlier scenes | moved | dropped | locked kept | value | "
            "from scratch | ratio | violations | wall s | peak MB |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for replan in replans:
            share = replan["moved"] / max(1, replan["earlier"])
            lines.append(
                f"| {replan['size']} | {replan['limit']:g} | {replan['earlier']} | "
                f"{replan['moved']} ({share:.1%}) | {replan['dropped']} | "
                f"{replan['kept_locked']} / {replan['locked']} | {replan['value']:,} | "
                f"{replan['scratch']:,} | {replan['value'] / replan['scratch']:.3f} | "
                f"{replan['violations']} | {replan['wall']:.1f} | {replan['peak_mb']:.0f} |"
            )
    (RESULTS / "solver.md").write_text("\n".join(lines) + "\n")
    with open(RESULTS / "solver_progress.csv", "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["size", "seconds", "phase", "value", "bound"])
        for r in rows:
            for seconds, phase, value, bound in r["optimise"]["points"]:
                out.writerow([_label(r), seconds, phase, value, r["bound"]["bound"] or bound])
    series = {
        _label(r): [(p[0], p[2] / r["bound"]["bound"]) for p in r["optimise"]["points"]]
        for r in rows
    }
    baselines = {_label(r): r["baseline"]["value"] / r["bound"]["bound"] for r in rows}
    write_svg(RESULTS / "solver_progress.svg", series, baselines)


COLOURS = {
    "S": "#1f77b4",
    "M": "#d62728",
    "L": "#2ca02c",
    "S night": "#17becf",
    "M night": "#ff7f0e",
    "L night": "#8c564b",
}


def write_svg(path: Path, series: dict, baselines: dict) -> None:
    """Value / bound against seconds (log scale), one line per size; dashed: the baseline."""
    import math

    width, height, left, bottom, top, right = 720, 420, 60, 40, 20, 90
    t_max = max((p[0] for pts in series.values() for p in pts), default=1.0)
    low = min([0.5, *baselines.values(), *(p[1] for pts in series.values() for p in pts)])

    def x(seconds: float) -> float:
        span = math.log10(t_max + 1)
        return left + (width - left - right) * math.log10(seconds + 1) / span

    def y(ratio: float) -> float:
        return top + (height - top - bottom) * (1.0 - (ratio - low) / (1.0 - low))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        'font-family="sans-serif" font-size="12">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{left}" y="14">best value / upper bound over time (log seconds)</text>',
    ]
    for tick in (low, (low + 1) / 2, 0.9, 1.0):
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            'stroke="#ddd"/>'
            f'<text x="4" y="{y(tick) + 4:.1f}">{tick:.2f}</text>'
        )
    for seconds in (0, 1, 10, 60, 300):
        if seconds <= t_max:
            parts.append(f'<text x="{x(seconds) - 6:.1f}" y="{height - 20}">{seconds}s</text>')
    for n, (size, pts) in enumerate(sorted(series.items())):
        colour = COLOURS.get(size, "black")
        line = " ".join(f"{x(t):.1f},{y(r):.1f}" for t, r in pts)
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{line}"/>')
        base = y(baselines[size])
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{base:.1f}" y2="{base:.1f}" '
            f'stroke="{colour}" stroke-dasharray="4 4"/>'
        )
        parts.append(
            f'<text x="{width - right + 8}" y="{top + 16 * n + 10}" fill="{colour}">'
            f"{size} optimiser</text>"
        )
    parts.append(
        f'<text x="{width - right + 8}" y="{top + 16 * len(series) + 10}">dashed: baseline</text>'
    )
    parts.append("</svg>")
    path.write_text("\n".join(parts) + "\n")


def _commit() -> str:
    try:
        out = subprocess.run(
            ["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True
        )
    except OSError:
        return "unknown"
    return out.stdout.strip() or "uncommitted"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="S,M,L")
    parser.add_argument("--shifts", default="day,night")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-replan", action="store_true")
    parser.add_argument("--child", nargs=5, metavar=("MODE", "INSTANCE", "OUT", "LIMIT", "SEED"))
    args = parser.parse_args(argv)
    if args.child:
        mode, instance, out, limit, seed = args.child
        child(mode, instance, out, float(limit), int(seed))
        return 0
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    shifts = [s.strip() for s in args.shifts.split(",") if s.strip()]
    # The commit is read before the runs: what is measured, whatever changes meanwhile.
    commit = _commit()
    with tempfile.TemporaryDirectory() as tmp:
        rows = [bench_size(size, shift, args.seed, tmp) for size in sizes for shift in shifts]
        replans = [
            bench_replan(r, args.seed, tmp)
            for r in rows
            if r["size"] in REPLAN_LIMITS and r["shift"] == "day" and not args.no_replan
        ]
    write_results(rows, replans, commit)
    print((RESULTS / "solver.md").read_text())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
