"""What every subcommand of the solver's command line shares: exit codes and reading files.

Its own module so that the subcommands of the optimiser and the sequencer, which the command
line imports, do not import the command line back (an import circle).
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from .fields import InstanceError
from .instance import load_instance
from .model import Instance, Plan
from .plan import load_plan

EXIT_OK, EXIT_BROKEN, EXIT_MALFORMED = 0, 1, 2


class Malformed(Exception):
    """An input file could not be read; the problems have been printed."""


def read_instance(path: str) -> Instance:
    """Load an instance, printing every problem and raising ``Malformed`` if it has any."""
    return _read(path, load_instance)


def read_plan(path: str) -> Plan:
    return _read(path, load_plan)


def _read(path: str, loader: Callable):
    try:
        return loader(path)
    except OSError as exc:
        print(f"{path}: cannot read: {exc.strerror}", file=sys.stderr)
    except InstanceError as exc:
        for problem in exc.problems:
            print(f"{path}: {problem.path}: {problem.message}", file=sys.stderr)
    raise Malformed(path)
