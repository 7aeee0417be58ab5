"""Routes of crews, cast members, scenes and extras lines, mounted under /api/v1/."""

from rest_framework.routers import SimpleRouter

from crews.api import policy  # noqa: F401  (declares who may use these routes: core.policy)
from crews.api.views import CastMemberViewSet, CrewViewSet, ExtrasLineViewSet, SceneViewSet

router = SimpleRouter()
router.register("crews", CrewViewSet, basename="crew")
router.register("cast-members", CastMemberViewSet, basename="cast-member")
router.register("scenes", SceneViewSet, basename="scene")
router.register("extras-lines", ExtrasLineViewSet, basename="extras-line")

urlpatterns = router.urls
