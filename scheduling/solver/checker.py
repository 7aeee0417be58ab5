"""The plan checker: every broken hard rule of the contract, with the objects involved.

``check_plan`` returns one ``Violation`` per broken instance of a rule (rule numbers as in the
contract): a plan is correct exactly when the list is empty. Bookkeeping problems (a scene in
both lists or in neither, unknown ids, a reason code the contract does not know) count as rule 1.
Overlaps are found by sorting each location's, crew's and performer's day and sweeping it, so a
12,000-scene week is checked in about a second. Every time is in its shooting day's frame
("26:00" on day 0 is 02:00 of day 1's date); a person's sequence continues across shooting days
in absolute time (``day * 1440 + minute``), where the move time and their rest apply.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .fields import format_minutes as hhmm
from .model import REASONS, Assignment, Instance, Plan, Scene, absolute_minute


@dataclass(frozen=True)
class Violation:
    rule: int
    message: str
    objects: tuple[str, ...]

    def __str__(self) -> str:
        return f"rule {self.rule}: {self.message} [{', '.join(self.objects)}]"


def check_plan(instance: Instance, plan: Plan) -> list[Violation]:
    """Every hard-rule violation of ``plan`` against ``instance``, ordered by rule."""
    out: list[Violation] = []
    placed = _check_ids(instance, plan, out)
    for a in placed:
        _check_fit(instance, a, out)
    _check_locations(instance, placed, out)
    _check_crews(instance, placed, out)
    _check_extras(instance, placed, out)
    _check_locked(instance, plan, out)
    out.sort(key=lambda v: v.rule)
    return out


def _check_ids(instance: Instance, plan: Plan, out: list[Violation]) -> list[Assignment]:
    """Rule 1; returns the assignments whose scene and location exist, each scene once."""
    scenes, locations = instance.scene_by_id, instance.location_by_id
    seen: set[str] = set()
    placed = []
    for a in plan.assignments:
        if a.scene not in scenes:
            out.append(Violation(1, f"unknown scene {a.scene}", (a.scene,)))
        elif a.scene in seen:
            out.append(Violation(1, f"scene {a.scene} is assigned more than once", (a.scene,)))
        elif a.location not in locations:
            seen.add(a.scene)
            out.append(Violation(1, f"unknown location {a.location}", (a.scene, a.location)))
        else:
            seen.add(a.scene)
            placed.append(a)
    left: set[str] = set()
    for u in plan.unscheduled:
        if u.scene not in scenes:
            out.append(Violation(1, f"unknown scene {u.scene} in unscheduled", (u.scene,)))
        elif u.scene in seen:
            out.append(
                Violation(1, f"scene {u.scene} is both assigned and unscheduled", (u.scene,))
            )
        elif u.scene in left:
            out.append(Violation(1, f"scene {u.scene} is unscheduled twice", (u.scene,)))
        elif u.reason not in REASONS:
            out.append(Violation(1, f"unknown reason {u.reason!r} for {u.scene}", (u.scene,)))
        left.add(u.scene)
    for scene in instance.scenes:
        if scene.id not in seen and scene.id not in left:
            out.append(Violation(1, f"scene {scene.id} is in neither list", (scene.id,)))
    return placed


def _check_fit(instance: Instance, a: Assignment, out: list[Violation]) -> None:
    """Rules 2, 3 and 4 for one assignment."""
    scene = instance.scene_by_id[a.scene]
    location = instance.location_by_id[a.location]
    if scene.locations is not None:
        if a.location not in scene.locations:
            out.append(
                Violation(
                    2, f"{a.location} is not among {a.scene}'s locations", (a.scene, a.location)
                )
            )
    elif not set(scene.location_tags) <= set(location.tags):
        missing = ", ".join(sorted(set(scene.location_tags) - set(location.tags)))
        out.append(
            Violation(2, f"{a.location} lacks tags {missing} for {a.scene}", (a.scene, a.location))
        )
    for problem in _time_problems(instance, scene, a):
        out.append(Violation(3, f"{a.scene} {problem}", (a.scene,)))
    for c in location.closures:
        if c.day == a.day and a.start < c.end and c.start < a.end:
            out.append(
                Violation(
                    4,
                    f"{a.scene} at {a.location} day {a.day} {hhmm(a.start)}-{hhmm(a.end)} "
                    f"overlaps its closure {hhmm(c.start)}-{hhmm(c.end)}",
                    (a.scene, a.location),
                )
            )


def _time_problems(instance: Instance, scene: Scene, a: Assignment) -> list[str]:
    h = instance.horizon
    crew = instance.crew_by_id[scene.crew]
    problems = []
    if not scene.first_day <= a.day <= scene.last_day:
        problems.append(f"on day {a.day} outside its days {scene.first_day}-{scene.last_day}")
    if not crew.first_day <= a.day <= crew.last_day:
        problems.append(f"on day {a.day} outside crew {crew.id}'s days")
    if a.start % h.slot_minutes or a.end % h.slot_minutes:
        problems.append(f"{hhmm(a.start)}-{hhmm(a.end)} is off the {h.slot_minutes}-minute grid")
    if a.start < h.day_start or a.end > h.day_end:
        problems.append(f"{hhmm(a.start)}-{hhmm(a.end)} is outside the day")
    if a.end - a.start != scene.minutes:
        problems.append(f"lasts {a.end - a.start} minutes instead of {scene.minutes}")
    if scene.time_of_day == "day" and a.end > h.night_from:
        problems.append(f"is a day scene ending at {hhmm(a.end)}, after {hhmm(h.night_from)}")
    if scene.time_of_day == "night" and a.start < h.night_from:
        problems.append(f"is a night scene starting at {hhmm(a.start)}")
    return problems


def _check_locations(instance: Instance, placed: list[Assignment], out: list[Violation]) -> None:
    """Rule 5: sweep each location's day; report each start that exceeds the capacity."""
    for location_id, day, start, active in capacity_clashes(instance, placed):
        capacity = instance.location_by_id[location_id].capacity
        out.append(
            Violation(
                5,
                f"{location_id} holds {len(active)} scenes at {hhmm(start)} on day "
                f"{day}, capacity {capacity}",
                (location_id, *sorted(b.scene for b in active)),
            )
        )


