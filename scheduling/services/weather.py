"""The weather feed: a forecast turned into closures of each zone's outdoor sets, kept in step.

Each closing window (``scheduling.selectors.weather``) becomes one disruption from the weather
feed, by tag ``outdoor`` and the zone, with a key naming the zone and the window; reading the
forecast again keeps the disruptions whose window is still forecast, reports the new ones
(which queue their repair runs as any disruption does) and lifts those of the time the
forecast speaks for that it no longer calls for (the forecast cleared). Windows already over
are left alone. All of it in one transaction.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import replace
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from scheduling.models import Disruption, Zone
from scheduling.selectors.disruptions import locations_tagged
from scheduling.selectors.weather import closure_windows, forecast_coverage, forecast_parse
from scheduling.services.disruptions import disruption_close, disruption_lift

logger = logging.getLogger(__name__)
TAG = "outdoor"


@transaction.atomic
def weather_forecast_apply(*, text: str, shift_days: int = 0) -> dict[str, int]:
    """Bring the weather feed's closures in line with a forecast; counts of what changed.

    Raises ``ForecastInvalid`` (every mistake with its line and column) and changes nothing
    when the file is bad. ``shift_days`` moves every hour (a sample file onto the demo week)."""
    shift = dt.timedelta(days=shift_days)
    hours = [replace(h, hour=h.hour + shift) for h in forecast_parse(text=text)]
    now = timezone.now()
    wanted = {w.key: w for w in closure_windows(hours) if w.ends_at > now}
    coverage = forecast_coverage(hours)
    counts = {"closed": 0, "kept": 0, "lifted": 0, "no_outdoor_sets": 0}
    active = Disruption.objects.filter(
        source=Disruption.Source.WEATHER, lifted_at__isnull=True, ends_at__gt=now
    ).exclude(feed_key="")
    for disruption in active.select_related("zone"):
        if wanted.pop(disruption.feed_key, None) is not None:
            counts["kept"] += 1
            continue
        spoken = coverage.get(disruption.zone.code if disruption.zone else "")
        if spoken and disruption.starts_at < spoken[1] and spoken[0] < disruption.ends_at:
            disruption_lift(disruption_id=disruption.pk)
            counts["lifted"] += 1
    zones = {z.code: z for z in Zone.objects.filter(code__in={w.zone for w in wanted.values()})}
    for window in wanted.values():
        zone = zones[window.zone]
        locations = locations_tagged(tag=TAG, zone=zone)
        if not locations:
            counts["no_outdoor_sets"] += 1
            continue
        disruption_close(
            locations=locations,
            starts_at=window.starts_at,
            ends_at=window.ends_at,
            reason=window.reason[:200],
            tag=TAG,
            zone=zone,
            source=Disruption.Source.WEATHER,
            feed_key=window.key,
        )
        counts["closed"] += 1
    logger.info("weather forecast read: %s", counts)
    return counts


def weather_forecast_read(*, path: str, first_day: dt.date | None = None) -> dict[str, int]:
    """Read the forecast file at ``path`` (UTF-8 CSV) and apply it; with ``first_day``, its
    hours are moved so that its first day falls on that date."""
    text = Path(path).read_text(encoding="utf-8")
    shift = 0
    if first_day is not None:
        hours = forecast_parse(text=text)
        if hours:
            shift = (first_day - min(h.hour for h in hours).date()).days
    return weather_forecast_apply(text=text, shift_days=shift)
