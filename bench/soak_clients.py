"""The soak's clients: operations, the guild and crews, each a thread doing what it does over
HTTP, every request recorded with its outcome and its time (``bench/soak.py``)."""

from __future__ import annotations

import datetime as dt
import http.client
import json
import random
import socket
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

PASSWORD = "hengdian-demo"  # scheduling.services.demo.DEMO_PASSWORD
TIMEOUT = 60.0  # a client's patience: longer than any request should take
SHANGHAI = dt.timezone(dt.timedelta(hours=8))
RUN_ENDED = {"succeeded", "failed", "superseded"}
WAVE_CREWS = 12  # more than PLANNING_SPIKE_CREWS_PER_HOUR (10): a wave sets off a re-plan
MAX_REQUESTS = 500_000  # a bound on the count as well as the time
DESK_FIRST_DAY = 0  # bookings and holds by hand on every day of the week, plans on days 0-3


@dataclass(frozen=True)
class Sample:
    kind: str
    status: int | None  # None: no answer
    failure: str | None  # reset, closed, timeout, refused, error
    started: float
    ended: float
    injected: bool = False  # the deliberately short client timeout of a fault


@dataclass
class Recorder:
    samples: list[Sample] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)

    def __len__(self) -> int:
        return len(self.samples)


def _failure(exc: BaseException) -> str:
    if isinstance(exc, http.client.RemoteDisconnected):
        return "closed"  # the server closed the connection without an answer
    if isinstance(exc, TimeoutError | socket.timeout):
        return "timeout"
    if isinstance(exc, ConnectionRefusedError):
        return "refused"
    if isinstance(exc, ConnectionResetError | BrokenPipeError):
        return "reset"
    return f"error ({type(exc).__name__}: {exc})"[:120]


class Client:
    """One signed-in person: each request on a connection of its own, recorded."""

    def __init__(self, base: str, recorder: Recorder, stop: threading.Event) -> None:
        parts = urlsplit(base)
        if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise SystemExit(f"the soak speaks to loopback only, not {parts.hostname}")
        self.host, self.port = parts.hostname, parts.port
        self.recorder, self.stop = recorder, stop
        self.token: str | None = None

    def sign_in(self, username: str) -> None:
        body = {"username": username, "password": PASSWORD}
        for _ in range(10):
            status, answer = self.call("sign_in", "POST", "/api/v1/auth/token/", body)
            if status == 200:
                self.token = answer["token"]
                return
            time.sleep(1)
        raise RuntimeError(f"{username} could not sign in ({status}: {answer})")

    def call(
        self,
        kind: str,
        method: str,
        path: str,
        body: dict | None = None,
        *,
        timeout: float = TIMEOUT,
        injected: bool = False,
    ):
        """(status or None, decoded body or None)."""
        headers = {"Accept": "application/json", "Accept-Language": "en", "Connection": "close"}
        if self.token:
            headers["Authorization"] = f"Token {self.token}"
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        started = time.monotonic()
        status, failure, data = None, None, b""
        try:
            connection.request(method, path, body=payload, headers=headers)
            response = connection.getresponse()
            data = response.read()
            status = response.status
        except (OSError, http.client.HTTPException) as exc:
            failure = _failure(exc)
        finally:
            connection.close()
        self.recorder.add(Sample(kind, status, failure, started, time.monotonic(), injected))
        try:
            return status, json.loads(data) if data else None
        except ValueError:
            return status, None


def results(answer) -> list:
    return answer.get("results", []) if isinstance(answer, dict) else []


def shift(iso: str, minutes: int) -> str:
    return (dt.datetime.fromisoformat(iso) + dt.timedelta(minutes=minutes)).isoformat()