def capacity_clashes(
    instance: Instance, placed: list[Assignment]
) -> list[tuple[str, int, int, list[Assignment]]]:
    """(location, day, minute, scenes in use) for each start that takes a location's day
    past its capacity: the sweep behind rule 5, for any caller with assignments."""
    by_key: dict[tuple[str, int], list[Assignment]] = defaultdict(list)
    for a in placed:
        by_key[(a.location, a.day)].append(a)
    clashes = []
    for (location_id, day), items in by_key.items():
        capacity = instance.location_by_id[location_id].capacity
        if len(items) <= capacity:
            continue
        items.sort(key=lambda a: (a.start, a.end))
        active: list[Assignment] = []
        for a in items:
            active = [b for b in active if b.end > a.start]
            active.append(a)
            if len(active) > capacity:
                clashes.append((location_id, day, a.start, list(active)))
    return clashes


def _check_crews(instance: Instance, placed: list[Assignment], out: list[Violation]) -> None:
    """Rules 6 and 7 for each crew's day, and rule 6 from one shooting day to the next."""
    by_key: dict[tuple[str, int], list[Assignment]] = defaultdict(list)
    for a in placed:
        by_key[(instance.scene_by_id[a.scene].crew, a.day)].append(a)
    for crew_id, first, second, what in day_boundary_clashes(
        instance, by_key, lambda c: instance.crew_by_id[c].min_rest_minutes, "crew"
    ):
        out.append(Violation(6, what, (crew_id, first, second)))
    for (crew_id, day), items in by_key.items():
        for first, second, what in sequence_clashes(instance, items):
            out.append(Violation(6, f"crew {crew_id} day {day}: {what}", (crew_id, first, second)))
        span = max(a.end for a in items) - min(a.start for a in items)
        limit = instance.crew_by_id[crew_id].max_span_minutes
        if span > limit:
            out.append(
                Violation(
                    7,
                    f"crew {crew_id}'s day {day} spans {span} minutes, more than {limit}",
                    (crew_id, *sorted(a.scene for a in items)),
                )
            )


def sequence_clashes(instance: Instance, items: list[Assignment]) -> list[tuple[str, str, str]]:
    """Overlapping pairs, and consecutive pairs without the move time, of one person's day."""
    items = sorted(items, key=lambda a: (a.start, a.end, a.scene))
    clashes = []
    active: list[Assignment] = []  # earlier scenes still running when the next one starts
    for j, b in enumerate(items):
        active = [a for a in active if a.end > b.start]
        for a in active:
            clashes.append((a.scene, b.scene, f"{a.scene} and {b.scene} overlap"))
        active.append(b)
        if j == 0:
            continue
        a = items[j - 1]
        if a.end <= b.start < a.end + instance.move_minutes(a.location, b.location):
            move = instance.move_minutes(a.location, b.location)
            clashes.append(
                (
                    a.scene,
                    b.scene,
                    f"{b.start - a.end} minutes from {a.location} to {b.location} "
                    f"between {a.scene} and {b.scene}, the move takes {move}",
                )
            )
    return clashes


def day_boundary_clashes(instance: Instance, by_key: dict, rest_of, who: str):
    """(person, scene, scene, message) for each pair of a person's consecutive scenes that
    lie on different shooting days with less than the rest or the move time between them.

    ``by_key`` maps (person, day) to that day's assignments. The pair is the last to end on
    one shooting day the person works and the first to start on the next one they work;
    times are compared in absolute minutes (``day * 1440 + minute``).
    """
    days_of: dict[str, list[int]] = defaultdict(list)
    for person, day in by_key:
        days_of[person].append(day)
    clashes = []
    for person, days in sorted(days_of.items()):
        days.sort()
        rest = rest_of(person)
        for d1, d2 in zip(days, days[1:], strict=False):
            a = max(by_key[(person, d1)], key=lambda x: (x.end, x.start, x.scene))
            b = min(by_key[(person, d2)], key=lambda x: (x.start, x.end, x.scene))
            gap = absolute_minute(d2, b.start) - absolute_minute(d1, a.end)
            between = (
                f"{a.scene} (day {d1}, ends {hhmm(a.end)}) and {b.scene} "
                f"(day {d2}, starts {hhmm(b.start)})"
            )
            if gap < rest:
                clashes.append(
                    (
                        person,
                        a.scene,
                        b.scene,
                        f"{who} {person} rests {gap} minutes between {between}, needs {rest}",
                    )
                )
            move = instance.move_minutes(a.location, b.location)
            if gap < move:
                clashes.append(
                    (
                        person,
                        a.scene,
                        b.scene,
                        f"{who} {person}: {gap} minutes from {a.location} to {b.location} "
                        f"between {between}, the move takes {move}",
                    )
                )
    return clashes


