"""``manage.py prune_plan_runs [--days N]``: clear the payloads of old planning runs."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from scheduling.services.plan_run_prune import plan_runs_prune


class Command(BaseCommand):
    help = (
        "Clear what planning runs that ended more than N days ago read and found (instance, "
        "plan, bookings read); the runs, their figures and their audit stay."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="retention in days (default: PLAN_RUN_PAYLOAD_RETENTION_DAYS, "
            f"now {settings.PLAN_RUN_PAYLOAD_RETENTION_DAYS})",
        )

    def handle(self, *args, days: int | None, **options):
        if days is not None and days < 1:
            raise CommandError("--days must be 1 or more")
        pruned = plan_runs_prune(days=days)
        self.stdout.write(f"Pruned the payloads of {pruned} plan run(s).")
