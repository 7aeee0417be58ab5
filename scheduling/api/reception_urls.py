"""Routes of reception (options, holds, requests), mounted under /api/v1/."""

from django.urls import re_path
from rest_framework.routers import SimpleRouter

from scheduling.api.holds import HoldViewSet
from scheduling.api.options import CrewOptionsView, SceneOptionsView
from scheduling.api.scene_requests import SceneRequestViewSet

router = SimpleRouter()
router.trailing_slash = "/?"
router.register("holds", HoldViewSet, basename="hold")
router.register("scene-requests", SceneRequestViewSet, basename="scene-request")

urlpatterns = [
    *router.urls,
    re_path(
        r"^scenes/(?P<code>[^/]+)/options/?$", SceneOptionsView.as_view(), name="scene-options"
    ),
    re_path(r"^crews/(?P<code>[^/]+)/options/?$", CrewOptionsView.as_view(), name="crew-options"),
]
