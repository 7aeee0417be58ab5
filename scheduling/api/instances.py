"""Instance import and export over the API (the contract's fixed endpoints, ops only).

``POST /api/v1/instances/import`` takes an instance document and upserts it all or nothing;
``GET /api/v1/instances/export?start=YYYY-MM-DD&days=N`` returns the database as an instance.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.exceptions import ParseError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.days import PlanningDayField, day_out_of_range
from core.fields import StrictCharField
from scheduling.selectors.instances import MAX_EXPORT_DAYS, instance_export
from scheduling.services.instances import InstanceImportError, instance_import
from scheduling.solver.instance import instance_to_json

_rejected = inline_serializer(
    "InstanceRejected",
    {
        "message": StrictCharField(),
        "errors": inline_serializer(
            "InstanceProblem",
            {"path": StrictCharField(), "message": StrictCharField()},
            many=True,
        ),
    },
)


def problems_body(problems) -> dict:
    """The 400 body for an instance the base cannot take: every problem with its JSON path."""
    count = len(problems)
    return {
        "message": ngettext(
            "The instance has {count} problem; nothing was imported.",
            "The instance has {count} problems; nothing was imported.",
            count,
        ).format(count=count),
        "errors": [{"path": p.path, "message": p.message} for p in problems],
    }


class InstanceImportView(APIView):
    """Upsert a planning instance by code; all or nothing."""

    @extend_schema(
        operation_id="instances_import",
        summary="Import a planning instance (hengdian-instance/1)",
        description="Upserts zones, travel times, locations, crews, scenes, performers and "
        "bookings by code. Any problem answers 400 with every problem and its JSON path, and "
        "nothing is written.",
        request=OpenApiTypes.OBJECT,
        responses={
            200: inline_serializer(
                "InstanceImported",
                {
                    "message": StrictCharField(),
                    "counts": serializers.DictField(
                        child=serializers.DictField(child=serializers.IntegerField())
                    ),
                },
            ),
            400: OpenApiResponse(_rejected, description="The instance has problems."),
            413: OpenApiResponse(description="The body is larger than the server accepts."),
        },
    )
    def post(self, request):
        try:
            data = request.data
        except ParseError as exc:
            # A body that is not JSON is an instance with one problem, in the contract's shape.
            return Response(
                {
                    "message": _("The instance is not valid JSON; nothing was imported."),
                    "errors": [{"path": "$", "message": str(exc.detail)}],
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        except RequestDataTooBig:
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            return Response(
                {
                    "message": _(
                        "The instance is larger than {limit} bytes (DJANGO_MAX_BODY_BYTES)."
                    ).format(limit=limit)
                },
                status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
            )
        try:
            result = instance_import(data=data, user=request.user)
        except InstanceImportError as exc:
            return Response(problems_body(exc.problems), status=status.HTTP_400_BAD_REQUEST)
        return Response({"message": _("The instance was imported."), "counts": result.as_dict()})


class ExportQuery(serializers.Serializer):
    start = PlanningDayField(input_formats=["%Y-%m-%d"])
    days = serializers.IntegerField(min_value=1, max_value=MAX_EXPORT_DAYS)

    def validate_start(self, start):
        if problem := day_out_of_range(start):
            raise serializers.ValidationError(problem)
        return start


class InstanceExportView(APIView):
    """The database as a planning instance for a horizon."""

    @extend_schema(
        operation_id="instances_export",
        summary="Export the database as a planning instance",
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATE, required=True, description="YYYY-MM-DD"),
            OpenApiParameter(
                "days", OpenApiTypes.INT, required=True, description=f"1..{MAX_EXPORT_DAYS}"
            ),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        query = ExportQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        instance = instance_export(**query.validated_data)
        return Response(instance_to_json(instance))