@dataclass
class World:
    """What the clients share: the demo week, the horizons planned, what each side made."""

    first_day: dt.date
    horizons: list[tuple[str, int]]
    rng_seed: int
    scenes: list[dict] = field(default_factory=list)  # scene rows (code, crew, dates)
    runs: dict[int, str] = field(default_factory=dict)  # plan run id -> trigger seen
    lines: list[tuple[int, int]] = field(default_factory=list)  # (booking, line) with calls
    lock: threading.Lock = field(default_factory=threading.Lock)

    def week(self) -> tuple[str, str]:
        return self.first_day.isoformat(), (self.first_day + dt.timedelta(days=6)).isoformat()

    def desk_days(self) -> tuple[str, str]:
        """The days bookings and holds are made by hand."""
        first = self.first_day + dt.timedelta(days=DESK_FIRST_DAY)
        return first.isoformat(), (self.first_day + dt.timedelta(days=6)).isoformat()

    def run_seen(self, run_id: int, trigger: str) -> None:
        with self.lock:
            self.runs.setdefault(run_id, trigger)


def _option(client: Client, scene: str, world: World, kind: str) -> dict | None:
    start, end = world.desk_days()
    status, answer = client.call(
        kind, "GET", f"/api/v1/scenes/{scene}/options/?from={start}&to={end}&limit=3"
    )
    options = answer.get("options", []) if status == 200 and isinstance(answer, dict) else []
    return options[0] if options else None


def ops_booker(client: Client, world: World, rng: random.Random) -> None:
    """Operations at the desk: book a scene where the base proposes, move it, cancel it."""
    mine: list[dict] = []
    while not client.stop.is_set():
        roll = rng.random()
        if roll < 0.5 or not mine:
            scene = rng.choice(world.scenes)["code"]
            option = _option(client, scene, world, "options")
            if option:
                body = {"scene": scene, **{k: option[k] for k in ("location", "start", "end")}}
                status, made = client.call("booking_create", "POST", "/api/v1/bookings/", body)
                if status == 201:
                    mine.append(made)
        elif roll < 0.8:
            booking = rng.choice(mine)
            minutes = rng.choice((-30, 30, 60))
            moved = {
                "start": shift(booking["start"], minutes),
                "end": shift(booking["end"], minutes),
            }
            status, answer = client.call(
                "booking_move", "PATCH", f"/api/v1/bookings/{booking['id']}/", moved
            )
            if status == 200:
                booking.update(moved)
        else:
            booking = mine.pop(rng.randrange(len(mine)))
            client.call("booking_cancel", "POST", f"/api/v1/bookings/{booking['id']}/cancel/")
        if rng.random() < 0.2:
            client.call("bookings_list", "GET", "/api/v1/bookings/?page_size=50")
        client.stop.wait(rng.uniform(0.1, 0.6))


def ops_planner(client: Client, world: World, rng: random.Random) -> None:
    """Operations' planner: ask for a run of a horizon, follow it, read its diff, publish."""
    turn = 0
    while not client.stop.is_set():
        start, days = world.horizons[turn % len(world.horizons)]
        turn += 1
        body = {"start": start, "days": days, "time_limit_seconds": 8, "seed": turn}
        status, answer = client.call("plan_run_request", "POST", "/api/v1/plan-runs/", body)
        if status != 202:
            client.stop.wait(2)
            continue
        run_id = answer["id"]
        world.run_seen(run_id, "manual")
        run = follow(client, run_id, seconds=120)
        if run and run.get("status") == "succeeded" and not client.stop.is_set():
            client.call("plan_run_diff", "GET", f"/api/v1/plan-runs/{run_id}/diff/")
            client.call("plan_run_plan", "GET", f"/api/v1/plan-runs/{run_id}/plan/")
            if rng.random() < 0.8:
                client.call("plan_run_publish", "POST", f"/api/v1/plan-runs/{run_id}/publish/")
        client.stop.wait(rng.uniform(1, 4))


