"""The board as a booking tool, server side: today first with the next busy day, the crews and
their scenes still to book for the picker, and how contested the hot sets are."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from core.days import current_shooting_day
from scheduling.board.selectors import board_day
from scheduling.models import HotSet
from tests.clock import base_at
from tests.factories import BookingFactory, CrewFactory, LocationFactory, SceneFactory, shanghai

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 12, 2)


@pytest.fixture
def ops_browser(ops_user) -> Client:
    client = Client()
    client.force_login(ops_user)
    return client


def test_board_page_opens_on_today_even_when_today_is_empty(ops_browser):
    BookingFactory(starts_at=base_at(3, "08:00"), ends_at=base_at(3, "09:00"))

    page = ops_browser.get("/board/").content.decode()

    today = current_shooting_day()  # at 00:10 still yesterday's shooting day
    assert f'data-day="{today}" data-today="{today}"' in page


def test_board_day_of_an_empty_day_names_the_next_busy_day():
    night = SceneFactory(minutes=240)
    BookingFactory(  # a night of Dec 4 that ends on Dec 5: Dec 4's shooting day
        scene=night,
        starts_at=shanghai(DAY + dt.timedelta(days=2), "22:00"),
        ends_at=shanghai(DAY + dt.timedelta(days=3), "02:00"),
    )

    empty, busy, after = (board_day(day=DAY + dt.timedelta(days=n)) for n in (0, 2, 3))

    assert (empty["bookings"], empty["next_busy"]) == ([], "2026-12-04")
    assert (len(busy["bookings"]), busy["next_busy"]) == (1, None)
    assert after["next_busy"] is None


def test_board_day_marks_hot_sets_with_the_busiest_crews_minutes_of_the_period():
    hall = LocationFactory(code="L1", tags=["palace-hall"])
    LocationFactory(code="L2")
    weekly = LocationFactory(code="L3", tags=["palace-hall"])
    HotSet.objects.create(location=hall, cap_minutes=240, period=HotSet.Period.DAY)
    HotSet.objects.create(location=weekly, cap_minutes=600, period=HotSet.Period.WEEK)
    one, two = CrewFactory(), CrewFactory()
    for crew, location, day, start, end in [
        (one, hall, DAY, "08:00", "11:00"),  # 180 min of its 240 that day
        (two, hall, DAY, "12:00", "13:00"),
        (one, hall, DAY + dt.timedelta(days=1), "08:00", "12:00"),  # another day: not counted
        (two, weekly, DAY - dt.timedelta(days=1), "08:00", "10:00"),  # Tuesday, same week
        (two, weekly, DAY + dt.timedelta(days=4), "08:00", "09:00"),  # Sunday, same week
        (one, weekly, DAY + dt.timedelta(days=5), "08:00", "12:00"),  # next week
    ]:
        BookingFactory(
            scene=SceneFactory(crew=crew, minutes=60),
            location=location,
            starts_at=shanghai(day, start),
            ends_at=shanghai(day, end),
        )

    day = board_day(day=DAY)

    rows = [row[0] for row in day["locations"]]
    assert sorted(day["hot"]) == [
        [rows.index("L1"), 240, "day", 180, 2],
        [rows.index("L3"), 600, "week", 180, 1],
    ]


def test_board_crews_counts_each_crews_scenes_still_to_book(ops_browser):
    crew = CrewFactory(code="C001", name="凤唳九天")
    CrewFactory(code="C002", name="闪婚")
    booked = SceneFactory(crew=crew)
    BookingFactory(scene=booked)
    SceneFactory(crew=crew)
    SceneFactory(crew=crew)

    response = ops_browser.get("/board/data/crews")

    assert response.json() == {"crews": [["C001", "凤唳九天", 2], ["C002", "闪婚", 0]]}


def test_board_scenes_lists_a_crews_scenes_to_book_soonest_first(ops_browser):
    crew = CrewFactory(code="C001")
    late = SceneFactory(
        crew=crew,
        code="C001-S002",
        title="夜宴",
        minutes=90,
        location_tags=["palace-hall"],
        time_of_day="night",
        first_date=DAY + dt.timedelta(days=2),
        last_date=DAY + dt.timedelta(days=4),
    )
    soon = SceneFactory(crew=crew, code="C001-S009", first_date=DAY, last_date=DAY)
    BookingFactory(scene=SceneFactory(crew=crew, code="C001-S001"))
    SceneFactory(crew=crew, code="C001-S000", last_date=DAY - dt.timedelta(days=1))  # over
    SceneFactory(code="C999-S001")  # another crew's

    response = ops_browser.get(f"/board/data/scenes?crew=C001&date={DAY}")

    scenes = response.json()["scenes"]
    assert [s["code"] for s in scenes] == [soon.code, late.code]
    assert scenes[1] == {
        "code": "C001-S002",
        "crew": "C001",
        "title": "夜宴",
        "minutes": 90,
        "time_of_day": "night",
        "tags": ["palace-hall"],
        "window": ["2026-12-04", "2026-12-06"],
        "booked": False,
    }


def test_board_scenes_by_code_says_booked_and_a_wrong_code_is_a_sentence(ops_browser):
    BookingFactory(scene=SceneFactory(code="C001-S001", minutes=120))

    found = ops_browser.get("/board/data/scenes?code=C001-S001")
    wrong = ops_browser.get("/board/data/scenes?code=C3-S1")
    neither = ops_browser.get("/board/data/scenes")

    assert [(s["code"], s["minutes"], s["booked"]) for s in found.json()["scenes"]] == [
        ("C001-S001", 120, True)
    ]
    assert (wrong.status_code, wrong.json()) == (
        404,
        {"message": "没有编号为 C3-S1 的场次，请检查编号（剧组编号，加 -S 和序号）。"},
    )
    assert (neither.status_code, neither.json()) == (400, {"message": "请给出 ?crew= 或 ?code=。"})


@pytest.mark.parametrize("path", ["crews", "scenes?crew=C001"])
def test_board_picker_data_is_for_ops_only(crew_user, path):
    client = Client()
    client.force_login(crew_user)

    response = client.get(f"/board/data/{path}", HTTP_ACCEPT_LANGUAGE="en")

    assert (response.status_code, response.json()) == (
        403,
        {"message": "The board is for the operations centre (ops) only."},
    )
