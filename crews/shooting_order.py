"""The best shooting order of a crew's scenes: what its principal actors cost while held.

A read with a computation: the crew's scenes and cast become a talent scheduling problem for
``scheduling.solver.sequence`` (time in the base's 30-minute slots, each actor costing their
day rate per slot held, from the start of their first scene to the end of their last, scenes
shot back to back), and its order comes back as scene codes with each actor's held time.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils.translation import gettext as _

from core.shooting_day import shooting_days_bounds
from crews.models import Crew, Scene
from scheduling.models import Booking
from scheduling.selectors.bookings import ACTIVE
from scheduling.solver.sequence import TalentProblem, sequence_scenes

MAX_SCENES = 500


class ShootingOrderInvalid(ValueError):
    """The scenes asked for cannot be ordered (unknown, another crew's, none, too many)."""


def shooting_order_scenes(
    *,
    crew: Crew,
    codes: list[str] | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> list[Scene]:
    """The scenes to order: those named, or those booked from ``date_from`` to ``date_to``
    (shooting days: a night past midnight is its first date's), or else all the crew's scenes."""
    scenes = Scene.objects.filter(crew=crew).prefetch_related("cast").order_by("code")
    if codes is not None:
        found = list(scenes.filter(code__in=codes))
        missing = sorted(set(codes) - {scene.code for scene in found})
        if missing:
            raise ShootingOrderInvalid(
                _("Not scenes of crew {crew}: {codes}.").format(
                    crew=crew.code, codes=", ".join(missing)
                )
            )
    elif date_from is not None and date_to is not None:
        start, end = shooting_days_bounds(date_from, date_to)
        booked = Booking.objects.filter(ACTIVE, scene__crew=crew)
        booked = booked.filter(starts_at__gte=start, starts_at__lt=end).values("scene_id")
        found = list(scenes.filter(pk__in=booked))
    else:
        found = list(scenes)
    if not found:
        raise ShootingOrderInvalid(_("No scenes to order."))
    if len(found) > MAX_SCENES:
        raise ShootingOrderInvalid(_("At most {n} scenes at a time.").format(n=MAX_SCENES))
    return found


def shooting_order_get(*, crew: Crew, scenes: list[Scene], time_limit: float) -> dict:
    """The order of ``scenes`` that costs the crew's cast least, and what is proven about it."""
    slot = settings.PLANNING_SLOT_MINUTES
    cast = sorted({member for scene in scenes for member in scene.cast.all()}, key=_code)
    plays_in: dict[int, set[int]] = {member.pk: set() for member in cast}
    for i, scene in enumerate(scenes):
        for member in scene.cast.all():
            plays_in[member.pk].add(i)
    problem = TalentProblem(
        durations=tuple(scene.minutes // slot for scene in scenes),
        actor_costs=tuple(member.day_rate for member in cast),
        actor_scenes=tuple(frozenset(plays_in[member.pk]) for member in cast),
        scene_names=tuple(scene.code for scene in scenes),
        actor_names=tuple(member.code for member in cast),
        name=crew.code,
    )
    result = sequence_scenes(problem, time_limit=time_limit)
    ordered = [scenes[i] for i in result.order]
    offsets, clock = {}, 0
    for scene in ordered:
        offsets[scene.pk] = clock
        clock += scene.minutes
    return {
        "crew": crew.code,
        "order": [
            {
                "scene": scene.code,
                "minutes": scene.minutes,
                "starts_after_minutes": offsets[scene.pk],
                "cast": [member.code for member in sorted(scene.cast.all(), key=_code)],
            }
            for scene in ordered
        ],
        "cost": result.cost,
        "lower_bound": result.lower_bound,
        "proven_optimal": result.proven_optimal,
        "cost_unit": f"day rate x {slot}-minute slots held",
        # A held day counted as the crew's longest working day: an estimate for people.
        "cost_yuan_estimate": round(result.cost * slot / crew.max_span_minutes),
        "cast": [_held(member, ordered, offsets) for member in cast],
        "seconds": result.seconds,
    }


def _held(member, ordered: list[Scene], offsets: dict[int, int]) -> dict:
    theirs = [scene for scene in ordered if member in scene.cast.all()]
    first = offsets[theirs[0].pk]
    last = offsets[theirs[-1].pk] + theirs[-1].minutes
    return {
        "code": member.code,
        "name": member.name,
        "day_rate": member.day_rate,
        "held_minutes": last - first,
        "working_minutes": sum(scene.minutes for scene in theirs),
    }


def _code(member) -> str:
    return member.code
