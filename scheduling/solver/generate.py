"""Seeded Hengdian-like planning instances for tests and benchmarks.

``generate_instance(size, seed)`` builds the sizes of issue 3 (S: 1 day, 25 crews, ~330 scenes,
45 locations, 900 performers; M: 3 days, 80 crews, ~2,400 scenes, 120 locations, 3,000
performers; L: 7 days, 200 crews, ~12,000 scenes, 300 locations, 10,000 performers, ~35,000
extras places). Peak season: each crew brings 1.25-1.4 times the scenes its longest days can
hold, popular sets are scarce, some extras profiles (armour and horse-riding, elders) are rare,
so not everything fits and which scenes go in matters. ``grow(instance, share, seed)`` adds a
demand spike of new crews on top of an instance, and ``replan_instance(instance, plan, ...)``
puts an earlier plan in force (``previous``, a share of it ``locked``): re-planning benchmarks.
The same size and seed always give the same instance (one ``random.Random`` drives everything).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, replace

from .generate_data import AGES, ERA, GENRES, MISSING_TYPE, OUTDOOR, SCARCE, SKILLS, ZONES
from .generate_night import night_instance
from .model import (
    Closure,
    Crew,
    ExtrasLine,
    Horizon,
    Instance,
    Location,
    Locked,
    Performer,
    Plan,
    Previous,
    Scene,
    TravelTime,
    Zone,
)


@dataclass(frozen=True)
class Size:
    days: int
    crews: int
    scenes: int
    locations: int
    performers: int
    crew_days: tuple[int, int]  # shortest and longest stay of a crew on the base, in days


SIZES = {
    "S": Size(1, 25, 330, 45, 900, (1, 1)),
    "M": Size(3, 80, 2400, 120, 3000, (1, 3)),
    "L": Size(7, 200, 12000, 300, 10000, (3, 5)),
}
MINUTES = ((30, 25), (60, 35), (90, 20), (120, 10), (150, 6), (180, 4))
START = dt.date(2025, 8, 4)


def generate_instance(size: str, seed: int, *, night: bool = False) -> Instance:
    """A deterministic instance of size "S", "M" or "L"; ``night``: its night variant (a day
    running on to 30:00, a third of the crews shooting nights, rest rules; ``generate_night``).
    """
    spec = SIZES[size]
    rng = random.Random(f"hengdian-{size}-{seed}")
    horizon = Horizon(start=START, days=spec.days)
    zones = tuple(Zone(z[0], z[1]) for z in ZONES)
    locations = _locations(rng, spec)
    performers = _performers(rng, spec)
    crews, scenes = _crews_and_scenes(rng, spec, locations, first_index=0, scenes=spec.scenes)
    instance = Instance(
        horizon=horizon,
        zones=zones,
        travel_minutes=_travel(),
        locations=locations,
        crews=crews,
        scenes=scenes,
        performers=performers,
    )
    return night_instance(instance, seed) if night else instance


def grow(instance: Instance, share: float, seed: int) -> Instance:
    """The instance plus ``share`` more crews (a demand spike), with scenes at the same rate."""
    rng = random.Random(f"hengdian-grow-{seed}-{share}")
    days = instance.horizon.days
    spec = Size(
        days=days,
        crews=max(1, round(len(instance.crews) * share)),
        scenes=0,
        locations=len(instance.locations),
        performers=len(instance.performers),
        crew_days=_stays(instance),
    )
    per_crew = len(instance.scenes) / max(1, len(instance.crews))
    crews, scenes = _crews_and_scenes(
        rng,
        spec,
        instance.locations,
        first_index=len(instance.crews),
        scenes=round(per_crew * spec.crews),
    )
    return replace(instance, crews=instance.crews + crews, scenes=instance.scenes + scenes)


def replan_instance(instance: Instance, plan: Plan, *, locked_share: float, seed: int) -> Instance:
    """The instance with ``plan`` in force as ``previous`` and a share of it ``locked`` (with
    its extras): the input of a re-plan after a demand spike."""
    rng = random.Random(f"hengdian-replan-{seed}-{locked_share}")
    known = instance.scene_by_id
    kept = [a for a in plan.assignments if a.scene in known]
    previous = tuple(Previous(a.scene, a.location, a.day, a.start) for a in kept)
    chosen = sorted(rng.sample(range(len(kept)), round(len(kept) * locked_share)))
    locked = tuple(
        Locked(kept[i].scene, kept[i].location, kept[i].day, kept[i].start, kept[i].performers)
        for i in chosen
    )
    return replace(instance, previous=previous, locked=locked)


def _stays(instance: Instance) -> tuple[int, int]:
    stays = [c.last_day - c.first_day + 1 for c in instance.crews] or [instance.horizon.days]
    return min(stays), max(stays)


def _travel() -> tuple[TravelTime, ...]:
    """Drive times between zones: 10 minutes plus about 4 minutes a km, in steps of 5."""
    out = []
    for i, (a, _, (ax, ay), _) in enumerate(ZONES):
        for b, _, (bx, by), _ in ZONES[i + 1 :]:
            km = math.hypot(ax - bx, ay - by)
            out.append(TravelTime(a, b, 5 * round((10 + 4 * km) / 5)))
    return tuple(out)


def _type_demand() -> dict[str, float]:
    """Expected share of scene minutes asking for each set type."""
    demand: dict[str, float] = {}
    for share, weights, _, _ in GENRES.values():
        total = sum(weights.values())
        for kind, weight in weights.items():
            demand[kind] = demand.get(kind, 0.0) + share * weight / total
    return demand


def _locations(rng: random.Random, spec: Size) -> tuple[Location, ...]:
    demand = _type_demand()
    weights = {kind: d * SCARCE.get(kind, 1.0) for kind, d in demand.items()}
    total = sum(weights.values())
    # Largest remainders, at least one set of each type: exactly spec.locations sets.
    spare = spec.locations - len(weights)
    shares = {kind: spare * w / total for kind, w in weights.items()}
    counts = {kind: 1 + int(share) for kind, share in shares.items()}
    by_remainder = sorted(weights, key=lambda k: (int(shares[k]) - shares[k], k))
    for kind in by_remainder[: spec.locations - sum(counts.values())]:
        counts[kind] += 1
    zones_of = {kind: [z for z in ZONES if kind in z[3]] for kind in counts}
    out = []
    for kind in sorted(counts):
        for k in range(counts[kind]):
            zone = zones_of[kind][k % len(zones_of[kind])]
            index = len(out)
            others = [t for t in zone[3] if t != kind]
            tags = [ERA.get(kind, "modern"), kind]
            if others and rng.random() < 0.2:
                tags.append(rng.choice(others))
            capacity = rng.choice((2, 2, 3)) if kind in OUTDOOR else 1
            closures = ()
            if rng.random() < 0.08:
                day = rng.randrange(spec.days)
                start = rng.choice((360, 720, 1080))
                closures = (Closure(day, start, start + rng.choice((240, 360))),)
            out.append(
                Location(
                    id=f"L{index:04d}",
                    name=f"{zone[1]}·{kind}#{index}",
                    zone=zone[0],
                    tags=tuple(tags),
                    capacity=capacity,
                    closures=closures,
                    cost_per_hour=rng.choice((300, 500, 800, 1200)),
                )
            )
    rng.shuffle(out)
    return tuple(
        replace(loc, id=f"L{i:04d}", name=_renumber(loc.name, i)) for i, loc in enumerate(out)
    )


def _renumber(name: str, index: int) -> str:
    return f"{name.rsplit('#', 1)[0]}#{index}"


def _performers(rng: random.Random, spec: Size) -> tuple[Performer, ...]:
    costume_weights = {
        "ancient-costume": 3,
        "modern-casual": 3,
        "modern-business": 2,
        "republic-costume": 1.5,
        "uniform": 1,
        "student": 1,
        "armour": 0.8,
    }
    out = []
    for i in range(spec.performers):
        gender = "F" if rng.random() < 0.52 else "M"
        age = _age(rng)
        wardrobe = set()
        for _ in range(rng.choice((1, 1, 2, 3))):
            costume = rng.choices(list(costume_weights), weights=list(costume_weights.values()))[0]
            if costume == "student" and age > 25:
                costume = "modern-casual"
            if costume == "armour" and gender == "F" and rng.random() < 0.7:
                costume = "ancient-costume"
            wardrobe.add(costume)
        if rng.random() < (0.2 if gender == "M" else 0.1):
            wardrobe.add("tall")
        skills = tuple(name for name, p in SKILLS if rng.random() < p)
        days = tuple(d for d in range(spec.days) if rng.random() < 0.65)
        out.append(
            Performer(
                id=f"P{i:05d}",
                gender=gender,
                age=age,
                tags=tuple(sorted(wardrobe)),
                skills=skills,
                available_days=days,
                max_minutes_per_day=rng.choice((480, 600, 600, 720)),
                reliability=round(rng.uniform(0.7, 1.0), 2),
            )
        )
    return tuple(out)


def _age(rng: random.Random) -> int:
    band = rng.choices(((18, 25), (26, 35), (36, 50), (51, 68)), weights=(30, 30, 25, 15))[0]
    return rng.randint(*band)


def _crews_and_scenes(rng, spec: Size, locations, *, first_index: int, scenes: int):
    genres = list(GENRES)
    shares = [GENRES[g][0] for g in genres]
    plans = []
    for _ in range(spec.crews):
        genre = rng.choices(genres, weights=shares)[0]
        stay = rng.randint(*spec.crew_days)
        first = rng.randint(0, spec.days - stay)
        plans.append((genre, first, first + stay - 1))
    rate = scenes / max(1, sum(last - first + 1 for _, first, last in plans))
    crews, out = [], []
    for k, (genre, first, last) in enumerate(plans):
        crew = Crew(
            id=f"C{first_index + k:04d}",
            name=f"{genre} #{first_index + k}",
            priority=rng.choices((1, 2, 3, 4, 5), weights=(35, 30, 20, 10, 5))[0],
            first_day=first,
            last_day=last,
            max_span_minutes=rng.choice((720, 780, 840, 840)),
        )
        crews.append(crew)
        count = max(3, round(rate * (last - first + 1) * rng.uniform(0.85, 1.15)))
        cast = [f"{crew.id}-A{i}" for i in range(rng.randint(4, 8))]
        for n in range(count):
            out.append(_scene(rng, crew, genre, cast, n, locations))
    return tuple(crews), tuple(out)


def _scene(rng, crew: Crew, genre: str, cast: list[str], n: int, locations) -> Scene:
    _, set_weights, costumes, skills = GENRES[genre]
    kind = rng.choices(list(set_weights), weights=list(set_weights.values()))[0]
    tags: tuple[str, ...] = (kind,)
    chosen = None
    roll = rng.random()
    if genre == "xianxia" and roll < 0.01:
        tags = (MISSING_TYPE,)
    elif roll < 0.10:
        tags = (ERA.get(kind, "modern"), kind)
    elif roll < 0.15:
        fitting = [loc.id for loc in locations if kind in loc.tags]
        chosen = tuple(rng.sample(fitting, min(len(fitting), rng.randint(1, 2))))
    first, last = crew.first_day, crew.last_day
    if last > first and rng.random() < 0.2:
        first = last = rng.randint(first, last)
    tod = rng.choices(("any", "day", "night"), weights=(65, 22, 13))[0]
    lead = [cast[0]] if rng.random() < 0.6 else []
    others = rng.sample(cast[1:], rng.randint(0 if lead else 1, 2))
    return Scene(
        id=f"{crew.id}-S{n:03d}",
        crew=crew.id,
        minutes=rng.choices([m for m, _ in MINUTES], weights=[w for _, w in MINUTES])[0],
        location_tags=tags if chosen is None else (),
        locations=chosen,
        time_of_day=tod,
        first_day=first,
        last_day=last,
        priority=rng.choices((1, 2, 3, 4, 5), weights=(35, 30, 20, 10, 5))[0],
        extras=_extras(rng, costumes, skills),
        cast=tuple(lead + others),
    )


def _extras(rng, costumes, skills) -> tuple[ExtrasLine, ...]:
    lines = rng.choices((0, 1, 2), weights=(50, 38, 12))[0]
    out = []
    for _ in range(lines):
        costume = rng.choices([c for c, _ in costumes], weights=[w for _, w in costumes])[0]
        band = rng.random()
        if band < 0.72:
            count = rng.randint(1, 4)
        elif band < 0.94:
            count = rng.randint(5, 10)
        else:
            count = rng.randint(11, 40)
        lo, hi = rng.choice(AGES[costume])
        gender = rng.choices(("any", "F", "M"), weights=(50, 25, 25))[0]
        if costume == "armour":
            gender = "M"
        tags = (costume, "tall") if rng.random() < 0.12 else (costume,)
        wanted = (rng.choice(skills),) if skills and rng.random() < 0.2 else ()
        out.append(ExtrasLine(count, gender, lo, hi, tags, wanted))
    return tuple(out)
