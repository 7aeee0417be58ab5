"""Planning runs over the API (ops only): start one, follow it, review its plan, publish it.

``POST /api/v1/plan-runs/`` answers ``202 {"id", "status": "queued"}`` at once; a Celery worker
does the run (in-process when no broker is configured). When a run of the same horizon is
already queued, the request joins it (``"coalesced": true``). When the broker is unreachable
the run is still queued, in the database, and the answer says so; it is sent when the broker
is back.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.days import PlanningDayField
from core.fields import StrictCharField, StrictModelSerializer
from scheduling.api.filters import WholeNumberFilter
from scheduling.models import PlanRun
from scheduling.selectors.plan_runs import plan_run_diff, plan_run_list
from scheduling.services.plan_publish import (
    PlanRunConflict,
    PlanRunNotPublishable,
    plan_run_publish,
)
from scheduling.services.plan_runs import plan_run_request

MAX_DAYS = 31

_message = inline_serializer("PlanRunMessage", {"message": StrictCharField()})
_conflict = inline_serializer(
    "PlanRunConflict",
    {
        "message": StrictCharField(),
        "conflicts": serializers.ListField(child=serializers.DictField()),
        "changed_scenes": serializers.ListField(child=StrictCharField()),
    },
)


class PlanRunRequestSerializer(serializers.Serializer):
    start = PlanningDayField(input_formats=["%Y-%m-%d"])
    days = serializers.IntegerField(min_value=1, max_value=MAX_DAYS)
    time_limit_seconds = serializers.IntegerField(
        min_value=1, max_value=settings.PLANNING_RUN_MAX_SECONDS
    )
    seed = serializers.IntegerField(min_value=0, default=0)


class PlanRunSerializer(StrictModelSerializer):
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    published_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = PlanRun
        fields = [
            "id",
            "status",
            "trigger",
            "start",
            "days",
            "time_limit_seconds",
            "seed",
            "progress",
            "value",
            "bound",
            "stats",
            "error",
            "attempts",
            "bookings_revision",
            "dispatch_error",
            "created_at",
            "started_at",
            "finished_at",
            "created_by",
            "published_at",
            "published_by",
            "payload_pruned_at",
        ]
        read_only_fields = fields


class PlanRunDetailSerializer(PlanRunSerializer):
    class Meta(PlanRunSerializer.Meta):
        fields = [*PlanRunSerializer.Meta.fields, "unscheduled"]
        read_only_fields = fields


class PlanRunFilter(filters.FilterSet):
    days = WholeNumberFilter()

    class Meta:
        model = PlanRun
        fields = ["status", "trigger", "start", "days"]


class PlanRunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Planning runs, newest first."""

    serializer_class = PlanRunSerializer
    filterset_class = PlanRunFilter
    ordering_fields = ["created_at", "start"]

    def get_queryset(self):
        if self.action == "list":
            return plan_run_list()
        return PlanRun.objects.select_related("created_by", "published_by")

    def get_serializer_class(self):
        return PlanRunSerializer if self.action == "list" else PlanRunDetailSerializer

    @extend_schema(
        request=PlanRunRequestSerializer,
        responses={
            202: inline_serializer(
                "PlanRunQueued",
                {
                    "id": serializers.IntegerField(),
                    "status": StrictCharField(),
                    "coalesced": serializers.BooleanField(),
                    "message": StrictCharField(),
                },
            )
        },
    )
    def create(self, request):
        query = PlanRunRequestSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        run, created = plan_run_request(**query.validated_data, user=request.user)
        body = {"id": run.pk, "status": PlanRun.Status.QUEUED, "coalesced": not created}
        run.refresh_from_db(fields=["dispatch_error"])
        if run.dispatch_error:
            body["message"] = _(
                "The run is queued in the database; the task broker is unreachable "
                "({error}). It starts when the broker is back."
            ).format(error=run.dispatch_error)
        elif not created:
            body["message"] = _(
                "A run of this horizon was already queued; it reads the latest data when "
                "it starts, so this request joined it."
            )
        else:
            body["message"] = _("The run is queued.")
        return Response(body, status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses={200: OpenApiTypes.OBJECT, 409: _message, 410: _message})
    @action(detail=True, methods=["get"])
    def plan(self, request, pk=None):
        run = self.get_object()
        if run.payload_pruned_at is not None:
            return _pruned(run)
        if run.plan is None:
            return _not_ready(run)
        return Response(run.plan)

    @extend_schema(responses={200: OpenApiTypes.OBJECT, 409: _message, 410: _message})
    @action(detail=True, methods=["get"])
    def diff(self, request, pk=None):
        run = self.get_object()
        if run.payload_pruned_at is not None:
            return _pruned(run)
        if run.plan is None:
            return _not_ready(run)
        return Response(plan_run_diff(run=run))

    @extend_schema(
        request=None,
        responses={
            200: OpenApiTypes.OBJECT,
            409: OpenApiResponse(_conflict, description="Bookings changed in a conflicting way."),
        },
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        run = self.get_object()
        try:
            counts = plan_run_publish(run_id=run.pk, user=request.user)
        except PlanRunNotPublishable as exc:
            return Response({"message": str(exc)}, status=status.HTTP_409_CONFLICT)
        except PlanRunConflict as exc:
            body = {
                "message": _(
                    "Bookings changed since run {run} read them, and the plan conflicts with "
                    "{count} of them; nothing was published."
                ).format(run=run.pk, count=len(exc.conflicts)),
                "conflicts": exc.conflicts,
                "changed_scenes": exc.changed,
            }
            return Response(body, status=status.HTTP_409_CONFLICT)
        return Response(
            {"message": _("Run {run} is published.").format(run=run.pk), "counts": counts}
        )


def _pruned(run: PlanRun) -> Response:
    """410 Gone: the run's plan and what it read were cleared after the retention period."""
    message = _(
        "The plan of run {run} was pruned on {date}, {days} days after the run ended; its "
        "figures remain at plan-runs/{run}/."
    ).format(
        run=run.pk,
        date=timezone.localdate(run.payload_pruned_at).isoformat(),
        days=settings.PLAN_RUN_PAYLOAD_RETENTION_DAYS,
    )
    return Response({"message": message}, status=status.HTTP_410_GONE)


def _not_ready(run: PlanRun) -> Response:
    if run.error:
        message = _("Run {run} has no plan; it is {status}: {error}.").format(
            run=run.pk, status=run.status, error=run.error
        )
    else:
        message = _("Run {run} has no plan; it is {status}.").format(run=run.pk, status=run.status)
    return Response({"message": message}, status=status.HTTP_409_CONFLICT)
