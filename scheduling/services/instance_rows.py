"""Set-at-a-time writing for the instance import: upsert by code, replace children that changed.

An L-sized instance (12,000 scenes, 10,000 performers) must import in seconds, so every step
reads what exists in a few chunked queries, compares in memory and writes only the difference
with ``bulk_create`` / ``bulk_update``. Rows that already hold the wanted values are left alone,
which also keeps their primary keys (and the calls hanging off extras lines) across re-imports.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db import models
from django.db.models import Q
from simple_history.utils import bulk_create_with_history

CHUNK = 900  # below SQLite's historical 999 bound variables per statement
BATCH = 500


def chunks(items: Iterable[Any], size: int = CHUNK) -> Iterator[list]:
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i : i + size]


def by_code(model: type[models.Model], codes: Iterable[str]) -> dict[str, models.Model]:
    """The objects of ``model`` with these codes, by code."""
    out: dict[str, models.Model] = {}
    for chunk in chunks(codes):
        out.update({obj.code: obj for obj in model.objects.filter(code__in=chunk)})
    return out


def upsert(
    model: type[models.Model],
    rows: dict[str, dict[str, Any]],
    existing: dict[str, models.Model],
    counts: Counter,
) -> dict[str, models.Model]:
    """Create or update one object per code so its fields hold ``rows[code]``; all by code."""
    new, changed = [], []
    fields: set[str] = set()
    out = dict(existing)
    for code, values in rows.items():
        obj = existing.get(code)
        if obj is None:
            obj = model(code=code, **values)
            new.append(obj)
            out[code] = obj
            continue
        differing = [f for f, value in values.items() if getattr(obj, f) != value]
        if differing:
            for f in differing:
                setattr(obj, f, values[f])
            fields.update(differing)
            changed.append(obj)
    model.objects.bulk_create(new, batch_size=BATCH)
    if changed:
        model.objects.bulk_update(changed, sorted(fields), batch_size=BATCH)
    counts.update(
        created=len(new), updated=len(changed), unchanged=len(rows) - len(new) - len(changed)
    )
    return out


def load_children(
    model: type[models.Model],
    parent: str,
    parent_ids: Iterable[int],
    fields: tuple[str, ...],
    *,
    where: Q | None = None,
    order: tuple[str, ...] = ("pk",),
) -> dict[int, list[tuple]]:
    """Child rows of each parent as tuples of ``fields``, in ``order``."""
    out: dict[int, list[tuple]] = {}
    for chunk in chunks(parent_ids):
        rows = model.objects.filter(**{f"{parent}__in": chunk})
        if where is not None:
            rows = rows.filter(where)
        for parent_id, *values in rows.order_by(*order).values_list(parent, *fields):
            out.setdefault(parent_id, []).append(tuple(values))
    return out


def replace_children(
    model: type[models.Model],
    parent: str,
    desired: dict[int, list[tuple]],
    existing: dict[int, list[tuple]],
    build: Callable[[int, tuple], models.Model],
    counts: Counter,
    *,
    where: Q | None = None,
) -> list[int]:
    """Replace the children of every parent whose rows differ from ``desired``; returns them."""
    changed = [p for p, rows in desired.items() if rows != existing.get(p, [])]
    for chunk in chunks([p for p in changed if existing.get(p)]):
        stale = model.objects.filter(**{f"{parent}__in": chunk})
        if where is not None:
            stale = stale.filter(where)
        stale.delete()
    changed_set = set(changed)
    new = [build(p, row) for p in changed for row in desired[p]]
    if hasattr(model, "history"):  # an audited model (calls): each new row on record too
        bulk_create_with_history(new, model, batch_size=BATCH)
    else:
        model.objects.bulk_create(new, batch_size=BATCH)
    counts.update(
        created=len(new),
        deleted=sum(len(existing.get(p, [])) for p in changed),
        unchanged=sum(len(rows) for p, rows in desired.items() if p not in changed_set),
    )
    return changed


def stay_dates(start: dt.date, days: int, first_day: int, last_day: int, current) -> tuple:
    """The dates of a day window; an edge at the horizon's edge keeps a stored date beyond it,
    so importing an exported week does not cut a month-long stay down to that week."""
    first = start + dt.timedelta(days=first_day)
    last = start + dt.timedelta(days=last_day)
    if current is not None:
        if first_day == 0 and current.first_date < first:
            first = current.first_date
        if last_day == days - 1 and current.last_date > last:
            last = current.last_date
    return first, last
