"""The one way to lock performers: their rows, by primary key, in one statement per chunk.

Every write that gives a performer a place (the guild's assign and swap, a decline's or a
no-show's replacement, a booking move that keeps its called extras, a plan's publication)
locks the performers it is about to check *before* it checks, so two writers that would call
one performer to overlapping scenes queue up and the second sees the first's call. One global
order (ascending primary key) means two writers locking overlapping sets never wait on each
other in a cycle. The order of locks across kinds of rows is: locations, crews, bookings,
performers (calls are only written under their booking's lock).
"""

from __future__ import annotations

from collections.abc import Iterable

from actors.models import Performer

CHUNK = 900  # below SQLite's historical bound on variables per statement


def performers_lock(ids: Iterable[int]) -> list[int]:
    """Lock these performers' rows in ascending primary-key order (inside a transaction);
    the ids locked. Call it once per transaction, with every performer the write relies on."""
    wanted = sorted(set(ids))
    locked: list[int] = []
    for i in range(0, len(wanted), CHUNK):
        rows = Performer.objects.select_for_update().filter(pk__in=wanted[i : i + CHUNK])
        locked += rows.order_by("pk").values_list("pk", flat=True)
    return locked
