"""Routes of the guild's roster, personal data and matching, mounted under /api/v1/.

Mounted before ``actors.api.urls``: ``performers/import`` and ``performers/export`` would
otherwise be read as the performer codes "import" and "export". No trailing slash, like the
contract's other action endpoints.
"""

from django.urls import path

from actors.api.matching import ExtrasAssignView, ExtrasCandidatesView, ExtrasSwapView
from actors.api.personal_data import PerformerLoginView, PerformerRevealView
from actors.api.roster import (
    AvailabilityBulkManyView,
    AvailabilityBulkView,
    RosterExportView,
    RosterImportView,
)

_LINE = "bookings/<int:booking_id>/extras/<int:line_position>"

urlpatterns = [
    path("performers/import", RosterImportView.as_view(), name="performer-import"),
    path("performers/export", RosterExportView.as_view(), name="performer-export"),
    path(
        "performers/availability/bulk",
        AvailabilityBulkManyView.as_view(),
        name="performer-availability-bulk-many",
    ),
    path(
        "performers/<str:code>/availability/bulk",
        AvailabilityBulkView.as_view(),
        name="performer-availability-bulk",
    ),
    path("performers/<str:code>/reveal", PerformerRevealView.as_view(), name="performer-reveal"),
    path("performers/<str:code>/login", PerformerLoginView.as_view(), name="performer-login"),
    path(f"{_LINE}/candidates", ExtrasCandidatesView.as_view(), name="extras-candidates"),
    path(f"{_LINE}/assign", ExtrasAssignView.as_view(), name="extras-assign"),
    path(f"{_LINE}/swap", ExtrasSwapView.as_view(), name="extras-swap"),
]
