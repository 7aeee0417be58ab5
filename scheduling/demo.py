"""The demo base: a Hengdian-like week built deterministically, through the instance import.

``demo_build`` draws a planning instance (zones, sets, crews, scenes, performers, a few bookings)
from a fixed seed, plus the details an instance has no place for (names, tiers, phone numbers);
``demo_seed`` imports it with ``instance_import`` (the one code path for bulk data), writes those
details and the demo users. Running it twice leaves the database as the first run did.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from scheduling.demo_data import (
    GENRES,
    GIVEN,
    LOOKS,
    OUTDOOR_SET_TYPES,
    SKILLS,
    SURNAMES,
    TITLES,
    ZONES,
)
from scheduling.selectors.instances import base_horizon
from scheduling.solver.fields import format_minutes

SEED = 20261207
DAYS = 7
# A third of the crews live the short-drama night: wake mid-afternoon, wrap around 03:00, and
# rest ten hours before the next call; the others rest eight.
NIGHT_CREW_EVERY = 3
NIGHT_CREW_REST, DAY_CREW_REST = 600, 480
_SET_NAMES: dict[str, str] = {}
for _code, _zone, _xy, _sets in ZONES:
    for _name_, _tags, _capacity, _copies in _sets:
        for _tag in _tags[1:]:
            _SET_NAMES.setdefault(_tag, _name_)


@dataclass
class DemoBase:
    """An instance document and the details only the database holds, by code."""

    instance: dict
    genres: dict[str, str] = field(default_factory=dict)
    cast_names: dict[str, str] = field(default_factory=dict)
    scene_titles: dict[str, str] = field(default_factory=dict)
    performers: dict[str, dict] = field(default_factory=dict)


def demo_start(today: dt.date | None = None) -> dt.date:
    """The next Monday after today on the base's clock."""
    today = today or timezone.now().astimezone(ZoneInfo(settings.TIME_ZONE)).date()
    return today + dt.timedelta(days=7 - today.weekday())


def demo_build(
    *, start: dt.date, crews: int = 40, performers: int = 3000, seed: int = SEED
) -> DemoBase:
    """A deterministic demo base for ``DAYS`` days from ``start``."""
    rng = random.Random(seed)
    h = base_horizon(start=start, days=DAYS)
    locations = _locations(rng, h)
    base = DemoBase(
        instance={
            "format": "hengdian-instance/1",
            "horizon": {
                "start": start.isoformat(),
                "days": DAYS,
                "day_start": format_minutes(h.day_start),
                "day_end": format_minutes(h.day_end),
                "slot_minutes": h.slot_minutes,
                "night_from": format_minutes(h.night_from),
                "same_zone_move_minutes": h.same_zone_move_minutes,
                "default_travel_minutes": h.default_travel_minutes,
            },
            "zones": [{"id": code, "name": name} for code, name, _, _ in ZONES],
            "travel_minutes": _travel(),
            "locations": locations,
        }
    )
    base.instance["crews"], base.instance["scenes"] = _crews_and_scenes(rng, base, crews)
    base.instance["performers"] = _performers(rng, base, performers)
    base.instance["locked"], base.instance["previous"] = _bookings(rng, base.instance, h)
    return base


def _travel() -> list[dict]:
    """Minutes between zones from their distance on the map: a shuttle at ~15 km/h plus loading."""
    out = []
    for i, (a, _, (ax, ay), _) in enumerate(ZONES):
        for b, _, (bx, by), _ in ZONES[i + 1 :]:
            minutes = 10 + 4 * math.hypot(ax - bx, ay - by)
            out.append({"from": a, "to": b, "minutes": max(10, 5 * round(minutes / 5))})
    return out


def _locations(rng: random.Random, h) -> list[dict]:
    out = []
    for code, zone_name, _, sets in ZONES:
        studio = code.startswith("sp")
        for name, tags, capacity, copies in sets:
            for k in range(copies):
                suffix = f"{k + 1}号" if copies > 1 else ""
                cost = rng.choice((800, 1000, 1200, 1500) if studio else (300, 400, 500, 600))
                closures = []
                if rng.random() < 0.08:  # maintenance, a tourist show, a private event
                    start = rng.choice((h.day_start, 12 * 60, 18 * 60))
                    closures.append(
                        {
                            "day": rng.randrange(DAYS),
                            "start": format_minutes(start),
                            "end": format_minutes(start + 240),
                        }
                    )
                out.append(
                    {
                        "id": f"L{len(out) + 1:03d}",
                        "name": f"{zone_name}·{name}{suffix}",
                        "zone": code,
                        "tags": list(tags) + (["outdoor"] if OUTDOOR_SET_TYPES & set(tags) else []),
                        "capacity": capacity,
                        "closures": closures,
                        "cost_per_hour": cost,
                    }
                )
    return out


