"""Routes of the base's places and of token login, mounted under /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from scheduling.api.resources import (
    ClosureViewSet,
    LocationViewSet,
    TokenObtainView,
    TravelTimeViewSet,
    ZoneViewSet,
)

router = SimpleRouter()
router.register("zones", ZoneViewSet, basename="zone")
router.register("travel-times", TravelTimeViewSet, basename="travel-time")
router.register("locations", LocationViewSet, basename="location")
router.register("closures", ClosureViewSet, basename="closure")

urlpatterns = [
    path("auth/token/", TokenObtainView.as_view(), name="auth-token"),
    *router.urls,
]
