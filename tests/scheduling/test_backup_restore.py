"""Backup and restore as docs/operating.md writes them, tried: seed, export the instance, dump
with ``pg_dump -Fc``, restore with ``pg_restore`` into a fresh database, export again from it,
and the two exports are the same bytes (PostgreSQL only; it fails, never skips, without it)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hengdian \\
        .venv/bin/pytest -m postgres tests/scheduling/test_backup_restore.py -q

The restored database is ``hengdian_restore_test``, dropped afterwards.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from crews.models import Scene
from scheduling.models import Booking
from scheduling.services.demo import demo_seed
from tests.clock import base_today
from tests.factories import CallFactory

RESTORED = "hengdian_restore_test"
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _server() -> list[str]:
    db = connection.settings_dict
    return ["-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432), "-U", db["USER"]]


def _url(name: str) -> str:
    db = connection.settings_dict
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    return f"postgres://{db['USER']}@{host}:{port}/{name}"


def _export(name: str, start: dt.date) -> bytes:
    """``manage.py export_instance`` against database ``name``, in its own process."""
    env = {
        **os.environ,
        "DATABASE_URL": _url(name),
        "DJANGO_SETTINGS_MODULE": "hengdian.settings.test",
    }
    command = [sys.executable, "manage.py", "export_instance", "--start", str(start), "--days", "7"]
    done = subprocess.run(
        command, cwd=Path(settings.BASE_DIR), env=env, capture_output=True, check=True, timeout=600
    )
    return done.stdout


def _count(name: str, table: str) -> int:
    query = f"SELECT count(*) FROM {table}"
    done = subprocess.run(
        ["psql", *_server(), "-d", name, "-Atc", query], capture_output=True, check=True, text=True
    )
    return int(done.stdout)


def test_backup_restore_gives_the_same_instance_export(tmp_path):
    assert connection.vendor == "postgresql"
    start = base_today()
    demo_seed(start=start)
    booking = Booking.objects.exclude(status="cancelled").order_by("pk").first()
    CallFactory(booking=booking, extras_line__scene=booking.scene)  # a call, on record
    source = connection.settings_dict["NAME"]
    before = _export(source, start)
    dump = tmp_path / "hengdian.dump"
    subprocess.run(["pg_dump", *_server(), "-Fc", "-f", str(dump), source], check=True)
    subprocess.run(["dropdb", *_server(), "--if-exists", RESTORED], check=True)
    subprocess.run(["createdb", *_server(), RESTORED], check=True)
    try:
        subprocess.run(
            ["pg_restore", *_server(), "--no-owner", "--exit-on-error", "-d", RESTORED, str(dump)],
            check=True,
        )
        after = _export(RESTORED, start)
        for table in ("scheduling_historicalbooking", "actors_historicalcall", "actors_performer"):
            assert _count(RESTORED, table) == _count(source, table), table
    finally:
        subprocess.run(["dropdb", *_server(), "--if-exists", RESTORED], check=True)
    assert after == before
    document = json.loads(before)
    assert len(document["scenes"]) == Scene.objects.count()
