"""Calendar feeds of a crew and of a performer, and each user's secret feed URL.

Calendar apps subscribe by URL and send no headers, so the feeds also accept
``?token=<feed secret>`` (``CalendarFeedToken``): it opens these two feeds only, read-only, as
the user it belongs to; everything else still needs the API token.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.authentication import (
    BaseAuthentication,
    SessionAuthentication,
)
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from core import roles
from core.fields import StrictCharField
from core.tokens import ApiTokenAuthentication
from crews.api.documents import ErrorsAsJSON
from crews.api.tool_access import crew_for_tools
from crews.calendar import calendar_ics
from crews.models import Crew
from crews.selectors import crew_calendar_events, feed_token_owner, performer_calendar_events
from crews.services import calendar_stamps_refresh, feed_token_get, feed_token_rotate
from scheduling.api.bookings import performer_for_calls

ICS = "text/calendar; charset=utf-8"


class FeedTokenAuthentication(BaseAuthentication):
    """``?token=`` with the user's calendar feed secret."""

    def authenticate(self, request):
        key = request.query_params.get("token")
        if not key:
            return None
        user = feed_token_owner(key=key)
        if user is None:
            raise AuthenticationFailed(_("This calendar link is no longer valid."))
        return user, None


class FeedTokenScheme(OpenApiAuthenticationExtension):
    target_class = FeedTokenAuthentication
    name = "calendarFeedToken"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "query", "name": "token"}


class CalendarFeedView(APIView):
    # The API token first, so a request without credentials is a 401 asking for it.
    authentication_classes = [
        ApiTokenAuthentication,
        FeedTokenAuthentication,
        SessionAuthentication,
    ]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = ErrorsAsJSON

    def feed(self, *, name: str, events) -> HttpResponse:
        stamps = calendar_stamps_refresh(fingerprints={e.uid: e.fingerprint for e in events})
        body = calendar_ics(name=name, events=events, stamps=stamps)
        response = HttpResponse(body, content_type=ICS)
        response["Cache-Control"] = "private, max-age=300"
        return response


FEED_RESPONSES = {
    (200, "text/calendar"): OpenApiResponse(OpenApiTypes.STR, description="iCalendar feed"),
}
TOKEN_PARAMETER = OpenApiParameter(
    "token", OpenApiTypes.STR, description="The user's calendar feed secret (see calendar-feed/)."
)


class CrewCalendarView(CalendarFeedView):
    @extend_schema(
        summary="A crew's booked scenes as an iCalendar feed (ops and the crew's members)",
        parameters=[TOKEN_PARAMETER],
        responses=FEED_RESPONSES,
    )
    def get(self, request, code: str):
        crew = crew_for_tools(request, code)
        return self.feed(name=f"{crew.name} ({crew.code})", events=crew_calendar_events(crew=crew))


class PerformerCalendarView(CalendarFeedView):
    @extend_schema(
        summary="A performer's calls as an iCalendar feed (the guild and the performer)",
        parameters=[TOKEN_PARAMETER],
        responses=FEED_RESPONSES,
    )
    def get(self, request, code: str):
        performer = performer_for_calls(user=request.user, code=code)
        return self.feed(
            name=f"群演通告 Calls {performer.code}",
            events=performer_calendar_events(performer=performer),
        )


class FeedLinksSerializer(serializers.Serializer):
    token = StrictCharField()
    crews = serializers.ListField(child=serializers.DictField())
    performer = StrictCharField(allow_null=True)
    crew_url_template = StrictCharField()


class FeedLinksView(APIView):
    """The user's feed secret and the URLs to paste into a calendar app."""

    @extend_schema(summary="My calendar feed links", responses={200: FeedLinksSerializer})
    def get(self, request):
        return Response(_links(request, feed_token_get(user=request.user).key))


class FeedLinksRotateView(APIView):
    @extend_schema(
        summary="A new calendar feed secret (old links stop working)",
        request=None,
        responses={200: FeedLinksSerializer},
    )
    def post(self, request):
        return Response(_links(request, feed_token_rotate(user=request.user).key))


def _links(request, key: str) -> dict:
    def url(name: str, code: str) -> str:
        path = reverse(name, kwargs={"code": code})
        return request.build_absolute_uri(f"{path}?token={key}")

    user = request.user
    crews = Crew.objects.filter(members=user).order_by("code") if roles.is_crew(user) else []
    performer = getattr(user, "performer", None) if roles.is_performer(user) else None
    return {
        "token": key,
        "crews": [{"crew": crew.code, "url": url("crew-calendar", crew.code)} for crew in crews],
        "performer": url("performer-calendar", performer.code) if performer else None,
        "crew_url_template": url("crew-calendar", "CODE").replace("CODE", "{code}", 1),
    }
