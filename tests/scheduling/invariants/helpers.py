"""Running ``check_invariants`` as a person does: its lines and its exit code."""

from __future__ import annotations

import io

from django.core.management import call_command


def check(**options) -> tuple[int, list[str]]:
    """(exit code, the lines printed) of ``manage.py check_invariants``."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("check_invariants", stdout=out, stderr=err, **options)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue().splitlines()
