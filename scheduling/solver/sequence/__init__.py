"""Best shooting order of a crew's scenes (talent scheduling), exact with a proof when it can be.

``sequence_scenes(problem, time_limit=..)`` returns the order, its cost, a lower bound and whether
optimality is proven; ``read_talent_file`` reads the benchmark format.

How: ``reduce`` shrinks the problem without changing its optimum (actors in one scene leave,
scenes calling the same actors merge); ``improve`` finds a good order (greedy, then moving single
scenes to their best place, ``moves``); ``search`` proves it by best-first search over the sets
of scenes already shot, pruned by the lower bounds of ``bound``. Past about 32 merged scenes the
proof is out of reach: the best order found comes back with the search's lower bound.
"""

from .problem import TalentFileError, TalentProblem, read_talent_file, schedule_cost
from .solve import SequenceResult, sequence_scenes

__all__ = [
    "SequenceResult",
    "TalentFileError",
    "TalentProblem",
    "read_talent_file",
    "schedule_cost",
    "sequence_scenes",
]
