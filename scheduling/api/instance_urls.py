"""Routes of instance import and export, mounted under /api/v1/ (no trailing slash, as the
contract spells them)."""

from django.urls import path

from scheduling.api.instances import InstanceExportView, InstanceImportView

urlpatterns = [
    path("instances/import", InstanceImportView.as_view(), name="instance-import"),
    path("instances/export", InstanceExportView.as_view(), name="instance-export"),
]
