"""Routes of billing (mounted under /api/v1/)."""

from django.urls import re_path

from scheduling.billing.api.statements import StatementView

urlpatterns = [
    re_path(r"^crews/(?P<code>[^/]+)/statement/?$", StatementView.as_view(), name="statement"),
]
