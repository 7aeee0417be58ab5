"""One broken invariant, as one line an operator (or the soak's log) can act on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from scheduling.selectors.bookings import local_iso


@dataclass(frozen=True)
class Violation:
    """``kind`` (a stable name), the objects involved (``location=L01 bookings=12,13``), the
    instant (ISO 8601 on the base's clock, or a shooting day's date) and what is wrong."""

    kind: str
    objects: str
    at: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind} {self.objects} at {self.at}: {self.detail}"


def instant(moment: dt.datetime | dt.date) -> str:
    """An instant on the base's clock (a date stays a date: a shooting day)."""
    if isinstance(moment, dt.datetime):
        return local_iso(moment)
    return moment.isoformat()


def ids(values) -> str:
    """``12,13``: ids or codes, sorted, comma-separated."""
    return ",".join(str(v) for v in sorted(values))