def follow(client: Client, run_id: int, seconds: float) -> dict | None:
    """Poll a run until it ends, the load stops, or ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    run = None
    while time.monotonic() < deadline and not client.stop.is_set():
        status, run = client.call("plan_run_get", "GET", f"/api/v1/plan-runs/{run_id}/")
        if status == 200 and run.get("status") in RUN_ENDED:
            return run
        client.stop.wait(2)
    return run


def wave(world: World, number: int, shapes: list[dict]) -> dict:
    """A wave of crews arriving with their scenes (shapes copied from the base's own scenes,
    without cast), staying on the first two days: the instance document to import."""
    rng = random.Random(world.rng_seed * 1000 + number)
    crews, scenes = [], []
    for c in range(WAVE_CREWS):
        crew = f"W{number:02d}-C{c:02d}"
        crews.append({"id": crew, "name": f"浪潮剧组{number}-{c}", "first_day": 0, "last_day": 1})
        for s in range(3):
            shape = rng.choice(shapes)
            scene = {k: v for k, v in shape.items() if k not in ("id", "crew", "cast")}
            scene.update(id=f"{crew}-S{s}", crew=crew, first_day=0, last_day=1)
            scenes.append(scene)
    horizon = {"start": world.first_day.isoformat(), "days": 2}
    return {"format": "hengdian-instance/1", "horizon": horizon, "crews": crews, "scenes": scenes}


def ops_desk(client: Client, world: World, rng: random.Random, seconds: float) -> None:
    """Operations' other work: waves of crews, disruptions, holds to confirm, statements."""
    start, _ = world.week()
    status, base = client.call(
        "instance_export", "GET", f"/api/v1/instances/export?start={start}&days=2"
    )
    shapes = base.get("scenes", []) if status == 200 and isinstance(base, dict) else []
    every = max(15.0, seconds / 5)  # about five waves and five disruptions a soak
    next_wave, next_disruption, number = time.monotonic() + 5, time.monotonic() + every / 2, 0
    locations = [
        loc["code"]
        for loc in results(client.call("locations", "GET", "/api/v1/locations/?page_size=200")[1])
    ]
    while not client.stop.is_set():
        now = time.monotonic()
        if shapes and now >= next_wave:
            number += 1
            client.call(
                "instance_import", "POST", "/api/v1/instances/import", wave(world, number, shapes)
            )
            next_wave = now + every
        elif locations and now >= next_disruption:
            disrupt(client, world, rng, locations)
            next_disruption = now + every
        else:
            holds = results(
                client.call("holds_list", "GET", "/api/v1/holds/?status=live&page_size=20")[1]
            )
            if holds and rng.random() < 0.5:
                hold = rng.choice(holds)
                client.call("hold_confirm", "POST", f"/api/v1/holds/{hold['id']}/confirm/")
            scene = rng.choice(world.scenes)
            end = (world.first_day + dt.timedelta(days=6)).isoformat()
            client.call(
                "statement",
                "GET",
                f"/api/v1/crews/{scene['crew']}/statement/?from={start}&to={end}",
            )
        client.stop.wait(rng.uniform(0.5, 1.5))


def disrupt(client: Client, world: World, rng: random.Random, locations: list[str]) -> None:
    """A set breaks down for three hours on one of the first two days: where a booking is,
    most times, so a repair run follows."""
    last = (world.first_day + dt.timedelta(days=1)).isoformat()
    status, answer = client.call("bookings_list", "GET", "/api/v1/bookings/?page_size=500")
    booked = [b for b in results(answer) if b["start"][:10] <= last and b["status"] != "cancelled"]
    if booked and rng.random() < 0.8:
        booking = rng.choice(booked)
        location, begin = booking["location"], dt.datetime.fromisoformat(booking["start"])
    else:
        day = world.first_day + dt.timedelta(days=rng.randrange(2))
        begin = dt.datetime.combine(day, dt.time(rng.choice((9, 13, 19))), SHANGHAI)
        location = rng.choice(locations)
    body = {
        "locations": [location],
        "start": begin.isoformat(),
        "end": (begin + dt.timedelta(hours=3)).isoformat(),
        "reason": "soak: 设备故障",
    }
    status, answer = client.call("disruption", "POST", "/api/v1/disruptions/", body)
    if status == 201 and answer.get("plan_run"):
        world.run_seen(answer["plan_run"], "disruption")
        run = follow(client, answer["plan_run"], seconds=120)
        if run and run.get("status") == "succeeded" and not run.get("published_at"):
            # The repair moves a confirmed booking: it waits for operations to approve it.
            client.call("repair_publish", "POST", f"/api/v1/plan-runs/{run['id']}/publish/")


