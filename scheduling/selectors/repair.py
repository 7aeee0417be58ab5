"""What a disruption's repair run plans: the bookings on closed places, free to move, and
everything else in force locked where it is.

A repair moves only what it must. Its instance holds the booked scenes of the horizon only (a
repair books nothing new); the scenes whose booking overlaps a closure of its location are free
(``hit``), and with ``widen`` so are their crews' other scenes of the same shooting days
(``neighbours``; only for a second try, when the first left a hit scene out). Every other
booking is locked with the performers called to it, so no one else's day changes. A free scene
is never put back into a day that has begun, nor on a day its crew or one of its cast is away
(a disruption of those kinds); one with no day left is left out, with the reason.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace

from actors.models import Call
from crews.models import ExtrasLine
from scheduling.selectors.instances import horizon_moment
from scheduling.solver import model as m


@dataclass(frozen=True)
class RepairScope:
    """The scenes a repair may move, and those it cannot place whatever it does."""

    hit: tuple[str, ...]
    neighbours: tuple[str, ...]
    out_of_time: tuple[str, ...]

    @property
    def free(self) -> tuple[str, ...]:
        return self.hit + self.neighbours

    def as_json(self) -> dict:
        return {
            "hit": list(self.hit),
            "neighbours": list(self.neighbours),
            "out_of_time": list(self.out_of_time),
        }


def closed_scenes(instance: m.Instance, blocked: dict[str, set[int]] | None = None) -> list[str]:
    """Booked scenes (locked or previous) overlapping a closure of their location, or on a day
    their crew or a cast member of theirs is away (``blocked``: scene -> days)."""
    closures = {loc.id: loc.closures for loc in instance.locations}
    blocked = blocked or {}
    out = []
    for scene, location, day, start in _placed(instance):
        end = start + instance.scene_by_id[scene].minutes
        closed = any(c.day == day and c.start < end and start < c.end for c in closures[location])
        if closed or day in blocked.get(scene, ()):
            out.append(scene)
    return out


def _window(first: int, last: int, away: set[int]) -> tuple[int, int]:
    """The longest run of days in ``[first, last]`` without an ``away`` day (the earliest of
    equals); ``(first, first - 1)`` when there is none: the solver takes one window per scene."""
    best, run_start = (first, first - 1), None
    for day in range(first, last + 2):
        if day <= last and day not in away:
            run_start = day if run_start is None else run_start
            continue
        if run_start is not None and day - run_start > best[1] - best[0] + 1:
            best = (run_start, day - 1)
        run_start = None
    return best


def repair_instance(
    *,
    instance: m.Instance,
    bookings: dict[str, dict],
    now: dt.datetime,
    widen: bool,
    crews_of: set[str] | None = None,
    keep_previous: bool = False,
    blocked: dict[str, set[int]] | None = None,
) -> tuple[m.Instance, RepairScope]:
    """The instance a repair run solves, and which of its scenes it may move; with ``widen``,
    the neighbours of the hit scenes in ``crews_of`` (all hit scenes when None)."""
    placed = {scene: (location, day, start) for scene, location, day, start in _placed(instance)}
    blocked = blocked or {}
    hit = closed_scenes(instance, blocked)
    crew_of = {s.id: s.crew for s in instance.scenes}
    widened = hit if crews_of is None else [s for s in hit if s in crews_of]
    days_hit = {(crew_of[s], placed[s][1]) for s in widened}
    neighbours = []
    if widen:
        neighbours = [
            s for s, (_, day, _) in placed.items() if s not in hit and (crew_of[s], day) in days_hit
        ]
    free = set(hit) | set(neighbours)
    first_open = _first_day_not_begun(instance.horizon, now)
    staff = scene_calls(bookings, [s for s in placed if s not in free])
    scenes, locked, previous, out_of_time = [], [], [], []
    for scene in instance.scenes:
        if scene.id not in placed:
            continue  # not booked: a repair books nothing new
        location, day, start = placed[scene.id]
        if scene.id in free:
            first, last = _window(
                max(scene.first_day, first_open), scene.last_day, blocked.get(scene.id, set())
            )
            if first > last:
                out_of_time.append(scene.id)
                continue
            scenes.append(replace(scene, first_day=first, last_day=last))
            previous.append(m.Previous(scene.id, location, day, start))
            continue
        performers = staff.get(scene.id)
        if performers is None or any(
            len(codes) != line.count for codes, line in zip(performers, scene.extras, strict=True)
        ):
            # Its calls do not fill its lines (or there are none yet): it keeps its place, and
            # the repair neither staffs it nor counts on its performers.
            scene, performers = replace(scene, extras=()), None
        scenes.append(scene)
        locked.append(m.Locked(scene.id, location, day, start, performers))
    scope = RepairScope(
        hit=tuple(s for s in hit if s not in out_of_time),
        neighbours=tuple(s for s in neighbours if s not in out_of_time),
        out_of_time=tuple(out_of_time),
    )
    if widen and not keep_previous:
        # The optimiser starts from each previous place and its search did not find the move
        # that makes room (a crew's long scene kept in the hall its hit scene needs): the
        # second try gives the freed scenes no previous place to hold on to (the repair puts
        # them back afterwards where they still fit).
        previous = []
    solved = replace(instance, scenes=tuple(scenes), locked=tuple(locked), previous=tuple(previous))
    return solved, scope


def _placed(instance: m.Instance) -> list[tuple[str, str, int, int]]:
    rows = [(k.scene, k.location, k.day, k.start) for k in instance.locked]
    rows += [(p.scene, p.location, p.day, p.start) for p in instance.previous]
    return rows


def _first_day_not_begun(horizon: m.Horizon, now: dt.datetime) -> int:
    """The first day of the horizon whose shooting day opens after ``now``."""
    day = 0
    while horizon_moment(start=horizon.start, day=day, minutes=horizon.day_start) < now:
        day += 1
    return day


def scene_calls(
    bookings: dict[str, dict], scenes: list[str]
) -> dict[str, tuple[tuple[str, ...], ...]]:
    """The performers called to each scene's booking, one tuple per extras line in order."""
    pks = {bookings[s]["pk"]: s for s in scenes if s in bookings}
    lines: dict[str, list[int]] = defaultdict(list)
    scene_codes = set(pks.values())
    rows = ExtrasLine.objects.filter(scene__code__in=scene_codes).order_by("scene_id", "position")
    for code, pk in rows.values_list("scene__code", "pk"):
        lines[code].append(pk)
    codes: dict[tuple[str, int], list[str]] = defaultdict(list)
    calls = (
        Call.objects.filter(booking_id__in=list(pks))
        .exclude(state__in=(Call.State.DECLINED, Call.State.NO_SHOW))
        .order_by("pk")
        .values_list("booking_id", "extras_line_id", "performer__code")
    )
    for booking_id, line_id, code in calls:
        codes[(pks[booking_id], line_id)].append(code)
    return {
        scene: tuple(tuple(codes[(scene, line)]) for line in lines[scene])
        for scene in scene_codes
        if lines[scene]
    }
