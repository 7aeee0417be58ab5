"""The access policy (core.policy) against the running API, and docs/access.md against it.

Every API route and method has a declared policy; then, as each role, every route and method
is called: where the policy says no, the answer is 401 (anonymous) or 403; where it says yes,
anything else (an unknown object is a 404, an empty body a 400: the role got past the door).
"""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import NoReverseMatch, get_resolver, reverse

from core.policy import (
    ANONYMOUS,
    CREW,
    GUILD,
    OPS,
    PERFORMER,
    PolicyAccess,
    access_of,
    api_routes,
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ("999999", "ZZZ9", "html", "csv")


def sample_path(name: str) -> str:
    """A path of the route with made-up values: no object behind it."""
    groups = set()
    for possibility in get_resolver().reverse_dict.getlist(name):
        for _pattern, params in possibility[0]:
            groups |= set(params)
    for values in itertools.product(SAMPLES, repeat=len(groups)):
        try:
            return reverse(name, kwargs=dict(zip(sorted(groups), values, strict=True)))
        except NoReverseMatch:
            continue
    raise AssertionError(f"no sample path for {name}")


def test_every_api_route_and_method_has_a_declared_policy():
    missing = [
        f"{method} {route.path} ({route.name})"
        for route in api_routes()
        for method in route.methods
        if access_of(route.name, method) is None
    ]
    assert missing == []


@pytest.fixture
def role_clients(
    api_client_for, anon_client, ops_user, guild_user, crew_user, own_crew, performer_user
):
    return {
        ANONYMOUS: anon_client,
        OPS: api_client_for(ops_user),
        GUILD: api_client_for(guild_user),
        CREW: api_client_for(crew_user),
        PERFORMER: api_client_for(performer_user),
    }


@pytest.mark.django_db
def test_the_running_api_keeps_the_policy_for_every_route_method_and_role(role_clients):
    observed, wrong = {}, []
    # Signing out revokes the client's token: last, or every later call would be a 401.
    for route in sorted(api_routes(), key=lambda route: route.name == "api-token-current"):
        path = sample_path(route.name)
        for method in route.methods:
            for role, client in role_clients.items():
                status = getattr(client, method.lower())(path, {}, format="json").status_code
                let_in = status not in (401, 403)
                observed.setdefault(route.name, {}).setdefault(method, []).append(
                    role
                ) if let_in else None
                access = access_of(route.name, method)
                declared = access is not None and role in access.roles
                if let_in != declared:
                    wrong.append(f"{role} {method} {path}: {status}, policy says {declared}")
    if os.environ.get("ACCESS_POLICY_DUMP"):
        Path(os.environ["ACCESS_POLICY_DUMP"]).write_text(json.dumps(observed, indent=1))
    assert wrong == []


def test_docs_access_md_is_the_policy_written_out():
    call_command("access_table", "--check")


def test_a_route_without_a_policy_is_closed_to_every_role(rf, ops_user):
    request = rf.get("/api/v1/nowhere/")
    request.user = ops_user
    request.resolver_match = type("Match", (), {"url_name": "no-such-route"})()
    view = type("View", (), {"get": lambda self: None})()
    assert PolicyAccess().has_permission(request, view) is False
