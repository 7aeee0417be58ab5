"""The guild's reveal of a performer's phone and ID number: asked with a reason, recorded.

``POST /api/v1/performers/{code}/reveal`` {"reason": "..."} answers the clear values and writes
one ``PersonalDataAccess`` row (who, whom, which fields, why, when). Guild only: everyone else
sees these masked (the performer sees their own in clear, crews never see them at all).

``POST /api/v1/performers/{code}/login`` {"username": ... or null, "reason": "..."} ties the
login a performer signs in with (which reads their own data in clear), with a record of it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from actors.models import Performer
from actors.services import (
    PERSONAL_FIELDS,
    LoginLinkRefused,
    performer_login_link,
    personal_data_reveal,
)
from core.fields import StrictCharField


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


class LoginLinkRequestSerializer(serializers.Serializer):
    username = StrictCharField(allow_null=True, max_length=150, help_text="null unties the login")
    reason = StrictCharField(
        min_length=settings.PERSONAL_DATA_REVEAL_REASON_MIN, max_length=500, trim_whitespace=True
    )

    def validate_username(self, value: str | None) -> User | None:
        if value is None:
            return None
        login = User.objects.filter(username=value).first()
        if login is None:
            raise serializers.ValidationError(
                _("no login is called {username}.").format(username=value)
            )
        return login


class LoginLinkedSerializer(serializers.Serializer):
    code = StrictCharField()
    user = StrictCharField(allow_null=True)


class PerformerLoginView(APIView):
    @extend_schema(
        operation_id="performers_login",
        summary="Tie the login a performer signs in with (ops or guild; audited)",
        description="That login reads the performer's own phone and ID number in clear, so it "
        "must be a plain login (no staff flag, no role group, no other performer's) and each "
        "change is recorded with its reason. `username: null` unties it.",
        request=LoginLinkRequestSerializer,
        responses={
            200: LoginLinkedSerializer,
            400: OpenApiResponse(description="No reason, no such login, or a role account."),
        },
    )
    def post(self, request, code: str):
        performer = get_object_or_404(Performer, code=code)
        serializer = LoginLinkRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        login = serializer.validated_data["username"]
        try:
            performer_login_link(
                by=request.user,
                performer=performer,
                login=login,
                reason=serializer.validated_data["reason"],
            )
        except LoginLinkRefused as refused:
            raise serializers.ValidationError({"username": [str(refused)]}) from None
        return Response({"code": performer.code, "user": login.username if login else None})
