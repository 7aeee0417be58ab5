"""Why a scene is not in the plan: the contract's reason code and a sentence an operator can act on.

``explain_unscheduled(instance, scene, state)`` looks at the scene against a ``Timeline`` holding
everything else that is booked, first at what no booking could change, then at what the
bookings in ``state`` take away, and names the first obstacle it meets:

1. ``no_location``: no location fits the tags (or the scene's own list);
2. ``no_time``: the scene is longer than its time-of-day window;
3. ``no_location``: every fitting location is closed whenever the scene could shoot;
4. ``crew_window``: the scene is longer than its crew's longest day;
5. ``extras_shortage``: on every day the guild has fewer matching available performers than a
   line needs (however the others are booked);
6. ``locked_conflict``: locked bookings alone already fill every fitting slot (or the crew);
7. ``no_time``: every fitting location is booked on the scene's days in that window;
8. ``crew_window``: the locations have room, but never while the crew is free and within its
   longest day (move times included);
9. ``extras_shortage``: room and crew, but not enough matching free performers; the detail names
   the line, the day and how many are free at the slot that came closest (of the first
   ``EXTRAS_SLOTS_EXAMINED`` slots);
10. ``not_worth``: a full slot exists; the scene was left out for better-valued work.
"""

from __future__ import annotations

from collections.abc import Iterator

from .fields import format_minutes as hhmm
from .model import ExtrasLine, Instance, Scene
from .timeline import Timeline

# Extras are the costly check; looking at this many candidate slots is enough to name the
# closest one in the detail sentence.
EXTRAS_SLOTS_EXAMINED = 60


def explain_unscheduled(instance: Instance, scene: Scene, state: Timeline) -> tuple[str, str]:
    """(reason, detail) for a scene not booked in ``state``."""
    catalogue = state.catalogue
    wants = _wants(scene)
    if not catalogue.locations_for(scene):
        return "no_location", f"no location {wants} exists"
    lo, hi = catalogue.window(scene)
    days = scene_days(instance, scene)
    if not days:
        return "crew_window", f"the scene's days lie outside crew {scene.crew}'s days"
    where = f"{_days_text(days)} between {hhmm(lo)} and {hhmm(hi)}"
    if hi - lo < scene.minutes:
        return "no_time", f"{scene.minutes} minutes do not fit {where} ({scene.time_of_day} scene)"
    if next(slots(state.empty_view(), scene), None) is None:
        return "no_location", f"no location {wants} is open for {scene.minutes} minutes {where}"
    crew = instance.crew_by_id[scene.crew]
    if scene.minutes > crew.max_span_minutes:
        return "crew_window", (
            f"{scene.minutes} minutes are longer than crew {crew.id}'s "
            f"{crew.max_span_minutes}-minute day"
        )
    short = _guild_short(state, scene, days)
    if short:
        return "extras_shortage", short
    if next(slots(state.locked_view(), scene, crew=True), None) is None:
        return "locked_conflict", (
            f"locked bookings hold every location {wants} or crew {crew.id} {where}"
        )
    if next(slots(state, scene), None) is None:
        return "no_time", f"no location {wants} is free for {scene.minutes} minutes {where}"
    crew_free = slots(state, scene, crew=True)
    first = next(crew_free, None)
    if first is None:
        busy = "busy, resting between shooting days" if crew.min_rest_minutes else "busy"
        return "crew_window", (
            f"crew {crew.id} is {busy} or past its {crew.max_span_minutes}-minute day whenever "
            f"a location {wants} is free {where}"
        )
    return _extras_reason(state, scene, [first, *_take(crew_free, EXTRAS_SLOTS_EXAMINED - 1)])


def scene_days(instance: Instance, scene: Scene) -> range:
    """Days the scene may shoot: its own window within its crew's."""
    crew = instance.crew_by_id[scene.crew]
    return range(max(scene.first_day, crew.first_day), min(scene.last_day, crew.last_day) + 1)


def slots(state: Timeline, scene: Scene, *, crew: bool = False) -> Iterator[tuple[str, int, int]]:
    """(location, day, start) where the scene's location is free (and its crew, if asked)."""
    days = scene_days(state.instance, scene)
    gaps = {day: state.scene_gaps(scene, day) for day in days} if crew else {}
    if crew:
        days = [day for day in days if gaps[day]]
    for location in state.catalogue.locations_for(scene):
        for day in days:
            for start in state.scene_starts(scene, location.id, day, crew=crew, gaps=gaps.get(day)):
                yield location.id, day, start


def find_extras(
    state: Timeline, scene: Scene, day: int, start: int, end: int, location_id: str
) -> tuple[tuple[tuple[str, ...], ...] | None, tuple[int, int]]:
    """First free performers for each line, or None and (line index, how many were free)."""
    taken: set[str] = set()
    lines = []
    for index, line in enumerate(scene.extras):
        found = state.first_free(
            state.catalogue.candidates(line), day, start, end, location_id, line.count, taken
        )
        if len(found) < line.count:
            return None, (index, len(found))
        taken.update(found)
        lines.append(tuple(found))
    return tuple(lines), (-1, 0)


def _extras_reason(state: Timeline, scene: Scene, candidates: list) -> tuple[str, str]:
    best = None
    for location_id, day, start in candidates:
        found, (index, free) = find_extras(
            state, scene, day, start, start + scene.minutes, location_id
        )
        if found is not None:
            return "not_worth", (
                f"left out for better-valued work; it fits at {location_id} on day {day} "
                f"at {hhmm(start)}"
            )
        short = scene.extras[index].count - free
        if best is None or short < best[0]:
            best = (short, index, free, day)
    _, index, free, day = best
    line = scene.extras[index]
    matching = len(state.catalogue.candidates(line))
    return "extras_shortage", (
        f"needs {line.count} extras {describe_line(line)} on day {day}, {free} are free "
        f"({matching} in the guild match)"
    )


def _guild_short(state: Timeline, scene: Scene, days: range) -> str:
    """A sentence if on every day some line has fewer matching available performers than it
    needs (whatever else is booked), else ""."""
    best = None
    for day in days:
        worst = None
        for line in scene.extras:
            available = sum(
                1
                for pid in state.catalogue.candidates(line)
                if day in state.instance.performer_by_id[pid].available_days
            )
            if available < line.count and (worst is None or available - line.count < worst[0]):
                worst = (available - line.count, line, available)
        if worst is None:
            return ""
        if best is None or worst[0] > best[0]:
            best = (*worst, day)
    if best is None:
        return ""
    _, line, available, day = best
    return (
        f"needs {line.count} extras {describe_line(line)} on day {day}, only {available} in "
        f"the guild match and are available"
    )


def describe_line(line: ExtrasLine) -> str:
    """'F aged 18-35 tagged ancient-costume with skills horse-riding'."""
    words = [] if line.gender == "any" else [line.gender]
    words.append(f"aged {line.min_age}-{line.max_age}")
    if line.tags:
        words.append("tagged " + ", ".join(line.tags))
    if line.skills:
        words.append("with skills " + ", ".join(line.skills))
    return " ".join(words)


def _wants(scene: Scene) -> str:
    if scene.locations is not None:
        return "among " + ", ".join(scene.locations)
    if not scene.location_tags:
        return "at all"
    return "tagged " + ", ".join(scene.location_tags)


def _days_text(days: range) -> str:
    if len(days) == 1:
        return f"on day {days[0]}"
    return f"on days {days[0]}-{days[-1]}"


def _take(iterator: Iterator, n: int) -> list:
    out = []
    for item in iterator:
        out.append(item)
        if len(out) >= n:
            break
    return out
