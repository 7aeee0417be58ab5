"""A day outside the planning range is a 400 naming the field, not an OverflowError (19, 6)."""

from __future__ import annotations

import pytest
from django.utils import translation

from core.days import day_out_of_range
from crews.models import Scene
from tests.clock import base_today
from tests.factories import PerformerFactory, SceneFactory

pytestmark = pytest.mark.django_db

OUT_OF_RANGE = "必须在 2000-01-01 至 2099-12-31 之间。"
EXTREMES = ["9999-12-31", "0001-01-01"]


def test_day_out_of_range_names_the_range_and_takes_its_ends():
    assert day_out_of_range(base_today()) is None
    assert day_out_of_range(base_today().replace(year=2000, month=1, day=1)) is None
    with translation.override("zh-hans"):
        assert day_out_of_range(base_today().replace(year=1999)) == OUT_OF_RANGE


@pytest.mark.parametrize("day", EXTREMES)
@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/bookings/?date={day}", "date"),
        ("/api/v1/calls/?date_from={day}", "date_from"),
        ("/api/v1/crews/{crew}/call-sheet?date={day}", "date"),
        ("/api/v1/crews/{crew}/call-sheet.html?date={day}", "date"),
        ("/api/v1/crews/{crew}/call-sheet.pdf?date={day}", "date"),
        ("/api/v1/scenes/?date_from={day}", "date_from"),
    ],
)
def test_read_of_an_extreme_day_is_400_naming_the_field(ops_client, own_crew, path, field, day):
    response = ops_client.get(path.format(crew=own_crew.code, day=day))
    assert response.status_code == 400
    assert response.json()[field] == [OUT_OF_RANGE]


@pytest.mark.parametrize("day", EXTREMES)
def test_performer_calls_of_an_extreme_day_are_400(guild_client, day):
    performer = PerformerFactory()
    response = guild_client.get(
        f"/api/v1/performers/{performer.code}/calls?from={day}&to=2026-12-31"
    )
    assert response.status_code == 400
    assert response.json()["from"] == [OUT_OF_RANGE]


@pytest.mark.parametrize("day", EXTREMES)
def test_shooting_order_of_extreme_days_is_400(ops_client, own_crew, day):
    response = ops_client.post(
        f"/api/v1/crews/{own_crew.code}/shooting-order",
        {"date_from": day, "date_to": day},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["date_from"] == [OUT_OF_RANGE]


def test_scene_written_with_an_extreme_day_is_400_and_unchanged(ops_client, own_crew):
    scene = SceneFactory(crew=own_crew)
    response = ops_client.patch(
        f"/api/v1/scenes/{scene.code}/", {"last_date": "9999-12-31"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["last_date"] == [OUT_OF_RANGE]
    assert Scene.objects.get(pk=scene.pk).last_date == scene.last_date
