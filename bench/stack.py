"""The real stack's processes, started from Python on loopback: gunicorn, Celery workers and
beat, and a redis-server of one's own. Used by the soak (``bench/soak.py``) and by the services
tier's tests that start servers (``tests/test_served_demo.py``, the Celery worker tests).

Each process runs in its own session and logs to a file; helpers wait until it answers and
raise ``StackError`` with the end of its log when it does not.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = [str(ROOT / ".venv" / "bin" / "gunicorn"), "--config", "gunicorn.conf.py"]


class StackError(AssertionError):
    """A process of the stack did not start or answer (an AssertionError: tests fail on it)."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def embedded_env(**extra: str) -> dict[str, str]:
    """This process's environment without the project's settings (a fresh machine's), plus
    ``extra``: what a child process of the stack starts from."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "CELERY_", "HENGDIAN_"))
    }
    return {**env, **extra}


def tail(log: Path, size: int = 3000) -> str:
    return log.read_text(errors="replace")[-size:] if log.exists() else ""


def wait_until_up(url: str, process: subprocess.Popen, log: Path, seconds: float) -> None:
    """Wait until ``url`` answers 200; raise if the process exits or the time runs out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise StackError(f"the server exited with {process.returncode}:\n{tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise StackError(f"the server did not answer {url} within {seconds} s:\n{tail(log)}")


def start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    """``command`` in a session (process group) of its own, appending to ``log``."""
    with log.open("ab") as out:
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def stop(process: subprocess.Popen, seconds: float = 30) -> None:
    """SIGTERM the process's whole group, SIGKILL it after ``seconds``."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def children(pid: int) -> list[int]:
    """The direct children of ``pid`` (gunicorn's web workers, a Celery worker's pool)."""
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


@contextlib.contextmanager
def serving(
    command: list[str], env: dict[str, str], log: Path, *, port: int, seconds: float
) -> Iterator[str]:
    """Run ``command`` (a server on ``port``) in its own process group, logging to ``log``;
    yields its base URL once ``/healthz`` answers, and stops the whole group afterwards."""
    log.write_text("")
    process = start(command, env, log)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/healthz", process, log, seconds=seconds)
        yield base
    finally:
        stop(process)


class Gunicorn:
    """The web service with the project's config on ``port`` (``HENGDIAN_BIND``)."""

    def __init__(self, env: dict[str, str], log: Path, port: int) -> None:
        self.env = {**env, "HENGDIAN_BIND": f"127.0.0.1:{port}"}
        self.log, self.port = log, port
        self.base = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen | None = None

    def start(self, seconds: float = 120) -> Gunicorn:
        self.process = start(GUNICORN, self.env, self.log)
        wait_until_up(f"{self.base}/healthz", self.process, self.log, seconds)
        return self

    def workers(self) -> list[int]:
        return children(self.process.pid)

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)


class Worker:
    """One ``celery -A hengdian worker`` (prefork, one pool process) and its log file."""

    READY_SECONDS = 60

    def __init__(self, log: Path, name: str, env: dict[str, str] | None = None) -> None:
        self.log = log
        self.name = name
        self.env = env
        self.process: subprocess.Popen | None = None

    def environment(self) -> dict[str, str]:
        return self.env

    def start(self) -> Worker:
        env = {**self.environment(), "PYTHONUNBUFFERED": "1"}
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
        deadline = time.monotonic() + self.READY_SECONDS
        while time.monotonic() < deadline:
            if "ready." in self.log.read_text(errors="replace").split("--- start ---")[-1]:
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.3)
        raise StackError(f"the worker did not start:\n{self.tail()}")

    def children(self) -> list[int]:
        """The pool processes (the main worker's children)."""
        return children(self.process.pid)

    def kill(self) -> None:
        """SIGKILL the main process and its pool: a machine going down."""
        pool = self.children()
        self.process.send_signal(signal.SIGKILL)
        for pid in pool:
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
        return tail(self.log, size)


class Beat:
    """``celery -A hengdian beat``, its schedule file beside its log."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log = env, log
        self.process: subprocess.Popen | None = None

    def start(self) -> Beat:
        schedule = self.log.with_suffix(".schedule")
        command = [sys.executable, "-m", "celery", "-A", "hengdian", "beat"]
        command += ["--loglevel", "INFO", "--schedule", str(schedule)]
        self.process = start(command, {**self.env, "PYTHONUNBUFFERED": "1"}, self.log)
        return self

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)


class Redis:
    """A redis-server of one's own on ``port``, with nothing saved to disk: restarting it
    disturbs no other user of the machine's Redis."""

    def __init__(self, port: int, log: Path) -> None:
        self.port, self.log = port, log
        self.url = f"redis://127.0.0.1:{port}"
        self.process: subprocess.Popen | None = None

    def start(self, seconds: float = 30) -> Redis:
        server = shutil.which("redis-server")
        if server is None:
            raise StackError("redis-server is not installed")
        command = [server, "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no"]
        self.process = start(command, dict(os.environ), self.log)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise StackError(f"redis-server exited:\n{tail(self.log)}")
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock,
            ):
                sock.sendall(b"PING\r\n")
                if sock.recv(64).startswith(b"+PONG"):
                    return self
            time.sleep(0.2)
        raise StackError(f"redis-server did not answer on {self.port}:\n{tail(self.log)}")

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)

    def restart(self) -> None:
        self.stop()
        self.start()
