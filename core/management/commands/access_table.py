"""Writes docs/access.md from the access policy, or checks that it is current."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.access_table import access_markdown


class Command(BaseCommand):
    help = "Write docs/access.md from the access policy (--check: fail when it is not current)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true")

    def handle(self, *args, check: bool, **options):
        target = Path(settings.BASE_DIR) / "docs" / "access.md"
        wanted = access_markdown()
        if check:
            if not target.exists() or target.read_text(encoding="utf-8") != wanted:
                raise CommandError(f"{target} is not current: run manage.py access_table")
            self.stdout.write(f"{target} is current")
            return
        target.write_text(wanted, encoding="utf-8")
        self.stdout.write(f"wrote {target}")
