"""``GET /api/v1/audit/``: the audit trail of bookings, calls, planning runs and bills (ops).

``?object_type=booking|call|plan_run|invoice|tariff`` (required), ``object_id``, ``actor`` (a
username), ``since`` and ``until`` (ISO 8601). Newest first, paginated like every list.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers

from core.fields import StrictCharField
from scheduling.selectors.audit import ACTIONS, AUDITED, audit_list, audit_state


class AuditQuery(serializers.Serializer):
    object_type = serializers.ChoiceField(choices=sorted(AUDITED))
    object_id = serializers.IntegerField(min_value=1, max_value=2**63 - 1, required=False)
    actor = StrictCharField(max_length=150, required=False)
    since = serializers.DateTimeField(required=False)
    until = serializers.DateTimeField(required=False)


class AuditEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="history_id")
    object_type = serializers.SerializerMethodField()
    object_id = serializers.IntegerField(source="id")
    action = serializers.SerializerMethodField()
    at = serializers.DateTimeField(source="history_date")
    actor = StrictCharField(source="history_user.username", allow_null=True, default=None)
    reason = StrictCharField(source="history_change_reason", allow_null=True)
    state = serializers.SerializerMethodField()

    def get_object_type(self, row) -> str:
        return self.context["object_type"]

    def get_action(self, row) -> str:
        return ACTIONS[row.history_type]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_state(self, row) -> dict:
        return audit_state(self.context["object_type"], row)


class AuditListView(generics.ListAPIView):
    """Who created, changed or cancelled each booking, call and plan publication, and when."""

    serializer_class = AuditEntrySerializer
    filter_backends = []

    def _query(self) -> dict:
        if not hasattr(self, "_validated"):
            query = AuditQuery(data=self.request.query_params)
            query.is_valid(raise_exception=True)
            self._validated = query.validated_data
        return self._validated

    def get_queryset(self):
        return audit_list(**self._query())

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "swagger_fake_view", False):
            return context
        return {**context, "object_type": self._query()["object_type"]}

    @extend_schema(
        operation_id="audit_list",
        parameters=[
            OpenApiParameter("object_type", str, enum=sorted(AUDITED), required=True),
            OpenApiParameter("object_id", int),
            OpenApiParameter("actor", str, description="the acting user's username"),
            OpenApiParameter("since", OpenApiTypes.DATETIME, description="from (inclusive)"),
            OpenApiParameter("until", OpenApiTypes.DATETIME, description="to (exclusive)"),
        ],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
