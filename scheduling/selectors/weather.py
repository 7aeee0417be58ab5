"""Reading a weather forecast file (docs/weather.md): hourly precipitation and wind per zone,
checked line by line, and the windows in which a zone's outdoor sets must close.

A CSV file with a header line ``zone,hour,precipitation_mm,wind_mps``; ``hour`` is the start of
the hour, ISO 8601 with its offset, on the hour. Every zone's hours run without gaps from its
first to its last. A bad file is refused as a whole, with every mistake's line and column.

Thresholds (settings): heavy rain by GB/T 28592-2012 (``WEATHER_HEAVY_RAIN_MM`` in a shooting
day, 25 mm) closes the zone's outdoor sets for that whole shooting day; a short-duration
downpour (``WEATHER_DOWNPOUR_MM``, 20 mm in an hour) or a gale (``WEATHER_GALE_MPS``) closes
that hour.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings

from core.shooting_day import shooting_date, shooting_day_bounds
from scheduling.models import Zone

COLUMNS = ("zone", "hour", "precipitation_mm", "wind_mps")
HOUR = dt.timedelta(hours=1)
MAX_LINES = 100_000


@dataclass(frozen=True)
class ForecastHour:
    zone: str
    hour: dt.datetime
    precipitation_mm: Decimal
    wind_mps: Decimal


@dataclass(frozen=True)
class ForecastError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.message}"


class ForecastInvalid(Exception):
    """The forecast file has mistakes; ``errors`` names each one's line and column."""

    def __init__(self, errors: list[ForecastError]):
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors[:20]))


@dataclass(frozen=True)
class Window:
    """A time a zone's outdoor sets close, and why."""

    zone: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    reason: str

    @property
    def key(self) -> str:
        return f"weather:{self.zone}:{self.starts_at.isoformat()}:{self.ends_at.isoformat()}"


def forecast_parse(*, text: str) -> list[ForecastHour]:
    """The hours of a forecast file, or ``ForecastInvalid`` naming every mistake."""
    zones = set(Zone.objects.values_list("code", flat=True))
    rows = csv.reader(io.StringIO(text))
    header = next(rows, None)
    if header is None or tuple(c.strip() for c in header) != COLUMNS:
        raise ForecastInvalid([ForecastError(1, "-", f"the header must be {','.join(COLUMNS)}")])
    errors: list[ForecastError] = []
    # Every line with a zone and an hour, its amounts right or not: a wrong amount is its own
    # mistake, not a missing hour.
    stamps: list[tuple[int, ForecastHour]] = []
    for number, row in enumerate(rows, start=2):
        if number > MAX_LINES:
            errors.append(ForecastError(number, "-", f"more than {MAX_LINES} lines"))
            break
        if not row or all(not cell.strip() for cell in row):
            continue
        if len(row) != len(COLUMNS):
            message = f"{len(row)} values, {len(COLUMNS)} expected"
            errors.append(ForecastError(number, "-", message))
            continue
        cells = dict(zip(COLUMNS, (c.strip() for c in row), strict=True))
        parsed, row_errors = _row(number, cells, zones)
        errors.extend(row_errors)
        if parsed is not None:
            stamps.append((number, parsed))
    errors.extend(_gaps(stamps))
    if errors:
        raise ForecastInvalid(errors)
    return [hour for _, hour in stamps]


