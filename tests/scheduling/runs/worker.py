"""A real ``celery -A hengdian worker`` process for the services tier, on the test database,
and pointing the web side (this process) at a broker that is down or hung."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

from hengdian.celery import app as celery_app
from scheduling.models import PlanRun

ROOT = Path(settings.BASE_DIR)
READY_SECONDS = 60


def test_database_url() -> str:
    """The URL of pytest-django's test database, for the worker process."""
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    """One worker (prefork, one child) and its log file."""

    def __init__(self, log: Path, name: str) -> None:
        self.log = log
        self.name = name
        self.process: subprocess.Popen | None = None

    def start(self) -> Worker:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "hengdian.settings",
            "DJANGO_DEBUG": "1",  # a worker of the tests: on PostgreSQL, keep the demo's secrets
            "DATABASE_URL": test_database_url(),
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "PYTHONUNBUFFERED": "1",
        }
        command = [sys.executable, "-m", "celery", "-A", "hengdian", "worker"]
        options = ["--pool", "prefork", "--concurrency", "1", "-n", f"{self.name}@%h"]
        options += ["--without-gossip", "--without-mingle", "--loglevel", "INFO"]
        with self.log.open("ab") as out:
            out.write(b"\n--- start ---\n")
            out.flush()
            self.process = subprocess.Popen(
                command + options, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
            )
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            if "ready." in self.log.read_text(errors="replace").split("--- start ---")[-1]:
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.3)
        raise AssertionError(f"the worker did not start:\n{self.tail()}")

    def children(self) -> list[int]:
        """The pool processes (the main worker's children)."""
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()]

    def kill(self) -> None:
        """SIGKILL the main process and its pool: a machine going down."""
        children = self.children()
        self.process.send_signal(signal.SIGKILL)
        for pid in children:
            with contextlib.suppress(ProcessLookupError):  # already gone
                os.kill(pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()

    def tail(self, size: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-size:]


def wait_for(run_id: int, statuses: set[str], worker: Worker, seconds: float = 120) -> PlanRun:
    """Poll a run until it reaches one of ``statuses``; fail with the worker's log otherwise."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        run = PlanRun.objects.get(pk=run_id)
        if run.status in statuses:
            return run
        time.sleep(0.3)
    raise AssertionError(f"run {run_id} is {run.status}, not {statuses}:\n{worker.tail()}")


def forget_connections() -> None:
    """Drop the app's broker connection pools; new ones are made for the URL set next."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def purge_queue() -> None:
    """Drop messages left in the broker by an earlier session (they name rows of its data)."""
    celery_app.control.purge()


@contextlib.contextmanager
def broker_at(url: str):
    """Point the app's sends at ``url``, not eager. An environment CELERY_BROKER_URL wins over
    conf.broker_url, so the write URL is set."""
    conf = celery_app.conf
    saved = conf.broker_write_url, conf.task_always_eager
    forget_connections()
    conf.broker_write_url, conf.task_always_eager = url, False
    try:
        yield
    finally:
        forget_connections()
        conf.broker_write_url, conf.task_always_eager = saved
