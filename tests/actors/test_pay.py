"""Pay: hours from check-in to release, the day rate, overtime, the guild's share; figures by hand.

The rules (actors.services.pay): any day worked pays the day rate, 135; each started hour past
10 h pays 13.5; the guild keeps 10% of the day, rounded half-up to the fen.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from actors.models import Call
from actors.services.pay import PayRules, day_pay, pay_sheets
from tests.factories import BookingFactory, CallFactory, PerformerFactory, SceneFactory, shanghai

API = "/api/v1/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ROLES = ["anon", "ops", "guild", "crew", "other_crew", "performer"]
D = Decimal


def worked(performer, day: dt.date, start: str, end: str, *, released: bool = True) -> Call:
    """A call of ``performer`` checked in at ``start`` on ``day`` and released at ``end`` (the
    next day when ``end`` is earlier)."""
    checked_in = shanghai(day, start)
    released_at = shanghai(day, end)
    if released_at <= checked_in:
        released_at += dt.timedelta(days=1)
    booking = BookingFactory(scene=SceneFactory(first_date=day, last_date=day))
    call = CallFactory(booking=booking, performer=performer)
    Call.objects.filter(pk=call.pk).update(
        state="released" if released else "checked_in",
        checked_in_at=checked_in,
        released_at=released_at if released else None,
    )
    return call


def week_of(performer) -> None:
    """Three days, worked out by hand:

    12-02: 08:00-14:00 and 13:00-20:30 -> union 08:00-20:30 = 12.5 h; 2.5 h over, 3 started
           hours: 135 + 3 x 13.5 = 175.50; guild 17.55; paid 157.95
    12-03: 09:00-19:00 = 10 h, no overtime: 135.00; guild 13.50; paid 121.50
    12-04: 20:00-08:30 next morning = 12.5 h, all on 12-04: 175.50; 17.55; 157.95
    Totals: 486.00, guild 48.60, paid 437.40. One more call on 12-04 checked in, not released:
    open, unpaid.
    """
    worked(performer, dt.date(2026, 12, 2), "08:00", "14:00")
    worked(performer, dt.date(2026, 12, 2), "13:00", "20:30")
    worked(performer, dt.date(2026, 12, 3), "09:00", "19:00")
    worked(performer, dt.date(2026, 12, 4), "20:00", "08:30")
    worked(performer, dt.date(2026, 12, 4), "09:00", "10:00", released=False)


def test_day_pay_12_5_hours_with_overtime_by_started_hour():
    # 750 min: 150 over -> 3 started hours = 180 min; 3 x 13.5 = 40.50; 135 + 40.50 = 175.50;
    # 10% = 17.55; 175.50 - 17.55 = 157.95
    assert day_pay(minutes=750, rules=PayRules.from_settings()) == (
        180,
        D("40.50"),
        D("175.50"),
        D("17.55"),
        D("157.95"),
    )


def test_day_pay_one_minute_over_is_a_started_hour():
    # 601 min: 1 over -> 1 hour: 135 + 13.5 = 148.50; 14.85 kept; 133.65 paid
    assert day_pay(minutes=601, rules=PayRules.from_settings()) == (
        60,
        D("13.50"),
        D("148.50"),
        D("14.85"),
        D("133.65"),
    )


def test_day_pay_short_day_pays_the_day_rate():
    # 4 h: the day rate, 135; 13.50 kept; 121.50 paid
    assert day_pay(minutes=240, rules=PayRules.from_settings())[2:] == (
        D("135.00"),
        D("13.50"),
        D("121.50"),
    )


def test_day_pay_by_started_half_hours_when_configured(settings):
    settings.GUILD_OVERTIME_UNIT_MINUTES = 30
    # 750 min: 150 over = 5 half hours = 2.5 h x 13.5 = 33.75; 168.75; 10% = 16.875 -> 16.88
    # (half up); paid 168.75 - 16.88 = 151.87
    assert day_pay(minutes=750, rules=PayRules.from_settings()) == (
        150,
        D("33.75"),
        D("168.75"),
        D("16.88"),
        D("151.87"),
    )


def test_day_pay_follows_configured_rates(settings):
    settings.GUILD_DAY_RATE_YUAN = D("160")  # Spring Festival rate
    settings.GUILD_SHARE_PERCENT = D("0")
    # 11 h: 160 + 1 x 13.5 = 173.50, nothing kept
    assert day_pay(minutes=660, rules=PayRules.from_settings())[2:] == (
        D("173.50"),
        D("0.00"),
        D("173.50"),
    )


def test_pay_sheet_unites_a_days_calls_and_keeps_night_on_its_first_day(db):
    performer = PerformerFactory(code="P60001")
    week_of(performer)

    [sheet] = pay_sheets(first=dt.date(2026, 12, 1), last=dt.date(2026, 12, 4))

    assert [(d.date.isoformat(), d.minutes, d.gross, d.guild_share, d.net) for d in sheet.days] == [
        ("2026-12-02", 750, D("175.50"), D("17.55"), D("157.95")),
        ("2026-12-03", 600, D("135.00"), D("13.50"), D("121.50")),
        ("2026-12-04", 750, D("175.50"), D("17.55"), D("157.95")),
    ]
    assert (sheet.total("gross"), sheet.total("guild_share"), sheet.total("net")) == (
        D("486.00"),
        D("48.60"),
        D("437.40"),
    )
    assert sheet.open_calls == 1


def night_call(performer, booked: str, checked_in: str, released: str) -> None:
    """A released call to a booking at ``booked``; times as "MM-DD HH:MM" of December 2026."""

    def at(text: str) -> dt.datetime:
        day, hhmm = text.split()
        return shanghai(dt.date(2026, 12, int(day[3:])), hhmm)

    booking = BookingFactory(scene=SceneFactory(minutes=60), starts_at=at(booked))
    call = CallFactory(booking=booking, performer=performer)
    Call.objects.filter(pk=call.pk).update(
        state="released", checked_in_at=at(checked_in), released_at=at(released)
    )


def test_pay_sheet_pays_a_night_on_its_shooting_day_with_overtime_across_midnight(db, settings):
    """12-02 (a shooting day of 06:00-28:00): 10:00-17:30 (450 min), the night 21:30-02:30
    (300), and the small hours 02:30-03:30 for a 01:00 scene of the same night (60): 810 min,
    3.5 h over, 4 started hours: 135 + 4 x 13.5 = 189.00; guild 18.90; paid 170.10.
    12-03: 10:00-11:00, the day rate: 135.00; 13.50; 121.50."""
    settings.PLANNING_DAY_END = "28:00"
    performer = PerformerFactory(code="P60002")
    night_call(performer, "12-02 10:00", "12-02 10:00", "12-02 17:30")
    night_call(performer, "12-02 22:00", "12-02 21:30", "12-03 02:30")
    night_call(performer, "12-03 01:00", "12-03 02:30", "12-03 03:30")
    night_call(performer, "12-03 10:00", "12-03 10:00", "12-03 11:00")

    [sheet] = pay_sheets(first=dt.date(2026, 12, 2), last=dt.date(2026, 12, 3))

    assert [
        (d.date.isoformat(), d.minutes, d.overtime_minutes, d.gross, d.guild_share, d.net)
        for d in sheet.days
    ] == [
        ("2026-12-02", 810, 240, D("189.00"), D("18.90"), D("170.10")),
        ("2026-12-03", 60, 0, D("135.00"), D("13.50"), D("121.50")),
    ]


def test_pay_sheet_of_the_next_date_leaves_the_night_out(db, settings):
    settings.PLANNING_DAY_END = "28:00"
    performer = PerformerFactory(code="P60003")
    night_call(performer, "12-02 22:00", "12-02 21:30", "12-03 02:30")

    assert pay_sheets(first=dt.date(2026, 12, 3), last=dt.date(2026, 12, 3)) == []


def test_pay_api_performer_sees_own_sheet(api_client_for, performer_user):
    week_of(performer_user.performer)

    response = api_client_for(performer_user).get(
        f"{API}performers/P90001/pay?from=2026-12-03&to=2026-12-03"
    )

    assert response.status_code == 200
    body = response.json()
    assert body["days"] == [
        {
            "date": "2026-12-03",
            "scenes": [Call.objects.get(checked_in_at__day=3).booking.scene.code],
            "minutes": 600,
            "hours": "10.00",
            "overtime_hours": "0.00",
            "day_rate": "135.00",
            "overtime": "0.00",
            "gross": "135.00",
            "guild_share": "13.50",
            "net": "121.50",
        }
    ]
    assert (body["gross"], body["guild_share"], body["net"]) == ("135.00", "13.50", "121.50")
    assert body["rules"]["day_rate_yuan"] == "135"


def test_pay_api_csv_per_performer(guild_client):
    week_of(PerformerFactory(code="P60001", name="王小明"))

    by_param = guild_client.get(
        f"{API}performers/P60001/pay?from=2026-12-01&to=2026-12-02&format=csv"
    )
    by_path = guild_client.get(f"{API}performers/P60001/pay.csv?from=2026-12-01&to=2026-12-02")

    assert by_param.status_code == 200
    assert by_param["Content-Type"] == "text/csv; charset=utf-8"
    assert by_param.content == by_path.content
    lines = by_param.content.decode("utf-8-sig").splitlines()
    assert lines[0] == (
        "performer,name,date,scenes,hours,overtime_hours,day_rate,overtime,gross,guild_share,net"
    )
    scenes = " ".join(
        sorted(
            Call.objects.filter(checked_in_at__day=2).values_list("booking__scene__code", flat=True)
        )
    )
    assert [line.split(",") for line in lines[1:]] == [
        [
            "P60001",
            "王小明",
            "2026-12-02",
            scenes,
            "12.50",
            "3.00",
            "135.00",
            "40.50",
            "175.50",
            "17.55",
            "157.95",
        ]
    ]


def test_pay_api_csv_of_all_performers_for_guild(guild_client):
    week_of(PerformerFactory(code="P60001"))
    worked(PerformerFactory(code="P60002"), dt.date(2026, 12, 3), "06:00", "22:00")

    response = guild_client.get(f"{API}guild/pay.csv?from=2026-12-03&to=2026-12-03")

    rows = [line.split(",") for line in response.content.decode("utf-8-sig").splitlines()[1:]]
    # P60002: 16 h = 6 h over: 135 + 6 x 13.5 = 216.00; 21.60 kept; 194.40 paid
    assert [(r[0], r[2], r[-3], r[-2], r[-1]) for r in rows] == [
        ("P60001", "2026-12-03", "135.00", "13.50", "121.50"),
        ("P60002", "2026-12-03", "216.00", "21.60", "194.40"),
    ]


def test_pay_api_performer_cannot_see_anothers_pay(api_client_for, performer_user):
    PerformerFactory(code="P60001")

    response = api_client_for(performer_user).get(
        f"{API}performers/P60001/pay?from=2026-12-01&to=2026-12-07"
    )

    assert response.status_code == 404


def test_pay_api_period_missing_or_reversed_is_400(guild_client):
    missing = guild_client.get(f"{API}performers/P00001/pay?to=2026-12-07")
    PerformerFactory(code="P60001")
    reversed_ = guild_client.get(f"{API}performers/P60001/pay?from=2026-12-07&to=2026-12-01", **EN)

    assert (missing.status_code, reversed_.status_code) == (404, 400)
    assert guild_client.get(f"{API}guild/pay?to=2026-12-07", **EN).json()["from"] == [
        "give both from and to, or neither (this week)."
    ]
    assert reversed_.json()["to"] == ["must not be before from."]


# (anon, ops, guild, crew, other crew, performer); the performer asks for their own sheet.
PAY_MATRIX = {
    "performers/P90001/pay": (401, 403, 200, 403, 403, 200),
    "performers/P90001/pay.csv": (401, 403, 200, 403, 403, 200),
    "guild/pay": (401, 403, 200, 403, 403, 403),
    "guild/pay.csv": (401, 403, 200, 403, 403, 403),
}


@pytest.fixture
def clients(api_client_for, ops_user, guild_user, crew_user, own_crew, other_crew, performer_user):
    users = [None, ops_user, guild_user, crew_user, other_crew.members.get(), performer_user]
    return dict(zip(ROLES, [api_client_for(user) for user in users], strict=True))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", list(PAY_MATRIX))
def test_pay_endpoint_permissions(clients, path, role):
    response = clients[role].get(f"{API}{path}?from=2026-12-01&to=2026-12-07")

    assert response.status_code == PAY_MATRIX[path][ROLES.index(role)]
