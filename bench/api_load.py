"""Load benchmark of the REST API: a realistic mix of clients against a running server.

Crews read their call sheets; the guild reads performers and the candidates for an extras
place and calls performers to places; operations staff cancel, re-book and move scenes. Each
concurrency level runs for a bounded time (and a bounded number of requests) with that many
client threads, each on its own keep-alive connection; the table gives requests per second,
latency percentiles for reads and for bookings, and the answers by kind.

Crews log in as members of the crews that have bookings (``--crews``, written by
``bench/api_load_crews.py``), each client one crew, and read the sheets of the days it shoots.
Before the levels, a few seconds of unmeasured requests warm every server worker.

Two series are run. **Users**: each client is a person at a screen who waits for an answer,
then pauses before the next action, and before its first (``--think``, 1 s on average, drawn
uniformly from half to one and a half times that: far busier than anyone reading a call sheet
or booking a scene).
**Saturation**: the same clients with no pause at all, which measures how many requests a
second the service carries and how latency grows when more are asked of it than it can serve.

An error is a 5xx, a failed connection or an answer the request never expects; a 409 from a
booking or an assignment is the service refusing a hard rule (another client took the place)
and is counted as such, not as an error.

Run by ``bench/api_load.sh`` (gunicorn + PostgreSQL); by hand:
``python bench/api_load.py --base http://127.0.0.1:8765 --levels 10,50,200 --seconds 20``.
Only loopback addresses are accepted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import statistics
import subprocess
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
LOAD_BEFORE = " / ".join(f"{n:.1f}" for n in os.getloadavg())
PASSWORD = "hengdian-demo"  # scheduling.services.demo.DEMO_PASSWORD
# Shares of the clients at every level: crews read, the guild reads and assigns, ops book.
MIX = (("crew", 0.4), ("guild", 0.3), ("ops", 0.3))
BOOKING_KINDS = {"booking_create", "booking_move", "booking_cancel"}
EXPECTED = {
    "call_sheet": {200},
    "performers": {200},
    "candidates": {200},
    "assign": {200, 201, 409},
    "booking_create": {201, 409},
    "booking_move": {200, 409},
    "booking_cancel": {200, 409},
}


class Client:
    """One keep-alive HTTP/1.1 connection with a token; every request is timed."""

    def __init__(self, host: str, port: int, token: str | None, record, pause=None, stop=None):
        self.host, self.port, self.token, self.record = host, port, token, record
        self.pause = pause  # called after every answer: the person's think time
        self.stop = stop  # once set, no request is sent (the level is over)
        self.connection = http.client.HTTPConnection(host, port, timeout=30)

    def call(self, kind: str, method: str, path: str, body: dict | None = None):
        if self.stop is not None and self.stop.is_set():
            return 0, None
        headers = {"Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Token {self.token}"
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=payload, headers=headers)
            response = self.connection.getresponse()
            data = response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
            data, status = b"", 0
        if self.record is not None:
            self.record(kind, status, time.perf_counter() - started)
        if self.pause is not None:
            self.pause()
        try:
            return status, json.loads(data) if data else None
        except ValueError:
            return status, None


@dataclass
class World:
    """What the clients work on, read once from the seeded base before the load."""

    tokens: dict[str, str]
    crews: list[tuple[str, str, list[str]]]  # crew code, a member's token, days it shoots
    bookings: list[dict]  # planned bookings ops may cancel, re-book and move
    staffed: list[int]  # bookings with an extras line at position 1
    performer_pages: int


@dataclass
class Results:
    samples: list[tuple[str, int, float]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, status: int, seconds: float) -> None:
        with self.lock:
            self.samples.append((kind, status, seconds))


def discover(host: str, port: int, crews_file: Path | None) -> World:
    setup = Client(host, port, None, None)
    tokens = {}
    for role, username in (("ops", "ops"), ("guild", "guild"), ("crew", "crew1")):
        status, body = setup.call(
            "login", "POST", "/api/v1/auth/token/", {"username": username, "password": PASSWORD}
        )
        if status != 200:
            raise SystemExit(f"login of {username} failed ({status}): run seed_demo first")
        tokens[role] = body["token"]
    ops = Client(host, port, tokens["ops"], None)
    bookings = ops.call("x", "GET", "/api/v1/bookings/?status=planned&page_size=500")[1]["results"]
    if crews_file:
        logins = json.loads(crews_file.read_text(encoding="utf-8"))
        crews = [(code, token, days) for code, (token, days) in sorted(logins.items())]
    else:  # the demo's one crew login, on every day of the plan
        crew = Client(host, port, tokens["crew"], None)
        days = sorted({b["start"][:10] for b in bookings})
        codes = [c["code"] for c in crew.call("x", "GET", "/api/v1/crews/")[1]["results"]]
        crews = [(code, tokens["crew"], days) for code in codes]
    lines = ops.call("x", "GET", "/api/v1/extras-lines/?page_size=500")[1]["results"]
    first_lines = {line["scene"] for line in lines if line.get("position") == 1}
    staffed = [b["id"] for b in bookings if b["scene"] in first_lines]
    guild = Client(host, port, tokens["guild"], None)
    performers = guild.call("x", "GET", "/api/v1/performers/?page_size=50")[1]["count"]
    return World(
        tokens=tokens,
        crews=crews,
        bookings=bookings,
        staffed=staffed,
        performer_pages=max(1, (performers + 49) // 50),
    )


def crew_loop(client: Client, crew: tuple, rng: random.Random, stop: threading.Event) -> None:
    code, _, days = crew
    while not stop.is_set():
        day = rng.choice(days)
        client.call("call_sheet", "GET", f"/api/v1/crews/{code}/call-sheet/?date={day}")


def guild_loop(client: Client, world: World, rng: random.Random, stop: threading.Event) -> None:
    while not stop.is_set():
        page = rng.randint(1, world.performer_pages)
        client.call("performers", "GET", f"/api/v1/performers/?page_size=50&page={page}")
        if not world.staffed or stop.is_set():
            continue
        booking = rng.choice(world.staffed)
        base = f"/api/v1/bookings/{booking}/extras/1"
        status, body = client.call("candidates", "GET", f"{base}/candidates?limit=5")
        candidates = (body or {}).get("candidates", []) if isinstance(body, dict) else []
        if status == 200 and candidates and rng.random() < 0.25:
            code = candidates[0]["performer"]["code"]
            client.call("assign", "POST", f"{base}/assign", {"performers": [code]})


def _shift(iso: str, minutes: int) -> str:
    return (dt.datetime.fromisoformat(iso) + dt.timedelta(minutes=minutes)).isoformat()


def ops_loop(client: Client, owned: list[dict], stop: threading.Event) -> None:
    """Cancel a booking, book the scene again at the same place, move it on and back.

    ``owned`` are the world's own records (no other client holds them): the new booking's id
    is written back, so the next level starts from the bookings in force.
    """
    mine = owned
    while not stop.is_set() and mine:
        for booking in mine:
            if stop.is_set():
                return
            client.call("booking_cancel", "POST", f"/api/v1/bookings/{booking['id']}/cancel/")
            body = {k: booking[k] for k in ("scene", "location", "start", "end")}
            status, made = client.call("booking_create", "POST", "/api/v1/bookings/", body)
            if status != 201:
                continue
            booking["id"] = made["id"]
            for minutes in (30, 0):
                moved = {"start": _shift(booking["start"], minutes)}
                moved["end"] = _shift(booking["end"], minutes)
                client.call("booking_move", "PATCH", f"/api/v1/bookings/{booking['id']}/", moved)


def _after(stop: threading.Event, delay: float, target, args) -> None:
    if not stop.wait(delay):
        target(*args)


def run_level(
    host: str, port: int, world: World, clients: int, seconds: float, cap: int, think: float
):
    results = Results()
    stop = threading.Event()
    roles = []
    for role, share in MIX:
        roles += [role] * round(clients * share)
    roles = (roles + ["crew"] * clients)[:clients]
    ops_count = roles.count("ops")
    threads = []
    for index, role in enumerate(roles):
        rng = random.Random(index)
        pause = None
        if think > 0:

            def pause(rng=rng):
                stop.wait(rng.uniform(0.5 * think, 1.5 * think))

        if role == "crew":  # a member of one crew, reading its call sheet
            crew = world.crews[roles[:index].count("crew") % len(world.crews)]
            client = Client(host, port, crew[1], results.record, pause, stop)
            target, args = crew_loop, (client, crew, rng, stop)
        elif role == "ops":
            client = Client(host, port, world.tokens[role], results.record, pause, stop)
            owned = world.bookings[roles[:index].count("ops") :: max(ops_count, 1)]
            target, args = ops_loop, (client, owned, stop)
        else:
            client = Client(host, port, world.tokens[role], results.record, pause, stop)
            target, args = guild_loop, (client, world, rng, stop)
        # People do not all press a key in the same millisecond: each user's first request
        # comes after a pause of its own, as every later one does.
        delay = rng.uniform(0, 1.5 * think)
        threads.append(
            threading.Thread(target=_after, args=(stop, delay, target, args), daemon=True)
        )
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    while time.perf_counter() - started < seconds and len(results.samples) < cap:
        time.sleep(0.05)
    stop.set()
    for thread in threads:
        thread.join(timeout=35)
    return results.samples, time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def summarise(samples, elapsed: float) -> dict:
    reads = [s * 1000 for k, st, s in samples if k not in BOOKING_KINDS and k != "assign"]
    books = [s * 1000 for k, st, s in samples if k in BOOKING_KINDS]
    errors = sum(1 for k, st, _ in samples if st not in EXPECTED[k])
    conflicts = sum(1 for k, st, _ in samples if st == 409)
    by_kind: dict[str, Counter] = defaultdict(Counter)
    times: dict[str, list[float]] = defaultdict(list)
    for kind, status, seconds in samples:
        by_kind[kind][status] += 1
        times[kind].append(seconds * 1000)
    return {
        "requests": len(samples),
        "rps": len(samples) / elapsed,
        "reads": [percentile(reads, q) for q in (0.5, 0.95, 0.99)],
        "bookings": [percentile(books, q) for q in (0.5, 0.95, 0.99)],
        "mean_ms": statistics.fmean([s * 1000 for _, _, s in samples]) if samples else 0.0,
        "errors": errors,
        "conflicts": conflicts,
        "by_kind": {k: dict(sorted(v.items())) for k, v in sorted(by_kind.items())},
        "p50_by_kind": {k: percentile(v, 0.5) for k, v in sorted(times.items())},
        "p99_by_kind": {k: percentile(v, 0.99) for k, v in sorted(times.items())},
    }


def commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout

    head = git("rev-parse", "--short", "HEAD").strip() or "unknown"
    dirty = " (with uncommitted changes)" if git("status", "--porcelain").strip() else ""
    return head + dirty


SERIES = (
    ("users", "Users: every client pauses {think} s on average after each answer"),
    ("saturation", "Saturation: no pause, every client sends its next request at once"),
)


def table(series: dict[str, list[tuple[int, dict]]], setup: str, think: float) -> str:
    out = [
        "# API load benchmark",
        "",
        f"Commit measured: `{commit()}`, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC. {setup} "
        f"Load average before the run (other work on the machine): {LOAD_BEFORE}.",
    ]
    for name, title in SERIES:
        rows = series.get(name)
        if not rows:
            continue
        out += [
            "",
            f"## {title.format(think=f'{think:g}')}",
            "",
            "| clients | requests | req/s | reads p50 / p95 / p99 (ms) "
            "| bookings p50 / p95 / p99 (ms) | errors | 409s |",
            "|---:|---:|---:|---|---|---:|---:|",
        ]
        for clients, s in rows:
            reads = " / ".join(f"{v:.0f}" for v in s["reads"])
            books = " / ".join(f"{v:.0f}" for v in s["bookings"])
            out.append(
                f"| {clients} | {s['requests']} | {s['rps']:.0f} | {reads} | {books} "
                f"| {s['errors']} | {s['conflicts']} |"
            )
        out += ["", "Answers by kind of request (status: count; latency):", ""]
        for clients, s in rows:
            kinds = "; ".join(
                f"{kind} {', '.join(f'{st}: {n}' for st, n in statuses.items())} "
                f"(p50 {s['p50_by_kind'][kind]:.0f} ms, p99 {s['p99_by_kind'][kind]:.0f} ms)"
                for kind, statuses in s["by_kind"].items()
            )
            out.append(f"- {clients} clients: {kinds}")
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8765")
    parser.add_argument("--levels", default="10,50,200")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--think", type=float, default=1.0, help="mean pause of a user, seconds")
    parser.add_argument("--series", default="users,saturation")
    parser.add_argument("--crews", type=Path, help="crew logins (bench/api_load_crews.py)")
    parser.add_argument("--warm-up", type=float, default=5.0, help="seconds, not measured")
    parser.add_argument("--max-requests", type=int, default=30_000)
    parser.add_argument("--setup", default="", help="a line describing the server, for the table")
    parser.add_argument("--out", type=Path, default=ROOT / "bench/results/api_load.md")
    args = parser.parse_args()
    url = urlsplit(args.base)
    if url.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("the load generator only talks to a server on loopback")
    names = args.series.split(",")
    if unknown := set(names) - {name for name, _ in SERIES}:
        raise SystemExit(f"unknown series: {', '.join(sorted(unknown))}")
    world = discover(url.hostname, url.port or 80, args.crews)
    # Warm every worker (database connections, lazy imports, URL resolvers) before measuring,
    # as a server in service is warm; these answers are not counted.
    run_level(url.hostname, url.port or 80, world, 16, args.warm_up, args.max_requests, 0.0)
    series: dict[str, list[tuple[int, dict]]] = {}
    for name in names:
        think = args.think if name == "users" else 0.0
        for clients in (int(n) for n in args.levels.split(",")):
            samples, elapsed = run_level(
                url.hostname, url.port or 80, world, clients, args.seconds, args.max_requests, think
            )
            summary = summarise(samples, elapsed)
            series.setdefault(name, []).append((clients, summary))
            print(
                f"{name} {clients:>4} clients: {summary['requests']} requests, "
                f"{summary['rps']:.0f}/s, reads p99 {summary['reads'][2]:.0f} ms, "
                f"bookings p99 {summary['bookings'][2]:.0f} ms, "
                f"errors {summary['errors']}, 409s {summary['conflicts']}",
                flush=True,
            )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(table(series, args.setup, args.think), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