def guild_desk(client: Client, world: World, rng: random.Random) -> None:
    """The guild: fill short lines, swap, decline, mark no-shows, check in."""
    start, end = world.week()
    while not client.stop.is_set():
        roll = rng.random()
        if roll < 0.45 or not world.lines:
            status, answer = client.call(
                "short_lines", "GET", f"/api/v1/guild/short-lines?from={start}&to={end}"
            )
            short = answer.get("lines", []) if status == 200 else []
            if short:
                line = rng.choice(short)
                booking, position = line.get("booking"), line.get("line")
                path = f"/api/v1/bookings/{booking}/extras/{position}"
                status, answer = client.call("candidates", "GET", f"{path}/candidates?limit=5")
                candidates = answer.get("candidates", []) if status == 200 else []
                if candidates:
                    codes = [c["performer"]["code"] for c in candidates[: rng.randint(1, 3)]]
                    status, _ = client.call(
                        "assign", "POST", f"{path}/assign", {"performers": codes}
                    )
                    if status in (200, 201):
                        with world.lock:
                            world.lines.append((booking, position))
        elif roll < 0.6:
            booking, position = rng.choice(world.lines)
            path = f"/api/v1/bookings/{booking}/extras/{position}"
            status, answer = client.call("candidates", "GET", f"{path}/candidates?limit=3")
            if status == 200 and answer.get("calls") and answer.get("candidates"):
                out = rng.choice(answer["calls"])["performer"]
                into = answer["candidates"][0]["performer"]["code"]
                client.call("swap", "POST", f"{path}/swap", {"out": out, "in": into})
        else:
            calls = results(
                client.call(
                    "calls_list",
                    "GET",
                    f"/api/v1/calls/?state=called&state=confirmed&date_from={start}&date_to={end}&page_size=50",
                )[1]
            )
            if calls:
                call = rng.choice(calls)
                action = rng.choice(("decline", "no-show", "confirm", "check-in"))
                if action == "check-in":
                    client.call(
                        "check_in",
                        "POST",
                        "/api/v1/calls/check-in/",
                        {"code": call.get("check_in_code", "")},
                    )
                else:
                    client.call(
                        action.replace("-", "_"), "POST", f"/api/v1/calls/{call['id']}/{action}/"
                    )
        client.stop.wait(rng.uniform(0.2, 0.8))


def crew_member(client: Client, crew: str, world: World, rng: random.Random) -> None:
    """A crew's member: the call sheet, options and holds, its bookings and statement."""
    start, end = world.week()
    scenes = [s["code"] for s in world.scenes if s["crew"] == crew]
    holds: list[int] = []
    while not client.stop.is_set():
        roll = rng.random()
        day = (world.first_day + dt.timedelta(days=rng.randrange(3))).isoformat()
        if roll < 0.3:
            client.call("call_sheet", "GET", f"/api/v1/crews/{crew}/call-sheet/?date={day}")
        elif roll < 0.6 and scenes:
            scene = rng.choice(scenes)
            option = _option(client, scene, world, "options")
            if option:
                body = {"scene": scene, **{k: option[k] for k in ("location", "start", "end")}}
                status, hold = client.call("hold", "POST", "/api/v1/holds/", body)
                if status == 201:
                    holds.append(hold["id"])
        elif roll < 0.7 and holds:
            hold = holds.pop(rng.randrange(len(holds)))
            client.call("hold_release", "POST", f"/api/v1/holds/{hold}/release/")
        elif roll < 0.85:
            client.call(
                "statement", "GET", f"/api/v1/crews/{crew}/statement/?from={start}&to={end}"
            )
        else:
            client.call("crew_bookings", "GET", f"/api/v1/bookings/?crew={crew}&page_size=50")
        client.stop.wait(rng.uniform(0.3, 1.2))


