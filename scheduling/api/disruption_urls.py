"""Routes of disruptions, mounted under /api/v1/."""

from rest_framework.routers import SimpleRouter

from scheduling.api.disruptions import DisruptionViewSet

router = SimpleRouter()
router.trailing_slash = "/?"
router.register("disruptions", DisruptionViewSet, basename="disruption")

urlpatterns = router.urls
