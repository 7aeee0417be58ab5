"""The embedded demo served the README's way (``make run``: gunicorn, SQLite in WAL mode) holds a
burst: 30 simultaneous bookings of one place get exactly their capacity of 201s and 409s for
the rest, with no connection reset or timed out, twenty times over.

This starts the real thing in a child process on a free port with its own database file, and
talks to it over HTTP only.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request

import pytest

from bench.stack import embedded_env, free_port, serving

pytestmark = pytest.mark.services

ROUNDS = 20
RACERS = 30
DAY = "2027-03-01"  # the instance's first day; booking rules do not depend on the clock


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """``make run`` on a free port with a database of its own: (base URL, log file)."""
    folder = tmp_path_factory.mktemp("served")
    port, log = free_port(), folder / "server.log"
    env = embedded_env(
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        HENGDIAN_BIND=f"127.0.0.1:{port}",
    )
    with serving(["make", "run"], env, log, port=port, seconds=300) as base:
        yield base, log


def call(base: str, method: str, path: str, body=None, token: str | None = None, **headers):
    """(status, JSON body, headers) of one request; connection errors propagate."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(f"{base}{path}", data=data, method=method)
    request.add_header("Content-Type", "application/json")
    request.add_header("Accept-Language", "en")
    if token:
        request.add_header("Authorization", f"Token {token}")
    for name, value in headers.items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"null"), response.headers
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null"), error.headers


def burst_instance() -> dict:
    """Two sets (capacity 1 and 3) and 30 crews, each with a scene per round on each set."""
    crews = [f"RC{n:02d}" for n in range(RACERS)]
    scenes = [
        {"id": f"{crew}-{place}{r:02d}", "crew": crew, "minutes": 30, "first_day": 0, "last_day": 1}
        for crew in crews
        for place in ("A", "B")
        for r in range(ROUNDS)
    ]
    return {
        "format": "hengdian-instance/1",
        "horizon": {"start": DAY, "days": 2},
        "zones": [{"id": "ZRACE", "name": "竖屏基地"}],
        "locations": [
            {"id": "LRACE1", "name": "医院病房", "zone": "ZRACE", "capacity": 1},
            {"id": "LRACE3", "name": "写字楼大堂", "zone": "ZRACE", "capacity": 3},
        ],
        "crews": [
            {"id": crew, "name": f"抢场剧组{crew}", "first_day": 0, "last_day": 1} for crew in crews
        ],
        "scenes": scenes,
    }


def race(base: str, token: str, bookings: list[dict]) -> tuple[list[int], list[str]]:
    """Send every booking at the same instant; (statuses, errors other than an HTTP status)."""
    statuses, errors = [], []
    gate = threading.Barrier(len(bookings))

    def racer(body: dict) -> None:
        gate.wait()
        try:
            status, _, _ = call(base, "POST", "/api/v1/bookings/", body, token)
            statuses.append(status)
        except OSError as exc:  # a reset, a refused connection, a timeout
            errors.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=racer, args=(body,)) for body in bookings]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(statuses), errors


def test_served_demo_gives_each_place_to_exactly_its_capacity_under_a_burst(served):
    base, _ = served
    status, body, _ = call(
        base, "POST", "/api/v1/auth/token/", {"username": "ops", "password": "hengdian-demo"}
    )
    assert status == 200, body
    token = body["token"]
    status, body, _ = call(base, "POST", "/api/v1/instances/import", burst_instance(), token)
    assert status == 200, body

    outcomes = []
    for place, location, day in (("A", "LRACE1", DAY), ("B", "LRACE3", "2027-03-02")):
        for r in range(ROUNDS):
            start = f"{day}T{8 + r // 2:02d}:{30 * (r % 2):02d}:00+08:00"
            end = f"{day}T{8 + (r + 1) // 2:02d}:{30 * ((r + 1) % 2):02d}:00+08:00"
            bookings = [
                {
                    "scene": f"RC{n:02d}-{place}{r:02d}",
                    "location": location,
                    "start": start,
                    "end": end,
                }
                for n in range(RACERS)
            ]
            statuses, errors = race(base, token, bookings)
            outcomes.append((location, r, statuses.count(201), statuses.count(409), errors))

    expected = [
        (location, r, capacity, RACERS - capacity, [])
        for location, capacity in (("LRACE1", 1), ("LRACE3", 3))
        for r in range(ROUNDS)
    ]
    assert outcomes == expected


def test_served_demo_logs_a_request_under_the_id_its_response_carries(served):
    base, log = served
    status, _, headers = call(base, "GET", "/readyz", **{"X-Request-ID": "probe-7f3a"})

    assert status == 200
    assert headers["X-Request-ID"] == "probe-7f3a"
    deadline = time.monotonic() + 10
    while "[probe-7f3a]" not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.2)
    [line] = [line for line in log.read_text().splitlines() if "[probe-7f3a]" in line]
    assert ' INFO gunicorn.access [probe-7f3a] 127.0.0.1 "GET /readyz HTTP/1.1" 200 ' in line


def test_served_demo_serves_static_files_under_hashed_names(served):
    base, _ = served
    request = urllib.request.Request(f"{base}/admin/login/")
    with urllib.request.urlopen(request, timeout=30) as response:
        page = response.read().decode()
    [stylesheet] = [
        part.split('"')[0] for part in page.split('href="/static/')[1:] if "base." in part
    ]
    assert stylesheet.startswith("admin/css/base.") and stylesheet.endswith(".css")
    assert stylesheet != "admin/css/base.css"  # a content hash in the name
    with urllib.request.urlopen(f"{base}/static/{stylesheet}", timeout=30) as response:
        assert response.status == 200
        assert "max-age=315360000" in response.headers["Cache-Control"]
