"""Running the optimiser in a child process, so a planning run can be stopped at any moment.

CP-SAT holds the GIL-free C++ search in the calling process and cannot be interrupted from
Python; a child process can (NOTES, "Optimiser"). The parent (the Celery task) writes the
instance to a file, the child prints one JSON line per progress report and writes the result
to a file; the parent kills the child past the hard deadline, and the child dies with its
parent (``PR_SET_PDEATHSIG``) when a worker is SIGKILLed.

Run as ``python -m scheduling.services.plan_run_solve IN OUT TIME_LIMIT SEED WORKERS``: the
child imports only the optimiser, never Django.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

STDERR_TAIL = 2000


class SolverFailed(Exception):
    """The optimiser's process crashed or overran its hard deadline; the message says which."""


def solve_in_subprocess(
    *,
    instance_json: dict,
    time_limit: float,
    seed: int,
    workers: int,
    grace: float,
    on_progress: Callable[[dict], None],
    on_tick: Callable[[], None],
) -> dict:
    """Solve in a child process: ``{"status", "value", "bound", "plan"}`` (plan as JSON).

    ``on_progress`` gets each progress report, ``on_tick`` is called about once a second
    (heartbeat); the child is killed ``grace`` seconds after its time limit."""
    with tempfile.TemporaryDirectory(prefix="plan-run-") as folder:
        src, out, err = (
            Path(folder, "instance.json"),
            Path(folder, "result.json"),
            Path(folder, "e"),
        )
        src.write_text(json.dumps(instance_json), encoding="utf-8")
        with err.open("w+b") as stderr:
            child = subprocess.Popen(
                [sys.executable, "-m", __name__, str(src), str(out), str(time_limit)]
                + [str(seed), str(workers)],
                stdout=subprocess.PIPE,
                stderr=stderr,
                preexec_fn=_die_with_parent,
            )
            try:
                _follow(child, time.monotonic() + time_limit + grace, on_progress, on_tick)
            finally:
                if child.poll() is None:
                    child.kill()
                    child.wait()
            if child.returncode != 0:
                stderr.seek(0)
                tail = stderr.read().decode("utf-8", "replace")[-STDERR_TAIL:]
                raise SolverFailed(f"the optimiser stopped with code {child.returncode}: {tail}")
        return json.loads(out.read_text(encoding="utf-8"))


def _follow(child: subprocess.Popen, deadline: float, on_progress, on_tick) -> None:
    lines: queue.Queue[bytes | None] = queue.Queue()

    def read() -> None:
        for line in child.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    while True:
        try:
            line = lines.get(timeout=1.0)
        except queue.Empty:
            line = b""
        if line is None:
            child.wait()
            return
        if line.strip():
            on_progress(json.loads(line))
        on_tick()
        if time.monotonic() > deadline:
            child.kill()
            raise SolverFailed("the optimiser overran its time limit and was stopped")


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL the solver when the worker process running it dies."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:  # not Linux: the parent's kill on its deadline is the guard
        pass


def _main(argv: list[str]) -> None:
    from scheduling.solver.instance import parse_instance
    from scheduling.solver.optimise import solve
    from scheduling.solver.plan import plan_to_json

    src, out, time_limit, seed, workers = argv
    instance = parse_instance(json.loads(Path(src).read_text(encoding="utf-8")))

    def progress(p) -> None:
        report = {"phase": p.phase, "best_value": p.best_value, "bound": p.bound}
        print(json.dumps({**report, "elapsed": round(p.elapsed, 3)}), flush=True)

    result = solve(
        instance,
        time_limit=float(time_limit),
        seed=int(seed),
        progress=progress,
        workers=int(workers),
    )
    body = {
        "status": result.status,
        "value": result.value,
        "bound": result.bound,
        "plan": plan_to_json(result.plan),
    }
    Path(out).write_text(json.dumps(body), encoding="utf-8")


if __name__ == "__main__":
    os.environ.pop("DJANGO_SETTINGS_MODULE", None)
    _main(sys.argv[1:])
