"""Where the optimiser's gap to the bound lies (issue 21): the same instance with the sets'
capacity lifted (no crew ever waits for a set), without extras (no performer is ever short),
and both. Each variant gets its own LP bound (``upper_bound(crews=False)``) and the optimiser's
plan at the size's time limit and seed; if the ratio stays where it is once sets and extras are
taken out, the gap lies in how each crew's day is planned (or in the bound's view of it), not in
the competition for sets or performers.

    .venv/bin/python bench/gap_sources.py --size M --seed 1

Writes ``bench/results/gap_sources.md``.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scheduling.solver.bound import upper_bound  # noqa: E402
from scheduling.solver.checker import check_plan  # noqa: E402
from scheduling.solver.generate import generate_instance  # noqa: E402
from scheduling.solver.optimise import solve  # noqa: E402

TIME_LIMITS = {"S": 10.0, "M": 60.0, "L": 300.0}
ROOMY = 50  # crews a set holds at once when its capacity is lifted


def variants(instance):
    roomy = replace(
        instance, locations=tuple(replace(x, capacity=ROOMY) for x in instance.locations)
    )
    yield "as generated", instance
    yield f"every set holds {ROOMY} crews", roomy
    yield (
        "no extras",
        replace(instance, scenes=tuple(replace(s, extras=()) for s in instance.scenes)),
    )
    yield "both", replace(roomy, scenes=tuple(replace(s, extras=()) for s in roomy.scenes))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="M", choices=sorted(TIME_LIMITS))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    base = generate_instance(args.size, args.seed)
    limit = TIME_LIMITS[args.size]
    rows = []
    for name, instance in variants(base):
        print(f"{name} ...", file=sys.stderr, flush=True)
        bound = upper_bound(instance, time_limit=300, crews=False).value
        started = time.monotonic()
        result = solve(instance, time_limit=limit, seed=args.seed)
        seconds = time.monotonic() - started
        broken = len(check_plan(instance, result.plan))
        rows.append((name, bound, result.value, result.value / bound, broken, seconds))
    lines = [
        "# Where the gap lies",
        "",
        f"Size {args.size}, seed {args.seed}, time limit {limit:g} s; produced by "
        "`bench/gap_sources.py`. Bound: the LP alone (`upper_bound(crews=False)`) of each "
        "variant.",
        "",
        "| variant | LP bound | optimiser | of bound | violations | wall s |",
        "|---|---|---|---|---|---|",
    ]
    for name, bound, value, ratio, broken, seconds in rows:
        lines.append(f"| {name} | {bound:,} | {value:,} | {ratio:.3f} | {broken} | {seconds:.1f} |")
    out = ROOT / "bench" / "results" / "gap_sources.md"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
