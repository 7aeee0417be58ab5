"""The error answers every operation can give, written into the OpenAPI schema.

Each view documents its own success and the domain errors it chose (a booking's 409). The
errors that come from the plumbing shared by all views (``api_exception_handler`` in
``core.api``) were missing, so the schema said an operation could only succeed:
401 without credentials, 403 for a role that may not act, 404 for an object out of the role's
scope or a page past the end of a list, 400 for a bad query or body, 413 for a body above
``DATA_UPLOAD_MAX_MEMORY_SIZE``.

It also says what django-filter does with an empty value (``?status=``): no filter at all,
so such query parameters allow an empty value.
"""

from __future__ import annotations

ERROR_COMPONENT = "Error"
ERROR_SCHEMA = {
    "type": "object",
    "description": "Every error: a human-readable ``message`` and the details DRF gives.",
    "properties": {"message": {"type": "string"}},
    "required": ["message"],
    "additionalProperties": True,
}
_WHY = {
    "400": "The request is malformed or a value is invalid.",
    "401": "No credentials, or credentials that are not valid.",
    "403": "The user's role may not do this.",
    "404": "No such object within what the user's role may see.",
    "413": "The request body is larger than the service accepts.",
}
_WITH_BODY = {"post", "put", "patch"}


def _error_statuses(method: str, operation: dict) -> list[str]:
    statuses = []
    parameters = operation.get("parameters", [])
    has_query = any(parameter.get("in") == "query" for parameter in parameters)
    if method in _WITH_BODY or has_query or "requestBody" in operation:
        statuses.append("400")
    if operation.get("security") != [{}]:
        statuses += ["401", "403"]
    # A path that names nothing, a page past the end, a ``?format=`` no renderer speaks.
    if any(
        parameter.get("in") == "path" or parameter.get("name") in ("page", "format")
        for parameter in parameters
    ):
        statuses.append("404")
    if "requestBody" in operation or method in _WITH_BODY:
        statuses.append("413")
    return statuses


def _empty_filter_means_any(operation: dict) -> None:
    """A list's filters (django-filter), ordering and search take ``?name=`` as no filter at
    all, and so does DRF's ``?format=``: say so with ``allowEmptyValue``."""
    is_list = operation.get("operationId", "").endswith("_list")
    for parameter in operation.get("parameters", []):
        if parameter.get("in") != "query" or parameter.get("required"):
            continue
        name = parameter.get("name")
        if name == "format" or (is_list and name not in ("page", "page_size")):
            parameter["allowEmptyValue"] = True


def document_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: add the shared error answers each operation lacks."""
    result.setdefault("components", {}).setdefault("schemas", {})[ERROR_COMPONENT] = ERROR_SCHEMA
    reference = {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            _empty_filter_means_any(operation)
            responses = operation.setdefault("responses", {})
            for status in _error_statuses(method, operation):
                content = {"application/json": {"schema": reference}}
                responses.setdefault(status, {"content": content, "description": _WHY[status]})
    return result
