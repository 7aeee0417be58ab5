"""Routes of a crew's own tools (mounted under /api/v1/): breakdown upload, call sheet
documents, calendar feeds, change requests and the best shooting order."""

from django.urls import re_path
from rest_framework.routers import SimpleRouter

from crews.api.breakdown import BreakdownUploadView
from crews.api.calendar import (
    CrewCalendarView,
    FeedLinksRotateView,
    FeedLinksView,
    PerformerCalendarView,
)
from crews.api.change_requests import ChangeRequestViewSet
from crews.api.documents import CallSheetDocumentView
from crews.api.shooting_order import ShootingOrderView

# The contract writes actions without a trailing slash (``.../{id}/approve``): accept both.
router = SimpleRouter()
router.trailing_slash = "/?"
router.register("change-requests", ChangeRequestViewSet, basename="change-request")

urlpatterns = [
    *router.urls,
    re_path(
        r"^crews/(?P<code>[^/]+)/breakdown/?$", BreakdownUploadView.as_view(), name="breakdown"
    ),
    re_path(
        r"^crews/(?P<code>[^/]+)/call-sheet\.(?P<document>html|pdf)$",
        CallSheetDocumentView.as_view(),
        name="call-sheet-document",
    ),
    re_path(
        r"^crews/(?P<code>[^/]+)/calendar\.ics$", CrewCalendarView.as_view(), name="crew-calendar"
    ),
    re_path(
        r"^performers/(?P<code>[^/]+)/calendar\.ics$",
        PerformerCalendarView.as_view(),
        name="performer-calendar",
    ),
    re_path(r"^calendar-feed/?$", FeedLinksView.as_view(), name="calendar-feed"),
    re_path(
        r"^calendar-feed/rotate/?$", FeedLinksRotateView.as_view(), name="calendar-feed-rotate"
    ),
    re_path(
        r"^crews/(?P<code>[^/]+)/shooting-order/?$",
        ShootingOrderView.as_view(),
        name="shooting-order",
    ),
]
