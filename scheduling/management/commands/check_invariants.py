"""``manage.py check_invariants [--running-grace-minutes N]``: every broken promise of the base,
one line each (kind, objects, instant, what); exit 1 when there is any, 0 when none."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from scheduling.selectors.invariants import DEFAULT_RUNNING_GRACE_MINUTES, invariants_check


class Command(BaseCommand):
    help = (
        "Check the database's invariants (capacity, crews' and performers' clashes, closures, "
        "plan runs ended, the outbox, the audit trail, bookings against published plans); "
        "print one line per violation and exit non-zero when there is any."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--running-grace-minutes",
            type=int,
            default=DEFAULT_RUNNING_GRACE_MINUTES,
            help="a plan run queued or running for longer than this counts as not ended "
            f"(default {DEFAULT_RUNNING_GRACE_MINUTES})",
        )

    def handle(self, *args, running_grace_minutes: int, **options):
        if running_grace_minutes < 0:
            raise CommandError("--running-grace-minutes must be 0 or more")
        violations = invariants_check(running_grace_minutes=running_grace_minutes)
        for violation in violations:
            self.stdout.write(str(violation))
        if violations:
            self.stderr.write(f"{len(violations)} invariant violation(s).")
            raise SystemExit(1)
        self.stderr.write("No invariant violations.")
