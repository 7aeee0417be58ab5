"""The three kinds of user, as Django groups, and what each may see.

``ops``: the operations centre, sees and books everything. ``guild``: the actors' guild, sees
performers in full and the scenes they are called to. ``crew``: a user tied to one or more
crews (``Crew.members``), who sees only those crews. A performer with a login (``Performer.user``)
sees only their own calls. Everyone else gets nothing.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, Group, User

OPS = "ops"
GUILD = "guild"
CREW = "crew"
ROLES = (OPS, GUILD, CREW)


def _groups(user: User | AnonymousUser) -> set[str]:
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._role_names = cached
    return cached


def is_ops(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and (user.is_superuser or OPS in _groups(user))


def is_guild(user: User | AnonymousUser) -> bool:
    return GUILD in _groups(user)


def is_crew(user: User | AnonymousUser) -> bool:
    return CREW in _groups(user)


def is_performer(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and hasattr(user, "performer")


def role_groups_ensure() -> dict[str, Group]:
    """Create the three role groups if missing (used by migrations' data, seeding and tests)."""
    return {name: Group.objects.get_or_create(name=name)[0] for name in ROLES}
