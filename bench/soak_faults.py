"""The soak's faults, on a schedule: a worker SIGKILLed in the middle of a plan run, the
soak's own Redis restarted, a gunicorn web worker SIGKILLed, requests that time out at the
client. Each is recorded with its time, so the report can tell which failures it explains."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from dataclasses import dataclass, field

from bench.soak_clients import Client, Recorder, World
from bench.stack import Gunicorn, Redis, Worker, children

RUN_WAIT_SECONDS = 90  # how long the worker fault waits for a plan run to be solving
SHORT_TIMEOUT = 0.05  # the timeout fault's client patience, in seconds
ROUND_SECONDS = 180  # one round of every fault per this much load (at least one round)


@dataclass
class Fault:
    kind: str
    at: float  # time.monotonic() when it struck (or was given up)
    detail: str
    injected: bool = True


@dataclass
class Faults:
    web: Gunicorn
    workers: list[Worker]
    redis: Redis
    recorder: Recorder
    stop: threading.Event
    done: list[Fault] = field(default_factory=list)
    base_token: str | None = None

    def run(self, seconds: float, world: World) -> None:
        """Every fault once per round, spread over the round; rounds fill the load's time."""
        rounds = max(1, int(seconds // ROUND_SECONDS))
        began = time.monotonic()
        steps = (
            (0.15, self.worker_kill),
            (0.4, self.redis_restart),
            (0.6, self.web_worker_kill),
            (0.8, self.client_timeouts),
        )
        for r in range(rounds):
            for share, fault in steps:
                moment = began + (r + share) * seconds / rounds
                if self.stop.wait(max(0.0, moment - time.monotonic())):
                    return
                try:
                    fault(round_number=r, world=world)
                except Exception as exc:  # noqa: BLE001 - a fault that failed is reported
                    self.done.append(Fault(fault.__name__, time.monotonic(), repr(exc), False))

    def worker_kill(self, *, round_number: int, world: World) -> None:
        """SIGKILL the pool process solving a plan run (odd rounds: the whole worker, which is
        then started again, as a machine lost and replaced)."""
        deadline = time.monotonic() + RUN_WAIT_SECONDS
        while time.monotonic() < deadline and not self.stop.is_set():
            for worker in self.workers:
                for pool in worker.children():
                    if children(pool):  # the solver's own process: a run is being solved
                        if round_number % 2:
                            worker.kill()
                            detail = f"worker {worker.name} (main and pool) SIGKILLed mid-run"
                            self.done.append(Fault("worker_kill", time.monotonic(), detail))
                            worker.start()
                        else:
                            os.kill(pool, signal.SIGKILL)
                            detail = f"pool process of {worker.name} SIGKILLed mid-run"
                            self.done.append(Fault("worker_kill", time.monotonic(), detail))
                        return
            time.sleep(0.2)
        self.done.append(
            Fault("worker_kill", time.monotonic(), "no plan run was being solved", False)
        )

    def redis_restart(self, *, round_number: int, world: World) -> None:
        began = time.monotonic()
        self.redis.restart()
        took = time.monotonic() - began
        self.done.append(Fault("redis_restart", began, f"down for {took:.1f} s"))

    def web_worker_kill(self, *, round_number: int, world: World) -> None:
        pids = self.web.workers()
        if not pids:
            self.done.append(Fault("web_worker_kill", time.monotonic(), "no web worker", False))
            return
        pid = pids[round_number % len(pids)]
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        self.done.append(Fault("web_worker_kill", time.monotonic(), f"gunicorn worker {pid}"))

    def client_timeouts(self, *, round_number: int, world: World) -> None:
        """Slow calls asked with a client's patience of 50 ms: the export of the horizon and the
        plan of the latest run; the client gives up, the server finishes on its own."""
        client = Client(self.web.base, self.recorder, threading.Event())
        client.sign_in("ops")
        start = world.first_day.isoformat()
        client.call(
            "instance_export",
            "GET",
            f"/api/v1/instances/export?start={start}&days=7",
            timeout=SHORT_TIMEOUT,
            injected=True,
        )
        with world.lock:
            latest = max(world.runs, default=None)
        if latest is not None:
            client.call(
                "plan_run_plan",
                "GET",
                f"/api/v1/plan-runs/{latest}/plan/",
                timeout=SHORT_TIMEOUT,
                injected=True,
            )
        self.done.append(Fault("client_timeout", time.monotonic(), "export and a run's plan"))
