"""Routes for bookings, crews' call sheets and performers' calls (mounted under /api/v1/)."""

from django.urls import re_path
from rest_framework.routers import SimpleRouter

from scheduling.api.bookings import BookingViewSet, CallSheetView, PerformerCallsView

# The contract writes ``POST .../{id}/cancel`` without a trailing slash; accept both spellings.
router = SimpleRouter()
router.trailing_slash = "/?"
router.register("bookings", BookingViewSet, basename="booking")

urlpatterns = [
    *router.urls,
    re_path(r"^crews/(?P<code>[^/]+)/call-sheet/?$", CallSheetView.as_view(), name="call-sheet"),
    re_path(
        r"^performers/(?P<code>[^/]+)/calls/?$",
        PerformerCallsView.as_view(),
        name="performer-calls",
    ),
]
