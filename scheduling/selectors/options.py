"""Reception's options: where and when a scene can be booked now without moving anything else.

Two stages, so that what is offered is what booking accepts:

1. Candidates come from the optimiser's own insertion logic (``solver.timeline.Timeline``,
   which the baseline, the explanations and the optimiser share): a small instance holding the
   scene, the locations that fit it and everything in force on them and on its crew from the
   day before ``from`` to the day after ``to``; ``scene_starts`` then lists every start where
   the location and the crew are free (capacity, closures, moves, longest day, rest).
2. Each candidate the caller will see is checked again by ``booking_conflicts``, the very
   function ``POST /api/v1/bookings/`` runs under its locks. A candidate it refuses is dropped,
   never shown: the solver's rules are at least as strict as the booking's (it checks rest and
   moves against every scene of the neighbouring days), so this seldom drops anything.

Per location and day, one option per free stretch: the start that keeps the crew's day most
compact. Ranked: the crew's own day first (fewer company moves, fewer holding days for its cast),
then price, then how contested the set is that day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.shooting_day import DAY, at_clock, booking_date, clock_of, shooting_days_bounds
from crews.models import Scene
from scheduling.models import Booking, Closure, Hold, HotSet, Location
from scheduling.selectors.bookings import ACTIVE, local_iso, zone_travel_minutes
from scheduling.selectors.instances import base_horizon
from scheduling.selectors.options_instance import scene_instance
from scheduling.services.booking_facts import PreloadedFacts
from scheduling.services.booking_rules import booking_conflicts
from scheduling.solver import model as m
from scheduling.solver.timeline import Timeline

MAX_OPTION_DAYS = 31
DEFAULT_LIMIT = 20
MAX_LIMIT = 100
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Option:
    """One place and time, with what ranks it."""

    location: Location
    starts_at: dt.datetime
    ends_at: dt.datetime
    day: dt.date
    crew_day: bool  # the crew already shoots that day
    moves: int  # company moves it adds to the crew's day
    holding: int  # holding days it adds (or, negative, saves) for the scene's cast
    price: Decimal
    busy_percent: int  # share of the set's open time already taken that day

    def rank(self) -> tuple:
        return (
            not self.crew_day,
            self.moves,
            self.holding,
            self.price,
            self.busy_percent,
            self.starts_at,
            self.location.code,
        )


def scene_price(*, minutes: int, cost_per_hour: int) -> Decimal:
    """Set hire of ``minutes`` at a location (BILLING.md): yuan, half up to the fen."""
    return (Decimal(minutes) * Decimal(cost_per_hour) / 60).quantize(CENT, ROUND_HALF_UP)


def scene_options(
    *, scene: Scene, date_from: dt.date, date_to: dt.date, limit: int = DEFAULT_LIMIT
) -> dict:
    """The contract's options answer for one scene: ``{"scene", "options": [...]}``, best first."""
    return {
        "scene": scene.code,
        "options": [
            option_as_dict(option, scene=scene)
            for option in scene_option_list(
                scene=scene, date_from=date_from, date_to=date_to, limit=limit
            )
        ],
    }


def scene_option_list(
    *, scene: Scene, date_from: dt.date, date_to: dt.date, limit: int = DEFAULT_LIMIT
) -> list[Option]:
    """Up to ``limit`` options for ``scene`` on shooting days ``date_from..date_to``."""
    crew = scene.crew
    first = max(date_from, scene.first_date, crew.first_date)
    last = min(date_to, scene.last_date, crew.last_date)
    if first > last or Booking.objects.filter(ACTIVE, scene=scene).exists():
        return []
    board = _Board.load(scene=scene, first=first, last=last)
    candidates = sorted(board.candidates(first=first, last=last), key=Option.rank)
    offered = []
    for option in candidates:
        # The booking's own rules, as POST /api/v1/bookings/ runs them: the final word.
        if booking_conflicts(
            scene=scene,
            location=option.location,
            starts_at=option.starts_at,
            ends_at=option.ends_at,
            facts=board.facts,
        ):
            continue
        offered.append(option)
        if len(offered) == limit:
            break
    return offered


def option_as_dict(option: Option, *, scene: Scene) -> dict:
    return {
        "location": option.location.code,
        "start": local_iso(option.starts_at),
        "end": local_iso(option.ends_at),
        "price": f"{option.price:.2f}",
        "why": option_why(option, scene=scene),
    }


