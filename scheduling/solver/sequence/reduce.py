"""Shrink a talent scheduling problem without changing its optimum.

Garcia de la Banda, Stuckey & Chu (2011): an actor in one scene costs the same in any order (their
pay is fixed, so they leave the search); scenes calling exactly the same actors can be shot back
to back in an optimal order (so they become one longer scene); a scene calling none of the
searched actors costs nothing extra when shot first. Repeat until nothing changes, because each
merge can leave another actor with a single (merged) scene.
"""

from __future__ import annotations

from dataclasses import dataclass

from .problem import TalentProblem


@dataclass(frozen=True)
class ReducedProblem:
    """The searched core: merged scenes (``groups`` of original scenes) and the actors kept."""

    groups: tuple[tuple[int, ...], ...]
    durations: tuple[int, ...]
    actor_costs: tuple[int, ...]
    actor_scene_masks: tuple[int, ...]
    scene_actor_masks: tuple[int, ...]
    fixed_cost: int
    lead: tuple[int, ...]

    @property
    def scene_count(self) -> int:
        return len(self.groups)

    def expand(self, order: tuple[int, ...]) -> tuple[int, ...]:
        """An order of the merged scenes as an order of the original scenes."""
        return self.lead + tuple(s for g in order for s in self.groups[g])


def reduce_problem(problem: TalentProblem) -> ReducedProblem:
    """Drop fixed-cost actors, merge scenes with the same cast, set aside cast-less scenes."""
    groups = [(s,) for s in range(problem.scene_count)]
    durations = list(problem.durations)
    actors = [
        (cost, frozenset(scenes))
        for cost, scenes in zip(problem.actor_costs, problem.actor_scenes, strict=True)
        if cost > 0 and scenes
    ]
    fixed = 0
    while True:
        before = len(actors)
        kept = []
        for cost, scenes in actors:
            if len(scenes) == 1:
                fixed += cost * durations[next(iter(scenes))]
            else:
                kept.append((cost, scenes))
        actors = kept
        merged: dict[frozenset[int], int] = {}
        new_index = []
        for s in range(len(groups)):
            cast = frozenset(a for a, (_, scenes) in enumerate(actors) if s in scenes)
            new_index.append(merged.setdefault(cast, len(merged)))
        if len(merged) == len(groups) and len(actors) == before:
            break
        new_groups: list[tuple[int, ...]] = [() for _ in merged]
        new_durations = [0] * len(merged)
        for s, g in enumerate(new_index):
            new_groups[g] += groups[s]
            new_durations[g] += durations[s]
        groups, durations = new_groups, new_durations
        actors = [(c, frozenset(new_index[s] for s in sc)) for c, sc in actors]
    return _pack(groups, durations, actors, fixed)


def _pack(groups, durations, actors, fixed) -> ReducedProblem:
    castless = [g for g in range(len(groups)) if not any(g in sc for _, sc in actors)]
    lead = tuple(s for g in castless for s in groups[g])
    keep = [g for g in range(len(groups)) if g not in castless]
    position = {g: i for i, g in enumerate(keep)}
    actor_masks = tuple(sum(1 << position[g] for g in sc) for _, sc in actors)
    scene_masks = tuple(
        sum(1 << a for a, mask in enumerate(actor_masks) if mask >> i & 1) for i in range(len(keep))
    )
    return ReducedProblem(
        groups=tuple(groups[g] for g in keep),
        durations=tuple(durations[g] for g in keep),
        actor_costs=tuple(c for c, _ in actors),
        actor_scene_masks=actor_masks,
        scene_actor_masks=scene_masks,
        fixed_cost=fixed,
        lead=lead,
    )
