"""Routes of the plumbing, mounted under /api/v1/: token sign-in and the tokens' list."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from core.token_views import ApiTokenViewSet, TokenObtainView

router = SimpleRouter()
router.trailing_slash = "/?"
router.register("auth/tokens", ApiTokenViewSet, basename="api-token")

urlpatterns = [
    path("auth/token/", TokenObtainView.as_view(), name="auth-token"),
    *router.urls,
]
