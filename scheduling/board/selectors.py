"""What the board shows: the day's timeline per location, and what is not placed.

Everything is read in a handful of queries and sent as compact rows (lists, with indexes into
the day's lists of zones, tags and crews) because a busy day has 300 locations and 4,000
bookings: the page fetches one JSON document per day and draws it in the browser.
A day is a shooting day (``core.shooting_day``): the bookings that start from its
``day_start`` to its ``day_end``, which may pass midnight. Minutes count from the date's
midnight on the base's clock (Asia/Shanghai), past 1440 after it: 02:00 that night is 1560.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.db.models import Sum
from django.utils import timezone

from core.shooting_day import booking_date, clock_of, shooting_day_bounds, working_day
from crews.models import ExtrasLine, Scene
from scheduling.board.selectors_booking import board_hot_sets, board_next_busy_day
from scheduling.models import Booking, Closure, Hold, Location, PlanRun, SceneRequest, Zone
from scheduling.selectors.bookings import ACTIVE

DAY = 24 * 60
NOT_BOOKED = "not_booked"  # an unbooked scene that no run has explained
LISTED = "(listed locations)"  # a scene with no tags: it names its locations instead
GROUPS = ("reason", "set_type", "day", "profile")
UNPLACED_ROWS = 400  # the scenes listed one by one (the groups count them all)


def minute_of(moment: dt.datetime, *, day: dt.date) -> int:
    """Minutes from midnight of ``day`` on the base's clock, clipped to its shooting day."""
    opens, closes = working_day()
    return max(opens, min(closes, clock_of(moment, day)))


def board_day(*, day: dt.date) -> dict:
    """The shooting day at a glance: locations grouped by zone, the bookings that start in it
    (a night past midnight included), the closures that touch it, how contested the hot sets
    are, and the next day with a booking (for an empty day)."""
    begin, end = shooting_day_bounds(day)
    zones = list(Zone.objects.order_by("code").values_list("pk", "code", "name"))
    zone_index = {pk: i for i, (pk, _, _) in enumerate(zones)}
    locations = list(
        Location.objects.values_list("pk", "code", "name", "zone_id", "tags", "capacity")
    )
    locations.sort(key=lambda row: (zone_index[row[3]], row[1]))
    tags = sorted({tag for row in locations for tag in row[4]})
    tag_index = {tag: i for i, tag in enumerate(tags)}
    location_index = {row[0]: i for i, row in enumerate(locations)}
    rows = (
        Booking.objects.filter(ACTIVE, starts_at__gte=begin, starts_at__lt=end)
        .annotate(extras=Sum("scene__extras_lines__count"))
        .order_by("location_id", "starts_at", "pk")
        .values_list(
            "pk",
            "location_id",
            "scene__crew__code",
            "scene__crew__name",
            "starts_at",
            "ends_at",
            "status",
            "source",
            "scene__code",
            "scene__title",
            "extras",
        )
    )
    crews: dict[str, int] = {}
    crew_names: list[list[str]] = []
    bookings = []
    for pk, loc, crew, crew_name, starts_at, ends_at, status, source, scene, title, extras in rows:
        if crew not in crews:
            crews[crew] = len(crew_names)
            crew_names.append([crew, crew_name])
        bookings.append(
            [
                pk,
                location_index[loc],
                crews[crew],
                minute_of(starts_at, day=day),
                minute_of(ends_at, day=day),
                1 if status == Booking.Status.CONFIRMED else 0,
                1 if source == Booking.Source.PLAN else 0,
                scene,
                title,
                extras or 0,
            ]
        )
    closures = [
        [location_index[loc], minute_of(starts_at, day=day), minute_of(ends_at, day=day), reason]
        for loc, starts_at, ends_at, reason in Closure.objects.filter(
            starts_at__lt=end, ends_at__gt=begin
        ).values_list("location_id", "starts_at", "ends_at", "reason")
    ]
    # Reception's live holds: a place a crew is keeping while operations confirms it.
    holds = [
        [
            location_index[loc],
            minute_of(starts_at, day=day),
            minute_of(ends_at, day=day),
            crew,
            scene,
            f"{timezone.localtime(expires_at):%H:%M}",
        ]
        for loc, starts_at, ends_at, crew, scene, expires_at in Hold.objects.filter(
            status=Hold.Status.HELD, expires_at__gt=timezone.now()
        )
        .filter(starts_at__gte=begin, starts_at__lt=end)
        .order_by("location_id", "starts_at")
        .values_list(
            "location_id", "starts_at", "ends_at", "scene__crew__code", "scene__code", "expires_at"
        )
    ]
    day_start, day_end = working_day()
    next_busy = board_next_busy_day(after=day)
    return {
        "date": day.isoformat(),
        "day_start": day_start,
        "day_end": day_end,
        "zones": [[code, name] for _, code, name in zones],
        "tags": tags,
        "locations": [
            [code, name, zone_index[zone], [tag_index[t] for t in loc_tags], capacity]
            for _, code, name, zone, loc_tags, capacity in locations
        ],
        "crews": crew_names,
        "bookings": bookings,
        "closures": closures,
        "holds": holds,
        "hot": board_hot_sets(day=day, location_index=location_index),
        "next_busy": next_busy.isoformat() if next_busy else None,
    }


