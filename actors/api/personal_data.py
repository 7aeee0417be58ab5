"""The guild's reveal of a performer's phone and ID number: asked with a reason, recorded.

``POST /api/v1/performers/{code}/reveal`` {"reason": "..."} answers the clear values and writes
one ``PersonalDataAccess`` row (who, whom, which fields, why, when). Guild only: everyone else
sees these masked (the performer sees their own in clear, crews never see them at all).
"""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from actors.models import Performer
from actors.services import PERSONAL_FIELDS, personal_data_reveal
from scheduling.api.fields import StrictCharField
from scheduling.api.permissions import IsGuild


class RevealRequestSerializer(serializers.Serializer):
    reason = StrictCharField(
        min_length=settings.PERSONAL_DATA_REVEAL_REASON_MIN, max_length=500, trim_whitespace=True
    )
    fields = serializers.MultipleChoiceField(
        choices=PERSONAL_FIELDS, required=False, help_text="which to reveal; both when absent"
    )


class RevealedSerializer(serializers.Serializer):
    code = StrictCharField()
    phone = StrictCharField(required=False)
    id_number = StrictCharField(required=False)


class PerformerRevealView(APIView):
    permission_classes = [IsAuthenticated, IsGuild]

    @extend_schema(
        operation_id="performers_reveal",
        summary="Reveal a performer's phone and ID number (guild; audited)",
        description="Answers the clear values and records who saw which fields of whom, why "
        "and when (one record per reveal). The reason is required.",
        request=RevealRequestSerializer,
        responses={200: RevealedSerializer, 400: OpenApiResponse(description="No reason given.")},
    )
    def post(self, request, code: str):
        performer = get_object_or_404(Performer, code=code)
        serializer = RevealRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        chosen = serializer.validated_data.get("fields") or PERSONAL_FIELDS
        fields = tuple(name for name in PERSONAL_FIELDS if name in chosen)
        clear = personal_data_reveal(
            user=request.user,
            performer=performer,
            reason=serializer.validated_data["reason"],
            fields=fields,
        )
        return Response({"code": performer.code, **clear})
