"""An API client per role, for the permission tests of the roster, personal data and matching.

``client_as(role)`` for ``anon``, ``ops``, ``guild``, ``crew`` (member of C0001), ``other_crew``
(member of C0002) and ``performer`` (P90001's own login).
"""

from __future__ import annotations

import pytest

ROLES = ("anon", "ops", "guild", "crew", "other_crew", "performer")


@pytest.fixture
def client_as(
    api_client_for,
    ops_user,
    guild_user,
    crew_user,
    own_crew,
    other_crew_user,
    other_crew,
    performer_user,
):
    users = {
        "anon": None,
        "ops": ops_user,
        "guild": guild_user,
        "crew": crew_user,
        "other_crew": other_crew_user,
        "performer": performer_user,
    }
    return lambda role: api_client_for(users[role])
