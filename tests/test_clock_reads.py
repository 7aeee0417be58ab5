"""The product reads "now" through ``django.utils.timezone.now()`` only.

That is the one clock the suite freezes (``tests/clock.py``) and the one a deployment's time zone
settings govern; ``datetime.now()``, ``date.today()`` and friends read the machine's clock and
zone instead, so a check written with them passes or fails by the hour.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("hengdian", "core", "scheduling", "crews", "actors")
# attribute called -> what to use instead
FORBIDDEN = {
    "now": "django.utils.timezone.now()",
    "today": "django.utils.timezone.localdate()",
    "utcnow": "django.utils.timezone.now()",
    "fromtimestamp": "django.utils.timezone.now()",
    "time": "django.utils.timezone.now() (or time.monotonic() for a duration)",
    "localtime": "django.utils.timezone.localtime()",
    "gmtime": "django.utils.timezone.now()",
}
# Receivers whose clock methods are the sanctioned ones.
ALLOWED_RECEIVERS = {"timezone"}


def clock_reads(source: str) -> list[tuple[int, str]]:
    """(line, call) of every call in ``source`` that reads the machine's clock directly."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name, receiver = node.func.attr, node.func.value
        receiver_name = (
            receiver.attr if isinstance(receiver, ast.Attribute) else getattr(receiver, "id", None)
        )
        if name not in FORBIDDEN or receiver_name in ALLOWED_RECEIVERS:
            continue
        if name in ("time", "localtime", "gmtime") and receiver_name != "time":
            continue  # a model's .time(), a datetime's .time(): not a clock read
        if name in ("now", "today", "utcnow", "fromtimestamp") and receiver_name not in (
            "datetime",
            "date",
            "dt",
        ):
            continue
        found.append((node.lineno, f"{receiver_name}.{name}()"))
    return found


def product_files() -> list[Path]:
    return sorted(
        path
        for package in PACKAGES
        if (ROOT / package).is_dir()
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    )


def test_product_reads_the_time_through_django_only():
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {call}, use {FORBIDDEN[call.split('.')[-1][:-2]]}"
        for path in product_files()
        for line, call in clock_reads(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import datetime\ndatetime.datetime.now()", [(2, "datetime.now()")]),
        ("import datetime as dt\ndt.date.today()", [(2, "date.today()")]),
        ("from datetime import datetime\ndatetime.now(tz=None)", [(2, "datetime.now()")]),
        ("import datetime as dt\ndt.datetime.utcnow()", [(2, "datetime.utcnow()")]),
        ("import time\ntime.time()", [(2, "time.time()")]),
        ("from django.utils import timezone\ntimezone.now()", []),
        ("from django.utils import timezone\ntimezone.localdate()", []),
        ("import time\ntime.monotonic()", []),
        ("booking.starts_at.time()", []),
    ],
)
def test_clock_reads_finds_direct_reads_of_the_machine_clock(source, expected):
    assert clock_reads(source) == expected
