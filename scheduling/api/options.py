"""Reception over the API: a scene's options, and the options of several of a crew's scenes.

``GET /api/v1/scenes/{code}/options?from=&to=`` has the contract's fixed shape (``API.md``);
``GET /api/v1/crews/{code}/options?from=&to=[&scenes=a,b][&limit=]`` answers the same for a
crew's unbooked scenes at once. Each scene's options are computed on their own: two options of
two scenes may exclude each other (the same set, or the crew at two places at once).
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core import roles
from core.days import query_day
from core.fields import StrictCharField
from crews.models import Crew, Scene
from scheduling.models import Booking
from scheduling.selectors.bookings import ACTIVE
from scheduling.selectors.options import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    MAX_OPTION_DAYS,
    scene_options,
)

BATCH_DEFAULT_LIMIT = 5
MAX_BATCH_SCENES = 50


class OptionSerializer(serializers.Serializer):
    location = StrictCharField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    price = StrictCharField(help_text="yuan, two decimals")
    why = StrictCharField()


class SceneOptionsSerializer(serializers.Serializer):
    scene = StrictCharField()
    options = OptionSerializer(many=True)


class CrewOptionsSerializer(serializers.Serializer):
    crew = StrictCharField()
    scenes = SceneOptionsSerializer(many=True)


RANGE = [
    OpenApiParameter("from", OpenApiTypes.DATE, required=True),
    OpenApiParameter("to", OpenApiTypes.DATE, required=True),
    OpenApiParameter("limit", OpenApiTypes.INT, required=False),
]


def _date_range(request) -> tuple[dt.date, dt.date]:
    date_from, date_to = query_day(request, "from"), query_day(request, "to")
    if date_to < date_from:
        raise DRFValidationError({"to": [_("Must be on or after 'from'.")]})
    if (date_to - date_from).days >= MAX_OPTION_DAYS:
        raise DRFValidationError(
            {"to": [_("Ask for at most {days} days.").format(days=MAX_OPTION_DAYS)]}
        )
    return date_from, date_to


def _limit(request, default: int) -> int:
    raw = request.query_params.get("limit")
    if raw is None:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        raise DRFValidationError(
            {"limit": [_("Give a whole number from 1 to {most}.").format(most=MAX_LIMIT)]}
        )
    return int(raw)


class SceneOptionsView(APIView):
    @extend_schema(
        summary="Where and when a scene can be booked now, best first",
        parameters=RANGE,
        responses={200: SceneOptionsSerializer},
    )
    def get(self, request, code: str):
        user = request.user
        scenes = Scene.objects.select_related("crew").filter(code=code)
        if not roles.is_ops(user):
            scenes = scenes.filter(crew__members=user)
        scene = scenes.first()
        if scene is None:
            raise NotFound(_("No scene {code} that you may see.").format(code=code))
        date_from, date_to = _date_range(request)
        limit = _limit(request, DEFAULT_LIMIT)
        return Response(
            scene_options(scene=scene, date_from=date_from, date_to=date_to, limit=limit)
        )


class CrewOptionsView(APIView):
    @extend_schema(
        summary="Options for several of a crew's unbooked scenes (each on its own)",
        parameters=[
            *RANGE,
            OpenApiParameter(
                "scenes",
                OpenApiTypes.STR,
                required=False,
                description="scene codes, comma-separated (default: every unbooked scene)",
            ),
        ],
        responses={200: CrewOptionsSerializer},
    )
    def get(self, request, code: str):
        user = request.user
        crews = Crew.objects.filter(code=code)
        if not roles.is_ops(user):
            crews = crews.filter(members=user)
        crew = crews.first()
        if crew is None:
            raise NotFound(_("No crew {code} that you may see.").format(code=code))
        date_from, date_to = _date_range(request)
        limit = _limit(request, BATCH_DEFAULT_LIMIT)
        scenes = _batch_scenes(request, crew=crew, date_from=date_from, date_to=date_to)
        return Response(
            {
                "crew": crew.code,
                "scenes": [
                    scene_options(scene=scene, date_from=date_from, date_to=date_to, limit=limit)
                    for scene in scenes
                ],
            }
        )


def _batch_scenes(request, *, crew: Crew, date_from: dt.date, date_to: dt.date) -> list[Scene]:
    scenes = Scene.objects.select_related("crew").filter(crew=crew).order_by("code")
    raw = request.query_params.get("scenes")
    if raw is not None:
        codes = [part.strip() for part in raw.split(",") if part.strip()]
        found = {scene.code: scene for scene in scenes.filter(code__in=codes)}
        missing = [c for c in codes if c not in found]
        if not codes or missing:
            raise DRFValidationError(
                {"scenes": [_("Not scenes of this crew: {codes}").format(codes=", ".join(missing))]}
            )
        chosen = [found[c] for c in dict.fromkeys(codes)]
    else:
        booked = Booking.objects.filter(ACTIVE, scene__crew=crew).values("scene")
        unbooked = scenes.exclude(pk__in=booked)
        # The first scenes by code: a crew with more asks for them by name, a batch at a time.
        return list(
            unbooked.filter(first_date__lte=date_to, last_date__gte=date_from)[:MAX_BATCH_SCENES]
        )
    if len(chosen) > MAX_BATCH_SCENES:
        raise DRFValidationError(
            {"scenes": [_("Ask for at most {count} scenes.").format(count=MAX_BATCH_SCENES)]}
        )
    return chosen
