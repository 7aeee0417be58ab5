"""Routes of billing (mounted under /api/v1/)."""

from django.urls import re_path

from scheduling.billing.api import policy  # noqa: F401  (declares who may use these routes)
from scheduling.billing.api.guild import GuildBillingView, PerformerBillingView
from scheduling.billing.api.invoices import InvoiceActionView, InvoiceDetailView, InvoiceListView
from scheduling.billing.api.statements import StatementView

urlpatterns = [
    re_path(r"^crews/(?P<code>[^/]+)/statement/?$", StatementView.as_view(), name="statement"),
    re_path(r"^guild/billing/?$", GuildBillingView.as_view(), name="guild-billing"),
    re_path(
        r"^performers/(?P<code>[^/]+)/billing/?$",
        PerformerBillingView.as_view(),
        name="performer-billing",
    ),
    re_path(r"^invoices/?$", InvoiceListView.as_view(), name="invoice-list"),
    re_path(r"^invoices/(?P<number>[^/]+?)/?$", InvoiceDetailView.as_view(), name="invoice"),
    *[
        re_path(
            rf"^invoices/(?P<number>[^/]+)/{action}/?$",
            InvoiceActionView.as_view(action=action),
            name=f"invoice-{action}",
        )
        for action in ("pay", "void", "adjust")
    ],
]
