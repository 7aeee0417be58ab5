"""The soak of issue 22 for one minute: the real stack (gunicorn, PostgreSQL, a Redis of its own,
two Celery workers, beat) driven over HTTP with every fault injected, then the invariant check.
It passes only with zero invariant violations and zero failures no injected fault explains.

The soak is ``bench/soak.py`` itself (``make soak`` runs it for ten minutes), started as a child
process on a database of its own name, so the services tier's test database is not touched.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bench.stack import ROOT, embedded_env

pytestmark = pytest.mark.services

SECONDS = 60
FAULTS = {"worker_kill", "redis_restart", "web_worker_kill", "client_timeout"}


def test_soak_of_a_minute_breaks_no_invariant_and_explains_every_failure(tmp_path):
    summary_file, report = tmp_path / "soak.json", tmp_path / "soak.md"
    command = [sys.executable, "-m", "bench.soak", "--seconds", str(SECONDS)]
    command += ["--database", "hengdian_soak_ci", "--report", str(report)]
    command += ["--json", str(summary_file), "--logs", str(tmp_path / "logs")]
    done = subprocess.run(
        command, cwd=ROOT, env=embedded_env(), capture_output=True, text=True, timeout=1500
    )
    assert summary_file.exists(), done.stdout[-3000:] + done.stderr[-3000:]
    summary = json.loads(summary_file.read_text())

    injected = {f["kind"] for f in summary["faults"] if f["injected"]}
    assert (summary["unexplained"], summary["violations"], summary["invariants_rc"]) == (
        {},
        0,
        0,
    ), report.read_text()
    assert summary["runs_settled"] is True, report.read_text()
    assert injected == FAULTS, report.read_text()
    assert summary["answered"] > 100, report.read_text()
    assert summary["runs_requested"] > 0, report.read_text()
    assert done.returncode == 0, report.read_text()