def _check_extras(instance: Instance, placed: list[Assignment], out: list[Violation]) -> None:
    """Rule 8: counts, matches and availability per place; then each performer's day."""
    by_key: dict[tuple[str, int], list[Assignment]] = defaultdict(list)
    for a in placed:
        scene = instance.scene_by_id[a.scene]
        for pid in _check_lines(instance, scene, a, out):
            by_key[(pid, a.day)].append(a)
    for pid, first, second, what in day_boundary_clashes(
        instance, by_key, lambda p: instance.performer_by_id[p].min_rest_minutes, "performer"
    ):
        out.append(Violation(8, what, (pid, first, second)))
    for (pid, day), items in by_key.items():
        for first, second, what in sequence_clashes(instance, items):
            out.append(Violation(8, f"performer {pid} day {day}: {what}", (pid, first, second)))
        limit = instance.performer_by_id[pid].max_minutes_per_day
        total = sum(a.end - a.start for a in items)
        if total > limit:
            out.append(
                Violation(
                    8,
                    f"performer {pid} works {total} minutes on day {day}, more than {limit}",
                    (pid, *sorted(a.scene for a in items)),
                )
            )


def _check_lines(instance: Instance, scene: Scene, a: Assignment, out: list[Violation]) -> set[str]:
    """Rule 8 for one assignment's places; returns the known performers it calls."""
    if len(a.performers) != len(scene.extras):
        out.append(
            Violation(
                8,
                f"{a.scene} has {len(a.performers)} performer lists for "
                f"{len(scene.extras)} extras lines",
                (a.scene,),
            )
        )
    called: set[str] = set()
    for index, (line, ids) in enumerate(zip(scene.extras, a.performers, strict=False)):
        if len(ids) != line.count:
            out.append(
                Violation(
                    8,
                    f"{a.scene} line {index} has {len(ids)} performers, needs {line.count}",
                    (a.scene,),
                )
            )
        for pid in ids:
            performer = instance.performer_by_id.get(pid)
            if performer is None:
                out.append(Violation(1, f"unknown performer {pid} in {a.scene}", (a.scene, pid)))
                continue
            if pid in called:
                out.append(Violation(8, f"{pid} fills two places in {a.scene}", (a.scene, pid)))
                continue
            called.add(pid)
            problem = performer_mismatch(performer, line, a.day)
            if problem:
                out.append(
                    Violation(8, f"{pid} in {a.scene} line {index}: {problem}", (a.scene, pid))
                )
    return called


def performer_mismatch(performer, line, day: int) -> str:
    """Why a performer cannot fill a place of an extras line on a day ("" if they can)."""
    if line.gender != "any" and performer.gender != line.gender:
        return f"gender {performer.gender}, the line wants {line.gender}"
    if not line.min_age <= performer.age <= line.max_age:
        return f"aged {performer.age}, the line wants {line.min_age}-{line.max_age}"
    if not set(line.tags) <= set(performer.tags):
        return f"lacks tags {', '.join(sorted(set(line.tags) - set(performer.tags)))}"
    if not set(line.skills) <= set(performer.skills):
        return f"lacks skills {', '.join(sorted(set(line.skills) - set(performer.skills)))}"
    if day not in performer.available_days:
        return f"not available on day {day}"
    return ""


def _check_locked(instance: Instance, plan: Plan, out: list[Violation]) -> None:
    """Rule 9: every locked booking kept exactly (extras too, when the booking names them)."""
    first: dict[str, Assignment] = {}
    for a in plan.assignments:
        first.setdefault(a.scene, a)
    for k in instance.locked:
        a = first.get(k.scene)
        wanted = f"{k.location} day {k.day} {hhmm(k.start)}"
        if a is None:
            out.append(Violation(9, f"locked {k.scene} ({wanted}) is not assigned", (k.scene,)))
        elif (a.location, a.day, a.start) != (k.location, k.day, k.start):
            out.append(
                Violation(
                    9,
                    f"locked {k.scene} is at {a.location} day {a.day} {hhmm(a.start)}, "
                    f"not {wanted}",
                    (k.scene,),
                )
            )
        elif k.performers is not None and _line_sets(a.performers) != _line_sets(k.performers):
            out.append(Violation(9, f"locked {k.scene} has other extras than booked", (k.scene,)))


def _line_sets(lines) -> list[frozenset[str]]:
    return [frozenset(line) for line in lines]
