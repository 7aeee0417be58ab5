"""Who may use billing's routes: statements, bills, the guild's side (core.policy)."""

from __future__ import annotations

from core.policy import CREW, GUILD, OPS, PERFORMER, allow, declare

OWN = {OPS: "every crew", CREW: "its own crews; another crew's is a 404"}

declare("statement", GET=allow(OPS, CREW, rows=OWN))
declare("invoice-list", GET=allow(OPS, CREW, rows=OWN), POST=allow(OPS))
declare("invoice", GET=allow(OPS, CREW, rows=OWN))
for action in ("pay", "void", "adjust"):
    declare(f"invoice-{action}", POST=allow(OPS))
declare("guild-billing", GET=allow(GUILD))
declare(
    "performer-billing",
    GET=allow(GUILD, PERFORMER, rows={GUILD: "every performer", PERFORMER: "themselves only"}),
)
