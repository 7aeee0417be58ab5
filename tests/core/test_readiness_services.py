"""/readyz of a served process answers 503 naming the part that stopped: PostgreSQL or Redis.

Each is a server of the test's own (a PostgreSQL cluster made with initdb, a redis-server) on a
free port, so stopping it disturbs nothing else the services tier uses; the web process is
gunicorn with the project's config, as deployed. Missing server binaries fail the test.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bench.stack import GUNICORN, Redis, embedded_env, free_port, serving

pytestmark = pytest.mark.services

PG_BIN = Path("/usr/lib/postgresql")


def pg_tool(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(PG_BIN.glob(f"*/bin/{name}"))), None)
    if found is None:
        pytest.fail(f"{name} (PostgreSQL's server tools) is not installed")
    return str(found)


def as_postgres(*command: str) -> None:
    """PostgreSQL refuses to run as root: its tools run as the postgres user."""
    subprocess.run(["runuser", "-u", "postgres", "--", *command], check=True, capture_output=True)


@pytest.fixture
def own_postgres():
    """A PostgreSQL cluster of this test's own: (port, start, stop)."""
    folder = Path(tempfile.mkdtemp(prefix="hengdian-pg-"))
    shutil.chown(folder, "postgres", "postgres")
    data, port = folder / "data", free_port()
    as_postgres(pg_tool("initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1"
    ctl = pg_tool("pg_ctl")

    def start() -> None:
        as_postgres(ctl, "-D", str(data), "-o", options, "-w", "-l", str(folder / "log"), "start")

    def halt() -> None:
        as_postgres(ctl, "-D", str(data), "-m", "fast", "-w", "stop")

    start()
    try:
        yield port, start, halt
    finally:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", ctl, "-D", str(data), "stop"], capture_output=True
        )
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def own_redis(tmp_path):
    """A redis-server of this test's own: (port, stop)."""
    server = Redis(free_port(), tmp_path / "redis.log").start()
    try:
        yield server.port, server.stop
    finally:
        server.stop()


def ready(base: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(f"{base}/readyz", timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_readyz_names_postgresql_then_redis_when_each_stops(own_postgres, own_redis, tmp_path):
    pg_port, pg_start, pg_stop = own_postgres
    redis_port, redis_stop = own_redis
    port, log = free_port(), tmp_path / "server.log"
    env = embedded_env(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{pg_port}/postgres",
        DATABASE_CONN_MAX_AGE="0",
        CELERY_BROKER_URL=f"redis://127.0.0.1:{redis_port}/0",
        DJANGO_DEBUG="1",  # a trial of the served process, not a deployment: demo secrets
        HENGDIAN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="1",
    )
    with serving(GUNICORN, env, log, port=port, seconds=60) as base:
        up = ready(base)
        pg_stop()
        database_down = ready(base)
        pg_start()
        back = ready(base)
        redis_stop()
        broker_down = ready(base)
        alive = urllib.request.urlopen(f"{base}/healthz", timeout=10).status

    both = {"database": "ok", "broker": "ok"}
    assert up == (200, {"status": "ready", "checks": both})
    assert database_down == (
        503,
        {
            "status": "unavailable",
            "message": "not ready: database not answering",
            "down": ["database"],
            "checks": {"database": "down", "broker": "ok"},
        },
    )
    assert back == (200, {"status": "ready", "checks": both})
    assert broker_down == (
        503,
        {
            "status": "unavailable",
            "message": "not ready: broker not answering",
            "down": ["broker"],
            "checks": {"database": "ok", "broker": "down"},
        },
    )
    assert alive == 200  # the process itself is up all along
