"""Who may do what, said once: a policy for every API route and method.

Each app declares the policies of its routes in ``<app>/api/policy.py`` with ``declare()``: for
each route (by its URL name) and HTTP method, the roles that may use it, and for people, which
rows each role sees there. ``PolicyAccess``, the API's one permission class, lets a request in
only when its route and method have a policy naming the user's role; a route or method without
one is closed (fail closed), and ``tests/test_access_policy.py`` walks the URL configuration so
that such a route fails CI instead. Which rows a role sees stays the job of each view's
queryset (a crew's view of another crew's object is a 404); which fields a role may write is
declared on serializers (``core.field_owners``). ``manage.py access_table`` writes all of it out
for people: ``docs/access.md``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.permissions import BasePermission

from core import roles

ANONYMOUS = "anonymous"
PERFORMER = "performer"  # a user tied to a Performer, in no role group
NO_ROLE = "none"  # signed in, in no group and no performer: let in nowhere
OPS, GUILD, CREW = roles.OPS, roles.GUILD, roles.CREW
EVERY_ROLE = (ANONYMOUS, OPS, GUILD, CREW, PERFORMER)
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def role_of(user) -> str:
    """The one role a user acts in: ops, then guild, then crew, then performer."""
    if not user.is_authenticated:
        return ANONYMOUS
    if roles.is_ops(user):
        return OPS
    if roles.is_guild(user):
        return GUILD
    if roles.is_crew(user):
        return CREW
    if roles.is_performer(user):
        return PERFORMER
    return NO_ROLE


@dataclass(frozen=True)
class Access:
    """The roles that may use one route's method, and the rows each sees, for people."""

    roles: frozenset[str]
    rows: dict[str, str] = field(default_factory=dict, hash=False, compare=False)


# route name -> method -> Access
POLICIES: dict[str, dict[str, Access]] = {}


def allow(*who: str, rows: dict[str, str] | None = None) -> Access:
    unknown = set(who) - set(EVERY_ROLE)
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}")
    return Access(frozenset(who), rows or {})


def declare(route: str, **methods: Access) -> None:
    """The policy of one route: ``declare("booking-list", GET=allow(OPS, CREW), POST=...)``."""
    if route in POLICIES:
        raise ValueError(f"route {route!r} declared twice")
    unknown = set(methods) - set(METHODS)
    if unknown:
        raise ValueError(f"route {route!r}: unknown methods {sorted(unknown)}")
    POLICIES[route] = dict(methods)


def access_of(route: str | None, method: str) -> Access | None:
    """The declared access of a route's method (HEAD as GET), or None when there is none."""
    if method in ("HEAD", "OPTIONS"):
        method = "GET"
    return POLICIES.get(route or "", {}).get(method)


class PolicyAccess(BasePermission):
    """The API's permission class: the route's declared policy names the user's role."""

    message = gettext_lazy("Your role may not do this here.")

    def has_permission(self, request, view) -> bool:
        match = request.resolver_match
        role = role_of(request.user)
        if not hasattr(view, request.method.lower()) and request.method != "HEAD":
            # No such method here: DRF answers 405, to anyone signed in (anonymous: 401).
            return role != ANONYMOUS
        access = access_of(match.url_name if match else None, request.method)
        if access is None:
            return False
        if role not in access.roles:
            # Said per request: DRF reads ``message`` off the instance that refused.
            self.message = _("Only these roles may do this here: {roles}.").format(
                roles=", ".join(role for role in EVERY_ROLE if role in access.roles)
            )
            return False
        return True


@dataclass(frozen=True)
class Route:
    """One API route: its URL name, a path a person reads, and the methods it answers."""

    name: str
    path: str
    methods: tuple[str, ...]
    view: type


def _readable(pattern: str) -> str:
    text = pattern.replace("^", "").replace("$", "").replace("\\.", ".").replace("/?", "/")
    text = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", text)
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", text)


def _methods(callback) -> tuple[str, ...]:
    actions = getattr(callback, "actions", None)
    if actions:
        return tuple(m for m in METHODS if m.lower() in actions)
    view = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    return tuple(m for m in METHODS if view is not None and hasattr(view, m.lower()))


def _walk(patterns, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def api_routes(prefix: str = "api/") -> list[Route]:
    """Every route of the API, once per URL name (a ``.json`` suffix variant folded in)."""
    seen: dict[str, Route] = {}
    for raw, pattern in _walk(get_resolver().url_patterns):
        path = _readable(raw)
        if not path.startswith(prefix) or pattern.name in seen or pattern.name is None:
            continue
        view = getattr(pattern.callback, "cls", None) or getattr(
            pattern.callback, "view_class", None
        )
        seen[pattern.name] = Route(pattern.name, "/" + path, _methods(pattern.callback), view)
    return sorted(seen.values(), key=lambda route: route.path)
