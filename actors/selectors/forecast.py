"""The shortage forecast: extras wanted per day and profile against performers free to come.

Demand on a day, per profile (an extras line's gender, age band, looks and skills):

- booked: the lines of every scene booked (not cancelled) that starts in that shooting day
  (a night from 22:00 to 02:00 is its first date's), all their places, staffed or not: the
  performers already called come out of the same pool;
- waiting: the lines of scenes with no booking in force, spread over the days of the scene's
  window: ``count // days`` places each day, the remainder one each to the earliest days (5
  places over 3 days: 2, 2, 1), so a scene adds its count once over its window, not once per day.

Supply: performers with an availability row that day who fit the profile (gender, age within
the band, every look and skill). A performer counts once per day (a call is a day's work on the
base) but may fit several profiles and then counts in each: the shortfall of a profile is a
floor of whom to recruit, the day's totals (all places against all performers free) a second
check.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from actors.models import Availability, Performer
from core.shooting_day import booking_date, shooting_days_bounds
from crews.models import ExtrasLine, Scene
from scheduling.models import Booking

MAX_FORECAST_DAYS = 62


@dataclass(frozen=True, order=True)
class Profile:
    gender: str
    min_age: int
    max_age: int
    tags: tuple[str, ...]
    skills: tuple[str, ...]

    @classmethod
    def of(cls, line: dict) -> Profile:
        return cls(
            line["gender"],
            line["min_age"],
            line["max_age"],
            tuple(sorted(set(line["tags"]))),
            tuple(sorted(set(line["skills"]))),
        )

    def fits(self, gender: str, age: int, tags: set[str], skills: set[str]) -> bool:
        return (
            (self.gender == ExtrasLine.Gender.ANY or gender == self.gender)
            and self.min_age <= age <= self.max_age
            and set(self.tags) <= tags
            and set(self.skills) <= skills
        )

    def words(self, n: int) -> str:
        """ "40 more women aged 18-30 in ancient-costume with horse-riding"."""
        # Whole phrases per gender and number: the words are translated, not assembled.
        if self.gender == "F":
            text = ngettext(
                "{n} more woman aged {low}-{high}", "{n} more women aged {low}-{high}", n
            )
        elif self.gender == "M":
            text = ngettext("{n} more man aged {low}-{high}", "{n} more men aged {low}-{high}", n)
        else:
            text = ngettext(
                "{n} more extra aged {low}-{high}", "{n} more extras aged {low}-{high}", n
            )
        text = text.format(n=n, low=self.min_age, high=self.max_age)
        if self.tags:
            text = _("{who} in {looks}").format(who=text, looks=", ".join(self.tags))
        if self.skills:
            text = _("{who} with {skills}").format(who=text, skills=", ".join(self.skills))
        return text


def spread(count: int, days: int) -> list[int]:
    """``count`` places over ``days`` days, evenly, the remainder to the earliest days."""
    share, rest = divmod(count, days)
    return [share + (1 if i < rest else 0) for i in range(days)]


def _line_rows(**scene_filter) -> dict[int, list[dict]]:
    rows = ExtrasLine.objects.filter(**scene_filter).values(
        "scene_id", "gender", "min_age", "max_age", "tags", "skills", "count"
    )
    lines: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        lines[row["scene_id"]].append(row)
    return lines


def _demand(first: dt.date, last: dt.date) -> dict[dt.date, dict[Profile, list[int]]]:
    """Per day and profile: [booked places, waiting places]."""
    begin, end = shooting_days_bounds(first, last)
    demand: dict[dt.date, dict[Profile, list[int]]] = defaultdict(
        lambda: defaultdict(lambda: [0, 0])
    )
    in_force = Booking.objects.exclude(status=Booking.Status.CANCELLED)
    booked = in_force.filter(starts_at__gte=begin, starts_at__lt=end).values_list(
        "scene_id", "starts_at"
    )
    days_of = {scene: booking_date(starts) for scene, starts in booked}
    for scene, lines in _line_rows(scene_id__in=list(days_of)).items():
        for line in lines:
            demand[days_of[scene]][Profile.of(line)][0] += line["count"]
    waiting = {
        pk: (opens, closes)
        for pk, opens, closes in Scene.objects.filter(first_date__lte=last, last_date__gte=first)
        .exclude(pk__in=in_force.values("scene_id"))
        .values_list("pk", "first_date", "last_date")
    }
    for scene, lines in _line_rows(scene_id__in=list(waiting)).items():
        opens, closes = waiting[scene]
        span = (closes - opens).days + 1
        for line in lines:
            for i, places in enumerate(spread(line["count"], span)):
                day = opens + dt.timedelta(days=i)
                if places and first <= day <= last:
                    demand[day][Profile.of(line)][1] += places
    return demand


def _supply(first: dt.date, last: dt.date) -> tuple[dict[dt.date, set[int]], dict[int, tuple]]:
    """Performers free each day, and each one's gender, age, looks and skills."""
    free: dict[dt.date, set[int]] = defaultdict(set)
    for performer_id, day in Availability.objects.filter(
        date__gte=first, date__lte=last
    ).values_list("performer_id", "date"):
        free[day].add(performer_id)
    who = set().union(*free.values()) if free else set()
    looks = {
        pk: (gender, age, set(tags), set(skills))
        for pk, gender, age, tags, skills in Performer.objects.filter(pk__in=who).values_list(
            "pk", "gender", "age", "tags", "skills"
        )
    }
    return free, looks


def shortage_forecast(*, first: dt.date, last: dt.date) -> dict:
    """Per day from ``first`` to ``last``: demand and performers free per profile, shortfalls,
    and one sentence per shortfall ("day 3 (2025-08-07): 40 more women aged 18-30 in ...")."""
    demand = _demand(first, last)
    free, looks = _supply(first, last)
    fitting: dict[Profile, set[int]] = {}
    days, messages = [], []
    for n in range((last - first).days + 1):
        day = first + dt.timedelta(days=n)
        profiles = []
        for profile, (booked, waiting) in sorted(demand.get(day, {}).items()):
            if profile not in fitting:
                fitting[profile] = {pk for pk, look in looks.items() if profile.fits(*look)}
            available = len(fitting[profile] & free.get(day, set()))
            short = max(0, booked + waiting - available)
            message = (
                _("day {n} ({day}): {shortage}").format(
                    n=n + 1, day=day, shortage=profile.words(short)
                )
                if short
                else ""
            )
            profiles.append(
                {
                    "gender": profile.gender,
                    "min_age": profile.min_age,
                    "max_age": profile.max_age,
                    "tags": list(profile.tags),
                    "skills": list(profile.skills),
                    "booked": booked,
                    "waiting": waiting,
                    "demand": booked + waiting,
                    "available": available,
                    "shortfall": short,
                    "message": message,
                }
            )
        profiles.sort(key=lambda p: -p["shortfall"])
        messages += [p["message"] for p in profiles if p["shortfall"]]
        total = sum(p["demand"] for p in profiles)
        days.append(
            {
                "date": day,
                "day": n + 1,
                "demand": total,
                "available": len(free.get(day, set())),
                "shortfall": sum(p["shortfall"] for p in profiles),
                "total_shortfall": max(0, total - len(free.get(day, set()))),
                "profiles": profiles,
            }
        )
    return {"from": first, "to": last, "days": days, "messages": messages}
