"""Why a scene is left out: the contract's reason code and a sentence an operator can act on.

Every sentence states only what the final plan shows (issue 20: a scene whose crew's days were
full was said to find every café booked while three stood empty). The branches, in order:
what no plan could change (days, tags, the crew's longest day, closures, the guild), then the
plan: room, crew and extras at once (the extras are short); room while the crew rests; room
while the crew's day is taken by its other scenes; no room at all (the sets are booked).
Sentences are in ``words.language`` with the horizon's dates (``scheduling.solver.words``).
"""

from __future__ import annotations

from scheduling.solver.model import ExtrasLine
from scheduling.solver.optimise.extras import PerformerBook
from scheduling.solver.optimise.prepare import Problem
from scheduling.solver.optimise.state import PlanState
from scheduling.solver.words import Words


def _where(problem: Problem, s: int, words: Words) -> str:
    """'location tagged hospital-ward' / '标签为 hospital-ward 的场景', or the named sets."""
    scene = problem.scenes[s].scene
    if scene.locations is not None:
        ids = words.join(scene.locations)
        return words.pick(f"场景 {ids} 中的任何一处", f"location of {ids}")
    if not scene.location_tags:
        return words.pick("场景", "location")
    tags = " + ".join(scene.location_tags)
    return words.pick(f"标签为 {tags} 的场景", f"location tagged {tags}")


def _hours(problem: Problem, s: int, words: Words) -> str:
    scene = problem.scenes[s].scene
    h = problem.instance.horizon
    lo = h.night_from if scene.time_of_day == "night" else h.day_start
    hi = h.night_from if scene.time_of_day == "day" else h.day_end
    return words.span(lo, hi)


def line_words(line: ExtrasLine, words: Words) -> str:
    """'8 female extras aged 18-35 tagged ancient-costume with horse-riding' and the like."""
    if words.zh:
        who = {"F": "女", "M": "男"}.get(line.gender, "")
        text = f"{line.count} 名{who}群演（{line.min_age}-{line.max_age} 岁"
        if line.tags:
            text += "，标签 " + "+".join(line.tags)
        if line.skills:
            text += "，技能 " + "+".join(line.skills)
        return text + "）"
    who = {"F": "female ", "M": "male "}.get(line.gender, "")
    noun = "extra" if line.count == 1 else "extras"
    text = f"{line.count} {who}{noun} aged {line.min_age}-{line.max_age}"
    if line.tags:
        text += " tagged " + "+".join(line.tags)
    if line.skills:
        text += " with " + "+".join(line.skills)
    return text


def _shortage(problem: Problem, book: PerformerBook, s: int, words: Words) -> str | None:
    """The scarcest line on the day closest to being staffed: how many needed, how many free."""
    info = problem.scenes[s]
    best = None
    for day in info.days:
        worst = None
        for line in info.scene.extras:
            pool = problem.pool(line, day)
            free = sum(1 for p in pool if book.day_minutes.get((p, day), 0) == 0)
            if worst is None or free - line.count < worst[0]:
                worst = (free - line.count, day, line, free, len(pool))
        if worst is not None and (best is None or worst[0] > best[0]):
            best = worst
    if best is None or (best[0] >= 0 and info.staffable_days):
        return None
    _, day, line, free, pool = best
    return words.pick(
        f"{words.date(day)}需要 {line_words(line, words)}：当天符合条件且可出工的有 {pool} 人，"
        f"其中尚未被叫的 {free} 人：请放宽这一行的要求或增加群演",
        f"needs {line_words(line, words)} on {words.date(day)}: {pool} match and are available "
        f"that day, {free} are not called yet: relax the line or bring in more performers",
    )


def explain(
    problem: Problem, state: PlanState, book: PerformerBook, s: int, words: Words
) -> tuple[str, str]:
    """The reason code and sentence for an unscheduled scene, judged on the final plan."""
    info = problem.scenes[s]
    scene = info.scene
    crew_id = problem.crew_ids[info.crew]
    where = _where(problem, s, words)
    if not info.days:
        days = words.pick("{}至{}", "{} to {}").format(
            words.date(scene.first_day), words.date(scene.last_day)
        )
        return "crew_window", words.pick(
            f"场次可拍日期 {days} 不在剧组 {crew_id} 的拍摄日期或本次排期之内："
            "请放宽场次或剧组的日期",
            f"the scene's days {days} lie outside crew {crew_id}'s days or the horizon: "
            "widen the scene's or the crew's days",
        )
    if not info.locations:
        return "no_location", words.pick(
            f"基地没有{where}：请给一处场景加上所需标签",
            f"no {where} exists on the base: tag a set for it",
        )
    span = problem.crew_span[info.crew] * problem.slot
    if info.slots > problem.crew_span[info.crew]:
        return "crew_window", words.pick(
            f"剧组 {crew_id} 一天最长 {span} 分钟，短于该场次的 {scene.minutes} 分钟："
            "请拆分场次或延长剧组的工作日",
            f"crew {crew_id}'s longest day ({span} minutes) is shorter than the scene "
            f"({scene.minutes} minutes): split the scene or lengthen the crew's day",
        )
    hours, days = _hours(problem, s, words), words.days(info.days)
    if not info.static_starts:
        return "no_time", words.pick(
            f"{days} {hours} 没有连续开放 {scene.minutes} 分钟的{where}："
            "请解除关闭，或放宽场次的日期或时段",
            f"no {where} is open for {scene.minutes} minutes between {hours} on {days}: "
            "lift a closure or widen the scene's days or time of day",
        )
    if not info.staffable_days:
        shortage = _shortage(problem, book, s, words)
        return "extras_shortage", shortage or words.pick("群演不足", "extras are short")
    return _judged_on_the_plan(problem, state, book, s, words)


