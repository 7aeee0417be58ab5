"""Reads of the crews' requests for planning: a requested scene is planned inside its days."""

from __future__ import annotations

from dataclasses import replace

from scheduling.models import SceneRequest
from scheduling.solver import model as m


def instance_with_requests(instance: m.Instance) -> m.Instance:
    """``instance`` with each open request's scene planned only on the days asked for; a
    request whose days lie outside the horizon keeps its scene out of this run."""
    h = instance.horizon
    days: dict[str, tuple[int, int]] = {
        code: ((first - h.start).days, (last - h.start).days)
        for code, first, last in SceneRequest.objects.filter(
            status=SceneRequest.Status.OPEN
        ).values_list("scene__code", "first_date", "last_date")
    }
    if not days:
        return instance
    fixed = {k.scene for k in instance.locked} | {p.scene for p in instance.previous}
    scenes = []
    for scene in instance.scenes:
        window = days.get(scene.id)
        if window is None or scene.id in fixed:
            scenes.append(scene)
            continue
        first, last = max(scene.first_day, window[0]), min(scene.last_day, window[1])
        if first <= last:
            scenes.append(replace(scene, first_day=first, last_day=last))
    return replace(instance, scenes=tuple(scenes))
