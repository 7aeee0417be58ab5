"""Signing in for an API token, and a user's list of tokens with revocation.

``POST auth/token/`` (the contract's) trades a username and password for a new token;
``GET auth/tokens/`` lists one's own (operations staff: everyone's, ``?user=`` to narrow it);
``DELETE auth/tokens/{id}/`` revokes one (one's own; operations staff: anyone's);
``DELETE auth/tokens/current/`` revokes the token the request came with (signing out).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core import roles
from core.models import ApiToken
from core.parsers import DepthLimitedJSONParser
from core.sign_in import sign_in_refused_for
from core.tokens import api_token_issue, api_token_list, api_token_revoke

TOO_MANY_SIGN_INS = OpenApiResponse(
    inline_serializer("SignInThrottled", {"message": serializers.CharField()}),
    description="Too many failed sign-ins from this address or for this username: wait the "
    "seconds the Retry-After header gives.",
)


class TokenObtainView(APIView):
    """Trades a username and password for a new API token, sent as ``Authorization: Token``.

    Failed attempts are limited by client address and by username (``core.sign_in``)."""

    authentication_classes = []
    # A form's fields cannot nest; JSON is depth-limited like everywhere else.
    parser_classes = [DepthLimitedJSONParser, FormParser, MultiPartParser]

    @extend_schema(
        request=AuthTokenSerializer,
        responses={
            200: inline_serializer(
                "AuthToken",
                {
                    "token": serializers.CharField(),
                    "id": serializers.IntegerField(),
                    "expires_at": serializers.DateTimeField(),
                },
            ),
            429: TOO_MANY_SIGN_INS,
        },
        auth=[],
    )
    def post(self, request, *args, **kwargs):
        username = request.data.get("username") if hasattr(request.data, "get") else None
        seconds = sign_in_refused_for(request, username if isinstance(username, str) else None)
        if seconds is not None:
            raise Throttled(
                wait=seconds,
                detail=_("Too many failed sign-ins. Try again in %(seconds)d seconds.")
                % {"seconds": seconds},
            )
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        token, key = api_token_issue(
            user=serializer.validated_data["user"],
            name=request.headers.get("User-Agent", ""),
        )
        expires_at = serializers.DateTimeField().to_representation(token.expires_at)
        return Response({"token": key, "id": token.pk, "expires_at": expires_at})


class ApiTokenSerializer(serializers.ModelSerializer):
    user = serializers.SlugRelatedField(slug_field="username", read_only=True)
    revoked_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    current = serializers.SerializerMethodField(
        help_text="Whether this is the token the request came with."
    )

    class Meta:
        model = ApiToken
        fields = [
            "id",
            "user",
            "name",
            "prefix",
            "created_at",
            "expires_at",
            "last_used_at",
            "revoked_at",
            "revoked_by",
            "current",
        ]
        read_only_fields = fields

    def get_current(self, token: ApiToken) -> bool:
        auth = self.context["request"].auth
        return isinstance(auth, ApiToken) and auth.pk == token.pk


@extend_schema(
    parameters=[
        OpenApiParameter("user", str, description="Operations staff: one user's tokens only.")
    ]
)
class ApiTokenViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """One's API tokens (operations staff: everyone's); a DELETE revokes one at once."""

    serializer_class = ApiTokenSerializer
    filter_backends = []
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        user = self.request.user
        tokens = api_token_list(user=user, everyone=roles.is_ops(user))
        if roles.is_ops(user) and (username := self.request.query_params.get("user")):
            tokens = tokens.filter(user__username=username)
        return tokens

    def perform_destroy(self, instance: ApiToken) -> None:
        api_token_revoke(token=instance, by=self.request.user)

    @extend_schema(request=None, responses={204: None})
    @action(detail=False, methods=["delete"], url_path="current")
    def current(self, request):
        """Revokes the token this request came with (signing a script or device out)."""
        if not isinstance(request.auth, ApiToken):
            raise NotFound(_("This request came without an API token."))
        api_token_revoke(token=request.auth, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
