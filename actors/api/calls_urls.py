"""Routes of calls, check-in, the notification outbox, pay sheets and the shortage forecast,
mounted under /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from actors.api.calls import CallViewSet
from actors.api.forecast import ShortageView, ShortLinesView
from actors.api.notifications import NotificationViewSet
from actors.api.pay import GuildPayView, PerformerPayView

router = SimpleRouter()
router.trailing_slash = "/?"
router.register("calls", CallViewSet, basename="call")
router.register("notifications", NotificationViewSet, basename="notification")

urlpatterns = [
    path("performers/<str:code>/pay", PerformerPayView.as_view(), name="performer-pay"),
    path(
        "performers/<str:code>/pay.csv",
        PerformerPayView.as_view(csv=True),
        name="performer-pay-csv",
    ),
    path("guild/pay", GuildPayView.as_view(), name="guild-pay"),
    path("guild/pay.csv", GuildPayView.as_view(csv=True), name="guild-pay-csv"),
    path("guild/shortage", ShortageView.as_view(), name="guild-shortage"),
    path("guild/short-lines", ShortLinesView.as_view(), name="guild-short-lines"),
    *router.urls,
]
