"""Writing an instance back to its JSON document (every key, defaults filled in)."""

from __future__ import annotations

import json
from pathlib import Path

from .fields import format_minutes
from .model import ExtrasLine, Instance, Location, Locked, Performer, Scene

FORMAT = "hengdian-instance/1"


def instance_to_json(instance: Instance) -> dict:
    """The instance as a JSON document with every key written (defaults filled in)."""
    h = instance.horizon
    return {
        "format": FORMAT,
        "horizon": {
            "start": h.start.isoformat(),
            "days": h.days,
            "day_start": format_minutes(h.day_start),
            "day_end": format_minutes(h.day_end),
            "slot_minutes": h.slot_minutes,
            "night_from": format_minutes(h.night_from),
            "same_zone_move_minutes": h.same_zone_move_minutes,
            "default_travel_minutes": h.default_travel_minutes,
        },
        "zones": [{"id": z.id, "name": z.name} for z in instance.zones],
        "travel_minutes": [
            {"from": t.from_zone, "to": t.to_zone, "minutes": t.minutes}
            for t in instance.travel_minutes
        ],
        "locations": [_location_json(loc) for loc in instance.locations],
        "crews": [
            {
                "id": c.id,
                "name": c.name,
                "priority": c.priority,
                "first_day": c.first_day,
                "last_day": c.last_day,
                "max_span_minutes": c.max_span_minutes,
                "min_rest_minutes": c.min_rest_minutes,
            }
            for c in instance.crews
        ],
        "scenes": [_scene_json(s) for s in instance.scenes],
        "performers": [_performer_json(p) for p in instance.performers],
        "locked": [_locked_json(k) for k in instance.locked],
        "previous": [
            {
                "scene": p.scene,
                "location": p.location,
                "day": p.day,
                "start": format_minutes(p.start),
            }
            for p in instance.previous
        ],
    }


def save_instance(instance: Instance, path: str | Path) -> None:
    """Write an instance file (UTF-8, Chinese names kept readable)."""
    text = json.dumps(instance_to_json(instance), ensure_ascii=False, indent=1)
    Path(path).write_text(text + "\n", encoding="utf-8")


def _location_json(loc: Location) -> dict:
    return {
        "id": loc.id,
        "name": loc.name,
        "zone": loc.zone,
        "tags": list(loc.tags),
        "capacity": loc.capacity,
        "closures": [
            {
                "day": c.day,
                "start": format_minutes(c.start),
                "end": format_minutes(c.end),
            }
            for c in loc.closures
        ],
        "cost_per_hour": loc.cost_per_hour,
    }


def _scene_json(s: Scene) -> dict:
    out: dict = {
        "id": s.id,
        "crew": s.crew,
        "minutes": s.minutes,
        "location_tags": list(s.location_tags),
    }
    if s.locations is not None:
        out["locations"] = list(s.locations)
    out.update(
        time_of_day=s.time_of_day,
        first_day=s.first_day,
        last_day=s.last_day,
        priority=s.priority,
        extras=[_line_json(line) for line in s.extras],
        cast=list(s.cast),
    )
    return out


def _line_json(line: ExtrasLine) -> dict:
    return {
        "count": line.count,
        "gender": line.gender,
        "min_age": line.min_age,
        "max_age": line.max_age,
        "tags": list(line.tags),
        "skills": list(line.skills),
    }


def _performer_json(p: Performer) -> dict:
    return {
        "id": p.id,
        "gender": p.gender,
        "age": p.age,
        "tags": list(p.tags),
        "skills": list(p.skills),
        "available_days": list(p.available_days),
        "max_minutes_per_day": p.max_minutes_per_day,
        "reliability": p.reliability,
        "min_rest_minutes": p.min_rest_minutes,
    }


def _locked_json(k: Locked) -> dict:
    out: dict = {
        "scene": k.scene,
        "location": k.location,
        "day": k.day,
        "start": format_minutes(k.start),
    }
    if k.performers is not None:
        out["performers"] = [list(line) for line in k.performers]
    return out
