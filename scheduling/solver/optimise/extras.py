"""The second stage: the guild's performers on each scheduled scene's extras lines.

Per day, scenes whose lines draw on the scarcest pools are staffed first. Each line takes
performers who match it, are free at that time (with the move time between locations) and
are under their daily limit; among the free ones the least worked so far go first, and within
a pool the least versatile and most reliable are tried first (see ``prepare._build_pools``).
"""

from __future__ import annotations

from scheduling.solver.optimise.prepare import Problem


class PerformerBook:
    """Each performer's scenes per day: ``(start, end, location)`` slots and minutes worked."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.busy: dict[tuple[int, int], list[tuple[int, int, int]]] = {}
        self.day_minutes: dict[tuple[int, int], int] = {}
        self.worked = [0] * len(problem.performers)
        self.staff: dict[int, tuple[tuple[int, ...], ...]] = {}

    def free(self, p: int, day: int, start: int, end: int, loc: int, minutes: int) -> bool:
        """Whether performer ``p`` can take a scene at ``loc`` over ``[start, end)`` on ``day``."""
        key = (p, day)
        if self.day_minutes.get(key, 0) + minutes > self.problem.performers[p].max_minutes_per_day:
            return False
        gap = self.problem.gap
        for s2, e2, l2 in self.busy.get(key, ()):
            g = gap(loc, l2)
            if start < e2 + g and s2 < end + g:
                return False
        return not self.problem.performer_fenced[p] or self._rested(p, day, start, end, loc)

    def _rested(self, p: int, day: int, start: int, end: int, loc: int) -> bool:
        """Rest and move time to every scene of the performer's previous and next day."""
        problem = self.problem
        whole, rest, gap = problem.calendar_slots, problem.performer_rest[p], problem.gap
        for _, e2, l2 in self.busy.get((p, day - 1), ()):
            if start + whole - e2 < max(rest, gap(l2, loc)):
                return False
        for s2, _, l2 in self.busy.get((p, day + 1), ()):
            if s2 + whole - end < max(rest, gap(loc, l2)):
                return False
        return True

    def book(self, s: int, day: int, start: int, loc: int, staff) -> None:
        info = self.problem.scenes[s]
        end = start + info.slots
        minutes = info.scene.minutes
        for line_staff in staff:
            for p in line_staff:
                self.busy.setdefault((p, day), []).append((start, end, loc))
                self.day_minutes[(p, day)] = self.day_minutes.get((p, day), 0) + minutes
                self.worked[p] += minutes
        self.staff[s] = tuple(tuple(x) for x in staff)

    def release(self, s: int, day: int, start: int, loc: int) -> None:
        info = self.problem.scenes[s]
        end = start + info.slots
        minutes = info.scene.minutes
        for line_staff in self.staff.pop(s, ()):
            for p in line_staff:
                self.busy[(p, day)].remove((start, end, loc))
                self.day_minutes[(p, day)] -= minutes
                self.worked[p] -= minutes

    def pick(self, s: int, loc: int, day: int, start: int) -> list[list[int]] | None:
        """Performers for every line of scene ``s`` at that place and time, or None."""
        info = self.problem.scenes[s]
        end = start + info.slots
        minutes = info.scene.minutes
        taken: set[int] = set()
        staff: list[list[int]] = []
        for line in info.scene.extras:
            want = line.count
            found: list[int] = []
            reach = 2 * want + 2
            for p in self.problem.pool(line, day):
                if p in taken or not self.free(p, day, start, end, loc, minutes):
                    continue
                found.append(p)
                if len(found) >= reach:
                    break
            if len(found) < want:
                return None
            found.sort(key=lambda p: self.worked[p])
            chosen = found[:want]
            taken.update(chosen)
            staff.append(chosen)
        return staff

    def try_staff(self, s: int, loc: int, day: int, start: int) -> bool:
        """Staff scene ``s`` if its lines can be filled; book the performers when they can."""
        staff = self.pick(s, loc, day, start)
        if staff is None:
            return False
        self.book(s, day, start, loc, staff)
        return True


def scarcity(problem: Problem, s: int, day: int) -> float:
    """How hard a scene's lines are to fill that day (higher is harder)."""
    worst = 0.0
    for line in problem.scenes[s].scene.extras:
        pool = len(problem.pool(line, day))
        worst = max(worst, line.count / pool if pool else float("inf"))
    return worst