def option_why(option: Option, *, scene: Scene) -> str:
    """A sentence a person reads to see why this option sits where it does in the list."""
    parts = []
    if option.crew_day:
        parts.append(_("your crew already shoots on {day}").format(day=option.day))
    else:
        parts.append(_("a new shooting day for your crew ({day})").format(day=option.day))
    if option.moves:
        parts.append(_("{count} more company move(s)").format(count=option.moves))
    elif option.crew_day:
        parts.append(_("no company move"))
    if option.holding > 0:
        parts.append(_("{count} more holding day(s) for the cast").format(count=option.holding))
    elif option.holding < 0:
        parts.append(_("{count} fewer holding day(s) for the cast").format(count=-option.holding))
    parts.append(
        _("{place}: {minutes} min at {rate} yuan/h = {price} yuan").format(
            place=f"{option.location.name} ({option.location.code})",
            minutes=scene.minutes,
            rate=option.location.cost_per_hour,
            price=f"{option.price:.2f}",
        )
    )
    parts.append(_("set {percent}% booked that day").format(percent=option.busy_percent))
    return "; ".join(parts)


class _Board:
    """The scene's corner of the base as a solver timeline, and the facts that rank options."""

    def __init__(self, *, scene: Scene, start: dt.date, instance: m.Instance, locations) -> None:
        self.scene = scene
        self.start = start
        self.instance = instance
        self.timeline = Timeline(instance)
        self.locations = locations  # code -> Location row
        self.cast_days: dict[int, set[dt.date]] = {}

    @classmethod
    def load(cls, *, scene: Scene, first: dt.date, last: dt.date) -> _Board:
        crew = scene.crew
        start = first - DAY
        horizon = base_horizon(start=start, days=(last - first).days + 3)
        fitting = _fitting_locations(scene)
        opens = at_clock(start, horizon.day_start)
        closes = at_clock(start + dt.timedelta(days=horizon.days - 1), horizon.day_end)
        # The crew's rules look two days either side of a booking (booking_rules.near).
        wide = dt.timedelta(days=2)
        in_force = list(
            Booking.objects.filter(ACTIVE, starts_at__lt=closes + wide, ends_at__gt=opens - wide)
            .filter(Q(location__in=fitting) | Q(scene__crew=crew))
            .select_related("scene__crew", "location__zone")
        )
        locations = {loc.code: loc for loc in fitting}
        locations.update({b.location.code: b.location for b in in_force})
        closures = Closure.objects.filter(location__in=fitting, starts_at__lt=closes).filter(
            ends_at__gt=opens
        )
        closures = list(closures)
        # Live holds of other scenes keep their place as bookings do, until they lapse.
        holds = list(
            Hold.objects.filter(status=Hold.Status.HELD, expires_at__gt=timezone.now())
            .filter(location__in=fitting, starts_at__lt=closes, ends_at__gt=opens)
            .exclude(scene=scene)
            .select_related("scene__crew", "location__zone")
        )
        zone_ids = {loc.zone_id for loc in locations.values()}
        travel = zone_travel_minutes(zone_ids=zone_ids)
        instance = scene_instance(
            scene=scene,
            horizon=horizon,
            locations=locations.values(),
            closures=closures,
            bookings=in_force,
            holds=holds,
        )
        board = cls(scene=scene, start=start, instance=instance, locations=locations)
        hot_sets = {hot.location_id: hot for hot in HotSet.objects.filter(location__in=fitting)}
        board.facts = PreloadedFacts(
            scene_booking=None,  # the caller saw that it is not booked
            allowed_codes=[loc.code for loc in scene.locations.all()],
            bookings=in_force,
            closures=closures,
            travel=travel,
            holds=holds,
            hot_sets=hot_sets,
            crew_rows=_crew_rows(scene, first=first, last=last) if hot_sets else [],
        )
        board.fitting = [loc.code for loc in fitting]
        # A hold takes its place on the set only: for the holder's crew it is not yet a booking.
        for booking in [*in_force, *holds]:
            day, minute = board.position(booking.starts_at)
            if 0 <= day < horizon.days:
                end = minute + int((booking.ends_at - booking.starts_at).total_seconds() // 60)
                code = booking.scene.code if isinstance(booking, Booking) else f"hold:{booking.pk}"
                board.timeline.book(m.Assignment(code, booking.location.code, day, minute, end))
        board.cast_days = _cast_days(scene)
        return board

    def position(self, moment: dt.datetime) -> tuple[int, int]:
        day = booking_date(moment)
        return (day - self.start).days, clock_of(moment, day)

    def candidates(self, *, first: dt.date, last: dt.date):
        solver_scene = self.instance.scene_by_id[self.scene.code]
        now = timezone.now()
        for offset in range((first - self.start).days, (last - self.start).days + 1):
            day = self.start + dt.timedelta(days=offset)
            gaps = self.timeline.scene_gaps(solver_scene, offset)
            for code in self.fitting:
                starts = self.timeline.scene_starts(solver_scene, code, offset, gaps=gaps)
                starts = [start for start in starts if at_clock(day, start) >= now]
                for start in self._stretch_picks(starts, offset):
                    yield self._option(code=code, day=day, offset=offset, start=start)

    def _stretch_picks(self, starts: list[int], offset: int) -> list[int]:
        """From each run of consecutive free starts, the one keeping the crew's day compact."""
        slot = self.instance.horizon.slot_minutes
        runs: list[list[int]] = []
        for start in starts:
            if runs and start - runs[-1][-1] == slot:
                runs[-1].append(start)
            else:
                runs.append([start])
        line = self.timeline.crew_day(self.scene.crew.code, offset)
        minutes = self.scene.minutes
        if line is None or not line.entries:
            return [run[0] for run in runs]
        lo, hi = line.entries[0][0], line.entries[-1][1]
        return [min(run, key=lambda t: (max(hi, t + minutes) - min(lo, t), t)) for run in runs]

    def _option(self, *, code: str, day: dt.date, offset: int, start: int) -> Option:
        location = self.locations[code]
        minutes = self.scene.minutes
        line = self.timeline.crew_day(self.scene.crew.code, offset)
        entries = list(line.entries) if line is not None else []
        return Option(
            location=location,
            starts_at=at_clock(day, start),
            ends_at=at_clock(day, start + minutes),
            day=day,
            crew_day=bool(entries),
            moves=_moves_added(entries, start=start, location=code),
            holding=self._holding_added(day),
            price=scene_price(minutes=minutes, cost_per_hour=location.cost_per_hour),
            busy_percent=self._busy_percent(code, offset),
        )

    def _holding_added(self, day: dt.date) -> int:
        added = 0
        for days in self.cast_days.values():
            added += _holding(days | {day}) - _holding(days)
        return added

    def _busy_percent(self, code: str, offset: int) -> int:
        capacity = self.instance.location_by_id[code].capacity
        counts = self.timeline.counts(code, offset)
        open_slots = [count for count in counts if count < 1 << 30]
        if not open_slots:
            return 100
        return round(100 * sum(open_slots) / (capacity * len(open_slots)))


def _moves_added(entries: list[tuple], *, start: int, location: str) -> int:
    """Company moves (changes of location between consecutive scenes of the crew's day) that
    a scene at ``location`` from ``start`` adds."""
    before = [entry[2] for entry in entries]
    after = [entry[2] for entry in sorted([*entries, (start, 0, location, "")])]
    return _changes(after) - _changes(before)


def _changes(sequence: list[str]) -> int:
    return sum(1 for a, b in zip(sequence, sequence[1:], strict=False) if a != b)


def _holding(days: set[dt.date]) -> int:
    """Days between a cast member's first and last shooting day on which they shoot nothing."""
    if not days:
        return 0
    return (max(days) - min(days)).days + 1 - len(days)


def _cast_days(scene: Scene) -> dict[int, set[dt.date]]:
    """The shooting days each of the scene's cast already works, from the bookings in force."""
    found: dict[int, set[dt.date]] = {member.pk: set() for member in scene.cast.all()}
    if not found:
        return found
    rows = Booking.objects.filter(ACTIVE, scene__cast__in=list(found)).values_list(
        "scene__cast", "starts_at"
    )
    for member, starts_at in rows:
        if member in found:
            found[member].add(booking_date(starts_at))
    return found


def _crew_rows(scene: Scene, *, first: dt.date, last: dt.date) -> list:
    """The crew's bookings in force and live holds over every week the days may count in."""
    opens, closes = shooting_days_bounds(first - 7 * DAY, last + 7 * DAY)
    where = {"scene__crew": scene.crew, "starts_at__gte": opens, "starts_at__lt": closes}
    live = Hold.objects.filter(status=Hold.Status.HELD, expires_at__gt=timezone.now())
    return [*Booking.objects.filter(ACTIVE, **where), *live.filter(**where)]


def _fitting_locations(scene: Scene) -> list[Location]:
    """The locations that fit the scene (its list when given, else its tags; contract rule 2)."""
    allowed = list(scene.locations.select_related("zone").order_by("code"))
    if allowed:
        return allowed
    need = set(scene.location_tags)
    every = Location.objects.select_related("zone").order_by("code")
    return [loc for loc in every if need <= set(loc.tags)]
