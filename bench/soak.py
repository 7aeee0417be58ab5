"""The soak: the real stack driven over HTTP as the base uses it, with faults on a schedule,
then the invariant check (``make soak MINUTES=10``; issue 22).

It starts everything itself on loopback: a redis-server of its own on a free port (restarted
as a fault without disturbing the machine's Redis), a fresh PostgreSQL database (migrated and
seeded with the demo base), gunicorn with the project's config, two Celery workers and beat.
Client threads (operations, the guild, crews) book, move and cancel, hold and confirm, import a
wave of crews that sets off a demand-spike re-plan, run and publish plans, report disruptions,
assign and swap extras, decline, mark no-shows, check in, read statements and call sheets.
Faults are injected on a schedule (``faults.py``). At the end the load stops, plan runs are left
to end (bounded), and ``manage.py check_invariants`` runs against the soak's database.

**What counts.** Every request is an answer (any HTTP status, a ``409`` included) or a failure
of one kind: a ``5xx``, a reset or closed connection, a client timeout. A failure is *explained*
when an injected fault accounts for it: a request in flight to the web worker SIGKILLed (its
connection is reset or closed, or a partial answer breaks off), or a request sent with the
deliberately short client timeout of the timeout fault. Every other failure is unexplained. A
Redis restart explains nothing: the service promises that reads and bookings never touch the
broker and that queuing a run survives it. The soak exits non-zero on any unexplained failure,
any invariant violation, or a plan run that does not end within the settle bound.

**Where each side works.** Operations' plan runs cover the demo week's first four days;
bookings and holds by hand are made on all seven, so runs read what the desk and the crews do.
Operations approve each repair that waits for them (one that moves a confirmed booking), during
the load and once more when it stops.

Every request opens its own connection (``Connection: close``), so a killed web worker can only
break the requests it was serving, never a later one on a stale keep-alive connection.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from bench.soak_clients import Recorder, run_clients
from bench.soak_faults import Faults
from bench.soak_report import Summary, render, summarise
from bench.stack import ROOT, Beat, Gunicorn, Redis, Worker, embedded_env, free_port

PYTHON = str(ROOT / ".venv" / "bin" / "python")
SETTLE_SECONDS = 300  # plan runs left to end after the load: the sweep runs every 60 s
CREW_USERS = 8  # crews whose members sign in (one user each)

SETUP_USERS = """
from django.contrib.auth.models import Group, User
from core import roles
from crews.models import Crew
group = Group.objects.get(name=roles.CREW)
out = []
for crew in Crew.objects.order_by("code")[:{count}]:
    user, _ = User.objects.get_or_create(username="soak-" + crew.code.lower())
    user.set_password("hengdian-demo")
    user.save()
    user.groups.add(group)
    crew.members.add(user)
    out.append([user.username, crew.code])