def _crews_and_scenes(rng: random.Random, base: DemoBase, count: int):
    crews, scenes = [], []
    for i in range(count):
        genre, title = TITLES[i % len(TITLES)]
        if i >= len(TITLES):
            title = f"{title} 第{i // len(TITLES) + 1}季"
        code = f"C{i + 1:03d}"
        night_crew = i % NIGHT_CREW_EVERY == NIGHT_CREW_EVERY - 1
        first = rng.randrange(3)
        last = min(DAYS - 1, first + rng.randrange(3, 7))
        crews.append(
            {
                "id": code,
                "name": title,
                "priority": rng.choice((1, 1, 2, 3)),
                "first_day": first,
                "last_day": last,
                "max_span_minutes": rng.choice((720, 840, 840, 960)),
                "min_rest_minutes": NIGHT_CREW_REST if night_crew else DAY_CREW_REST,
            }
        )
        label, set_weights, looks, skills = GENRES[genre]
        base.genres[code] = label
        cast = [f"{code}-A{j + 1}" for j in range(rng.randint(4, 8))]
        for actor in cast:
            base.cast_names[actor] = _name(rng)
        for k in range(rng.randint(15, 40)):
            scene = _scene(rng, f"{code}-S{k + 1:03d}", (first, last), set_weights, looks)
            scene["cast"] = rng.sample(cast, rng.randint(1, 3))
            if night_crew and scene["time_of_day"] == "day":
                scene["time_of_day"] = "night"  # a night crew's daylight scenes are rare
            if scene["extras"] and rng.random() < 0.15:
                scene["extras"][0]["skills"] = [rng.choice(skills)]
            base.scene_titles[scene["id"]] = f"第{k + 1}场·{_SET_NAMES[scene['location_tags'][0]]}"
            scenes.append(scene)
    return crews, scenes


def _scene(rng, code, window, set_weights, looks) -> dict:
    first, last = window
    if rng.random() < 0.3:  # tied to one day: an actor's only day, a set's only free day
        first = last = rng.randint(first, last)
    big = {"palace-hall", "square", "ancient-street", "market", "republic-street", "bund"}
    set_type = rng.choices(list(set_weights), weights=list(set_weights.values()))[0]
    lines = []
    for _ in range(rng.choice((0, 1, 1, 1, 2, 3))):
        min_age = rng.choice((18, 18, 25, 35, 45))
        lines.append(
            {
                "count": rng.randint(2, 30) if set_type in big else rng.randint(1, 10),
                "gender": rng.choice(("F", "M", "any", "any")),
                "min_age": min_age,
                "max_age": min(65, min_age + rng.choice((10, 15, 20, 30))),
                "tags": [rng.choice(looks)],
                "skills": [],
            }
        )
    return {
        "id": code,
        "crew": code.split("-")[0],
        "minutes": rng.choice((30, 60, 60, 90, 90, 120, 150, 180)),
        "location_tags": [set_type],
        "time_of_day": rng.choices(("day", "night", "any"), weights=(45, 30, 25))[0],
        "first_day": first,
        "last_day": last,
        "priority": rng.choice((1, 1, 2, 3)),
        "extras": lines,
    }


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def _performers(rng: random.Random, base: DemoBase, count: int) -> list[dict]:
    out = []
    tiers = ("extra",) * 16 + ("featured", "featured", "stand_in", "martial")
    for n in range(count):
        code = f"P{n + 1:05d}"
        gender = rng.choice("FM")
        age = min(65, 18 + int(rng.expovariate(1 / 14)))
        tier = rng.choice(tiers)
        skills = sorted(set(rng.sample(SKILLS, rng.choice((0, 0, 0, 1, 1, 2)))))
        if tier == "martial" and "martial-arts" not in skills:
            skills = sorted({*skills, "martial-arts", "wire-work"})
        out.append(
            {
                "id": code,
                "gender": gender,
                "age": age,
                "tags": sorted(rng.sample(LOOKS, rng.randint(1, 3))),
                "skills": skills,
                "available_days": [d for d in range(DAYS) if rng.random() < 0.8],
                "max_minutes_per_day": rng.choice((480, 600, 600, 720)),
                # Every fourth has told the guild they need a night's sleep between calls.
                "min_rest_minutes": 480 if n % 4 == 0 else 0,
                "reliability": round(rng.uniform(0.7, 1.0), 2),
            }
        )
        born = dt.date(2026 - age, rng.randint(1, 12), rng.randint(1, 28))
        base.performers[code] = {
            "name": _name(rng),
            "tier": tier,
            "height_cm": rng.randint(150, 172) if gender == "F" else rng.randint(162, 188),
            # Obviously fake: the 1700-0000 block is not handed out to subscribers.
            "phone": f"1700{n + 1:07d}",
            "id_number": _id_number(born, n),
        }
    return out


