"""Seeding the demo base: the demo instance through the import, then names and demo logins."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.contrib.auth.models import User
from django.db import models, transaction

from actors.models import Performer
from core import roles
from core.shooting_day import shooting_days_bounds
from crews.models import CastMember, Crew, Scene
from scheduling.demo import demo_build
from scheduling.models import Booking, HotSet
from scheduling.selectors.bookings import ACTIVE

from .instance_rows import BATCH, by_code
from .instances import ImportResult, instance_import

DEMO_PASSWORD = "hengdian-demo"
# How many of the demo week's most contested sets are hot.
HOT_SETS = 3

# username, role group, is_staff, what the login is for
DEMO_USERS = (
    ("ops", roles.OPS, True, "operations centre: every endpoint and the admin"),
    ("guild", roles.GUILD, True, "actors' guild: performers in full, their calls"),
    ("crew1", roles.CREW, False, "member of the first crew: its scenes and call sheet"),
    ("performer1", None, False, "the first performer: their own calls"),
)


@transaction.atomic
def demo_seed(*, start: dt.date) -> tuple[ImportResult, list[tuple[str, str]]]:
    """Build the demo base for the week from ``start``; returns the import's counts and the
    demo logins (username, what it is for). Idempotent: a second run changes nothing."""
    base = demo_build(start=start)
    result = instance_import(data=base.instance)
    _fields_set(Crew, {code: {"genre": genre} for code, genre in base.genres.items()})
    _fields_set(CastMember, {code: {"name": name} for code, name in base.cast_names.items()})
    _fields_set(Scene, {code: {"title": title} for code, title in base.scene_titles.items()})
    _fields_set(Performer, base.performers)
    _hot_sets_mark(start)
    first_crew = Crew.objects.get(code=base.instance["crews"][0]["id"])
    first_performer = Performer.objects.get(code=base.instance["performers"][0]["id"])
    return result, _users(first_crew, first_performer)


def _hot_sets_mark(start: dt.date) -> None:
    """Make the demo week's most contested sets hot, as the base does with its famous halls.

    The sets booked by the most crews (then the most minutes) get a weekly cap per crew a
    little above what their busiest crew already has, so the board shows them nearly full and
    the next booking past the cap is refused, as it would be at the base."""
    opens, closes = shooting_days_bounds(start, start + dt.timedelta(days=6))
    minutes: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    rows = Booking.objects.filter(ACTIVE, starts_at__gte=opens, starts_at__lt=closes)
    for location, crew, begin, end in rows.values_list(
        "location_id", "scene__crew_id", "starts_at", "ends_at"
    ):
        minutes[location][crew] += int((end - begin).total_seconds() // 60)
    contested = sorted(
        (location for location, crews in minutes.items() if len(crews) > 1),
        key=lambda location: (-len(minutes[location]), -sum(minutes[location].values()), location),
    )
    for location in contested[:HOT_SETS]:
        busiest = max(minutes[location].values())
        cap = -(-busiest // 60) * 60 + 60
        HotSet.objects.update_or_create(
            location_id=location, defaults={"cap_minutes": cap, "period": HotSet.Period.WEEK}
        )


def _fields_set(model: type[models.Model], values: dict[str, dict[str, Any]]) -> None:
    """Give each object (by code) these field values, writing only those that differ."""
    changed, fields = [], set()
    for code, obj in by_code(model, values).items():
        differing = {f: v for f, v in values[code].items() if getattr(obj, f) != v}
        for f, v in differing.items():
            setattr(obj, f, v)
        if differing:
            changed.append(obj)
            fields.update(differing)
    if changed:
        model.objects.bulk_update(changed, sorted(fields), batch_size=BATCH)


def _users(first_crew: Crew, first_performer: Performer) -> list[tuple[str, str]]:
    groups = roles.role_groups_ensure()
    out = []
    for username, role, staff, purpose in DEMO_USERS:
        user, _ = User.objects.get_or_create(username=username)
        user.is_staff = staff
        user.is_active = True
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set([groups[role]] if role else [])
        out.append((username, purpose))
        if role == roles.CREW:
            first_crew.members.add(user)
        if role is None and first_performer.user_id != user.pk:
            Performer.objects.filter(user=user).update(user=None)
            first_performer.user = user
            first_performer.save(update_fields=["user"])
    return out
