"""Crews, their cast, scenes and extras lines over the API.

Ops see and change all of them; a crew user only its own crews' (another crew's is a 404) and
never a crew's priority or stay; the guild reads crews, scenes and extras lines to match extras.
"""

from __future__ import annotations

from crews.api.filters import CastMemberFilter, CrewFilter, ExtrasLineFilter, SceneFilter
from crews.api.serializers import (
    CastMemberSerializer,
    CrewSerializer,
    ExtrasLineSerializer,
    SceneSerializer,
)
from crews.models import CastMember, Crew, ExtrasLine, Scene
from scheduling.api.access import ResourceViewSet, crew_scope
from scheduling.services.spikes import demand_spikes_check_on_commit


class CrewViewSet(ResourceViewSet):
    serializer_class = CrewSerializer
    lookup_field = "code"
    filterset_class = CrewFilter
    search_fields = ["code", "name", "genre"]
    ordering_fields = ["code", "name", "priority", "first_date"]

    def get_queryset(self):
        return Crew.objects.filter(crew_scope(self.request.user, "")).prefetch_related("members")

    def perform_create(self, serializer) -> None:
        super().perform_create(serializer)
        # New demand may be a spike: the base re-plans by itself (issue 4).
        demand_spikes_check_on_commit()


class CastMemberViewSet(ResourceViewSet):
    serializer_class = CastMemberSerializer
    lookup_field = "code"
    filterset_class = CastMemberFilter
    search_fields = ["code", "name"]
    ordering_fields = ["code", "name", "day_rate"]

    def get_queryset(self):
        scope = crew_scope(self.request.user, "crew")
        return CastMember.objects.select_related("crew").filter(scope)


class SceneViewSet(ResourceViewSet):
    serializer_class = SceneSerializer
    lookup_field = "code"
    filterset_class = SceneFilter
    search_fields = ["code", "title"]
    ordering_fields = ["code", "first_date", "last_date", "priority", "minutes"]

    def get_queryset(self):
        scope = crew_scope(self.request.user, "crew")
        return (
            Scene.objects.filter(scope)
            .select_related("crew")
            .prefetch_related("locations", "cast", "extras_lines")
        )

    def perform_create(self, serializer) -> None:
        super().perform_create(serializer)
        # New demand may be a spike: the base re-plans by itself (issue 4).
        demand_spikes_check_on_commit()


class ExtrasLineViewSet(ResourceViewSet):
    serializer_class = ExtrasLineSerializer
    filterset_class = ExtrasLineFilter
    ordering_fields = ["scene__code", "position", "count"]

    def get_queryset(self):
        scope = crew_scope(self.request.user, "scene__crew")
        return ExtrasLine.objects.select_related("scene").filter(scope)
