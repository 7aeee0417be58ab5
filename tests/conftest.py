"""Suite-wide fixtures: one user per role, the crews they belong to, and API clients.

``crew_user`` is a member of ``own_crew`` only; ``other_crew`` has its own member
(``other_crew_user``), so "another crew's object" is always at hand. ``api_client_for(user)``
returns a DRF ``APIClient`` sending ``Authorization: Token ...`` for that user.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.utils import translation
from rest_framework.test import APIClient

from core import roles
from core.tokens import api_token_issue
from tests.clock import frozen_instant
from tests.factories import CrewFactory, PerformerFactory, UserFactory

# Tests whose other half (a Celery worker process, a browser) runs on the real clock: freezing
# only this process would put the two halves on different days.
_REAL_CLOCK_MARKERS = ("services", "browser")


@pytest.fixture(autouse=True)
def _frozen_clock(request):
    """Every test starts at the same instant of the base's clock (``tests/clock.py``); the clock
    ticks from there, so timeouts and polling loops still work."""
    if any(request.node.get_closest_marker(name) for name in _REAL_CLOCK_MARKERS):
        yield
        return
    with time_machine.travel(frozen_instant(), tick=True):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: no throttle counts left by the one before."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the base's language: a request in English leaves its thread in
    English (LocaleMiddleware activates, nothing deactivates), and a service called next
    would write a request's outcome or a notice in English."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def day_hours_base(settings):
    """A base that keeps the old day hours, 06:00-24:00, as the contract's example file does:
    for tests of something else written against that file (round trips, re-plans)."""
    settings.PLANNING_DAY_END = "24:00"


@pytest.fixture
def role_groups(db):
    return roles.role_groups_ensure()


def _user_in(role_groups, role: str | None, username: str) -> User:
    user = UserFactory(username=username)
    if role is not None:
        user.groups.add(role_groups[role])
    return user


@pytest.fixture
def ops_user(role_groups) -> User:
    return _user_in(role_groups, roles.OPS, "ops")


@pytest.fixture
def guild_user(role_groups) -> User:
    return _user_in(role_groups, roles.GUILD, "guild")


@pytest.fixture
def crew_user(role_groups) -> User:
    return _user_in(role_groups, roles.CREW, "crew")


@pytest.fixture
def own_crew(crew_user):
    """The crew ``crew_user`` belongs to."""
    return CrewFactory(code="C0001", name="龙王赘婿", members=[crew_user])


@pytest.fixture
def other_crew_user(role_groups) -> User:
    return _user_in(role_groups, roles.CREW, "other-crew")


@pytest.fixture
def other_crew(other_crew_user):
    """A crew ``crew_user`` does not belong to."""
    return CrewFactory(code="C0002", name="闪婚后我成了首富", members=[other_crew_user])


@pytest.fixture
def performer_user(role_groups) -> User:
    """A user with no role group, tied to a performer (``performer_user.performer``)."""
    user = _user_in(role_groups, None, "performer")
    PerformerFactory(code="P90001", name="演员本人", user=user)
    return user


@pytest.fixture
def api_client_for(db) -> Callable[[User | None], APIClient]:
    """A factory of API clients: authenticated by token for a user, anonymous for ``None``."""

    def make(user: User | None) -> APIClient:
        client = APIClient()
        if user is not None:
            _token, key = api_token_issue(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return make


@pytest.fixture
def anon_client() -> APIClient:
    return APIClient()


@pytest.fixture
def ops_client(api_client_for, ops_user) -> APIClient:
    return api_client_for(ops_user)


@pytest.fixture
def guild_client(api_client_for, guild_user) -> APIClient:
    return api_client_for(guild_user)


@pytest.fixture
def crew_client(api_client_for, crew_user, own_crew) -> APIClient:
    return api_client_for(crew_user)


@pytest.fixture
def eager_tasks():
    """Celery tasks run in the sending process even where a broker is configured (the services
    tier): for tests of what a task does, not of a worker picking it up."""
    from hengdian.celery import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved
