"""Notices of a night call name its shooting day and mark the hours after midnight as 次日."""

from __future__ import annotations

import datetime as dt

import pytest

from actors.models import Notification
from actors.notice_texts import notice_text
from actors.services.calls import call_notices_missing_create
from tests.actors.guild_world import published_call
from tests.clock import base_at, base_today


@pytest.fixture
def night_day(settings):
    settings.PLANNING_DAY_END = "28:00"


def test_night_call_notice_names_the_shooting_day(night_day, own_crew):
    world = published_call(own_crew, starts_at=base_at(1, "23:00"))  # 23:00-01:00

    call_notices_missing_create()

    day = base_today() + dt.timedelta(days=1)
    assert Notification.objects.get().text == (
        f"【横店演员公会】通告：{day:%m月%d日}拍摄日 23:00-次日01:00，明清宫苑·太和殿，"
        f"剧组《龙王赘婿》场次 {world.booking.scene.code}。女，18-30岁；造型：ancient。"
        f"签到码 {world.call.check_in_code}，请提前确认或婉拒。"
    )


def test_small_hours_call_notice_is_the_night_before(night_day, own_crew):
    world = published_call(own_crew, starts_at=base_at(2, "01:00"))  # 01:00-03:00

    day = base_today() + dt.timedelta(days=1)
    assert notice_text(world.call, Notification.Kind.WITHDRAWN) == (
        f"【横店演员公会】通告取消：{day:%m月%d日}拍摄日 剧组《龙王赘婿》场次 "
        f"{world.booking.scene.code}（原定 次日01:00-次日03:00，明清宫苑·太和殿），无需到场。"
    )


def test_released_notice_of_a_night_marks_the_next_day(night_day, own_crew):
    world = published_call(own_crew, starts_at=base_at(1, "23:00"))
    call = world.call
    call.checked_in_at, call.released_at = base_at(1, "22:40"), base_at(1, "25:30")

    day = base_today() + dt.timedelta(days=1)
    assert notice_text(call, Notification.Kind.RELEASED) == (
        f"【横店演员公会】收工：{day:%m月%d日}拍摄日 剧组《龙王赘婿》场次 "
        f"{world.booking.scene.code}，签到 22:40，收工 次日01:30。"
    )


def test_daytime_call_notice_keeps_its_text(night_day, own_crew):
    world = published_call(own_crew, starts_at=base_at(1, "08:00"))

    day = base_today() + dt.timedelta(days=1)
    assert notice_text(world.call, Notification.Kind.CONFIRMED) == (
        f"【横店演员公会】已确认：{day:%m月%d日} 剧组《龙王赘婿》场次 "
        f"{world.booking.scene.code}，明清宫苑·太和殿。"
    )
