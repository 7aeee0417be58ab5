"""Routes of the plumbing, mounted under /api/v1/: token sign-in and the tokens' list."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from core.policy import ANONYMOUS, allow, declare
from core.token_views import ApiTokenViewSet, TokenObtainView

router = SimpleRouter()
router.trailing_slash = "/?"
router.register("auth/tokens", ApiTokenViewSet, basename="api-token")

urlpatterns = [
    path("auth/token/", TokenObtainView.as_view(), name="auth-token"),
    *router.urls,
]

SIGNED_IN = ("ops", "guild", "crew", "performer")
OWN_TOKENS = {"ops": "everyone's tokens", **dict.fromkeys(SIGNED_IN[1:], "their own tokens")}
declare("auth-token", POST=allow(ANONYMOUS, *SIGNED_IN))
declare("api-token-list", GET=allow(*SIGNED_IN, rows=OWN_TOKENS))
declare(
    "api-token-detail",
    GET=allow(*SIGNED_IN, rows=OWN_TOKENS),
    DELETE=allow(*SIGNED_IN, rows=OWN_TOKENS),
)
declare("api-token-current", DELETE=allow(*SIGNED_IN, rows=OWN_TOKENS))
