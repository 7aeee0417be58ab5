"""Reads of the guild: which performers can fill a place of an extras line, and why in that order.

The rules are the contract's hard rule 8 seen from one booking: a candidate fits the line's
profile, is available that day, is in no overlapping scene (with the move time between two
locations), and has enough of their daily limit left. The same checks answer "why not" for a
performer the guild names itself (``extras_fit_problems``), so a hand-made assignment is held to
exactly the rules the candidates list follows.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from actors.models import Availability, Call, Performer
from core import shooting_day
from crews.models import ExtrasLine
from scheduling.models import Booking, Location, TravelTime

FAIRNESS_DAYS = 7
# Reliability ranks in bands of a tenth: 0.93 against 0.95 is noise from a few calls, and must
# not decide between two performers before fairness does.
RELIABILITY_BAND = 0.1
# A declined or missed call holds neither the performer's time nor the place.
IDLE_STATES = (Call.State.DECLINED, Call.State.NO_SHOW)


@dataclass(frozen=True)
class ExtrasCandidate:
    """A performer who may fill a place of an extras line, with what ranked them there."""

    performer: Performer
    rank: int
    reliability_band: float
    minutes_left_today: int
    minutes_last_7_days: int
    last_worked_on: dt.date | None
    reasons: tuple[str, ...]


# Other scenes this close to the window still clash through the time to move between them.
MOVE_MARGIN = dt.timedelta(hours=12)


def booking_date(booking: Booking) -> dt.date:
    """The shooting day a booking belongs to: a night from 22:00 to 02:00 is its first date's,
    for the performer's availability, daily limit and fairness alike."""
    return shooting_day.booking_date(booking.starts_at)


def performer_fits_line(performer: Performer, line: ExtrasLine) -> list[str]:
    """What in a performer's profile does not fit the line (empty: fits)."""
    problems = []
    if line.gender != ExtrasLine.Gender.ANY and performer.gender != line.gender:
        problems.append(
            _("gender {gender} is not {wanted}").format(gender=performer.gender, wanted=line.gender)
        )
    if not line.min_age <= performer.age <= line.max_age:
        problems.append(
            _("age {age} is outside {low}-{high}").format(
                age=performer.age, low=line.min_age, high=line.max_age
            )
        )
    missing_tags = sorted(set(line.tags) - set(performer.tags))
    if missing_tags:
        problems.append(_("lacks the look {tags}").format(tags=", ".join(missing_tags)))
    missing_skills = sorted(set(line.skills) - set(performer.skills))
    if missing_skills:
        problems.append(_("lacks the skill {skills}").format(skills=", ".join(missing_skills)))
    return problems


def active_calls() -> QuerySet[Call]:
    """Calls that hold a performer's time: on bookings not cancelled, not declined or missed."""
    return Call.objects.exclude(booking__status=Booking.Status.CANCELLED).exclude(
        state__in=IDLE_STATES
    )


