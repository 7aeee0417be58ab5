"""Route of the audit trail, mounted under /api/v1/."""

from django.urls import path

from scheduling.api.audit import AuditListView

urlpatterns = [path("audit/", AuditListView.as_view(), name="audit-list")]
