"""Call sheets and performers' calls by shooting day: a night past midnight is its first date's."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import (
    BookingFactory,
    CallFactory,
    ExtrasLineFactory,
    LocationFactory,
    SceneFactory,
    shanghai,
)

NIGHT = dt.date(2026, 12, 2)
MORNING = dt.date(2026, 12, 3)
SHEET = "/api/v1/crews/C0001/call-sheet?date={}"
CALLS = "/api/v1/performers/P90001/calls?from={}&to={}"


@pytest.fixture
def night_of_own_crew(settings, own_crew, performer_user):
    """C0001 shoots 22:00-02:00 on the night of 2 December and 10:00-11:00 on 3 December, with
    a shooting day of 06:00-28:00; the performer is called to the night scene."""
    settings.PLANNING_DAY_END = "28:00"
    street = LocationFactory(code="LN01", name="明清宫苑·夜街")
    night = BookingFactory(
        scene=SceneFactory(crew=own_crew, code="C0001-SN1", title="夜袭", minutes=240),
        location=street,
        starts_at=shanghai(NIGHT, "22:00"),
        ends_at=shanghai(MORNING, "02:00"),
    )
    morning = BookingFactory(
        scene=SceneFactory(crew=own_crew, code="C0001-SN2", title="晨别"),
        location=street,
        starts_at=shanghai(MORNING, "10:00"),
    )
    line = ExtrasLineFactory(scene=night.scene, position=0, count=1)
    CallFactory(booking=night, extras_line=line, performer=performer_user.performer)
    return {"night": night, "morning": morning}


def _scenes(sheet: dict) -> list[tuple]:
    return [
        (s["scene"], s["start"], s["end"], s["start_clock"], s["end_clock"])
        for s in sheet["scenes"]
    ]


def test_call_sheet_holds_a_night_on_its_first_date(ops_client, night_of_own_crew):
    sheet = ops_client.get(SHEET.format("2026-12-02")).json()

    assert (sheet["date"], sheet["span_minutes"], _scenes(sheet)) == (
        "2026-12-02",
        240,
        [
            (
                "C0001-SN1",
                "2026-12-02T22:00:00+08:00",
                "2026-12-03T02:00:00+08:00",
                "22:00",
                "26:00",
            )
        ],
    )


def test_call_sheet_of_the_next_date_leaves_the_night_out(ops_client, night_of_own_crew):
    sheet = ops_client.get(SHEET.format("2026-12-03")).json()

    assert _scenes(sheet) == [
        (
            "C0001-SN2",
            "2026-12-03T10:00:00+08:00",
            "2026-12-03T11:00:00+08:00",
            "10:00",
            "11:00",
        )
    ]


def test_call_sheet_small_hours_start_belongs_to_the_day_before(ops_client, settings, own_crew):
    settings.PLANNING_DAY_END = "28:00"
    BookingFactory(
        scene=SceneFactory(crew=own_crew, code="C0001-SN3"),
        starts_at=shanghai(MORNING, "01:00"),
    )

    before = ops_client.get(SHEET.format("2026-12-02")).json()
    after = ops_client.get(SHEET.format("2026-12-03")).json()

    assert (_scenes(before), after["scenes"]) == (
        [
            (
                "C0001-SN3",
                "2026-12-03T01:00:00+08:00",
                "2026-12-03T02:00:00+08:00",
                "25:00",
                "26:00",
            )
        ],
        [],
    )


def test_call_sheet_end_at_midnight_is_24_00_with_the_default_day(ops_client, own_crew):
    BookingFactory(
        scene=SceneFactory(crew=own_crew, code="C0001-SN4", minutes=120),
        starts_at=shanghai(NIGHT, "22:00"),
    )

    sheet = ops_client.get(SHEET.format("2026-12-02")).json()

    assert [(s["start_clock"], s["end_clock"]) for s in sheet["scenes"]] == [("22:00", "24:00")]


def test_performer_calls_by_shooting_day(guild_client, night_of_own_crew):
    night_only = guild_client.get(CALLS.format("2026-12-02", "2026-12-02")).json()
    next_day = guild_client.get(CALLS.format("2026-12-03", "2026-12-03")).json()

    assert [
        (c["scene"], c["date"], c["start_clock"], c["end_clock"]) for c in night_only["calls"]
    ] == [("C0001-SN1", "2026-12-02", "22:00", "26:00")]
    assert next_day["calls"] == []
