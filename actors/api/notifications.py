"""The notification outbox over the API (the guild): what was sent to whom, what is stuck.

``GET /notifications/?status=failed`` lists the messages a sender gave up on;
``POST /notifications/{id}/retry`` puts one back in line (the worker sends it within a minute).
"""

from __future__ import annotations

from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from actors.models import Notification
from actors.notify import NotificationAlreadySent, notification_retry
from core.fields import StrictCharField, StrictModelSerializer
from scheduling.api.access import Conflict


class NotificationFilter(filters.FilterSet):
    performer = filters.CharFilter(field_name="performer__code")
    call = filters.NumberFilter(field_name="call_id")

    class Meta:
        model = Notification
        fields = ["status", "kind", "performer", "call"]


class NotificationSerializer(StrictModelSerializer):
    performer = StrictCharField(source="performer.code", read_only=True, allow_null=True)
    crew = StrictCharField(source="crew.code", read_only=True, allow_null=True)

    class Meta:
        model = Notification
        fields = [
            "id",
            "performer",
            "crew",
            "call",
            "kind",
            "text",
            "payload",
            "status",
            "attempts",
            "last_error",
            "created_at",
            "sent_at",
        ]
        read_only_fields = fields


class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    ordering_fields = ["created_at", "attempts"]
    queryset = Notification.objects.select_related("performer", "crew").order_by(
        "-created_at", "-pk"
    )

    @extend_schema(
        request=None,
        responses={200: NotificationSerializer, 409: OpenApiResponse(description="sent already")},
        summary="Put a failed notification back in line to be sent",
    )
    @action(detail=True, methods=["post"])
    def retry(self, request, pk=None) -> Response:
        try:
            notification = notification_retry(notification_id=self.get_object().pk)
        except NotificationAlreadySent as error:
            raise Conflict(str(error)) from None
        return Response(self.get_serializer(notification).data)
