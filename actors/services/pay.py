"""Performers' pay: hours from check-in to release, by the guild's rates, less the guild's share.

The rules (all in settings, money in Decimal yuan):

- A day's worked time is the union of its calls' check-in..release spans, so two overlapping
  calls are not paid twice and a gap between two calls is not paid. A call belongs to the
  shooting day of its booking (``core.shooting_day``): a night call from 22:00 to 02:00, or one
  at 01:00 of that night, is paid on the first date, and its minutes on both sides of midnight
  are one day's, overtime included.
- Any day with worked time pays the day rate (GUILD_DAY_RATE_YUAN, 135) in full: the guild's
  notices offer a day ("135 yuan for 10 h"), not an hourly wage.
- Time beyond GUILD_DAY_HOURS (10) is overtime, counted in started units of
  GUILD_OVERTIME_UNIT_MINUTES (60: 2 h 30 min over is 3 hours) at GUILD_OVERTIME_YUAN_PER_HOUR
  (13.5) per hour. 12.5 h -> 135 + 3 x 13.5 = 175.50.
- The guild keeps GUILD_SHARE_PERCENT (10%) of each day's pay, rounded half-up to the fen:
  175.50 -> 17.55 kept, 157.95 paid.
- Only released calls are paid; calls checked in but not released yet are counted as open.
- The figures above are defaults: the base's tariff (``scheduling.billing``, rows valid from a
  shooting day) sets them per day, as it does for the crews' extras lines.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from actors.models import Call, Performer
from core.shooting_day import booking_date, shooting_days_bounds
from scheduling.billing.rates import RateBook

FEN = Decimal("0.01")
MAX_PERIOD_DAYS = 366


@dataclass(frozen=True)
class PayRules:
    day_rate: Decimal
    day_hours: int
    overtime_per_hour: Decimal
    overtime_unit_minutes: int
    share_percent: Decimal

    @classmethod
    def from_settings(cls) -> PayRules:
        return cls(
            day_rate=Decimal(settings.GUILD_DAY_RATE_YUAN),
            day_hours=settings.GUILD_DAY_HOURS,
            overtime_per_hour=Decimal(settings.GUILD_OVERTIME_YUAN_PER_HOUR),
            overtime_unit_minutes=settings.GUILD_OVERTIME_UNIT_MINUTES,
            share_percent=Decimal(settings.GUILD_SHARE_PERCENT),
        )


@dataclass
class PayDay:
    """One day of a pay sheet."""

    date: dt.date
    scenes: list[str]
    minutes: int
    overtime_minutes: int
    base: Decimal
    overtime: Decimal
    gross: Decimal
    guild_share: Decimal
    net: Decimal


@dataclass
class PaySheet:
    """A performer's pay for a period, day by day."""

    performer: Performer
    first: dt.date
    last: dt.date
    days: list[PayDay] = field(default_factory=list)
    open_calls: int = 0

    @property
    def minutes(self) -> int:
        return sum(d.minutes for d in self.days)

    def total(self, name: str) -> Decimal:
        return sum((getattr(d, name) for d in self.days), Decimal("0.00"))


def day_pay(*, minutes: int, rules: PayRules) -> tuple[int, Decimal, Decimal, Decimal, Decimal]:
    """Overtime minutes counted, overtime pay, gross, the guild's share and net for one day."""
    if minutes <= 0:
        zero = Decimal("0.00")
        return 0, zero, zero, zero, zero
    over = max(0, minutes - rules.day_hours * 60)
    units = math.ceil(over / rules.overtime_unit_minutes)
    counted = units * rules.overtime_unit_minutes
    overtime = (rules.overtime_per_hour * counted / 60).quantize(FEN, ROUND_HALF_UP)
    gross = (rules.day_rate + overtime).quantize(FEN, ROUND_HALF_UP)
    share = (gross * rules.share_percent / 100).quantize(FEN, ROUND_HALF_UP)
    return counted, overtime, gross, share, gross - share


def _union_minutes(spans: list[tuple[dt.datetime, dt.datetime]]) -> int:
    """Whole minutes covered by the spans together (overlaps counted once)."""
    total, end = dt.timedelta(), None
    for begin, finish in sorted(spans):
        if end is None or begin >= end:
            total += finish - begin
            end = finish
        elif finish > end:
            total += finish - end
            end = finish
    return int(total.total_seconds() // 60)


def pay_sheets(
    *, first: dt.date, last: dt.date, performers=None, rules: PayRules | None = None
) -> list[PaySheet]:
    """Pay sheets of the period for ``performers`` (a queryset; default: all who worked)."""
    # The base's tariff by shooting day (scheduling.billing: settings until a row says
    # otherwise), so the pay sheets and the crews' extras lines use the same rates.
    rate_book = None if rules is not None else RateBook(first=first, last=last)
    begin, end = shooting_days_bounds(first, last)
    calls = Call.objects.filter(
        checked_in_at__isnull=False, booking__starts_at__gte=begin, booking__starts_at__lt=end
    )
    if performers is not None:
        calls = calls.filter(performer__in=performers)
    rows = calls.values_list(
        "performer_id",
        "state",
        "checked_in_at",
        "released_at",
        "booking__scene__code",
        "booking__starts_at",
    ).order_by("checked_in_at", "pk")
    worked: dict[int, dict[dt.date, list]] = {}
    open_calls: dict[int, int] = {}
    for performer_id, state, checked_in_at, released_at, scene, starts_at in rows:
        if state != Call.State.RELEASED or released_at is None:
            open_calls[performer_id] = open_calls.get(performer_id, 0) + 1
            continue
        day = booking_date(starts_at)
        worked.setdefault(performer_id, {}).setdefault(day, []).append(
            (checked_in_at, released_at, scene)
        )
    wanted = (
        performers
        if performers is not None
        else Performer.objects.filter(pk__in=set(worked) | set(open_calls))
    )
    sheets = []
    for performer in wanted.order_by("code"):
        sheet = PaySheet(performer, first, last, open_calls=open_calls.get(performer.pk, 0))
        for day, spans in sorted(worked.get(performer.pk, {}).items()):
            minutes = _union_minutes([(a, b) for a, b, _ in spans])
            day_rules = rules or rate_book.for_day(day).pay_rules()
            counted, overtime, gross, share, net = day_pay(minutes=minutes, rules=day_rules)
            base = gross - overtime
            scenes = sorted({s for _, _, s in spans})
            sheet.days.append(
                PayDay(day, scenes, minutes, counted, base, overtime, gross, share, net)
            )
        sheets.append(sheet)
    return sheets


CSV_HEADER = [
    "performer",
    "name",
    "date",
    "scenes",
    "hours",
    "overtime_hours",
    "day_rate",
    "overtime",
    "gross",
    "guild_share",
    "net",
]


def pay_sheet_rows(sheets: list[PaySheet]) -> list[list[str]]:
    """Rows of the CSV export: one per performer and day, money with two decimals."""
    rows = [CSV_HEADER]
    for sheet in sheets:
        for d in sheet.days:
            rows.append(
                [
                    sheet.performer.code,
                    sheet.performer.name,
                    d.date.isoformat(),
                    " ".join(d.scenes),
                    _hours(d.minutes),
                    _hours(d.overtime_minutes),
                    f"{d.base:.2f}",
                    f"{d.overtime:.2f}",
                    f"{d.gross:.2f}",
                    f"{d.guild_share:.2f}",
                    f"{d.net:.2f}",
                ]
            )
    return rows


def _hours(minutes: int) -> str:
    return f"{Decimal(minutes) / 60:.2f}"
