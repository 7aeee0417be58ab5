"""``manage.py export_instance --start YYYY-MM-DD --days N [-o FILE]``: the database as an
instance file."""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from scheduling.selectors.instances import MAX_EXPORT_DAYS, instance_export
from scheduling.solver.instance import instance_to_json


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--start must be a date YYYY-MM-DD, not {text!r}") from None


class Command(BaseCommand):
    help = "Export the database as a planning instance (hengdian-instance/1) for a horizon."

    def add_arguments(self, parser):
        parser.add_argument("--start", required=True, help="first day, YYYY-MM-DD")
        parser.add_argument("--days", required=True, type=int, help="number of days")
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")

    def handle(self, *args, start: str, days: int, output: str | None, **options):
        first = _date(start)
        if not 1 <= days <= MAX_EXPORT_DAYS:
            raise CommandError(f"--days must be between 1 and {MAX_EXPORT_DAYS}, not {days}")
        instance = instance_export(start=first, days=days)
        text = json.dumps(instance_to_json(instance), ensure_ascii=False, indent=1) + "\n"
        if output:
            with open(output, "w", encoding="utf-8") as out:
                out.write(text)
            self.stderr.write(
                f"Wrote {output}: {len(instance.crews)} crews, {len(instance.scenes)} scenes, "
                f"{len(instance.performers)} performers."
            )
        else:
            self.stdout.write(text, ending="")
