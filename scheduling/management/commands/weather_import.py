"""``manage.py weather_import FILE``: read a forecast (docs/weather.md) into outdoor closures."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from scheduling.selectors.weather import ForecastInvalid
from scheduling.services.weather import weather_forecast_read


class Command(BaseCommand):
    help = (
        "Read an hourly forecast per zone (CSV: zone,hour,precipitation_mm,wind_mps) and close "
        "the zones' outdoor sets where it calls for heavy rain, a downpour or a gale; lift the "
        "feed's earlier closures it no longer calls for. A bad file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the forecast, UTF-8 CSV")
        parser.add_argument(
            "--first-day",
            help="move the forecast so its first day is this date, YYYY-MM-DD (for the sample)",
        )

    def handle(self, *args, file: str, first_day: str | None = None, **options):
        try:
            first = dt.date.fromisoformat(first_day) if first_day else None
        except ValueError:
            raise CommandError(f"--first-day must be YYYY-MM-DD, not {first_day!r}") from None
        try:
            counts = weather_forecast_read(path=file, first_day=first)
        except FileNotFoundError:
            raise CommandError(f"no such file: {file}") from None
        except ForecastInvalid as exc:
            lines = "\n".join(f"  {error}" for error in exc.errors)
            raise CommandError(f"the forecast was refused, nothing changed:\n{lines}") from None
        self.stdout.write(
            "closed {closed}, kept {kept}, lifted {lifted}, zones without outdoor sets "
            "{no_outdoor_sets}".format(**counts)
        )
