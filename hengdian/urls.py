"""The project's URLs: the admin, the REST API under /api/v1/, and its schema and docs.

Each app owns its API routes in ``<app>/api/urls.py`` (and the modules listed below); this
file only mounts them.
"""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from core.home import home
from core.policy import allow, declare

api_v1 = [
    path("", include("core.urls")),
    path("", include("scheduling.api.urls")),
    path("", include("crews.api.urls")),
    path("", include("actors.api.guild_urls")),  # before actors.api.urls: performers/import
    path("", include("actors.api.urls")),
    path("", include("actors.api.calls_urls")),
    path("", include("scheduling.api.booking_urls")),
    path("", include("scheduling.api.reception_urls")),
    path("", include("scheduling.api.instance_urls")),
    path("", include("scheduling.api.plan_run_urls")),
    path("", include("scheduling.api.disruption_urls")),
    path("", include("crews.api.extra_urls")),
    path("", include("scheduling.api.audit_urls")),
    path("", include("scheduling.billing.api.urls")),
]

# The schema and its docs describe the API, hold no data: open to anyone (core.policy).
EVERYONE = ("anonymous", "ops", "guild", "crew", "performer")
declare("schema", GET=allow(*EVERYONE))
declare("api-docs", GET=allow(*EVERYONE))

urlpatterns = [
    # Where each role lands after signing in (core.home).
    path("", home, name="home"),
    path("admin/", admin.site.urls),
    # A plain login for staff of every role (the admin's admits only is_staff users).
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/v1/", include(api_v1)),
    path("board/", include("scheduling.board.urls")),
    # The home pages of the guild, performers and crews (core.home sends each role to its own).
    path("", include("actors.page_urls")),
    path("", include("crews.page_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
]

# Unmatched URLs, requests Django refuses before DRF and unhandled errors answer JSON under
# /api/, like every other API error (core.errors).
handler400 = "core.errors.api_bad_request"
handler403 = "core.errors.api_permission_denied"
handler404 = "core.errors.api_not_found"
handler500 = "core.errors.api_server_error"
