"""The roles now live in ``core.roles`` (plumbing every app shares); this name stays for the
modules that still import it from here."""

from core.roles import (  # noqa: F401
    CREW,
    GUILD,
    OPS,
    ROLES,
    is_crew,
    is_guild,
    is_ops,
    is_performer,
    role_groups_ensure,
)
