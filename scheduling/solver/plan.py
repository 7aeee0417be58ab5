"""The plan file (``hengdian-plan/1``): reading and writing.

Reading checks the shape of the document only (keys, types, "HH:MM" times) and reports every
problem with its JSON path. Whether the plan keeps the hard rules (ids exist, times on the grid,
reason codes, ...) is the checker's question: a well-formed plan that breaks a rule is a wrong
plan, not an unreadable file.
"""

from __future__ import annotations

import json
from pathlib import Path

from .fields import InstanceError, Problem, Reader, format_minutes
from .model import Assignment, Instance, Plan, Unscheduled

FORMAT = "hengdian-plan/1"


class PlanError(InstanceError):
    """A plan document that cannot be read; ``problems`` lists every problem found."""


def load_plan(path: str | Path, instance: Instance | None = None) -> Plan:
    """Read a plan file; a JSON syntax error is a problem at ``$``."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise PlanError([Problem("$", f"not valid JSON: {exc}")]) from None
    return parse_plan(data, instance)


def parse_plan(data: object, instance: Instance | None = None) -> Plan:
    """Read a decoded plan document; ``instance`` is accepted for symmetry and not needed."""
    r = Reader()
    top = r.obj(data, "$", required=("format", "assignments", "unscheduled"), optional=("stats",))
    if top is None:
        raise PlanError(r.problems)
    if "format" in top and top["format"] != FORMAT:
        r.problem("$.format", f'must be "{FORMAT}", not {json.dumps(top["format"])}')
    assignments = []
    for i, item in enumerate(r.list_(top, "assignments", "$")):
        assignment = _read_assignment(r, item, f"$.assignments[{i}]")
        if assignment is not None:
            assignments.append(assignment)
    unscheduled = []
    for i, item in enumerate(r.list_(top, "unscheduled", "$")):
        path = f"$.unscheduled[{i}]"
        u = r.obj(item, path, required=("scene", "reason"), optional=("detail",))
        if u is None:
            continue
        scene, reason = r.str_(u, "scene", path), r.str_(u, "reason", path)
        detail = u.get("detail", "")
        if not isinstance(detail, str):
            r.problem(f"{path}.detail", "must be a string")
            detail = None
        if None not in (scene, reason, detail):
            unscheduled.append(Unscheduled(scene=scene, reason=reason, detail=detail))
    stats = top.get("stats", {})
    if not isinstance(stats, dict):
        r.problem("$.stats", "must be an object")
    if r.problems:
        raise PlanError(r.problems)
    return Plan(assignments=tuple(assignments), unscheduled=tuple(unscheduled), stats=dict(stats))


def _read_assignment(r: Reader, item: object, path: str) -> Assignment | None:
    a = r.obj(
        item, path, required=("scene", "location", "day", "start", "end"), optional=("performers",)
    )
    if a is None:
        return None
    scene, location = r.str_(a, "scene", path), r.str_(a, "location", path)
    day = r.int_(a, "day", path)
    start, end = r.time(a, "start", path), r.time(a, "end", path)
    lines = []
    ok = True
    for j, line in enumerate(r.list_(a, "performers", path, default=[])):
        ids = r.str_items(line, f"{path}.performers[{j}]")
        if ids is None:
            ok = False
        else:
            lines.append(ids)
    if not ok or None in (scene, location, day, start, end):
        return None
    return Assignment(scene, location, day, start, end, tuple(lines))


def plan_to_json(plan: Plan) -> dict:
    """The plan as a JSON document in the contract's format."""
    return {
        "format": FORMAT,
        "assignments": [
            {
                "scene": a.scene,
                "location": a.location,
                "day": a.day,
                "start": format_minutes(a.start),
                "end": format_minutes(a.end),
                "performers": [list(line) for line in a.performers],
            }
            for a in plan.assignments
        ],
        "unscheduled": [
            {"scene": u.scene, "reason": u.reason, "detail": u.detail} for u in plan.unscheduled
        ],
        "stats": dict(plan.stats),
    }


def save_plan(plan: Plan, path: str | Path) -> None:
    """Write a plan file (UTF-8, Chinese names kept readable)."""
    text = json.dumps(plan_to_json(plan), ensure_ascii=False, indent=1)
    Path(path).write_text(text + "\n", encoding="utf-8")
