"""The embedded SQLite database lets concurrent writers wait for each other instead of failing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bench.stack import embedded_env

ROOT = Path(__file__).resolve().parent.parent.parent
PRAGMAS = """
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    mode = cursor.fetchone()[0]
    cursor.execute("PRAGMA busy_timeout")
    print(mode, cursor.fetchone()[0])
"""


def test_embedded_database_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    """Asked of the project's default settings, as ``make run`` has them, in a process of its own
    (the suite itself may run on PostgreSQL)."""
    env = embedded_env(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    shell = [sys.executable, "manage.py", "shell", "--verbosity", "0", "-c", PRAGMAS]

    done = subprocess.run(shell, cwd=ROOT, env=env, capture_output=True, text=True, check=True)

    assert done.stdout == "wal 30000\n"
