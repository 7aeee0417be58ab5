"""The shortage forecast: extras wanted per day and profile against performers free that day."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from actors.models import Availability, Performer
from actors.selectors.forecast import spread
from core.shooting_day import booking_date
from crews.models import ExtrasLine
from scheduling.models import Booking
from tests.factories import (
    AvailabilityFactory,
    BookingFactory,
    ExtrasLineFactory,
    PerformerFactory,
    SceneFactory,
    shanghai,
)

API = "/api/v1/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ROLES = ["anon", "ops", "guild", "crew", "other_crew", "performer"]
SHANGHAI = ZoneInfo("Asia/Shanghai")
DEC = [dt.date(2026, 12, d) for d in range(1, 8)]


def small_base(crew) -> None:
    """Worked out by hand, 12-01 .. 12-03:

    - booked on 12-02: 5 women 18-30 in ancient, 2 extras 18-60;
    - waiting, window 12-01..12-03: 7 women 18-30 in ancient -> 3, 2, 2;
    - waiting, window 12-03..12-06: 4 men 20-40 with horse -> 1 a day, 1 on 12-03;
    - free: three women 25 in ancient on 12-02, one on 12-01, none on 12-03; no man.

    12-01: women 3 wanted, 1 free -> 2 more.  12-02: women 5 + 2 = 7 wanted, 3 free -> 4 more;
    extras 18-60: 2 wanted, 3 free -> none.  12-03: women 2 wanted, 0 free -> 2 more; men 1 -> 1.
    """
    booked = SceneFactory(crew=crew, code="C0001-S101")
    ExtrasLineFactory(scene=booked, position=1, count=5, gender="F", max_age=30, tags=["ancient"])
    ExtrasLineFactory(scene=booked, position=2, count=2, gender="any")
    BookingFactory(scene=booked, starts_at=shanghai(DEC[1], "08:00"))
    waiting = SceneFactory(crew=crew, code="C0001-S102", first_date=DEC[0], last_date=DEC[2])
    ExtrasLineFactory(scene=waiting, position=1, count=7, gender="F", max_age=30, tags=["ancient"])
    later = SceneFactory(crew=crew, code="C0001-S103", first_date=DEC[2], last_date=DEC[5])
    ExtrasLineFactory(
        scene=later, position=1, count=4, gender="M", min_age=20, max_age=40, skills=["horse"]
    )
    for n in range(3):
        AvailabilityFactory(performer=PerformerFactory(code=f"P5000{n}"), date=DEC[1])
    AvailabilityFactory(performer=Performer.objects.get(code="P50000"), date=DEC[0])


def test_spread_gives_the_remainder_to_the_earliest_days():
    assert (spread(7, 3), spread(4, 4), spread(2, 5)) == ([3, 2, 2], [1, 1, 1, 1], [1, 1, 0, 0, 0])


def test_shortage_small_base_by_hand(guild_client, own_crew):
    small_base(own_crew)

    response = guild_client.get(f"{API}guild/shortage?from=2026-12-01&to=2026-12-03", **EN)

    assert response.status_code == 200
    body = response.json()
    assert body["messages"] == [
        "day 1 (2026-12-01): 2 more women aged 18-30 in ancient",
        "day 2 (2026-12-02): 4 more women aged 18-30 in ancient",
        "day 3 (2026-12-03): 2 more women aged 18-30 in ancient",
        "day 3 (2026-12-03): 1 more man aged 20-40 with horse",
    ]
    day2 = body["days"][1]
    assert (day2["demand"], day2["available"], day2["shortfall"]) == (9, 3, 4)
    assert [
        (p["gender"], p["booked"], p["waiting"], p["available"], p["shortfall"])
        for p in day2["profiles"]
    ] == [("F", 5, 2, 3, 4), ("any", 2, 0, 3, 0)]


def test_shortage_counts_a_night_on_its_shooting_day(settings, guild_client, own_crew):
    settings.PLANNING_DAY_END = "28:00"
    night = SceneFactory(crew=own_crew, code="C0001-S104", minutes=240)
    ExtrasLineFactory(scene=night, position=1, count=3, gender="F", max_age=30)
    BookingFactory(
        scene=night, starts_at=shanghai(DEC[1], "22:00"), ends_at=shanghai(DEC[2], "02:00")
    )
    small_hours = SceneFactory(crew=own_crew, code="C0001-S105")
    ExtrasLineFactory(scene=small_hours, position=1, count=2, gender="M")
    BookingFactory(scene=small_hours, starts_at=shanghai(DEC[2], "01:00"))

    body = guild_client.get(f"{API}guild/shortage?from=2026-12-02&to=2026-12-03", **EN).json()

    assert [(d["date"], d["demand"]) for d in body["days"]] == [
        ("2026-12-02", 5),
        ("2026-12-03", 0),
    ]


def test_shortage_on_demo_data_matches_a_plain_count(guild_client):
    call_command("seed_demo", start="2026-12-07")
    first, last = DEC[6], DEC[6] + dt.timedelta(days=6)

    body = guild_client.get(f"{API}guild/shortage?from={first}&to={last}", **EN).json()

    # Demand counted another way: every extras line, one place at a time; a waiting scene's
    # place i goes to day i mod (window length), which is the even spread, remainder first.
    in_force = {
        b.scene_id: booking_date(b.starts_at)
        for b in Booking.objects.exclude(status=Booking.Status.CANCELLED)
    }
    expected: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for line in ExtrasLine.objects.select_related("scene"):
        profile = (line.gender, line.min_age, line.max_age, sorted(line.tags), sorted(line.skills))
        key = repr(profile)
        if line.scene_id in in_force:
            if first <= in_force[line.scene_id] <= last:
                expected[(in_force[line.scene_id].isoformat(), key)][0] += line.count
            continue
        window = (line.scene.last_date - line.scene.first_date).days + 1
        for place in range(line.count):
            day = line.scene.first_date + dt.timedelta(days=place % window)
            if first <= day <= last:
                expected[(day.isoformat(), key)][1] += 1
    got = {
        (d["date"], repr((p["gender"], p["min_age"], p["max_age"], p["tags"], p["skills"]))): [
            p["booked"],
            p["waiting"],
        ]
        for d in body["days"]
        for p in d["profiles"]
    }
    assert got == dict(expected)
    assert sum(d["demand"] for d in body["days"]) == sum(b + w for b, w in expected.values())

    # Supply on day 3, counted performer by performer.
    day3 = body["days"][2]
    free = set(
        Availability.objects.filter(date=first + dt.timedelta(days=2)).values_list(
            "performer_id", flat=True
        )
    )
    performers = [p for p in Performer.objects.all() if p.pk in free]
    assert day3["available"] == len(performers)
    for p in day3["profiles"]:
        fits = [
            x
            for x in performers
            if (p["gender"] == "any" or x.gender == p["gender"])
            and p["min_age"] <= x.age <= p["max_age"]
            and set(p["tags"]) <= set(x.tags)
            and set(p["skills"]) <= set(x.skills)
        ]
        assert p["available"] == len(fits)
        assert p["shortfall"] == max(0, p["booked"] + p["waiting"] - len(fits))
    short = [p for p in day3["profiles"] if p["shortfall"]]
    assert [m for m in body["messages"] if m.startswith("day 3 ")] == [p["message"] for p in short]


def test_shortage_period_too_long_is_400(guild_client):
    response = guild_client.get(f"{API}guild/shortage?from=2026-01-01&to=2026-12-31", **EN)

    assert response.status_code == 400
    assert response.json()["to"] == ["a forecast covers at most 62 days."]


@pytest.fixture
def clients(api_client_for, ops_user, guild_user, crew_user, own_crew, other_crew, performer_user):
    users = [None, ops_user, guild_user, crew_user, other_crew.members.get(), performer_user]
    return dict(zip(ROLES, [api_client_for(user) for user in users], strict=True))


@pytest.mark.parametrize(
    ("role", "expected"), list(zip(ROLES, (401, 200, 200, 403, 403, 403), strict=True))
)
def test_shortage_permissions(clients, role, expected):
    response = clients[role].get(f"{API}guild/shortage?from=2026-12-01&to=2026-12-07")

    assert response.status_code == expected