def _judged_on_the_plan(
    problem: Problem, state: PlanState, book: PerformerBook, s: int, words: Words
) -> tuple[str, str]:
    info = problem.scenes[s]
    crew_id = problem.crew_ids[info.crew]
    where, hours = _where(problem, s, words), _hours(problem, s, words)
    fits = [d for d in info.staffable_days if any(state.starts(s, x, d) for x in info.locations)]
    if fits:
        return "extras_shortage", _shortage(problem, book, s, words) or words.pick(
            f"{words.days(fits)}有空闲的{where}，剧组也有空，但符合条件的群演在这些时间不够"
            "（已被叫去别的场次、在休息或在路上）：请调整别的场次或增加群演",
            f"a {where} and the crew are free on {words.days(fits)}, but too few of the "
            "guild's matching extras are free then (called to other scenes, resting or "
            "travelling): move another scene or add performers",
        )
    free = _free_places(problem, state, s)
    if not free:
        days = words.days(info.staffable_days)
        return "not_worth", words.pick(
            f"{days} {hours} 所有{where}都已被其他场次占用：请提高优先级、放宽日期或腾出一处场景",
            f"every {where} is booked between {hours} on {days} by other scenes: raise its "
            "priority, widen its days or free a set",
        )
    resting = [d for d in free if state.crew_block(info.crew, d) is None]
    if resting:
        rest = problem.instance.crews[info.crew].min_rest_minutes
        days = words.days(resting)
        return "crew_window", words.pick(
            f"{days}有空闲的{where}，但只在剧组 {crew_id} 休息（{rest} 分钟）或在相邻拍摄日之间"
            "转场的时候：请调整剧组前一天或后一天的场次，或缩短休息",
            f"a {where} is free on {days} only while crew {crew_id} rests ({rest} minutes) or "
            "drives between its neighbouring shooting days: move the crew's scenes of the day "
            "before or after, or shorten its rest",
        )
    return "crew_window", _crew_busy(problem, state, s, free, words)


def _free_places(problem: Problem, state: PlanState, s: int) -> dict[int, list[int]]:
    """Day -> fitting locations with room for the scene in the plan (crew aside)."""
    info = problem.scenes[s]
    free: dict[int, list[int]] = {}
    for day in info.staffable_days:
        rooms = [x for x in info.locations if state.location_starts(s, x, day)]
        if rooms:
            free[day] = rooms
    return free


def _crew_busy(
    problem: Problem, state: PlanState, s: int, free: dict[int, list[int]], words: Words
) -> str:
    """Sets have room, but on each such day the crew's other scenes leave it none."""
    info = problem.scenes[s]
    crew_id = problem.crew_ids[info.crew]
    by_id = problem.instance.location_by_id
    rooms = sorted({x for xs in free.values() for x in xs})
    names = [f"{by_id[problem.location_ids[x]].name} ({problem.location_ids[x]})" for x in rooms]
    places, days, hours = words.places(names), words.days(free), _hours(problem, s, words)
    blocks = []
    for day in sorted(free):
        lo, hi = state.crew_block(info.crew, day)
        blocks.append(f"{words.date(day)} {words.span(problem.minute(lo), problem.minute(hi))}")
    taken = words.pick("；", "; ").join(blocks)
    span = problem.crew_span[info.crew] * problem.slot
    rests = problem.crew_fenced[info.crew]
    return words.pick(
        f"{days} {hours} {places} 有空，但剧组 {crew_id} 当天已排其他场次（{taken}），"
        f"一天最长 {span} 分钟，还须留出转场{'和休息' if rests else ''}时间："
        "请调整或取消它的其他场次，或延长剧组的工作日",
        f"{places} {'is' if len(names) == 1 else 'are'} free between {hours} on {days}, but "
        f"crew {crew_id}'s other scenes take its day there ({taken}) and its day lasts at "
        f"most {span} minutes with moves between sets{' and its rest' if rests else ''}: "
        "move or drop another of its scenes, or lengthen its day",
    )