def _id_number(born: dt.date, n: int) -> str:
    """A well-formed but fictitious resident ID (GB 11643) from Dongyang, Hengdian's county."""
    body = f"330783{born:%Y%m%d}{n % 1000:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]
    return body + check


def _bookings(rng: random.Random, instance: dict, h) -> tuple[list[dict], list[dict]]:
    """A few scenes already on the calendar: the first placed are confirmed (``locked``), the
    rest planned (``previous``). Placed so they keep the hard rules among themselves."""
    by_type: dict[str, list[dict]] = {}
    for loc in instance["locations"]:
        for tag in loc["tags"][1:]:
            by_type.setdefault(tag, []).append(loc)
    crews = {c["id"]: c for c in instance["crews"]}
    at_location: dict[tuple, list] = {}
    of_crew: dict[tuple, list] = {}
    placed = []
    for scene in rng.sample(instance["scenes"], len(instance["scenes"]) // 12):
        for _attempt in range(6):
            loc = rng.choice(by_type[scene["location_tags"][0]])
            day = rng.randint(scene["first_day"], scene["last_day"])
            start = _start_time(rng, scene, h)
            if start is None:
                break
            end = start + scene["minutes"]
            here = at_location.setdefault((loc["id"], day), [])
            mine = of_crew.setdefault((scene["crew"], day), [])
            closed = any(
                c["day"] == day and _clock(c["start"]) < end and start < _clock(c["end"])
                for c in loc["closures"]
            )
            crowded = sum(s < end and start < e for s, e in here) >= loc["capacity"]
            # An hour between a crew's scenes covers the longest move across the base.
            clash = any(s < end + 60 and start < e + 60 for s, e in mine)
            span = max([end, *(e for _, e in mine)]) - min([start, *(s for s, _ in mine)])
            crew = crews[scene["crew"]]
            tired = not _rested(of_crew, crew, day, start, end)
            if closed or crowded or clash or tired or span > crew["max_span_minutes"]:
                continue
            here.append((start, end))
            mine.append((start, end))
            placed.append(
                (
                    scene,
                    {
                        "scene": scene["id"],
                        "location": loc["id"],
                        "day": day,
                        "start": format_minutes(start),
                    },
                )
            )
            break
    locked = [booking for _, booking in placed[:12]]
    _call_performers(rng, instance, placed[:12])
    return locked, [booking for _, booking in placed[12:]]


def _rested(of_crew: dict, crew: dict, day: int, start: int, end: int) -> bool:
    """Whether a scene on ``day`` from ``start`` to ``end`` keeps the crew's rest between its
    shooting days (times are minutes from each day's midnight, so a day is 1440 later)."""
    rest = crew["min_rest_minutes"]
    before = of_crew.get((crew["id"], day - 1), [])
    after = of_crew.get((crew["id"], day + 1), [])
    last_before = max((e for _, e in before), default=None)
    first_after = min((s for s, _ in after), default=None)
    return (last_before is None or start + 24 * 60 - last_before >= rest) and (
        first_after is None or first_after + 24 * 60 - end >= rest
    )


def _clock(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def _start_time(rng: random.Random, scene: dict, h) -> int | None:
    lo = {"night": h.night_from}.get(scene["time_of_day"], 8 * 60)
    hi = (h.night_from if scene["time_of_day"] == "day" else h.day_end) - scene["minutes"]
    if lo > hi:
        return None
    return lo + h.slot_minutes * rng.randint(0, (hi - lo) // h.slot_minutes)


def _call_performers(rng: random.Random, instance: dict, placed: list) -> None:
    """Name the extras of a few confirmed bookings, each performer called once a day at most."""
    busy: set[tuple[str, int]] = set()
    named = 0
    for scene, booking in placed:
        if named == 4 or not scene["extras"]:
            continue
        day, chosen, taken = booking["day"], [], set()
        for line in scene["extras"]:
            fits = [
                p["id"]
                for p in instance["performers"]
                if _fits(p, line, day) and _free(p, day, busy) and p["id"] not in taken
            ]
            if len(fits) < line["count"]:
                break
            picked = rng.sample(fits, line["count"])
            taken.update(picked)
            chosen.append(picked)
        if len(chosen) == len(scene["extras"]):
            booking["performers"] = chosen
            busy.update((pid, day) for pid in taken)
            named += 1


def _free(p: dict, day: int, busy: set[tuple[str, int]]) -> bool:
    """Not called that day, nor (when they need their rest) on the days either side."""
    days = (day - 1, day, day + 1) if p["min_rest_minutes"] else (day,)
    return not any((p["id"], d) in busy for d in days)


def _fits(p: dict, line: dict, day: int) -> bool:
    return (
        (line["gender"] == "any" or p["gender"] == line["gender"])
        and line["min_age"] <= p["age"] <= line["max_age"]
        and set(line["tags"]) <= set(p["tags"])
        and set(line["skills"]) <= set(p["skills"])
        and day in p["available_days"]
    )
