"""How the optimiser writes days, times and lists in a reason: Chinese by default, or English.

The solver imports no Django, so it cannot ask for the user's language: the caller passes one
(``solve(..., language=...)``), and the dates come from the instance's ``horizon.start``, so a
person reads "12月7日", not "day 0". A time past midnight is written as a call sheet writes it,
"02:00 (次日)" (``core.shooting_day.call_sheet_time`` on the Django side).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from scheduling.solver.fields import format_minutes

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
# A list of places is cut after this many names ("… 等 12 处" / "and 9 more").
PLACES_NAMED = 3


@dataclass(frozen=True)
class Words:
    """The phrasing of one solve: its language and the date of day 0."""

    language: str
    start: dt.date

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")

    @property
    def zh(self) -> bool:
        return self.language == "zh"

    def pick(self, zh: str, en: str) -> str:
        return zh if self.zh else en

    def date(self, day: int) -> str:
        """ "12月7日" or "7 Dec" for a day index of the horizon."""
        when = self.start + dt.timedelta(days=day)
        return f"{when.month}月{when.day}日" if self.zh else f"{when.day} {when:%b}"

    def days(self, days: Iterable[int]) -> str:
        """Consecutive days as a range ("12月7日至12月8日"), others listed."""
        days = sorted(set(days))
        if not days:
            return self.pick("没有哪一天", "no day")
        if len(days) > 1 and days == list(range(days[0], days[-1] + 1)):
            return self.pick("{}至{}", "{} to {}").format(self.date(days[0]), self.date(days[-1]))
        return self.join(self.date(d) for d in days)

    def time(self, minute: int) -> str:
        """ "22:00", "24:00" at midnight, "02:00 (次日)" past it."""
        if minute <= 24 * 60:
            return format_minutes(minute)
        later = format_minutes(minute - 24 * 60)
        return self.pick(f"{later} (次日)", f"{later} (next day)")

    def span(self, lo: int, hi: int) -> str:
        """ "06:00至18:00" / "06:00-18:00"."""
        return self.pick("{}至{}", "{}-{}").format(self.time(lo), self.time(hi))

    def join(self, items: Iterable[str]) -> str:
        return self.pick("、", ", ").join(items)

    def places(self, places: list[str]) -> str:
        """Up to ``PLACES_NAMED`` names, then how many more."""
        named = self.join(places[:PLACES_NAMED])
        more = len(places) - PLACES_NAMED
        if more <= 0:
            return named
        return self.pick(f"{named} 等 {len(places)} 处", f"{named} and {more} more")
