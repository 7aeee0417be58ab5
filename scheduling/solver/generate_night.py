"""The night variant of a generated instance: crews that shoot past midnight, rest rules.

Short-drama crews at Hengdian often wake mid-afternoon and wrap around 03:00-06:00 (field
notes, issue 15). ``night_instance(instance, seed)`` turns a day instance into such a base: the
shooting day runs 06:00-30:00 (06:00 next morning), about a third of the crews shoot mostly
night scenes, and crews and performers get rest rules between shooting days (night crews and
part of the guild 480-720 minutes, some day crews too). It draws from its own seeded
``random.Random`` and leaves the day instance's draws alone, so ``generate_instance(size, seed)``
stays exactly what it was.
"""

from __future__ import annotations

import random
from dataclasses import replace

from .model import Instance, Scene

NIGHT_DAY_END = 30 * 60  # "30:00": the shooting day ends at 06:00 the next morning
NIGHT_CREW_SHARE = 1 / 3
NIGHT_CREW_RESTS = (480, 600, 720)
DAY_CREW_RESTS = (0, 0, 480, 600)
PERFORMER_RESTS = (0, 0, 0, 480, 600, 720)
# A night crew's scenes: mostly night, some that may shoot before dusk.
NIGHT_CREW_TIMES = (("night", 75), ("any", 25))


def night_instance(instance: Instance, seed: int) -> Instance:
    """The instance with a day running on to 30:00, night crews and rest rules."""
    rng = random.Random(f"hengdian-night-{seed}-{len(instance.scenes)}")
    horizon = replace(instance.horizon, day_end=NIGHT_DAY_END)
    count = round(len(instance.crews) * NIGHT_CREW_SHARE)
    night_crews = set(rng.sample([c.id for c in instance.crews], count))
    crews = tuple(
        replace(
            c,
            min_rest_minutes=rng.choice(
                NIGHT_CREW_RESTS if c.id in night_crews else DAY_CREW_RESTS
            ),
        )
        for c in instance.crews
    )
    scenes = tuple(_night_scene(rng, s) if s.crew in night_crews else s for s in instance.scenes)
    performers = tuple(
        replace(p, min_rest_minutes=rng.choice(PERFORMER_RESTS)) for p in instance.performers
    )
    return replace(instance, horizon=horizon, crews=crews, scenes=scenes, performers=performers)


def _night_scene(rng: random.Random, scene: Scene) -> Scene:
    kinds, weights = zip(*NIGHT_CREW_TIMES, strict=True)
    return replace(scene, time_of_day=rng.choices(kinds, weights=weights)[0])
