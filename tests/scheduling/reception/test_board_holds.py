"""The ops board shows the places crews hold, until their holds lapse."""

from __future__ import annotations

import datetime as dt

import pytest

from scheduling.board.selectors import board_day
from scheduling.models import Hold
from tests.clock import base_at, base_now
from tests.factories import CrewFactory, LocationFactory, SceneFactory

pytestmark = pytest.mark.django_db


def test_board_day_shows_live_holds_only():
    hall = LocationFactory(code="L0001")
    crew = CrewFactory(code="C0001")
    start = base_at(1, "22:00")
    for code, status, minutes in (("S1", "held", 30), ("S2", "held", -1), ("S3", "released", 30)):
        Hold.objects.create(
            scene=SceneFactory(crew=crew, code=f"C0001-{code}"),
            location=hall,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=4),
            expires_at=base_now() + dt.timedelta(minutes=minutes),
            status=status,
        )
        start += dt.timedelta(hours=4) if code == "S1" else dt.timedelta()
    day = board_day(day=base_at(1, "22:00").date())
    until = (base_now() + dt.timedelta(minutes=30)).strftime("%H:%M")
    assert day["holds"] == [[0, 1320, 1560, "C0001", "C0001-S1", until]]