@dataclass
class Outcome:
    runs: list[dict]  # every plan run at the end, as the API lists it
    settled: bool  # every run ended within the bound


def scenes_read(client: Client) -> list[dict]:
    out, page = [], 1
    while True:
        status, answer = client.call(
            "scenes_list", "GET", f"/api/v1/scenes/?page_size=500&page={page}"
        )
        if status != 200:
            raise RuntimeError(f"the scenes could not be read ({status}: {answer})")
        out += [{"code": s["code"], "crew": s["crew"]} for s in answer["results"]]
        if not answer.get("next"):
            return out
        page += 1


def run_clients(
    *, base, first_day, crew_users, seconds, seed, recorder, stop, faults, settle_seconds=300
) -> Outcome:
    """Sign everyone in, run the clients and the faults for ``seconds``, stop, let the plan
    runs end (at most ``settle_seconds``), and list them."""
    ops = Client(base, recorder, stop)
    ops.sign_in("ops")
    start = first_day.isoformat()
    horizons = [(start, 2), ((first_day + dt.timedelta(days=2)).isoformat(), 2)]
    world = World(first_day=first_day, horizons=horizons, rng_seed=seed)
    world.scenes = scenes_read(ops)
    people: list[tuple] = []
    for n, role in enumerate(("ops", "ops", "ops", "guild", "guild")):
        client = Client(base, recorder, stop)
        client.sign_in(role)
        rng = random.Random(seed * 100 + n)
        loop = {0: ops_booker, 1: ops_planner}.get(n)
        if loop:
            people.append((loop, (client, world, rng)))
        elif role == "ops":
            people.append((ops_desk, (client, world, rng, seconds)))
        else:
            people.append((guild_desk, (client, world, rng)))
    for n, (username, crew) in enumerate(crew_users):
        client = Client(base, recorder, stop)
        client.sign_in(username)
        people.append((crew_member, (client, crew, world, random.Random(seed * 100 + 50 + n))))
    threads = [threading.Thread(target=_guarded, args=p, daemon=True) for p in people]
    threads.append(threading.Thread(target=faults.run, args=(seconds, world), daemon=True))
    began = time.monotonic()
    for thread in threads:
        thread.start()
    while time.monotonic() - began < seconds and len(recorder) < MAX_REQUESTS:
        time.sleep(0.5)
    stop.set()
    for thread in threads:
        thread.join(timeout=TIMEOUT + 30)
    return settle(Client(base, recorder, threading.Event()), ops.token, settle_seconds)


def _guarded(loop, args) -> None:
    """A client's loop; a bug in the soak itself stops only that client, loudly."""
    try:
        loop(*args)
    except Exception as exc:  # noqa: BLE001 - reported, the soak goes on
        import traceback

        traceback.print_exc()
        print(f"soak: a client stopped: {exc!r}", flush=True)


def _repair_waiting(run: dict) -> bool:
    return (
        run["trigger"] == "disruption"
        and run["status"] == "succeeded"
        and not run.get("published_at")
    )


def settle(client: Client, token: str, seconds: float) -> Outcome:
    client.token = token
    deadline = time.monotonic() + seconds
    runs: list[dict] = []
    asked: set[int] = set()
    while True:
        runs, page = [], 1
        while True:
            status, answer = client.call(
                "plan_runs_list", "GET", f"/api/v1/plan-runs/?page_size=500&page={page}"
            )
            if status != 200:
                break
            runs += answer["results"]
            if not answer.get("next"):
                break
            page += 1
        if status == 200 and all(r["status"] in RUN_ENDED for r in runs):
            waiting = [r for r in runs if _repair_waiting(r) and r["id"] not in asked]
            for run in waiting:
                asked.add(run["id"])  # operations approve the repairs still waiting for them
                client.call("repair_publish", "POST", f"/api/v1/plan-runs/{run['id']}/publish/")
            if not waiting:
                return Outcome(runs=runs, settled=True)
            continue
        if time.monotonic() >= deadline:
            return Outcome(runs=runs, settled=False)
        time.sleep(3)
