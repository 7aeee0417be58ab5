"""Hot sets in a plan: keep each crew within a location's cap per day or week, and measure how
fairly the hot sets' hours went round.

The instance format has no place for caps (the contract's files stay as they are), so a
planning run hands them in beside the plan: ``{location id: HotCap}``. ``hot_caps_keep`` drops,
per crew and period, the assignments past the cap, lowest value per minute first (locked ones
are kept and counted first: they cannot move); what it drops is unscheduled with a detail an
operator can act on. ``hot_fairness`` reports, per crew, the hot minutes it got against the hot
minutes its scenes asked for, and Jain's index of those shares (1.0: all got the same share).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from .model import Assignment, Instance, Plan, Unscheduled
from .words import DEFAULT_LANGUAGE, Words


@dataclass(frozen=True)
class HotCap:
    minutes: int
    period: str  # "day" or "week" (Monday to Sunday)


def _period(instance: Instance, day: int, period: str) -> dt.date:
    date = instance.horizon.start + dt.timedelta(days=day)
    return date if period == "day" else date - dt.timedelta(days=date.weekday())


def _hours(minutes: int, words: Words) -> str:
    whole, rest = divmod(minutes, 60)
    if words.zh:
        return f"{whole} 小时" if not rest else f"{whole} 小时 {rest} 分钟"
    return f"{whole} h" if not rest else f"{whole} h {rest} min"


def _capped(words: Words, location: str, crew: str, cap: HotCap, had: int, since: dt.date) -> str:
    if words.zh:
        per = "每天" if cap.period == "day" else "每周"
        return (
            f"热门场景 {location}：剧组 {crew} {per}最多可用 {_hours(cap.minutes, words)}，"
            f"自 {since.month}月{since.day}日起已用 {_hours(had, words)}"
        )
    per = "day" if cap.period == "day" else "week"
    return (
        f"hot set {location}: crew {crew} may have at most {_hours(cap.minutes, words)} of it "
        f"per {per} and has {_hours(had, words)} from {since}"
    )


def hot_caps_keep(
    instance: Instance,
    plan: Plan,
    caps: dict[str, HotCap],
    used: dict | None = None,
    *,
    language: str = DEFAULT_LANGUAGE,
) -> Plan:
    """``plan`` without the assignments that would take a crew past a hot set's cap.

    ``used``: minutes already taken outside the plan, ``{(crew, location, period start): n}``
    (bookings of the same week outside the horizon)."""
    if not caps:
        return plan
    locked = {k.scene for k in instance.locked}
    scenes = instance.scene_by_id
    crews = instance.crew_by_id

    def order(a: Assignment):
        s = scenes[a.scene]
        density = s.priority * crews[s.crew].priority
        return (a.scene not in locked, -density, a.day, a.start, a.scene)

    words = Words(language, instance.horizon.start)
    taken = dict(used or {})
    kept, dropped = [], []
    for a in sorted(plan.assignments, key=order):
        cap = caps.get(a.location)
        if cap is None:
            kept.append(a)
            continue
        key = (scenes[a.scene].crew, a.location, _period(instance, a.day, cap.period))
        minutes = a.end - a.start
        if a.scene in locked or taken.get(key, 0) + minutes <= cap.minutes:
            taken[key] = taken.get(key, 0) + minutes
            kept.append(a)
            continue
        detail = _capped(words, a.location, key[0], cap, taken.get(key, 0), key[2])
        dropped.append(Unscheduled(a.scene, "not_worth", detail))
    if not dropped:
        return plan
    order_of = {a.scene: i for i, a in enumerate(plan.assignments)}
    kept.sort(key=lambda a: order_of[a.scene])
    return replace(
        plan, assignments=tuple(kept), unscheduled=tuple(plan.unscheduled) + tuple(dropped)
    )


def hot_fairness(instance: Instance, plan: Plan, caps: dict[str, HotCap]) -> dict:
    """Per crew: hot-set minutes planned against the hot-set minutes its scenes asked for (the
    scenes of the horizon that fit a hot location); and Jain's index of the shares."""
    if not caps:
        return {}
    hot = set(caps)
    tags = {loc.id: frozenset(loc.tags) for loc in instance.locations}
    demand: dict[str, int] = {}
    for scene in instance.scenes:
        fits = (
            set(scene.locations)
            if scene.locations is not None
            else {loc for loc in hot if frozenset(scene.location_tags) <= tags[loc]}
        )
        if fits & hot:
            demand[scene.crew] = demand.get(scene.crew, 0) + scene.minutes
    got: dict[str, int] = {}
    for a in plan.assignments:
        if a.location in hot:
            crew = instance.scene_by_id[a.scene].crew
            got[crew] = got.get(crew, 0) + a.end - a.start
    crews = {
        crew: {
            "minutes": got.get(crew, 0),
            "demand": asked,
            "share": round(got.get(crew, 0) / asked, 3),
        }
        for crew, asked in sorted(demand.items())
    }
    shares = [row["share"] for row in crews.values()]
    jain = sum(shares) ** 2 / (len(shares) * sum(s * s for s in shares)) if any(shares) else None
    return {"crews": crews, "jain_index": None if jain is None else round(jain, 3)}