class _Timetable:
    """Each performer's other scenes around a booking's day, and the base's move times."""

    def __init__(self, *, booking: Booking, performer_ids: list[int] | QuerySet):
        self.booking = booking
        self.day = booking_date(booking)
        self.since = self.day - dt.timedelta(days=FAIRNESS_DAYS - 1)
        # Through the next shooting day: the rest between shooting days binds its first scene.
        since, until = shooting_day.shooting_days_bounds(self.since, self.day + shooting_day.DAY)
        since, until = since - MOVE_MARGIN, max(until, booking.ends_at) + MOVE_MARGIN
        rows = (
            active_calls()
            .filter(performer_id__in=performer_ids, booking__starts_at__lt=until)
            .filter(booking__ends_at__gt=since)
            .exclude(booking=booking)
            .select_related("booking__location", "booking__scene")
            .order_by()  # a call's default order joins three more tables, and none is needed
        )
        self.bookings: dict[int, list[Booking]] = defaultdict(list)
        for call in rows:
            self.bookings[call.performer_id].append(call.booking)
        self._travel = {}
        for a, b, minutes in TravelTime.objects.values_list(
            "from_zone_id", "to_zone_id", "minutes"
        ):
            self._travel[(a, b)] = self._travel[(b, a)] = minutes

    def move_minutes(self, a: Location, b: Location) -> int:
        if a.pk == b.pk:
            return 0
        if a.zone_id == b.zone_id:
            return settings.PLANNING_SAME_ZONE_MOVE_MINUTES
        return self._travel.get((a.zone_id, b.zone_id), settings.PLANNING_DEFAULT_TRAVEL_MINUTES)

    def clashes(self, performer_id: int) -> list[str]:
        """Scenes that overlap the booking, or leave too little time to move between them."""
        out = []
        here = self.booking
        for other in self.bookings[performer_id]:
            move = dt.timedelta(minutes=self.move_minutes(other.location, here.location))
            if other.starts_at < here.ends_at + move and here.starts_at < other.ends_at + move:
                day = booking_date(other)
                start, end = (
                    shooting_day.call_sheet_time(t, day) for t in (other.starts_at, other.ends_at)
                )
                out.append(
                    _(
                        "busy in {scene} at {location} {start}-{end} (needs {move} min to move)"
                    ).format(
                        scene=other.scene.code,
                        location=other.location.code,
                        start=start,
                        end=end,
                        move=move.seconds // 60,
                    )
                )
        return out

    def rest_problems(self, performer_id: int, min_rest_minutes: int) -> list[str]:
        """The performer's rest between shooting days, were they in this booking (rule 8)."""
        if not min_rest_minutes:
            return []
        here, by_day = self.booking, defaultdict(list)
        for other in self.bookings[performer_id]:
            by_day[booking_date(other)].append(other)
        today = by_day[self.day]
        before, after = by_day[self.day - shooting_day.DAY], by_day[self.day + shooting_day.DAY]
        gaps = []
        if before and all(here.starts_at <= b.starts_at for b in today):
            last = max(before, key=lambda b: b.ends_at)
            gaps.append((last, here.starts_at - last.ends_at))
        if after and all(here.ends_at >= b.ends_at for b in today):
            first = min(after, key=lambda b: b.starts_at)
            gaps.append((first, first.starts_at - here.ends_at))
        return [
            _("rests {rest} min between shooting days around {scene}, needs {need}").format(
                rest=int(gap.total_seconds() // 60), scene=other.scene.code, need=min_rest_minutes
            )
            for other, gap in gaps
            if gap < dt.timedelta(minutes=min_rest_minutes)
        ]

    def minutes_on(self, performer_id: int, day: dt.date) -> int:
        return sum(_minutes(b) for b in self.bookings[performer_id] if booking_date(b) == day)

    def _worked(self, performer_id: int) -> list[Booking]:
        """Other scenes in the fairness window: the booking's day and the six before it."""
        return [b for b in self.bookings[performer_id] if self.since <= booking_date(b) <= self.day]

    def minutes_worked(self, performer_id: int) -> int:
        return sum(_minutes(b) for b in self._worked(performer_id))

    def last_worked_on(self, performer_id: int) -> dt.date | None:
        return max((booking_date(b) for b in self._worked(performer_id)), default=None)


def _minutes(booking: Booking) -> int:
    return int((booking.ends_at - booking.starts_at).total_seconds() // 60)


class _Profile(NamedTuple):
    """What ranking reads of a performer."""

    pk: int
    code: str
    reliability: float
    max_minutes_per_day: int
    min_rest_minutes: int


def _time_problems(timetable: _Timetable, performer: Performer | _Profile) -> list[str]:
    problems = timetable.clashes(performer.pk)
    problems += timetable.rest_problems(performer.pk, performer.min_rest_minutes)
    left = performer.max_minutes_per_day - timetable.minutes_on(performer.pk, timetable.day)
    if left < _minutes(timetable.booking):
        problems.append(
            _("only {left} min left of the daily limit, the scene takes {minutes}").format(
                left=left, minutes=_minutes(timetable.booking)
            )
        )
    return problems


def extras_fit_problems(
    *, booking: Booking, extras_line: ExtrasLine, performer: Performer
) -> list[str]:
    """Why ``performer`` may not fill a place of ``extras_line`` in ``booking`` (empty: may)."""
    problems = performer_fits_line(performer, extras_line)
    day = booking_date(booking)
    if not Availability.objects.filter(performer=performer, date=day).exists():
        problems.append(_("not available on {day}").format(day=day))
    if Call.objects.filter(booking=booking, performer=performer).exists():
        problems.append(_("already called to this scene"))
    timetable = _Timetable(booking=booking, performer_ids=[performer.pk])
    return problems + _time_problems(timetable, performer)


def extras_move_problems(
    *, booking: Booking, location: Location, starts_at: dt.datetime, ends_at: dt.datetime
) -> dict[str, list[str]]:
    """Why the performers called to ``booking`` could not come if it moved to ``location`` at
    ``starts_at``-``ends_at``, by performer code (only those with a problem).

    A move must not double-book its extras: each needs to be available on the new day, free of
    their other scenes (with the time to move between them) and within their daily limit.
    Declined and missed calls hold no one.
    """
    calls = list(
        Call.objects.filter(booking=booking, state__in=(Call.State.CALLED, Call.State.CONFIRMED))
        .select_related("performer")
        .defer("performer__phone", "performer__id_number")
        .order_by("performer__code")
    )
    if not calls:
        return {}
    moved = copy.copy(booking)  # the booking as it would be, not saved
    moved.location, moved.starts_at, moved.ends_at = location, starts_at, ends_at
    day = booking_date(moved)
    ids = [call.performer_id for call in calls]
    available = set(
        Availability.objects.filter(performer_id__in=ids, date=day).values_list(
            "performer_id", flat=True
        )
    )
    timetable = _Timetable(booking=moved, performer_ids=ids)
    problems = {}
    for call in calls:
        found = (
            [] if call.performer_id in available else [_("not available on {day}").format(day=day)]
        )
        found += _time_problems(timetable, call.performer)
        if found:
            problems[call.performer.code] = found
    return problems


def extras_candidates(
    *, booking: Booking, extras_line: ExtrasLine, limit: int | None = 20
) -> list[ExtrasCandidate]:
    """The performers who may fill a place of ``extras_line`` in ``booking``, best first.

    Ranked by reliability (in bands of a tenth), then fairness: fewest minutes of other scenes
    in the last seven days (the booking's day and the six before), then longest since they last
    worked (not in those days first), then exact reliability, then code. Performers
    called to the booking before, in any state (one who declined keeps that row), are left out.
    """
    day = booking_date(booking)
    pool = Performer.objects.filter(
        availability__date=day, age__gte=extras_line.min_age, age__lte=extras_line.max_age
    ).exclude(pk__in=Call.objects.filter(booking=booking).values("performer_id"))
    if extras_line.gender != ExtrasLine.Gender.ANY:
        pool = pool.filter(gender=extras_line.gender)
    # Ranking reads plain rows, not models: a broad line has a thousand performers in its pool
    # and only the first few are shown. The looks and skills the line asks for are tested by
    # the database where it can (PostgreSQL's jsonb @>), else here on the rows.
    wanted = [("tags", set(extras_line.tags)), ("skills", set(extras_line.skills))]
    wanted = [(field, needed) for field, needed in wanted if needed]
    if connection.features.supports_json_field_contains:
        for field, needed in wanted:
            pool = pool.filter(**{f"{field}__contains": sorted(needed)})
        wanted = []
    rows = pool.order_by().values_list(
        "pk",
        "code",
        "reliability",
        "max_minutes_per_day",
        "min_rest_minutes",
        *(field for field, _needed in wanted),
    )
    fitting = [
        _Profile(*row[:5])
        for row in rows
        if all(needed <= set(have) for (_field, needed), have in zip(wanted, row[5:], strict=True))
    ]
    # The pool as a subquery, not thousands of ids as parameters.
    timetable = _Timetable(booking=booking, performer_ids=pool.values("pk"))
    ranked = []
    for profile in fitting:
        if _time_problems(timetable, profile):
            continue
        band = round(int(profile.reliability / RELIABILITY_BAND + 1e-9) * RELIABILITY_BAND, 1)
        worked = timetable.minutes_worked(profile.pk)
        last = timetable.last_worked_on(profile.pk)
        left = profile.max_minutes_per_day - timetable.minutes_on(profile.pk, day)
        key = (-band, worked, last or dt.date.min, -profile.reliability, profile.code)
        ranked.append((key, profile, band, worked, last, left))
    ranked.sort(key=lambda row: row[0])
    if limit is not None:
        ranked = ranked[:limit]
    # Ranking needs no personal data: deferring it saves decrypting two fields per performer.
    performers = Performer.objects.defer("phone", "id_number").in_bulk(
        [row[1].pk for row in ranked]
    )
    return [
        ExtrasCandidate(
            performer=performers[profile.pk],
            rank=rank,
            reliability_band=band,
            minutes_left_today=left,
            minutes_last_7_days=worked,
            last_worked_on=last,
            reasons=(
                _("reliability {reliability:.2f} (band {band:.1f})").format(
                    reliability=profile.reliability, band=band
                ),
                _("{minutes} min worked in the last {days} days").format(
                    minutes=worked, days=FAIRNESS_DAYS
                ),
                _("last worked {day}").format(day=last) if last else _("has not worked recently"),
                _("{minutes} min left of the daily limit").format(minutes=left),
            ),
        )
        for rank, (_key, profile, band, worked, last, left) in enumerate(ranked, start=1)
    ]
