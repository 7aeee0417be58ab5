"""The guild's performers and their availability over the API.

The guild and ops read and write them in full. A crew reads, masked, only the performers called
to its own scenes; a performer with a login reads only their own record and availability.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from actors.api.filters import AvailabilityFilter, PerformerFilter
from actors.api.serializers import (
    AvailabilitySerializer,
    MaskedPerformerSerializer,
    PerformerFindSerializer,
    PerformerSerializer,
)
from actors.models import Availability
from core import roles
from core.policy import role_of
from scheduling.api.access import ResourceViewSet, performers_for


class PerformerViewSet(ResourceViewSet):
    lookup_field = "code"
    filterset_class = PerformerFilter
    search_fields = ["code", "name"]
    ordering_fields = ["code", "age", "reliability"]
    # A crew reads names masked and no reliability: searching or ordering by them would tell.
    role_search_fields = {roles.CREW: ["code"]}
    role_ordering_fields = {roles.CREW: ["code", "age"]}

    def get_queryset(self):
        return performers_for(self.request.user).select_related("user")

    def get_serializer_class(self):
        if role_of(self.request.user) == roles.CREW:
            return MaskedPerformerSerializer
        return PerformerSerializer

    @extend_schema(
        request=PerformerFindSerializer,
        responses={200: PerformerSerializer(many=True)},
        description="The guild finds performers by phone or ID number, written any usual way. "
        "The number travels in the body: an address is written to logs.",
    )
    @action(detail=False, methods=["post"], url_path="find")
    def find(self, request):
        query = PerformerFindSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        found = performers_for(request.user).filter(**query.validated_data)
        return Response(PerformerSerializer(found, many=True, context={"request": request}).data)


class AvailabilityViewSet(ResourceViewSet):
    serializer_class = AvailabilitySerializer
    filterset_class = AvailabilityFilter
    ordering_fields = ["date", "performer__code"]

    def get_queryset(self):
        performers = performers_for(self.request.user)
        return Availability.objects.filter(performer__in=performers).select_related("performer")
