"""``python -m scheduling.solver plan INSTANCE -o PLAN --time-limit S --seed N``."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from scheduling.solver.optimise.solve import Progress, solve
from scheduling.solver.words import DEFAULT_LANGUAGE, LANGUAGES

BAR_WIDTH = 24


def add_plan_command(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``plan`` subcommand on the package's command line."""
    sub = subparsers.add_parser("plan", help="plan an instance with the optimiser")
    sub.add_argument("instance")
    sub.add_argument("-o", "--output", required=True)
    sub.add_argument("--time-limit", type=float, default=60.0, help="seconds (default 60)")
    sub.add_argument("--seed", type=int, default=0)
    sub.add_argument("--workers", type=int, default=2, help="CP-SAT workers (default 2)")
    sub.add_argument("--quiet", action="store_true", help="no progress bar")
    sub.add_argument(
        "--language",
        choices=LANGUAGES,
        default=DEFAULT_LANGUAGE,
        help=f"of the reasons for scenes left out (default {DEFAULT_LANGUAGE})",
    )
    sub.set_defaults(run=run_plan)


class ProgressBar:
    """One line on stderr, redrawn in place: phase, time used, best value, bound."""

    def __init__(self, time_limit: float, stream: TextIO) -> None:
        self.time_limit = time_limit
        self.stream = stream

    def __call__(self, p: Progress) -> None:
        filled = min(BAR_WIDTH, int(BAR_WIDTH * p.elapsed / max(self.time_limit, 1e-9)))
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        line = f"\r[{bar}] {p.elapsed:6.1f}s {p.phase:<7} best {p.best_value:,}"
        if p.bound:
            line += f"  bound {p.bound:,} ({p.best_value / p.bound:.1%})"
        self.stream.write(line)
        self.stream.flush()


def run_plan(args: argparse.Namespace) -> int:
    """Read, solve, write; exit 0, or 1 when the input's locked bookings cannot all be kept."""
    from scheduling.solver.cli_files import EXIT_BROKEN, EXIT_OK, read_instance
    from scheduling.solver.plan import save_plan

    instance = read_instance(args.instance)
    bar = None if args.quiet else ProgressBar(args.time_limit, sys.stderr)
    result = solve(
        instance,
        time_limit=args.time_limit,
        seed=args.seed,
        progress=bar,
        workers=args.workers,
        language=args.language,
    )
    save_plan(result.plan, args.output)
    if bar is not None:
        sys.stderr.write("\n")
    stats = result.plan.stats
    print(
        f"{result.status}: value {result.value:,}"
        + (f" of bound {result.bound:,}" if result.bound else "")
        + f", {len(result.plan.assignments)} assigned, {len(result.plan.unscheduled)} "
        f"unscheduled, {stats['solve_seconds']} s -> {args.output}",
        file=sys.stderr,
    )
    return EXIT_BROKEN if result.status == "infeasible_input" else EXIT_OK
