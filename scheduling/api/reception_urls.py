"""Routes of reception (options), mounted under /api/v1/."""

from django.urls import re_path

from scheduling.api.options import CrewOptionsView, SceneOptionsView

urlpatterns = [
    re_path(
        r"^scenes/(?P<code>[^/]+)/options/?$", SceneOptionsView.as_view(), name="scene-options"
    ),
    re_path(r"^crews/(?P<code>[^/]+)/options/?$", CrewOptionsView.as_view(), name="crew-options"),
]
