"""The optimiser: scenes to locations and times, extras from the guild's supply.

``solve(instance, time_limit=..., seed=..., progress=..., workers=2) -> SolveResult``

How it works (each stage keeps every hard rule, so the plan is valid whenever it stops):

1. ``prepare``: the instance in grid slots; per scene the fitting locations, its days and the
   starts each (location, day) allows (grid, time of day, closures); per extras line and day
   the matching available performers.
2. Locked bookings are booked exactly (their named performers too); a booking that breaks a
   rule makes the status ``infeasible_input``. ``previous`` bookings that still fit are kept
   (the warm start).
3. ``batches``: crew by crew, each day is walked from a start time, shooting batches of scenes
   back to back at one location (moves cost 15-75 minutes of a 12-14 hour day), the batch with
   the most value per slot first. ``greedy`` then places what is left by value density.
   Extras are called as each scene is placed (least worked first, then most reliable), so a
   scene whose lines cannot be filled is never booked.
4. ``lns``: a seeded large-neighbourhood search with a deterministic work budget: mostly
   pure-Python rebuilds of a few crews' day (``rebuild``), and every hundredth step a CP-SAT
   sub-model (``submodel``) of the scenes of a family of locations or a few crews on one day,
   the rest pinned, with a complete hint. Each proposal is staffed before it is kept; scenes
   whose extras cannot be found are left out (the extras stage's feedback).
5. ``reasons``: every scene left out gets the contract's reason code and a sentence that
   holds on the final plan, in Chinese by default (``language="en"`` for English), with dates.

Shooting days are searched one at a time, but a day is not independent of its neighbours: a
crew's or a performer's rest (``min_rest_minutes``) and the move time run from their scenes of
the previous shooting day into this one and from this one into the next (a night wrapping at
27:00 pushes the next call to the afternoon). ``PlanState.fence`` turns the neighbouring days'
scenes of a crew into an earliest start and latest end per location; ``PerformerBook`` checks
the same for each performer it calls. Both are read from the current state on every question,
so they follow whenever a neighbouring day changes; on the old 06:00-24:00 day without rest
they can never bind and are skipped (``prepare.fenced``).
"""

from scheduling.solver.optimise.solve import Progress, SolveResult, solve

__all__ = ["Progress", "SolveResult", "solve"]
