"""The guild's side of billing over the API.

``GET /guild/billing?from=&to=`` (the guild): every performer who worked; ``GET
/performers/{code}/billing?from=&to=`` (the guild, and the performer themselves).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from actors.api.pay import PERIOD_PARAMETERS, period
from actors.models import Performer
from core.policy import PERFORMER, role_of
from scheduling.billing.guild import guild_billing_get

PARAMETERS = [p for p in PERIOD_PARAMETERS if p.name != "format"]


class GuildBillingView(APIView):
    @extend_schema(
        summary="What the crews were charged for each performer, what the guild keeps and pays",
        parameters=PARAMETERS,
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request) -> Response:
        first, last = period(request)
        return Response(guild_billing_get(first=first, last=last))


class PerformerBillingView(APIView):
    @extend_schema(
        summary="One performer's side of billing: charged, kept by the guild, paid",
        parameters=PARAMETERS,
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request, code: str) -> Response:
        performers = Performer.objects.filter(code=code)
        if role_of(request.user) == PERFORMER:
            performers = performers.filter(user=request.user)
        performer = performers.first()
        if performer is None:
            raise NotFound(_("No performer {code} among those you see.").format(code=code))
        first, last = period(request)
        body = guild_billing_get(first=first, last=last, performers=[performer])
        return Response(
            {
                **body["performers"][0],
                "from": body["from"],
                "to": body["to"],
                "currency": "CNY",
                "rates": body["rates"],
            }
        )