def _row(
    number: int, cells: dict[str, str], zones: set[str]
) -> tuple[ForecastHour | None, list[ForecastError]]:
    """The line's hour (None when its zone or hour is wrong) and its mistakes."""
    errors = []
    if cells["zone"] not in zones:
        errors.append(ForecastError(number, "zone", f"unknown zone {cells['zone']!r}"))
    try:
        hour = dt.datetime.fromisoformat(cells["hour"])
    except ValueError:
        hour = None
        errors.append(ForecastError(number, "hour", f"{cells['hour']!r} is not ISO 8601"))
    if hour is not None and hour.tzinfo is None:
        errors.append(ForecastError(number, "hour", "give the UTC offset (+08:00)"))
    elif hour is not None and (hour.minute or hour.second or hour.microsecond):
        errors.append(ForecastError(number, "hour", "an hour starts on the hour"))
    amounts = {}
    for column in ("precipitation_mm", "wind_mps"):
        try:
            amounts[column] = Decimal(cells[column])
        except InvalidOperation:
            errors.append(ForecastError(number, column, f"{cells[column]!r} is not a number"))
            continue
        if not amounts[column].is_finite() or amounts[column] < 0:
            errors.append(ForecastError(number, column, f"{cells[column]} is negative"))
    if any(e.column in ("zone", "hour") for e in errors):
        return None, errors
    zero = Decimal(0)
    rain, wind = amounts.get("precipitation_mm", zero), amounts.get("wind_mps", zero)
    return ForecastHour(cells["zone"], hour, rain, wind), errors


def _gaps(hours: list[tuple[int, ForecastHour]]) -> list[ForecastError]:
    """Each zone's hours follow one another without a gap or a repeat."""
    by_zone: dict[str, list[tuple[dt.datetime, int]]] = defaultdict(list)
    for number, hour in hours:
        by_zone[hour.zone].append((hour.hour, number))
    errors = []
    for zone, seen in by_zone.items():
        seen.sort()
        for (before, _), (after, number) in zip(seen, seen[1:], strict=False):
            if after == before:
                errors.append(ForecastError(number, "hour", f"{zone} {after:%H:%M} given twice"))
            elif after - before != HOUR:
                gap = f"{before + HOUR:%Y-%m-%d %H:%M} to {after - HOUR:%H:%M}"
                errors.append(ForecastError(number, "hour", f"{zone} misses the hours {gap}"))
    return sorted(errors, key=lambda e: e.line)


def forecast_coverage(hours: list[ForecastHour]) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    """Per zone, the time the forecast speaks for: from its first hour to the end of its last."""
    out: dict[str, tuple[dt.datetime, dt.datetime]] = {}
    for h in hours:
        lo, hi = out.get(h.zone, (h.hour, h.hour + HOUR))
        out[h.zone] = (min(lo, h.hour), max(hi, h.hour + HOUR))
    return out


def closure_windows(hours: list[ForecastHour]) -> list[Window]:
    """The windows each zone's outdoor sets close, by the thresholds (settings)."""
    heavy = Decimal(settings.WEATHER_HEAVY_RAIN_MM)
    downpour = Decimal(settings.WEATHER_DOWNPOUR_MM)
    gale = Decimal(settings.WEATHER_GALE_MPS)
    day_total: dict[tuple[str, dt.date], Decimal] = defaultdict(Decimal)
    for h in hours:
        day = shooting_date(h.hour)
        if day is not None:
            day_total[(h.zone, day)] += h.precipitation_mm
    closed: dict[str, list[tuple[dt.datetime, dt.datetime, str]]] = defaultdict(list)
    for (zone, day), total in day_total.items():
        if total >= heavy:
            opens, closes = shooting_day_bounds(day)
            closed[zone].append((opens, closes, f"heavy rain: {total} mm forecast on {day}"))
    for h in hours:
        if h.precipitation_mm >= downpour:
            why = f"downpour: {h.precipitation_mm} mm in the hour"
            closed[h.zone].append((h.hour, h.hour + HOUR, why))
        elif h.wind_mps >= gale:
            closed[h.zone].append((h.hour, h.hour + HOUR, f"gale: wind {h.wind_mps} m/s"))
    windows = []
    for zone, spans in sorted(closed.items()):
        spans.sort()
        start, end, reasons = spans[0][0], spans[0][1], [spans[0][2]]
        for lo, hi, why in spans[1:]:
            if lo <= end:
                end = max(end, hi)
                if why.split(":")[0] not in {r.split(":")[0] for r in reasons}:
                    reasons.append(why)
                continue
            windows.append(Window(zone, start, end, "; ".join(reasons)))
            start, end, reasons = lo, hi, [why]
        windows.append(Window(zone, start, end, "; ".join(reasons)))
    return windows
