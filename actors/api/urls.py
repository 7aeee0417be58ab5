"""Routes of performers and their availability, mounted under /api/v1/."""

from rest_framework.routers import SimpleRouter

from actors.api import policy  # noqa: F401  (declares who may use these routes: core.policy)
from actors.api.views import AvailabilityViewSet, PerformerViewSet

router = SimpleRouter()
# With or without the final slash: a POST redirected to add it would lose its body.
router.trailing_slash = "/?"
router.register("performers", PerformerViewSet, basename="performer")
router.register("availability", AvailabilityViewSet, basename="availability")

urlpatterns = router.urls
