"""The instance turned into slot arithmetic: what each scene could use, computed once per solve.

The search works on grid slots, not minutes: slot ``t`` of a day starts at
``day_start + t * slot_minutes``. Every start and end in the contract lies on that grid, so a
move time of ``m`` minutes between two scenes is exactly a gap of ``ceil(m / slot)`` slots.
Sets of slots are Python ints used as bit masks (bit ``t`` is slot ``t``), which keeps the
constructive search and the neighbourhood builders fast in pure Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scheduling.solver.model import DAY_MINUTES, ExtrasLine, Instance, Performer, Scene
from scheduling.solver.timeline import max_move_minutes

# The batch walk's start slots for a crew's day (06:00-10:00 on the default day).
WALK_OFFSETS = tuple(range(9))


@dataclass
class SceneInfo:
    """What one scene could use: fitting locations, days, static start masks, its value."""

    index: int
    scene: Scene
    crew: int
    slots: int
    value: int
    density: int
    locations: tuple[int, ...]
    days: tuple[int, ...]
    # Starts allowed by the grid, time_of_day and the location's closures, per (location, day).
    static_starts: dict[tuple[int, int], int] = field(default_factory=dict)
    # Days on which every extras line has enough matching available performers.
    staffable_days: tuple[int, ...] = ()


@dataclass
class Problem:
    """Slot-level view of an instance, with index look-ups shared by every stage."""

    instance: Instance
    slot: int
    day_slots: int
    full: int
    night_slot: int
    location_ids: tuple[str, ...]
    capacity: tuple[int, ...]
    zone_of: tuple[str, ...]
    closed: dict[tuple[int, int], int]
    crew_ids: tuple[str, ...]
    crew_span: tuple[int, ...]
    crew_priority: tuple[int, ...]
    scenes: list[SceneInfo]
    scene_index: dict[str, int]
    gap_cache: dict[tuple[int, int], int]
    line_pool: dict[tuple[tuple, int], tuple[int, ...]]
    performers: tuple[Performer, ...]
    crew_scenes: dict[int, list[int]] = field(default_factory=dict)
    # Rest between shooting days in slots, and whether the previous and next shooting day can
    # ever constrain a day (see ``fenced``): with the old 06:00-24:00 day and no rest they
    # cannot, and the search skips the look at the neighbours.
    calendar_slots: int = 48
    crew_rest: tuple[int, ...] = ()
    crew_fenced: tuple[bool, ...] = ()
    performer_rest: tuple[int, ...] = ()
    performer_fenced: tuple[bool, ...] = ()
    # Where each crew's batch walks may start (slots): nights are walked from later on.
    crew_offsets: tuple[tuple[int, ...], ...] = ()

    def gap(self, loc_a: int, loc_b: int) -> int:
        """Slots that must lie between scenes at two locations (0 at the same location)."""
        if loc_a == loc_b:
            return 0
        key = (loc_a, loc_b)
        cached = self.gap_cache.get(key)
        if cached is None:
            minutes = self.instance.move_minutes(self.location_ids[loc_a], self.location_ids[loc_b])
            cached = -(-minutes // self.slot)
            self.gap_cache[key] = cached
        return cached

    def minute(self, slot: int) -> int:
        """Minutes after midnight at which a slot starts."""
        return self.instance.horizon.day_start + slot * self.slot

    def to_slot(self, minute: int) -> int:
        return (minute - self.instance.horizon.day_start) // self.slot

    def pool(self, line: ExtrasLine, day: int) -> tuple[int, ...]:
        """Performers (indices) matching a line and available on a day, scarce-first order."""
        return self.line_pool.get((profile(line), day), ())


def run_mask(free: int, length: int) -> int:
    """Bits t such that slots t .. t+length-1 are all set in ``free``."""
    out = free
    shift = 1
    # Doubling shifts: after each step ``out`` marks runs of ``shift`` set bits.
    while shift * 2 <= length:
        out &= out >> shift
        shift *= 2
    if shift < length:
        out &= out >> (length - shift)
    return out


def range_mask(lo: int, hi: int) -> int:
    """Bits lo .. hi-1 (empty when hi <= lo)."""
    if hi <= lo:
        return 0
    lo = max(lo, 0)
    return ((1 << hi) - 1) ^ ((1 << lo) - 1) if hi > 0 else 0


def matches(performer: Performer, line: ExtrasLine) -> bool:
    """Whether a performer may fill a place on an extras line (availability aside)."""
    if line.gender != "any" and performer.gender != line.gender:
        return False
    if not line.min_age <= performer.age <= line.max_age:
        return False
    return set(line.tags) <= set(performer.tags) and set(line.skills) <= set(performer.skills)


def prepare(instance: Instance) -> Problem:
    """Build the slot-level problem: location fits, start masks and extras pools."""
    h = instance.horizon
    slot = h.slot_minutes
    day_slots = (h.day_end - h.day_start) // slot
    locations = instance.locations
    loc_index = {loc.id: i for i, loc in enumerate(locations)}
    crews = instance.crews
    crew_index = {c.id: i for i, c in enumerate(crews)}
    problem = Problem(
        instance=instance,
        slot=slot,
        day_slots=day_slots,
        full=(1 << day_slots) - 1,
        night_slot=(h.night_from - h.day_start) // slot,
        location_ids=tuple(loc.id for loc in locations),
        capacity=tuple(loc.capacity for loc in locations),
        zone_of=tuple(loc.zone for loc in locations),
        closed=_closure_masks(instance, day_slots),
        crew_ids=tuple(c.id for c in crews),
        crew_span=tuple(c.max_span_minutes // slot for c in crews),
        crew_priority=tuple(c.priority for c in crews),
        scenes=[],
        scene_index={s.id: i for i, s in enumerate(instance.scenes)},
        gap_cache={},
        line_pool={},
        performers=instance.performers,
    )
    _neighbour_rules(problem)
    _build_pools(problem)
    fit_cache: dict[tuple, tuple[int, ...]] = {}
    for i, scene in enumerate(instance.scenes):
        problem.scenes.append(_scene_info(problem, i, scene, loc_index, crew_index, fit_cache))
        problem.crew_scenes.setdefault(problem.scenes[-1].crew, []).append(i)
    problem.crew_offsets = tuple(_walk_offsets(problem, c) for c in range(len(crews)))
    return problem


def fenced(problem: Problem, rest: int) -> bool:
    """Whether a person's scenes on neighbouring shooting days can ever constrain a day.

    Two shooting days lie at least ``calendar_slots - day_slots`` apart (the night between
    them); rest or a move longer than that is the only way they can interact.
    """
    longest_move = -(-max_move_minutes(problem.instance) // problem.slot)
    return max(rest, longest_move) > problem.calendar_slots - problem.day_slots


def _neighbour_rules(problem: Problem) -> None:
    instance = problem.instance
    problem.calendar_slots = DAY_MINUTES // problem.slot
    problem.crew_rest = tuple(-(-c.min_rest_minutes // problem.slot) for c in instance.crews)
    problem.crew_fenced = tuple(fenced(problem, r) for r in problem.crew_rest)
    problem.performer_rest = tuple(
        -(-p.min_rest_minutes // problem.slot) for p in instance.performers
    )
    problem.performer_fenced = tuple(fenced(problem, r) for r in problem.performer_rest)


def _walk_offsets(problem: Problem, crew: int) -> tuple[int, ...]:
    """Start slots for the crew's batch walks: the morning, or for a crew whose work is mostly
    night scenes, the slots from which its longest day reaches the end of the night."""
    scenes = [problem.scenes[s] for s in problem.crew_scenes.get(crew, ())]
    night = sum(i.slots for i in scenes if i.scene.time_of_day == "night")
    if night * 2 <= sum(i.slots for i in scenes):
        return WALK_OFFSETS
    base = max(0, problem.day_slots - problem.crew_span[crew])
    return tuple(t for t in range(base - 4, base + 5) if 0 <= t < problem.day_slots)


def _closure_masks(instance: Instance, day_slots: int) -> dict[tuple[int, int], int]:
    h = instance.horizon
    closed: dict[tuple[int, int], int] = {}
    for li, loc in enumerate(instance.locations):
        for c in loc.closures:
            lo = max(0, (c.start - h.day_start) // h.slot_minutes)
            hi = min(day_slots, -(-(c.end - h.day_start) // h.slot_minutes))
            closed[(li, c.day)] = closed.get((li, c.day), 0) | range_mask(lo, hi)
    return closed


def _fitting_locations(instance: Instance, scene: Scene, loc_index: dict, cache: dict):
    if scene.locations is not None:
        return tuple(sorted(loc_index[x] for x in scene.locations if x in loc_index))
    key = tuple(sorted(scene.location_tags))
    if key not in cache:
        need = set(key)
        cache[key] = tuple(i for i, loc in enumerate(instance.locations) if need <= set(loc.tags))
    return cache[key]


def _scene_info(problem: Problem, i: int, scene: Scene, loc_index, crew_index, fit_cache):
    instance = problem.instance
    crew_i = crew_index[scene.crew]
    crew = instance.crews[crew_i]
    slots = scene.minutes // problem.slot
    first = max(scene.first_day, crew.first_day, 0)
    last = min(scene.last_day, crew.last_day, instance.horizon.days - 1)
    days = tuple(range(first, last + 1))
    info = SceneInfo(
        index=i,
        scene=scene,
        crew=crew_i,
        slots=slots,
        value=scene.priority * crew.priority * scene.minutes,
        density=scene.priority * crew.priority,
        locations=_fitting_locations(instance, scene, loc_index, fit_cache),
        days=days,
    )
    base = run_mask(problem.full, slots) if slots <= problem.day_slots else 0
    if scene.time_of_day == "day":
        base &= range_mask(0, problem.night_slot - slots + 1)
    elif scene.time_of_day == "night":
        base &= range_mask(problem.night_slot, problem.day_slots)
    if slots > problem.crew_span[crew_i]:
        base = 0
    for day in days:
        for loc in info.locations:
            closed = problem.closed.get((loc, day), 0)
            starts = base & run_mask(problem.full & ~closed, slots) if closed else base
            if starts:
                info.static_starts[(loc, day)] = starts
    info.staffable_days = tuple(
        d for d in days if all(len(problem.pool(line, d)) >= line.count for line in scene.extras)
    )
    return info


def profile(line: ExtrasLine) -> tuple:
    """Who may fill a line, whatever its count: lines differing only in count share a pool."""
    return (line.gender, line.min_age, line.max_age, line.tags, line.skills)


def _build_pools(problem: Problem) -> None:
    """Matching available performers per (profile, day); the least versatile come first."""
    instance = problem.instance
    kinds = sorted({profile(line) for s in instance.scenes for line in s.extras})
    performers = instance.performers
    wardrobe = [(set(p.tags), set(p.skills), set(p.available_days)) for p in performers]
    matched: dict[tuple, list[int]] = {}
    breadth = [0] * len(performers)
    for kind in kinds:
        gender, lo, hi, tags, skills = kind
        need_tags, need_skills = set(tags), set(skills)
        ok = [
            pi
            for pi, p in enumerate(performers)
            if (gender == "any" or p.gender == gender)
            and lo <= p.age <= hi
            and need_tags <= wardrobe[pi][0]
            and need_skills <= wardrobe[pi][1]
        ]
        matched[kind] = ok
        for pi in ok:
            breadth[pi] += 1
    for kind, ok in matched.items():
        # Performers who fit few kinds of line are kept for those lines: generic lines take
        # the least versatile performers first, then the most reliable.
        order = sorted(ok, key=lambda pi: (breadth[pi], -performers[pi].reliability, pi))
        for day in range(instance.horizon.days):
            problem.line_pool[(kind, day)] = tuple(pi for pi in order if day in wardrobe[pi][2])
