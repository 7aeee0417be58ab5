"""The guild's side of billing: per performer and period, what the crews were charged for
them, what the guild keeps and what the performer is paid.

Read from the same performer-days as the crews' extras lines (``extras.extras_days``), so a
performer's ``charged`` is, fen for fen, the sum of the extras lines naming them on the
crews' statements, and ``guild_keeps + performer_paid == charged``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from actors.models import Performer
from scheduling.billing.extras import extras_days
from scheduling.billing.rates import RateBook
from scheduling.billing.selectors import money

ZERO = Decimal("0.00")


def guild_billing_get(
    *, first: dt.date, last: dt.date, performers: list[Performer] | None = None
) -> dict:
    """Every performer who worked in the period (or ``performers``), with the totals."""
    rate_book = RateBook(first=first, last=last)
    ids = None if performers is None else [p.pk for p in performers]
    days = extras_days(first=first, last=last, rate_book=rate_book, performer_ids=ids)
    by_performer = defaultdict(list)
    for day in days:
        by_performer[day.performer_id].append(day)
    names = dict(Performer.objects.filter(pk__in=by_performer).values_list("pk", "name"))
    rows = []
    for performer_id, worked in sorted(by_performer.items(), key=lambda i: i[1][0].performer):
        rows.append(_performer_row(worked, name=names[performer_id]))
    if performers is not None:  # asked-for performers who did not work: zeros
        seen = {row["performer"] for row in rows}
        rows += [
            _performer_row([], code=p.code, name=p.name) for p in performers if p.code not in seen
        ]
    totals = {
        key: money(sum((Decimal(row[key]) for row in rows), ZERO))
        for key in ("charged", "guild_keeps", "performer_paid")
    }
    return {
        "from": first.isoformat(),
        "to": last.isoformat(),
        "currency": "CNY",
        "performers": rows,
        "totals": totals,
        "rates": rate_book.in_force(),
    }


def _performer_row(days, *, name: str, code: str | None = None) -> dict:
    crews: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for day in days:
        for call in day.calls:
            crews[call.crew] += call.amount
    return {
        "performer": days[0].performer if days else code,
        "name": name,
        "days": [
            {
                "date": day.date.isoformat(),
                "minutes": day.minutes,
                "charged": money(day.gross),
                "guild_keeps": money(day.guild_share),
                "performer_paid": money(day.net),
                "calls": [call.call_id for call in day.calls],
            }
            for day in days
        ],
        "charged": money(sum((d.gross for d in days), ZERO)),
        "guild_keeps": money(sum((d.guild_share for d in days), ZERO)),
        "performer_paid": money(sum((d.net for d in days), ZERO)),
        "by_crew": [{"crew": crew, "charged": money(v)} for crew, v in sorted(crews.items())],
    }
