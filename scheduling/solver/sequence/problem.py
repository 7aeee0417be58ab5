"""The talent scheduling problem: a crew's scenes, its principal actors and what they cost.

Each actor is paid per time unit from the start of their first scene to the end of their last,
scenes shot back to back in the chosen order (Cheng, Diamond & Lin 1993; CSPLib 039).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


class TalentFileError(ValueError):
    """A talent scheduling file does not follow the benchmark format."""


@dataclass(frozen=True)
class TalentProblem:
    """Scenes to order and the actors they call.

    ``actor_scenes[a]`` is the set of scene indices actor ``a`` plays in; ``actor_costs[a]`` what
    the actor costs per time unit held; ``durations[s]`` the length of scene ``s``.
    """

    durations: tuple[int, ...]
    actor_costs: tuple[int, ...]
    actor_scenes: tuple[frozenset[int], ...]
    scene_names: tuple[str, ...] = ()
    actor_names: tuple[str, ...] = ()
    name: str = ""

    def __post_init__(self) -> None:
        if len(self.actor_costs) != len(self.actor_scenes):
            raise ValueError("one cost per actor is needed")
        n = len(self.durations)
        if any(d < 0 for d in self.durations) or any(c < 0 for c in self.actor_costs):
            raise ValueError("durations and costs must not be negative")
        if any(s < 0 or s >= n for scenes in self.actor_scenes for s in scenes):
            raise ValueError("an actor plays in a scene that does not exist")
        if self.scene_names and len(self.scene_names) != n:
            raise ValueError("one name per scene is needed")
        if self.actor_names and len(self.actor_names) != len(self.actor_costs):
            raise ValueError("one name per actor is needed")
        if not self.scene_names:
            object.__setattr__(self, "scene_names", tuple(f"s{i + 1}" for i in range(n)))
        if not self.actor_names:
            names = tuple(f"a{i + 1}" for i in range(len(self.actor_costs)))
            object.__setattr__(self, "actor_names", names)

    @property
    def scene_count(self) -> int:
        return len(self.durations)

    @property
    def actor_count(self) -> int:
        return len(self.actor_costs)


def schedule_cost(problem: TalentProblem, order: Sequence[int]) -> int:
    """What the actors cost when the scenes are shot in ``order`` (a permutation of all scenes)."""
    if sorted(order) != list(range(problem.scene_count)):
        raise ValueError("the order must contain every scene exactly once")
    starts: list[int] = [0] * problem.scene_count
    clock = 0
    for scene in order:
        starts[scene] = clock
        clock += problem.durations[scene]
    total = 0
    for cost, scenes in zip(problem.actor_costs, problem.actor_scenes, strict=True):
        if scenes:
            first = min(starts[s] for s in scenes)
            last = max(starts[s] + problem.durations[s] for s in scenes)
            total += cost * (last - first)
    return total


def read_talent_file(path: str | Path) -> TalentProblem:
    """Read a file in the benchmark format (see tests/scheduling/solver/talent/README.md)."""
    text = Path(path).read_text()
    return parse_talent_text(text, default_name=Path(path).name)


def parse_talent_text(text: str, *, default_name: str = "") -> TalentProblem:
    """Parse the benchmark format: a name, scene and actor counts, an incidence row per actor
    ending with its cost, then the scene durations."""
    tokens = text.split()
    if not tokens:
        raise TalentFileError("the file is empty")
    name = tokens[0]
    try:
        numbers = [int(token) for token in tokens[1:]]
    except ValueError as exc:
        raise TalentFileError(f"expected whole numbers after the name: {exc}") from None
    if len(numbers) < 2:
        raise TalentFileError("the scene and actor counts are missing")
    n_scenes, n_actors = numbers[0], numbers[1]
    expected = 2 + n_actors * (n_scenes + 1) + n_scenes
    if n_scenes < 1 or n_actors < 0 or len(numbers) != expected:
        raise TalentFileError(
            f"{n_scenes} scenes and {n_actors} actors need {expected} numbers, found {len(numbers)}"
        )
    costs, actor_scenes = [], []
    for a in range(n_actors):
        row = numbers[2 + a * (n_scenes + 1) : 2 + (a + 1) * (n_scenes + 1)]
        flags, cost = row[:-1], row[-1]
        if any(flag not in (0, 1) for flag in flags):
            raise TalentFileError(f"actor {a + 1}: scene flags must be 0 or 1")
        actor_scenes.append(frozenset(s for s, flag in enumerate(flags) if flag))
        costs.append(cost)
    durations = tuple(numbers[2 + n_actors * (n_scenes + 1) :])
    try:
        return TalentProblem(
            durations=durations,
            actor_costs=tuple(costs),
            actor_scenes=tuple(actor_scenes),
            name=name or default_name,
        )
    except ValueError as exc:
        raise TalentFileError(str(exc)) from None
