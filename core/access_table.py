"""The access policy written out for people: docs/access.md (``manage.py access_table``)."""

from __future__ import annotations

from core.policy import ANONYMOUS, CREW, GUILD, OPS, PERFORMER, access_of, api_routes

COLUMNS = (OPS, GUILD, CREW, PERFORMER, ANONYMOUS)
HEADER = """# Who may do what

Generated from the access policy (`<app>/api/policy.py`, `core/policy.py`) by
`manage.py access_table`; `make test` fails when this file is not current. Each API route and
method, and the roles that may use it: where a role may not, the API answers `401` (anonymous)
or `403`. Which rows a role sees is in the notes after the table (an object outside them is a
`404`); which fields a role may write is at the end.

Roles: `ops` (operations centre), `guild` (actors' guild), `crew` (a user tied to crews),
`performer` (a performer's own login), `anonymous` (no login).
"""


def _field_owners() -> list[str]:
    lines, seen = [], set()
    for route in api_routes():
        serializer = getattr(route.view, "serializer_class", None)
        owners = getattr(getattr(serializer, "Meta", None), "field_owners", None)
        if not owners or serializer in seen:
            continue
        seen.add(serializer)
        model = serializer.Meta.model._meta.verbose_name_raw
        for name, roles in owners.items():
            lines.append(f"| {model} | `{name}` | {', '.join(sorted(roles))} |")
    return lines


def access_markdown() -> str:
    """docs/access.md as it should read now."""
    out = [HEADER, "| route | method | " + " | ".join(COLUMNS) + " |", "|---|---|" + "---|" * 5]
    notes: list[str] = []
    for route in api_routes():
        for method in route.methods:
            access = access_of(route.name, method)
            marks = ["yes" if access and role in access.roles else "-" for role in COLUMNS]
            out.append(f"| `{route.path}` | {method} | " + " | ".join(marks) + " |")
            if access and access.rows:
                rows = "; ".join(f"{role}: {text}" for role, text in access.rows.items())
                notes.append(f"- `{method} {route.path}`: {rows}")
    out += ["", "## Rows each role sees", "", *notes, ""]
    out += ["## Fields only some roles write", ""]
    out += ["Anyone else may send them only unchanged (or, creating, with the default).", ""]
    out += ["| object | field | written by |", "|---|---|---|", *_field_owners(), ""]
    return "\n".join(out)
