"""Which rates charge a shooting day: the tariff row in force that day, else the settings'."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from scheduling.billing.models import Tariff


@dataclass(frozen=True)
class Rates:
    """One set of rates; ``valid_from`` is None for the defaults of settings."""

    valid_from: dt.date | None
    day_rate: Decimal
    day_hours: int
    overtime_per_hour: Decimal
    guild_share_percent: Decimal
    cancellation_notice_hours: int
    cancellation_share_percent: Decimal

    @classmethod
    def defaults(cls) -> Rates:
        return cls(
            valid_from=None,
            day_rate=Decimal(settings.GUILD_DAY_RATE_YUAN),
            day_hours=settings.GUILD_DAY_HOURS,
            overtime_per_hour=Decimal(settings.GUILD_OVERTIME_YUAN_PER_HOUR),
            guild_share_percent=Decimal(settings.GUILD_SHARE_PERCENT),
            cancellation_notice_hours=settings.BILLING_CANCELLATION_NOTICE_HOURS,
            cancellation_share_percent=Decimal(settings.BILLING_CANCELLATION_SHARE_PERCENT),
        )

    @classmethod
    def of(cls, tariff: Tariff) -> Rates:
        return cls(
            valid_from=tariff.valid_from,
            day_rate=Decimal(tariff.day_rate),
            day_hours=tariff.day_hours,
            overtime_per_hour=Decimal(tariff.overtime_per_hour),
            guild_share_percent=Decimal(tariff.guild_share_percent),
            cancellation_notice_hours=tariff.cancellation_notice_hours,
            cancellation_share_percent=Decimal(tariff.cancellation_share_percent),
        )

    def pay_rules(self):
        """The guild's pay rules at these rates: the extras line is the guild's gross pay."""
        # Imported here: the guild's pay sheets read their rates from this module too.
        from actors.services.pay import PayRules

        return PayRules(
            day_rate=self.day_rate,
            day_hours=self.day_hours,
            overtime_per_hour=self.overtime_per_hour,
            overtime_unit_minutes=settings.GUILD_OVERTIME_UNIT_MINUTES,
            share_percent=self.guild_share_percent,
        )

    def as_json(self) -> dict:
        return {
            "valid_from": self.valid_from.isoformat() if self.valid_from else None,
            "extras_day_rate": f"{self.day_rate:.2f}",
            "extras_day_hours": self.day_hours,
            "extras_overtime_per_started_hour": f"{self.overtime_per_hour:.2f}",
            "guild_share_percent": f"{self.guild_share_percent:.2f}",
            "cancellation_notice_hours": self.cancellation_notice_hours,
            "cancellation_share_percent": f"{self.cancellation_share_percent:.2f}",
        }


class RateBook:
    """The rates of every shooting day of a period, read once."""

    def __init__(self, *, first: dt.date, last: dt.date):
        self.first, self.last = first, last
        rows = Tariff.objects.filter(valid_from__lte=last).order_by("valid_from")
        self._periods: list[Rates] = [Rates.defaults()] + [Rates.of(row) for row in rows]

    def for_day(self, day: dt.date) -> Rates:
        """The rates charging shooting day ``day``: the last row valid from it or before."""
        found = self._periods[0]
        for rates in self._periods[1:]:
            if rates.valid_from <= day:
                found = rates
        return found

    def in_force(self) -> list[dict]:
        """Each set of rates in force on some day of the period, with the days it covers."""
        windows = []
        for index, rates in enumerate(self._periods):
            begins = rates.valid_from or dt.date.min
            following = self._periods[index + 1 :]
            ends = following[0].valid_from - dt.timedelta(days=1) if following else dt.date.max
            applied_from, applied_to = max(begins, self.first), min(ends, self.last)
            if applied_from <= applied_to:
                windows.append(
                    {
                        **rates.as_json(),
                        "applied_from": applied_from.isoformat(),
                        "applied_to": applied_to.isoformat(),
                    }
                )
        return windows
