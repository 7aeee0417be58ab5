"""The actors' guild: its performers, when they are free, and the calls they get."""

from actors.models.audit import PerformerLoginLink, PersonalDataAccess
from actors.models.calls import Call
from actors.models.outbox import Notification
from actors.models.performers import Availability, Performer

__all__ = [
    "Availability",
    "Call",
    "Notification",
    "Performer",
    "PerformerLoginLink",
    "PersonalDataAccess",
]
