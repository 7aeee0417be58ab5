"""Routes of the base's places, mounted under /api/v1/."""

from rest_framework.routers import SimpleRouter

from scheduling.api import policy  # noqa: F401  (declares who may use these routes: core.policy)
from scheduling.api.resources import (
    ClosureViewSet,
    LocationViewSet,
    TravelTimeViewSet,
    ZoneViewSet,
)

router = SimpleRouter()
router.register("zones", ZoneViewSet, basename="zone")
router.register("travel-times", TravelTimeViewSet, basename="travel-time")
router.register("locations", LocationViewSet, basename="location")
router.register("closures", ClosureViewSet, basename="closure")

urlpatterns = [
    *router.urls,
]
