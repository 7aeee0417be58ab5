"""The optimiser's entry point: greedy, large-neighbourhood search, extras, repair, reasons."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from scheduling.solver.model import Assignment, Instance, Plan, Unscheduled
from scheduling.solver.optimise.batches import plan_by_batches
from scheduling.solver.optimise.beam import beam_sweep
from scheduling.solver.optimise.extras import PerformerBook, scarcity
from scheduling.solver.optimise.greedy import (
    greedy_order,
    location_pressure,
    place_greedily,
    warm_start,
)
from scheduling.solver.optimise.lns import crew_sweep, search, sweep_order
from scheduling.solver.optimise.prepare import Problem, matches, prepare
from scheduling.solver.optimise.reasons import explain
from scheduling.solver.optimise.regroup import regroup_order, regroup_sweep
from scheduling.solver.optimise.state import PlanState
from scheduling.solver.words import DEFAULT_LANGUAGE, Words


@dataclass(frozen=True)
class Progress:
    phase: str
    best_value: int
    bound: int | None
    elapsed: float


@dataclass(frozen=True)
class SolveResult:
    status: str
    plan: Plan
    value: int
    bound: int | None


# The share of the search's work given to the crew sweep (after the rebuilds), on instances of
# at most SWEEP_MAX_SCENES scenes. Measured with the same work budget (bench/results/solver.md):
# on S a half raised the value from 0.933 to 0.944 of the bound (seeds 1-3); on M it lowered it
# (0.937 to 0.936 with a fifth, 0.933 with a half), where the rebuilds' steps earn more.
SWEEP_SHARE = 0.5
SWEEP_MAX_SCENES = 1000
# Above that size the search begins with the regroup passes (``regroup``): each crew of more
# than one day that leaves scenes out, the most value first, has its scenes shared out among
# its days again by a small CP-SAT model and its days planned anew by the beam, kept when they
# earn more; REGROUP_PASSES passes on REGROUP_SHARE of the work budget. It ends with the beam
# sweep (``beam``): the crew-days with scenes left out, the most value first, each planned
# again as a whole, in passes keeping more partial days per slot each time (BEAM_WIDTHS), on
# BEAM_SHARE of the budget and what the regroup passes leave. Measured (seed 1, the same total
# work, README's optimiser section): without regrouping, the beam on 35% and the rebuilds on
# the rest, M 614,250 (night 612,450), L 3,545,100 (3,539,130); regrouping on 80% in two
# passes (the model at linearization level 2) and the beam on the rest: M 621,360 (619,530),
# L 3,626,640 (3,616,860). Re-plans (an earlier plan to keep) skip both.
BEAM_WIDTHS = (4, 16, 64)
BEAM_SHARE = 0.2
REGROUP_SHARE = 0.8
REGROUP_PASSES = 2
REGROUP_WIDTH = 4


class _Run:
    """One solve: the shared state and the progress reporting."""

    def __init__(
        self, instance: Instance, time_limit: float, progress, bound, t0: float, words: Words
    ) -> None:
        self.t0 = t0
        self.words = words
        self.seconds: dict[str, float] = {"bound": round(time.monotonic() - t0, 3)}
        self.time_limit = time_limit
        self.progress = progress
        self.bound = bound
        self.problem: Problem = prepare(instance)
        self.state = PlanState(self.problem)
        self.book = PerformerBook(self.problem)
        idx = self.problem.scene_index
        loc_idx = {x: i for i, x in enumerate(self.problem.location_ids)}
        self.performer_index = {p.id: i for i, p in enumerate(self.problem.performers)}
        # Bookings naming an unknown scene or location cannot be kept (the file parser refuses
        # them; objects built in code may carry them): earlier ones are ignored.
        self.previous = {
            idx[p.scene]: (loc_idx[p.location], p.day, self.problem.to_slot(p.start))
            for p in instance.previous
            if p.scene in idx and p.location in loc_idx
        }
        self.locked = {
            idx[k.scene]: (loc_idx[k.location], k.day, self.problem.to_slot(k.start), k)
            for k in instance.locked
            if k.scene in idx and k.location in loc_idx
        }
        self.conflicts: list[int] = []
        self.last_phase, self.last_report = "", 0.0

    def elapsed(self) -> float:
        return time.monotonic() - self.t0

    def lap(self, phase: str) -> None:
        """Note the seconds spent since the previous lap (for the plan's stats)."""
        self.seconds[phase] = round(self.elapsed() - sum(self.seconds.values()), 3)

    def report(self, phase: str) -> None:
        """Tell the caller; during the search at most four times a second."""
        if self.progress is None:
            return
        now = self.elapsed()
        if phase == self.last_phase and now - self.last_report < 0.25:
            return
        self.last_phase, self.last_report = phase, now
        self.progress(Progress(phase, self.state.value, self.bound, now))


def _place_locked(run: _Run) -> None:
    """Book every locked scene exactly; a booking that breaks a rule is a conflict."""
    state, problem, book = run.state, run.problem, run.book
    h = problem.instance.horizon
    for s, (loc, day, start, k) in sorted(run.locked.items()):
        info = problem.scenes[s]
        on_grid = (k.start - h.day_start) % problem.slot == 0 and start >= 0
        if not on_grid or day not in info.days or not state.starts(s, loc, day) >> start & 1:
            run.conflicts.append(s)
            continue
        state.add(s, loc, day, start)
    # Named performers first, so the plan's own choices work around them.
    for s, (loc, day, start, k) in sorted(run.locked.items()):
        if s in state.place and k.performers is not None:
            staff = _named_staff(run, s, k)
            if staff is None:
                state.remove(s)
                run.conflicts.append(s)
            else:
                book.book(s, day, start, loc, staff)
    open_lines = [s for s in run.locked if s in state.place and s not in book.staff]
    open_lines.sort(key=lambda s: (-scarcity(problem, s, run.locked[s][1]), s))
    for s in open_lines:
        loc, day, start, _ = run.locked[s]
        if not book.try_staff(s, loc, day, start):
            state.remove(s)
            run.conflicts.append(s)


def _named_staff(run: _Run, s: int, k) -> list[list[int]] | None:
    """The locked booking's own performers, if they fit its lines and are free; else None."""
    problem, book = run.problem, run.book
    lines = problem.scenes[s].scene.extras
    loc, day, start, _ = run.locked[s]
    end = start + problem.scenes[s].slots
    if len(k.performers) != len(lines):
        return None
    staff = []
    seen: set[int] = set()
    for line, names in zip(lines, k.performers, strict=True):
        people = [run.performer_index.get(name) for name in names]
        if len(people) != line.count or None in people:
            return None
        for p in people:
            who = problem.performers[p]
            fits = matches(who, line) and day in who.available_days
            free = book.free(p, day, start, end, loc, problem.scenes[s].scene.minutes)
            if p in seen or not fits or not free:
                return None
            seen.add(p)
        staff.append(people)
    return staff


def solve(
    instance: Instance,
    *,
    time_limit: float,
    seed: int = 0,
    progress: Callable[[Progress], None] | None = None,
    workers: int = 2,
    language: str = DEFAULT_LANGUAGE,
    work: float | None = None,
) -> SolveResult:
    """Plan an instance within about ``time_limit`` seconds; deterministic for a seed.

    ``language`` ("zh" or "en") is the one the reasons for scenes left out are written in.
    ``work`` fixes the search's work budget (units of about a second on a quiet two-core
    machine; by default the share of ``time_limit`` the search gets): the same seed and work
    give the same plan on a machine of any speed, as long as ``time_limit`` is not reached."""
    t0 = time.monotonic()
    words = Words(language, instance.horizon.start)
    bound = _bound(instance, time_limit)
    run = _Run(instance, time_limit, progress, bound, t0, words)
    run.lap("prepare")
    problem, state, book = run.problem, run.state, run.book
    _place_locked(run)
    fixed = set(run.locked)
    pressure = location_pressure(problem)
    warm_start(state, run.previous, fixed, accept=book.try_staff)
    plan_by_batches(state, book, [s for s in state.left_out() if s not in fixed])
    order = greedy_order(problem, [s for s in state.left_out() if s not in fixed])
    place_greedily(state, order, pressure=pressure, previous=run.previous, accept=book.try_staff)
    run.lap("greedy")
    run.report("greedy")
    _improve(run, fixed, seed, workers, work)
    # A last pass for anything the search left out that now fits somewhere.
    order = greedy_order(problem, [s for s in state.left_out() if s not in fixed])
    place_greedily(state, order, pressure=pressure, previous=run.previous, accept=book.try_staff)
    run.lap("search")
    run.report("done")
    plan = _plan(run)
    status = "infeasible_input" if run.conflicts else _status(run, bound)
    return SolveResult(status=status, plan=plan, value=state.value, bound=bound)


def _improve(run: _Run, fixed: set[int], seed: int, workers: int, work: float | None) -> None:
    n = len(run.problem.scenes)
    # The budget must not depend on the clock (determinism): the time the greedy stages and
    # the output take is estimated from the size; the deadline is only a safety stop.
    reserve = 0.3 + n * 0.001
    budget = max(0.0, run.time_limit * 0.65 - reserve - n * 0.002) if work is None else work
    deadline = run.t0 + run.time_limit - reserve
    kwargs = {"previous": run.previous, "fixed": fixed, "seed": seed, "deadline": deadline}
    share = SWEEP_SHARE if n <= SWEEP_MAX_SCENES else 0.0
    beam = budget * BEAM_SHARE if n > SWEEP_MAX_SCENES and not run.previous else 0.0
    # The regroup passes first, then the beam sweep; on these bases the rebuilds get nothing.
    regroup = budget * REGROUP_SHARE if beam else 0.0
    rebuilds = budget * (1 - share) - beam - regroup
    for _ in range(REGROUP_PASSES if regroup else 0):
        spent = regroup_sweep(
            run.state,
            run.book,
            regroup_order(run.state, fixed),
            fixed=fixed,
            width=REGROUP_WIDTH,
            budget=regroup,
            deadline=deadline,
            seed=seed,
        )
        regroup -= spent
        run.report("search")
        if regroup <= 0:
            break
    # What the regroup passes leave (they run out of crews) goes to the beam sweep.
    beam += max(0.0, regroup)
    search(
        run.state,
        run.book,
        budget=max(0.0, rebuilds),
        workers=workers,
        on_step=lambda: run.report("search"),
        **kwargs,
    )
    crew_sweep(
        run.state,
        run.book,
        budget=budget * share,
        on_step=lambda: run.report("search"),
        **kwargs,
    )
    for width in BEAM_WIDTHS if beam else ():
        beam -= beam_sweep(
            run.state,
            run.book,
            sweep_order(run.state, fixed),
            fixed=fixed,
            width=width,
            budget=beam,
            deadline=deadline,
        )
        run.report("search")
        if beam <= 0:
            break


def _plan(run: _Run) -> Plan:
    problem, state, book = run.problem, run.state, run.book
    assignments = []
    unscheduled = []
    for s, info in enumerate(problem.scenes):
        sid = info.scene.id
        if s in state.place:
            loc, day, start = state.place[s]
            staff = tuple(
                tuple(problem.performers[p].id for p in line) for line in book.staff.get(s, ())
            )
            begin = problem.minute(start)
            assignments.append(
                Assignment(
                    sid, problem.location_ids[loc], day, begin, begin + info.scene.minutes, staff
                )
            )
        elif s in run.conflicts:
            unscheduled.append(Unscheduled(sid, "locked_conflict", _locked_words(run, s)))
        else:
            reason, detail = explain(problem, state, book, s, run.words)
            unscheduled.append(Unscheduled(sid, reason, detail))
    run.lap("explain")
    stats = {
        "solve_seconds": round(run.elapsed(), 3),
        "seconds": dict(run.seconds),
        "value": state.value,
        "bound": run.bound,
        "scheduled": len(assignments),
        "unscheduled": len(unscheduled),
    }
    return Plan(assignments=tuple(assignments), unscheduled=tuple(unscheduled), stats=stats)


def _locked_words(run: _Run, s: int) -> str:
    loc, day, start, _ = run.locked[s]
    words = run.words
    where = run.problem.location_ids[loc]
    date, time_ = words.date(day), words.time(run.problem.minute(start))
    return words.pick(
        f"{where} {date} {time_} 的锁定预订违反硬性规则（场地、时间、冲突或群演）：请更正这条预订",
        f"the locked booking at {where} on {date} at {time_} breaks a hard rule (place, time, "
        "a clash or its extras): correct the booking",
    )


def _status(run: _Run, bound: int | None) -> str:
    total = sum(info.value for info in run.problem.scenes)
    if run.state.value == total or (bound is not None and run.state.value >= bound):
        return "optimal"
    return "feasible"


# Building the bound's LP takes about half a millisecond per scene on a quiet 2-core machine
# (M: about 1 s; L: about 7 s).
BOUND_SECONDS_PER_SCENE = 0.0005


def _bound(instance: Instance, time_limit: float) -> int | None:
    """The package's upper bound (an LP relaxation), given a tenth of the time (at least a
    second); None when it would take longer than that (a quick re-plan of a large base) or
    is absent."""
    share = max(1.0, 0.1 * time_limit)
    if len(instance.scenes) * BOUND_SECONDS_PER_SCENE > share:
        return None
    try:
        from scheduling.solver.bound import upper_bound

        result = upper_bound(instance, time_limit=share)
    except Exception:  # noqa: BLE001 - the bound is a report, never a reason to fail a plan
        return None
    return int(getattr(result, "value", result))
