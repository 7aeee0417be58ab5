"""What must hold of the base whatever happened to it: ``invariants_check`` reads the database
and returns every broken promise as a ``Violation`` (``manage.py check_invariants`` prints them).

The promises, each in its own module:

- ``timetable``: over the bookings in force and the calls that hold a performer's time, no
  location over its capacity at any instant, no crew in two places at once or without its move
  time between two locations, no performer in two overlapping calls or without the move time
  between them or over their daily limit on a shooting day, no booking overlapping a closure
  of its location. The sweeps are the plan checker's (``scheduling.solver.checker``), run on
  the bookings as they are.
- ``records``: every plan run ended (succeeded, failed or superseded; a queued or running one
  younger than the grace is still fine), every notice in the outbox sent or still being
  retried (pending), and every booking and call row equal to the last record the audit trail
  has of it (a write that bypassed the trail, or a row deleted without a record, shows).
- ``plans``: each scene's booking is what the last published plan naming it made of it, and
  after that what the audit trail's later changes say (see the module for exactly what).
"""

from __future__ import annotations

from scheduling.selectors.invariants.plans import plan_violations
from scheduling.selectors.invariants.records import (
    audit_violations,
    outbox_violations,
    plan_run_violations,
)
from scheduling.selectors.invariants.timetable import timetable_violations
from scheduling.selectors.invariants.violation import Violation

DEFAULT_RUNNING_GRACE_MINUTES = 60


def invariants_check(
    *, running_grace_minutes: int = DEFAULT_RUNNING_GRACE_MINUTES
) -> list[Violation]:
    """Every violation of the base's invariants, each kind in turn, in a stable order."""
    return [
        *timetable_violations(),
        *plan_run_violations(grace_minutes=running_grace_minutes),
        *outbox_violations(),
        *audit_violations(),
        *plan_violations(),
    ]


__all__ = ["DEFAULT_RUNNING_GRACE_MINUTES", "Violation", "invariants_check"]
