"""``manage.py seed_demo [--start YYYY-MM-DD]``: the demo base and its logins, idempotently."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from scheduling.demo import demo_start
from scheduling.services.demo import DEMO_PASSWORD, demo_seed


class Command(BaseCommand):
    help = (
        "Build the demo base (a Hengdian-like week: sets, ~40 short-drama crews, ~3,000 "
        "performers, a few bookings) and demo logins. Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--start", help="first day of the demo week, YYYY-MM-DD (default: next Monday)"
        )

    def handle(self, *args, start: str | None = None, **options):
        try:
            first = dt.date.fromisoformat(start) if start else demo_start()
        except ValueError:
            raise CommandError(f"--start must be a date YYYY-MM-DD, not {start!r}") from None
        result, users = demo_seed(start=first)
        counts = result.as_dict()
        self.stdout.write(f"Demo week: {first} to {first + dt.timedelta(days=6)}")
        for kind in ("zones", "locations", "crews", "scenes", "performers", "bookings"):
            total = sum(n for what, n in counts[kind].items() if what != "cancelled")
            self.stdout.write(f"  {kind}: {total} ({counts[kind].get('created', 0)} new)")
        self.stdout.write(f"Demo logins (password: {DEMO_PASSWORD}):")
        for username, purpose in users:
            self.stdout.write(f"  {username:<11} {purpose}")
