"""Routes of planning runs, mounted under /api/v1/ (``/plan-runs/{id}/plan`` and ``/publish``
are written without a trailing slash in the contract; both spellings are accepted)."""

from rest_framework.routers import SimpleRouter

from scheduling.api.plan_runs import PlanRunViewSet

router = SimpleRouter()
router.trailing_slash = "/?"
router.register("plan-runs", PlanRunViewSet, basename="plan-run")

urlpatterns = router.urls
