"""Why a scene is left out: the contract's reason code and a sentence an operator can act on."""

from __future__ import annotations

from scheduling.solver.fields import format_minutes
from scheduling.solver.model import ExtrasLine
from scheduling.solver.optimise.extras import PerformerBook
from scheduling.solver.optimise.prepare import Problem
from scheduling.solver.optimise.state import PlanState


def _days(days) -> str:
    days = sorted(days)
    if not days:
        return "no day"
    if len(days) == 1:
        return f"day {days[0]}"
    if days == list(range(days[0], days[-1] + 1)):
        return f"days {days[0]}-{days[-1]}"
    return "days " + ", ".join(str(d) for d in days)


def _where(problem: Problem, s: int) -> str:
    """'location tagged hospital-ward' or 'location of L0001, L0002'."""
    scene = problem.scenes[s].scene
    if scene.locations is not None:
        return "location of " + ", ".join(scene.locations)
    if not scene.location_tags:
        return "location"
    return "location tagged " + " + ".join(scene.location_tags)


def _hours(problem: Problem, s: int) -> str:
    scene = problem.scenes[s].scene
    h = problem.instance.horizon
    if scene.time_of_day == "day":
        return f"between {format_minutes(h.day_start)} and {format_minutes(h.night_from)}"
    if scene.time_of_day == "night":
        return f"between {format_minutes(h.night_from)} and {format_minutes(h.day_end)}"
    return f"between {format_minutes(h.day_start)} and {format_minutes(h.day_end)}"


def line_words(line: ExtrasLine) -> str:
    """'8 female extras aged 18-35 tagged ancient-costume with horse-riding' and the like."""
    who = {"F": "female ", "M": "male "}.get(line.gender, "")
    noun = "extra" if line.count == 1 else "extras"
    words = f"{line.count} {who}{noun} aged {line.min_age}-{line.max_age}"
    if line.tags:
        words += " tagged " + "+".join(line.tags)
    if line.skills:
        words += " with " + "+".join(line.skills)
    return words


def _shortage(problem: Problem, book: PerformerBook, s: int) -> str | None:
    """The scarcest line on the day closest to being staffed: how many needed, how many free."""
    info = problem.scenes[s]
    best = None
    for day in info.days:
        worst = None
        for line in info.scene.extras:
            pool = problem.pool(line, day)
            free = sum(1 for p in pool if book.day_minutes.get((p, day), 0) == 0)
            if worst is None or free - line.count < worst[0]:
                worst = (free - line.count, day, line, free, len(pool))
        if worst is not None and (best is None or worst[0] > best[0]):
            best = worst
    if best is None or (best[0] >= 0 and info.staffable_days):
        return None
    _, day, line, free, pool = best
    return (
        f"needs {line_words(line)} on day {day}: {pool} match and are available that day, "
        f"{free} are not called yet: relax the line or bring in more performers"
    )


def explain(problem: Problem, state: PlanState, book: PerformerBook, s: int) -> tuple[str, str]:
    """The reason code and sentence for an unscheduled scene, judged on the final plan."""
    info = problem.scenes[s]
    scene = info.scene
    crew_id = problem.crew_ids[info.crew]
    if not info.days:
        return "crew_window", (
            f"scene days {scene.first_day}-{scene.last_day} lie outside crew {crew_id}'s days "
            "or the horizon: widen the scene's or the crew's days"
        )
    if not info.locations:
        return "no_location", f"no {_where(problem, s)} exists on the base: tag a set for it"
    if info.slots > problem.crew_span[info.crew]:
        return "crew_window", (
            f"crew {crew_id}'s longest day ({problem.crew_span[info.crew] * problem.slot} "
            f"minutes) is shorter than the scene ({scene.minutes} minutes): split the scene "
            "or lengthen the crew's day"
        )
    if not info.static_starts:
        return "no_time", (
            f"no {_where(problem, s)} is open for {scene.minutes} minutes {_hours(problem, s)} "
            f"on {_days(info.days)}: lift a closure or widen the scene's days or time of day"
        )
    if not info.staffable_days:
        return "extras_shortage", _shortage(problem, book, s) or "extras are short"
    fits = [
        (loc, day)
        for day in info.staffable_days
        for loc in info.locations
        if state.starts(s, loc, day)
    ]
    if fits:
        detail = _shortage(problem, book, s)
        return "extras_shortage", detail or (
            f"free times exist on {_days({d for _, d in fits})} but the guild's matching "
            "extras are all called then: move another scene or add performers"
        )
    resting = _resting_days(problem, state, s)
    if resting:
        rest = problem.instance.crews[info.crew].min_rest_minutes
        return "crew_window", (
            f"a {_where(problem, s)} is free on {_days(resting)} only while crew {crew_id} "
            f"rests ({rest} minutes) or drives between its neighbouring shooting days: move "
            "the crew's scenes of the day before or after, or shorten its rest"
        )
    busy_crew = all(state.crew_block(info.crew, d) for d in info.staffable_days)
    who = f"crew {crew_id}'s days are full and " if busy_crew else ""
    return "not_worth", (
        f"{who}every {_where(problem, s)} is booked {_hours(problem, s)} "
        f"on {_days(info.staffable_days)} by better-valued scenes: raise its priority, "
        "widen its days or free a set"
    )


def _resting_days(problem: Problem, state: PlanState, s: int) -> list[int]:
    """Days the crew has no scene yet, a location has room, and only the crew's rest or
    moves from its neighbouring shooting days keep the scene out."""
    info = problem.scenes[s]
    if not problem.crew_fenced[info.crew]:
        return []
    return [
        day
        for day in info.staffable_days
        if state.crew_block(info.crew, day) is None
        and any(state.location_starts(s, loc, day) for loc in info.locations)
    ]