import json
print("USERS=" + json.dumps(out))
"""


def stack_env(database: str, redis: Redis) -> dict[str, str]:
    """Every process's environment: the soak database, its own Redis, a trial's settings."""
    return embedded_env(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{database}",
        CELERY_BROKER_URL=f"{redis.url}/0",
        DJANGO_CACHE_URL=f"{redis.url}/1",
        DJANGO_DEBUG="1",  # a trial on this machine, not a deployment: the demo's secrets
        DJANGO_LOG_LEVEL="WARNING",
        WEB_CONCURRENCY="3",
        WEB_THREADS="4",
        PLANNING_SOLVER_WORKERS="1",
        PLANNING_SPIKE_SECONDS="15",
        PLANNING_RUN_STALE_SECONDS="30",
        PYTHONUNBUFFERED="1",
    )


def manage(env: dict[str, str], *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def database_fresh(env: dict[str, str], name: str) -> tuple[dt.date, list[list[str]]]:
    """Drop and create the soak database, migrate, seed the demo and the crews' users;
    returns the demo week's first day and (username, crew code) of the crew users."""
    psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc"]
    subprocess.run([*psql, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=True)
    subprocess.run([*psql, f"CREATE DATABASE {name}"], check=True)
    for args in (("migrate", "--noinput", "-v0"), ("seed_demo",)):
        done = manage(env, *args)
        if done.returncode:
            raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
        if args[0] == "seed_demo":
            first = dt.date.fromisoformat(done.stdout.split("Demo week: ")[1][:10])
    done = manage(env, "shell", "-c", SETUP_USERS.replace("{count}", str(CREW_USERS)))
    if done.returncode:
        raise SystemExit(f"the crews' users could not be made:\n{done.stderr[-3000:]}")
    users = json.loads(done.stdout.split("USERS=")[1])
    return first, users


def invariants(env: dict[str, str]) -> tuple[int | None, int | None, str]:
    """``manage.py check_invariants`` on the soak database (plan runs were left to end first,
    so none may still be going): (exit code, violations, its output); None, None when the
    command does not exist."""
    done = manage(env, "check_invariants", "--running-grace-minutes", "0", timeout=900)
    output = (done.stdout + done.stderr).strip()
    if done.returncode and "Unknown command" in output:
        return None, None, output
    return done.returncode, len([line for line in done.stdout.splitlines() if line.strip()]), output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--seconds", type=float, help="the load's length (overrides --minutes)")
    parser.add_argument("--database", default="hengdian_soak")
    parser.add_argument("--report", default=str(ROOT / "bench" / "results" / "soak.md"))
    parser.add_argument("--json", help="also write the summary as JSON here")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--logs", help="folder for the processes' logs (default: a temp one)")
    parser.add_argument("--commit", help="the commit measured (default: git's HEAD here)")
    args = parser.parse_args(argv)
    seconds = args.seconds if args.seconds is not None else args.minutes * 60
    logs = Path(args.logs or tempfile.mkdtemp(prefix="hengdian-soak-"))
    logs.mkdir(parents=True, exist_ok=True)
    print(f"soak: {seconds:.0f} s of load; logs in {logs}", flush=True)

    redis = Redis(free_port(), logs / "redis.log").start()
    env = stack_env(args.database, redis)
    web = Gunicorn(env, logs / "gunicorn.log", free_port())
    workers = [Worker(logs / f"worker{n}.log", f"soak{n}", env) for n in (1, 2)]
    beat = Beat(env, logs / "beat.log")
    summary: Summary | None = None
    try:
        started = time.monotonic()
        first_day, crew_users = database_fresh(env, args.database)
        print(f"soak: database ready in {time.monotonic() - started:.0f} s", flush=True)
        web.start()
        for worker in workers:
            worker.start()
        beat.start()
        recorder = Recorder()
        stop = threading.Event()
        faults = Faults(web=web, workers=workers, redis=redis, recorder=recorder, stop=stop)
        outcome = run_clients(
            base=web.base,
            first_day=first_day,
            crew_users=crew_users,
            seconds=seconds,
            seed=args.seed,
            recorder=recorder,
            stop=stop,
            faults=faults,
        )
        rc, violations, output = invariants(env)
        summary = summarise(
            recorder=recorder,
            faults=faults,
            runs=outcome.runs,
            settled=outcome.settled,
            invariants_rc=rc,
            violations=violations,
            invariants_output=output,
            seconds=seconds,
            commit=args.commit or commit(),
            logs=logs,
        )
    finally:
        beat.stop()
        for worker in workers:
            worker.stop()
        web.stop()
        redis.stop()
    text = render(summary)
    print(text)
    report = Path(args.report)
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(text, encoding="utf-8")
    if args.json:
        Path(args.json).write_text(json.dumps(summary.as_dict(), indent=1), encoding="utf-8")
    return 0 if summary.passed else 1


def commit() -> str:
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True)
    return done.stdout.strip() + ("+changes" if dirty.stdout.strip() else "")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    raise SystemExit(main())
