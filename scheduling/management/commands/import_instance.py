"""``manage.py import_instance FILE``: upsert a planning instance file, all or nothing."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scheduling.services.instances import InstanceImportError, instance_import


class Command(BaseCommand):
    help = "Import a planning instance (hengdian-instance/1) from a JSON file, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the instance file ('-' reads standard input)")

    def handle(self, *args, file: str, **options):
        try:
            text = self.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}") from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CommandError(f"$: not valid JSON: {exc}") from None
        try:
            result = instance_import(data=data)
        except InstanceImportError as exc:
            for problem in exc.problems:
                self.stderr.write(f"{problem.path}: {problem.message}")
            count = len(exc.problems)
            raise CommandError(
                f"{count} problem{'s' if count != 1 else ''} in {file}; nothing was imported"
            ) from None
        for kind, counts in result.as_dict().items():
            details = ", ".join(f"{n} {what}" for what, n in counts.items())
            self.stdout.write(f"{kind}: {details}")
        self.stdout.write(self.style.SUCCESS(f"Imported {file}."))
