"""Searching and ordering only on what the asking role may read.

A field a role cannot read is still an oracle if it can search or order by it: a crew that sees
performers' names masked (王**) could search ``?search=王小明`` to learn the full name, or order
by ``reliability`` to learn a ranking its serializer never shows (issue 19, finding 3). A view
declares, per role, the fields each may search and order by (``search_fields_for(request)``,
``ordering_fields_for(request)``); these backends use them in place of the view's defaults. An
ordering by a field the role may not use is a 400, as a typo in one is.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend, OrderingFilter, SearchFilter


class RoleSearchFilter(SearchFilter):
    """DRF's search over the fields the asking role may search."""

    def get_search_fields(self, view, request):
        fields_for = getattr(view, "search_fields_for", None)
        if fields_for is not None:
            return fields_for(request)
        return super().get_search_fields(view, request)


class RoleOrderingFilter(OrderingFilter):
    """DRF's ordering over the fields the asking role may order by; any other is a 400."""

    def get_valid_fields(self, queryset, view, context=None):
        fields_for = getattr(view, "ordering_fields_for", None)
        request = (context or {}).get("request")
        if fields_for is None or request is None:
            return super().get_valid_fields(queryset, view, context or {})
        return [(field, field) for field in fields_for(request)]

    def remove_invalid_fields(self, queryset, fields, view, request):
        valid = {
            name for name, _label in self.get_valid_fields(queryset, view, {"request": request})
        }
        unknown = [term for term in fields if term.lstrip("-") not in valid]
        if unknown:
            raise ValidationError(
                {
                    self.ordering_param: [
                        _("cannot order by {fields}; choose from {valid}.").format(
                            fields=", ".join(unknown), valid=", ".join(sorted(valid))
                        )
                    ]
                }
            )
        return fields


class KnownQueryParamsFilter(BaseFilterBackend):
    """A list answers 400 to a query parameter it does not take, instead of ignoring it.

    ``/calls/?booking=88`` used to list every call: a filter the client believed in and the
    list did not have. A list with a filter set takes its filters, paging, ordering, search and
    ``format``, and whatever its view names in ``extra_query_params``; anything else is refused,
    named, with what the list does take.
    """

    COMMON = frozenset({"page", "page_size", "ordering", "search", "format"})

    def filter_queryset(self, request, queryset, view):
        filterset = getattr(view, "filterset_class", None)
        if filterset is None or getattr(view, "action", "list") != "list":
            return queryset
        known = (
            self.COMMON | set(filterset.base_filters) | set(getattr(view, "extra_query_params", ()))
        )
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            raise ValidationError(
                {
                    name: [
                        _("this list has no such filter; it takes: {known}.").format(
                            known=", ".join(sorted(known))
                        )
                    ]
                    for name in unknown
                }
            )
        return queryset
