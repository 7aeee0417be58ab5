"""Database queries per request of the main endpoints, on the load benchmark's database.

Run by ``bench/api_load.sh`` after the load, with the same environment: each request of the
load's mix is made once in-process (Django's test client, the server's settings) and its
queries are counted. Appends a table to the results file given.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _shift(iso: str, minutes: int) -> str:
    return (dt.datetime.fromisoformat(iso) + dt.timedelta(minutes=minutes)).isoformat()


def main(crews_file: Path, out: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hengdian.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from core.tokens import api_token_issue

    def client(token: str) -> Client:
        return Client(
            SERVER_NAME="127.0.0.1",
            HTTP_AUTHORIZATION=f"Token {token}",
            HTTP_ACCEPT="application/json",
        )

    ops = client(api_token_issue(user=User.objects.get(username="ops"), name="bench")[1])
    guild = client(api_token_issue(user=User.objects.get(username="guild"), name="bench")[1])
    code, (crew_token, days) = max(
        json.loads(crews_file.read_text(encoding="utf-8")).items(), key=lambda kv: len(kv[1][1])
    )
    crew = client(crew_token)
    bookings = ops.get("/api/v1/bookings/?status=planned&page_size=100").json()["results"]
    lines = ops.get("/api/v1/extras-lines/?page_size=500").json()["results"]
    first = {line["scene"] for line in lines if line["position"] == 1}
    staffed = next(b["id"] for b in bookings if b["scene"] in first)
    candidates = guild.get(f"/api/v1/bookings/{staffed}/extras/1/candidates?limit=5").json()
    target = bookings[-1]
    body = {k: target[k] for k in ("scene", "location", "start", "end")}
    rows = []

    def count(label: str, who: Client, method: str, path: str, data=None, items=None):
        with CaptureQueriesContext(connection) as queries:
            response = getattr(who, method)(path, data, content_type="application/json")
        assert response.status_code < 400 or response.status_code == 409, (label, response)
        rows.append((label, path.split("?")[0], response.status_code, items, len(queries)))
        return response

    # The crew's fullest day: a call sheet with scenes, cast and extras on it.
    sheet = f"/api/v1/crews/{code}/call-sheet/?date="
    day = max(days, key=lambda day: len(crew.get(sheet + day).json()["scenes"]))
    scenes = len(crew.get(sheet + day).json()["scenes"])
    count("crew: call sheet", crew, "get", sheet + day, items=scenes)
    count("guild: performers", guild, "get", "/api/v1/performers/?page_size=50", items=50)
    count(
        "guild: candidates",
        guild,
        "get",
        f"/api/v1/bookings/{staffed}/extras/1/candidates?limit=5",
        items=5,
    )
    if candidates["candidates"]:
        who = candidates["candidates"][0]["performer"]["code"]
        count(
            "guild: assign",
            guild,
            "post",
            f"/api/v1/bookings/{staffed}/extras/1/assign",
            {"performers": [who]},
        )
    count("ops: bookings", ops, "get", "/api/v1/bookings/?page_size=100", items=100)
    count("ops: cancel", ops, "post", f"/api/v1/bookings/{target['id']}/cancel/")
    made = count("ops: book", ops, "post", "/api/v1/bookings/", body).json()
    moved = {"start": _shift(target["start"], 30), "end": _shift(target["end"], 30)}
    count("ops: move", ops, "patch", f"/api/v1/bookings/{made['id']}/", moved)
    table = [
        "",
        "## Database queries per request (in-process, on the same database after the load)",
        "",
        "| request | path | status | items | queries |",
        "|---|---|---:|---:|---:|",
    ]
    table += [
        f"| {label} | `{path}` | {status} | {items or ''} | {n} |"
        for label, path, status, items, n in rows
    ]
    with out.open("a", encoding="utf-8") as results:
        results.write("\n".join(table) + "\n")
    print("\n".join(table))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
