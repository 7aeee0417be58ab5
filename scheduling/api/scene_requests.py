"""Crews' requests over the API: ``POST /api/v1/scene-requests/`` ``{"scene", "first_date",
"last_date"}`` (ops, the scene's crew) -> ``201``; the list shows each request's ``status``
(``open``, ``met``, ``unmet``, ``withdrawn``) and ``outcome``; ``.../{id}/withdraw``."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core import roles
from core.fields import StrictCharField, StrictModelSerializer
from crews.models import Scene
from scheduling.api.bookings import CONFLICT, _as_drf, conflict_response
from scheduling.models import SceneRequest
from scheduling.services.bookings import BookingConflict
from scheduling.services.scene_requests import scene_request_create, scene_request_withdraw


class PlaceRequestSerializer(StrictModelSerializer):
    scene = StrictCharField(source="scene.code")
    crew = StrictCharField(source="scene.crew.code")

    class Meta:
        model = SceneRequest
        fields = ["id", "scene", "crew", "first_date", "last_date", "status", "outcome"]
        fields += ["booking", "created_at", "settled_at"]
        read_only_fields = fields


class PlaceRequestCreateSerializer(serializers.Serializer):
    scene = StrictCharField()
    first_date = serializers.DateField()
    last_date = serializers.DateField()


@extend_schema_view(
    list=extend_schema(summary="Requests (ops: all; crew users: their crews')"),
    retrieve=extend_schema(summary="One request"),
)
class SceneRequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = PlaceRequestSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        requests = SceneRequest.objects.select_related("scene__crew").order_by("first_date", "pk")
        if getattr(self, "swagger_fake_view", False) or roles.is_ops(self.request.user):
            return requests  # the schema generator asks with no user
        return requests.filter(scene__crew__members=self.request.user).distinct()

    @extend_schema(
        summary="Ask the planner for a scene's place on some days",
        request=PlaceRequestCreateSerializer,
        responses={201: PlaceRequestSerializer, 409: CONFLICT},
    )
    def create(self, request):
        payload = PlaceRequestCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        scenes = Scene.objects.select_related("crew").filter(code=data["scene"])
        if not roles.is_ops(request.user):
            scenes = scenes.filter(crew__members=request.user)
        scene = scenes.first()
        if scene is None:
            # A code in the body that names nothing the user may see: the body is wrong (400).
            raise serializers.ValidationError(
                {"scene": [_("No scene {code} that you may see.").format(code=data["scene"])]}
            )
        try:
            made = scene_request_create(
                scene=scene,
                first_date=data["first_date"],
                last_date=data["last_date"],
                user=request.user,
            )
        except BookingConflict as conflict:
            return conflict_response(conflict)
        except DjangoValidationError as exc:
            raise _as_drf(exc) from exc
        return Response(PlaceRequestSerializer(made).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Withdraw a request", request=None, responses={200: PlaceRequestSerializer}
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return Response(
            PlaceRequestSerializer(scene_request_withdraw(request=self.get_object())).data
        )
