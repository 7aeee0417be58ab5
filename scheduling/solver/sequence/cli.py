"""``python -m scheduling.solver sequence FILE [--time-limit S] [--seed N] [--json]``."""

from __future__ import annotations

import argparse
import json
import sys

from .problem import TalentFileError, TalentProblem, read_talent_file
from .solve import SequenceResult, sequence_scenes

EXIT_OK, EXIT_MALFORMED = 0, 2


def add_sequence_command(commands: argparse._SubParsersAction) -> None:
    """Register the ``sequence`` subcommand on the optimiser's command line."""
    sub = commands.add_parser(
        "sequence", help="best shooting order of a talent scheduling file, with its proof"
    )
    sub.add_argument("file", help="a file in the talent scheduling benchmark format")
    sub.add_argument("--time-limit", type=float, default=60.0, help="seconds (default 60)")
    sub.add_argument("--seed", type=int, default=0)
    sub.add_argument("--json", action="store_true", help="print one JSON object")
    sub.set_defaults(run=run_sequence)


def run_sequence(args: argparse.Namespace) -> int:
    try:
        problem = read_talent_file(args.file)
    except OSError as exc:
        print(f"{args.file}: cannot read: {exc.strerror}", file=sys.stderr)
        return EXIT_MALFORMED
    except TalentFileError as exc:
        print(f"{args.file}: {exc}", file=sys.stderr)
        return EXIT_MALFORMED
    result = sequence_scenes(problem, time_limit=args.time_limit, seed=args.seed)
    if args.json:
        print(json.dumps(result_json(problem, result)))
    else:
        print(summary(problem, result))
    return EXIT_OK


def result_json(problem: TalentProblem, result: SequenceResult) -> dict:
    """``order`` holds scene indices (0 = the file's first column); ``scenes`` their names."""
    return {
        "instance": problem.name,
        "scenes_count": problem.scene_count,
        "actors_count": problem.actor_count,
        "order": list(result.order),
        "scenes": [problem.scene_names[s] for s in result.order],
        "cost": result.cost,
        "proven_optimal": result.proven_optimal,
        "lower_bound": result.lower_bound,
        "seconds": result.seconds,
    }


def summary(problem: TalentProblem, result: SequenceResult) -> str:
    if result.proven_optimal:
        verdict = f"optimal, proven (lower bound {result.lower_bound} = cost)"
    else:
        gap = result.cost - result.lower_bound
        verdict = f"best found; optimality NOT proven: lower bound {result.lower_bound}, gap {gap}"
    return "\n".join(
        [
            f"{problem.name}: {problem.scene_count} scenes, {problem.actor_count} actors",
            "order: " + " ".join(problem.scene_names[s] for s in result.order),
            f"cost {result.cost}: {verdict}",
            f"{result.seconds} s",
        ]
    )
