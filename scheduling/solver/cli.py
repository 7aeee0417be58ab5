"""Command line of the optimiser package: ``python -m scheduling.solver COMMAND ...``.

Commands: ``validate INSTANCE``, ``check INSTANCE PLAN``, ``baseline INSTANCE -o PLAN``,
``bound INSTANCE``, ``metrics INSTANCE PLAN``, ``generate --size S --seed 1 -o FILE``.
Exit codes: 0 fine, 1 the plan breaks a hard rule, 2 an input file is malformed (each problem
is printed with its JSON path before any work is done).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence

from .baseline import baseline_plan
from .bound import upper_bound
from .checker import check_plan
from .cli_files import EXIT_BROKEN, EXIT_MALFORMED, EXIT_OK, Malformed, read_instance, read_plan
from .generate import SIZES, generate_instance, grow
from .instance import save_instance
from .metrics import plan_metrics
from .plan import save_plan
from .sequence.cli import add_sequence_command


def _validate(args: argparse.Namespace) -> int:
    instance = read_instance(args.instance)
    print(
        f"{args.instance}: valid, {instance.horizon.days} days, {len(instance.crews)} crews, "
        f"{len(instance.scenes)} scenes, {len(instance.locations)} locations, "
        f"{len(instance.performers)} performers"
    )
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    instance = read_instance(args.instance)
    plan = read_plan(args.plan)
    violations = check_plan(instance, plan)
    for violation in violations:
        print(violation)
    if violations:
        print(f"{len(violations)} hard-rule violations", file=sys.stderr)
        return EXIT_BROKEN
    value = plan_metrics(instance, plan)["value"]
    print(
        f"ok: {len(plan.assignments)} scenes assigned, {len(plan.unscheduled)} unscheduled, "
        f"value {value}"
    )
    return EXIT_OK


def _baseline(args: argparse.Namespace) -> int:
    instance = read_instance(args.instance)
    plan = baseline_plan(instance)
    save_plan(plan, args.output)
    print(
        f"baseline: value {plan.stats['value']}, {len(plan.assignments)} assigned, "
        f"{len(plan.unscheduled)} unscheduled, {plan.stats['solve_seconds']} s",
        file=sys.stderr,
    )
    return EXIT_OK


def _bound(args: argparse.Namespace) -> int:
    instance = read_instance(args.instance)
    started = time.perf_counter()
    result = upper_bound(instance, time_limit=args.time_limit)
    seconds = round(time.perf_counter() - started, 2)
    print(json.dumps({"bound": result.value, "method": result.method, "seconds": seconds}))
    return EXIT_OK


def _metrics(args: argparse.Namespace) -> int:
    instance = read_instance(args.instance)
    plan = read_plan(args.plan)
    print(json.dumps(plan_metrics(instance, plan), indent=1))
    return EXIT_OK


def _generate(args: argparse.Namespace) -> int:
    instance = generate_instance(args.size, args.seed, night=args.night)
    if args.grow:
        instance = grow(instance, args.grow, args.seed)
    save_instance(instance, args.output)
    print(
        f"{args.output}: {len(instance.crews)} crews, {len(instance.scenes)} scenes, "
        f"{sum(line.count for s in instance.scenes for line in s.extras)} extras places",
        file=sys.stderr,
    )
    return EXIT_OK


def _optimiser_commands(commands: argparse._SubParsersAction) -> None:
    """Subcommands of the CP-SAT optimiser (``scheduling.solver.optimise``).

    >>> OPTIMISER: register ``plan INSTANCE -o PLAN --time-limit S --seed N`` here, importing
    ``from scheduling.solver.optimise import solve`` inside this function, and only when that
    module exists. <<<
    """
    from .optimise.cli import add_plan_command

    add_plan_command(commands)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m scheduling.solver", description="Plan a film base's scenes."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    sub = commands.add_parser("validate", help="check an instance file against the contract")
    sub.add_argument("instance")
    sub.set_defaults(run=_validate)
    sub = commands.add_parser("check", help="report every hard rule a plan breaks (exit 1)")
    sub.add_argument("instance")
    sub.add_argument("plan")
    sub.set_defaults(run=_check)
    sub = commands.add_parser("baseline", help="first-come-first-served plan")
    sub.add_argument("instance")
    sub.add_argument("-o", "--output", required=True)
    sub.set_defaults(run=_baseline)
    sub = commands.add_parser("bound", help="an upper bound on any plan's value")
    sub.add_argument("instance")
    sub.add_argument("--time-limit", type=float, default=60.0)
    sub.set_defaults(run=_bound)
    sub = commands.add_parser("metrics", help="value and secondary terms of a plan")
    sub.add_argument("instance")
    sub.add_argument("plan")
    sub.set_defaults(run=_metrics)
    sub = commands.add_parser("generate", help="a seeded Hengdian-like instance")
    sub.add_argument("--size", choices=sorted(SIZES), required=True)
    sub.add_argument("--seed", type=int, default=1)
    sub.add_argument("--grow", type=float, default=0.0, help="add this share of new crews")
    sub.add_argument(
        "--night",
        action="store_true",
        help="a day running on to 30:00, a third of the crews shooting nights, rest rules",
    )
    sub.add_argument("-o", "--output", required=True)
    sub.set_defaults(run=_generate)
    _optimiser_commands(commands)
    add_sequence_command(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except Malformed:
        return EXIT_MALFORMED
