"""The texts of the guild's notices to performers, in Chinese, as SMS gateways send them.

A daytime scene reads "12月02日 08:00-09:00". A night past midnight names its shooting day
and marks the small hours, "12月02日拍摄日 22:00-次日02:00", so nobody takes 02:00 for the
early morning before the night, or comes a day late.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings

from actors.models import Call, Notification
from core.shooting_day import booking_date, clock_of, format_clock
from scheduling.models import Booking

DAY_MINUTES = 24 * 60


def notice_text(call: Call, kind: str, **extra) -> str:
    """The message to the call's performer about a move of kind ``kind``."""
    booking = call.booking
    when = _when(booking)
    where = f"{booking.location.zone.name}·{booking.location.name}"
    what = f"{when.date} 剧组《{booking.scene.crew.name}》场次 {booking.scene.code}"
    texts = {
        Notification.Kind.CALLED: (
            f"【横店演员公会】通告：{when.date} {when.start}-{when.end}，{where}，"
            f"剧组《{booking.scene.crew.name}》场次 {booking.scene.code}。{_look(call)}。"
            f"签到码 {call.check_in_code}，请提前确认或婉拒。"
        ),
        Notification.Kind.CONFIRMED: f"【横店演员公会】已确认：{what}，{where}。",
        Notification.Kind.DECLINED: f"【横店演员公会】已婉拒：{what}。",
        Notification.Kind.NO_SHOW: (
            f"【横店演员公会】缺席记录：{what}。"
            f"信誉分由 {extra.get('before', 0):.2f} 调整为 {extra.get('after', 0):.2f}。"
        ),
        Notification.Kind.WITHDRAWN: (
            f"【横店演员公会】通告取消：{what}（原定 {when.start}-{when.end}，{where}），无需到场。"
        ),
        Notification.Kind.CHANGED: (
            f"【横店演员公会】通告变更：剧组《{booking.scene.crew.name}》场次 {booking.scene.code}"
            f" 改为 {when.date} {when.start}-{when.end}，{where}。"
            f"签到码 {call.check_in_code} 不变。"
        ),
        Notification.Kind.RELEASED: (
            f"【横店演员公会】收工：{what}，签到 {when.clock(call.checked_in_at)}，"
            f"收工 {when.clock(call.released_at)}。"
            if call.checked_in_at and call.released_at
            else f"【横店演员公会】收工：{what}。"
        ),
    }
    return texts[kind]


@dataclass(frozen=True)
class _When:
    """A booking's day and times as a notice writes them."""

    day: dt.date
    night: bool
    date: str
    start: str
    end: str

    def clock(self, moment: dt.datetime) -> str:
        if not self.night:
            return f"{_local(moment):%H:%M}"
        return _night_clock(moment, self.day)


def _when(booking: Booking) -> _When:
    day = booking_date(booking.starts_at)
    if clock_of(booking.ends_at, day) <= DAY_MINUTES:
        starts, ends = _local(booking.starts_at), _local(booking.ends_at)
        return _When(day, False, f"{starts:%m月%d日}", f"{starts:%H:%M}", f"{ends:%H:%M}")
    return _When(
        day,
        True,
        f"{day:%m月%d日}拍摄日",
        _night_clock(booking.starts_at, day),
        _night_clock(booking.ends_at, day),
    )


def _night_clock(moment: dt.datetime, day: dt.date) -> str:
    """ "22:00" on shooting day ``day``, "次日02:00" after its midnight."""
    minutes = clock_of(moment, day)
    if minutes < DAY_MINUTES:
        return format_clock(minutes)
    return f"次日{format_clock(minutes - DAY_MINUTES)}"


def _local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE))


def _look(call: Call) -> str:
    line = call.extras_line
    gender = {"F": "女", "M": "男"}.get(line.gender, "男女不限")
    parts = [f"{gender}，{line.min_age}-{line.max_age}岁"]
    if line.tags:
        parts.append("造型：" + "、".join(line.tags))
    if line.skills:
        parts.append("技能：" + "、".join(line.skills))
    return "；".join(parts)
