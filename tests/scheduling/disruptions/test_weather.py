"""The weather feed: forecasts checked line by line, turned into outdoor closures, kept in step
with the next forecast and lifted when it clears."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from core.shooting_day import shooting_day_bounds
from scheduling.models import Closure, Disruption, PlanRun
from scheduling.selectors.weather import ForecastInvalid, closure_windows, forecast_parse
from scheduling.services.weather import weather_forecast_apply
from tests.factories import ZoneFactory, shanghai

from .conftest import book, repair_day

SAMPLE = Path(settings.BASE_DIR) / "docs" / "weather-demo-forecast.csv"
HEADER = "zone,hour,precipitation_mm,wind_mps"


def forecast(zone: str, day: dt.date, rain: dict[int, float], wind: dict[int, float] = {}):  # noqa: B006
    lines = [HEADER]
    for hour in range(6, 30):
        at = (
            shanghai(day, f"{hour:02d}:00")
            if hour < 24
            else shanghai(day + dt.timedelta(days=1), f"{hour - 24:02d}:00")
        )
        lines.append(f"{zone},{at.isoformat()},{rain.get(hour, 0)},{wind.get(hour, 2)}")
    return "\n".join(lines) + "\n"


def test_forecast_bad_lines_are_refused_with_line_and_column(base):
    text = "\n".join(
        [
            HEADER,
            "Z-QIN,2026-12-06T08:00+08:00,0,2",
            "Z-NOPE,2026-12-06T09:00+08:00,0,2",
            "Z-QIN,2026-12-06T09:00+08:00,-1.5,2",
            "Z-QIN,2026-12-06T12:00+08:00,0,2",
            "Z-QIN,2026-12-06T13:00,0,x",
        ]
    )
    with pytest.raises(ForecastInvalid) as caught:
        forecast_parse(text=text)
    assert [(e.line, e.column) for e in caught.value.errors] == [
        (3, "zone"),
        (4, "precipitation_mm"),
        (6, "hour"),
        (6, "wind_mps"),
        (5, "hour"),
    ]
    assert str(caught.value.errors[-1]) == (
        "line 5, column hour: Z-QIN misses the hours 2026-12-06 10:00 to 11:00"
    )


def test_forecast_heavy_rain_closes_outdoor_sets_for_the_shooting_day(base):
    booked = book("CA-S1", base["crew_a"], base["square"], "09:00", "10:00")
    counts = weather_forecast_apply(text=forecast("Z-QIN", repair_day(), {9: 10, 10: 10, 11: 6}))
    assert counts == {"closed": 1, "kept": 0, "lifted": 0, "no_outdoor_sets": 0}
    disruption = Disruption.objects.get()
    opens, closes = shooting_day_bounds(repair_day())
    assert (disruption.source, disruption.tag, disruption.zone.code) == (
        "weather",
        "outdoor",
        "Z-QIN",
    )
    assert (disruption.starts_at, disruption.ends_at) == (opens, closes)
    assert disruption.reason == f"heavy rain: 26 mm forecast on {repair_day()}"
    assert list(Closure.objects.values_list("location__code", flat=True)) == ["L-SQ"]
    assert disruption.bookings_hit == [booked.pk]
    assert PlanRun.objects.get().trigger == PlanRun.Trigger.DISRUPTION


def test_forecast_downpour_and_gale_close_their_hours(base):
    text = forecast("Z-QIN", repair_day(), {15: 21}, {17: 18, 18: 19})
    windows = closure_windows(forecast_parse(text=text))
    assert [(w.starts_at, w.ends_at) for w in windows] == [
        (shanghai(repair_day(), "15:00"), shanghai(repair_day(), "16:00")),
        (shanghai(repair_day(), "17:00"), shanghai(repair_day(), "19:00")),
    ]


def test_forecast_read_again_keeps_and_clearing_lifts(base):
    rainy = forecast("Z-QIN", repair_day(), {9: 30})
    weather_forecast_apply(text=rainy)
    again = weather_forecast_apply(text=rainy)
    assert again == {"closed": 0, "kept": 1, "lifted": 0, "no_outdoor_sets": 0}
    cleared = weather_forecast_apply(text=forecast("Z-QIN", repair_day(), {}))
    assert cleared == {"closed": 0, "kept": 0, "lifted": 1, "no_outdoor_sets": 0}
    assert Closure.objects.count() == 0
    assert Disruption.objects.get().lifted_at is not None


def test_weather_import_command_refuses_bad_file_naming_line(base, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(f"{HEADER}\nZ-QIN,2026-12-06T08:00+08:00,-3,2\n", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("weather_import", str(path))
    assert "line 2, column precipitation_mm: -3 is negative" in str(caught.value)
    assert Disruption.objects.count() == 0


def test_sample_forecast_closes_demo_zones(db):
    for code in ("qwg", "mqgy", "qmsht", "gzj", "mqmj"):
        ZoneFactory(code=code)
    windows = closure_windows(forecast_parse(text=SAMPLE.read_text(encoding="utf-8")))
    assert [(w.zone, w.reason.split(":")[0]) for w in windows] == [
        ("gzj", "gale"),
        ("mqgy", "downpour"),
        ("qwg", "heavy rain"),
    ]