def board_first_busy_day(*, today: dt.date) -> dt.date:
    """The shooting day the board opens on: today's, or the next with a booking if today's
    has none."""
    begin, _ = shooting_day_bounds(today)
    first = (
        Booking.objects.filter(ACTIVE, starts_at__gte=begin)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    return today if first is None else booking_date(first)


def latest_run(*, first: dt.date, last: dt.date) -> PlanRun | None:
    """The newest succeeded run whose horizon overlaps ``first``..``last``."""
    runs = (
        PlanRun.objects.filter(status__in=[PlanRun.Status.SUCCEEDED], start__lte=last)
        .only("pk", "start", "days", "status", "published_at", "unscheduled", "created_at")
        .order_by("-created_at", "-pk")[:20]
    )
    for run in runs:
        if run.start + dt.timedelta(days=run.days - 1) >= first:
            return run
    return None


def profile_label(line: dict) -> str:
    """An extras line's profile in a few words: "F 18-30 ancient-costume +horse-riding"."""
    gender = {"F": "F", "M": "M"}.get(line["gender"], "F/M")
    words = [gender, f"{line['min_age']}-{line['max_age']}", *line["tags"]]
    return " ".join(words + [f"+{skill}" for skill in line["skills"]])


def board_unplaced(*, first: dt.date, days: int) -> dict:
    """Scenes with a window in ``first`` + ``days`` and no booking in force, with the latest
    run's reason for each (``not_booked`` when no run explains it), grouped by reason, set
    type, earliest day and extras profile, so the bottleneck stands out."""
    last = first + dt.timedelta(days=days - 1)
    run = latest_run(first=first, last=last)
    why = {u["scene"]: u for u in (run.unscheduled if run else [])}
    scenes = list(
        Scene.objects.filter(first_date__lte=last, last_date__gte=first)
        .exclude(pk__in=Booking.objects.filter(ACTIVE).values("scene_id"))
        .order_by("first_date", "code")
        .values_list(
            "pk",
            "code",
            "crew__code",
            "title",
            "minutes",
            "location_tags",
            "first_date",
            "last_date",
        )
    )
    lines = defaultdict(list)
    for row in ExtrasLine.objects.filter(scene_id__in=[s[0] for s in scenes]).values(
        "scene_id", "count", "gender", "min_age", "max_age", "tags", "skills"
    ):
        lines[row["scene_id"]].append(row)
    # Crews' open requests (reception): the days a crew asked the next run to place it on.
    requested = {
        scene_id: [opens.isoformat(), closes.isoformat()]
        for scene_id, opens, closes in SceneRequest.objects.filter(
            status=SceneRequest.Status.OPEN, scene_id__in=[s[0] for s in scenes]
        ).values_list("scene_id", "first_date", "last_date")
    }
    groups: dict[str, Counter] = {key: Counter() for key in GROUPS}
    hours: dict[str, Counter] = {key: Counter() for key in groups}
    items = []
    for pk, code, crew, title, minutes, tags, opens, closes in scenes:
        reason = why.get(code, {}).get("reason", NOT_BOOKED)
        profiles = sorted({profile_label(line) for line in lines[pk]})
        keys = {
            "reason": [reason],
            "set_type": [tags[0] if tags else LISTED],
            "day": [max(opens, first).isoformat()],
            "profile": profiles,
        }
        for key, values in keys.items():
            for value in values:
                groups[key][value] += 1
                hours[key][value] += minutes
        items.append(
            {
                "scene": code,
                "crew": crew,
                "title": title,
                "minutes": minutes,
                "reason": reason,
                "detail": why.get(code, {}).get("detail", ""),
                "set_type": keys["set_type"][0],
                "window": [opens.isoformat(), closes.isoformat()],
                "extras": sum(line["count"] for line in lines[pk]),
                "profiles": profiles,
                "requested": requested.get(pk),
            }
        )
    return {
        "from": first.isoformat(),
        "to": last.isoformat(),
        "run": None
        if run is None
        else {"id": run.pk, "start": run.start.isoformat(), "days": run.days},
        "total": len(items),
        "requested": len(requested),
        "groups": {
            key: [[value, n, round(hours[key][value] / 60, 1)] for value, n in counts.most_common()]
            for key, counts in groups.items()
        },
        "scenes": items[:UNPLACED_ROWS],
    }
