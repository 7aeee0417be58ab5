"""Who may use the routes of crews, their scenes and documents (core.policy)."""

from __future__ import annotations

from core.policy import CREW, GUILD, OPS, PERFORMER, allow, declare

EVERY_ROW = "every row"
OWN_CREWS = "its own crews' rows; another crew's is a 404"
READ_ALL_OWN = {OPS: EVERY_ROW, GUILD: EVERY_ROW, CREW: OWN_CREWS}
OWN = {OPS: EVERY_ROW, CREW: OWN_CREWS}

declare("crew-list", GET=allow(OPS, GUILD, CREW, rows=READ_ALL_OWN), POST=allow(OPS))
declare(
    "crew-detail",
    GET=allow(OPS, GUILD, CREW, rows=READ_ALL_OWN),
    PUT=allow(OPS, CREW, rows=OWN),
    PATCH=allow(OPS, CREW, rows=OWN),
    DELETE=allow(OPS),
)
declare("cast-member-list", GET=allow(OPS, CREW, rows=OWN), POST=allow(OPS, CREW, rows=OWN))
declare(
    "cast-member-detail",
    GET=allow(OPS, CREW, rows=OWN),
    PUT=allow(OPS, CREW, rows=OWN),
    PATCH=allow(OPS, CREW, rows=OWN),
    DELETE=allow(OPS, CREW, rows=OWN),
)
declare(
    "scene-list", GET=allow(OPS, GUILD, CREW, rows=READ_ALL_OWN), POST=allow(OPS, CREW, rows=OWN)
)
declare(
    "scene-detail",
    GET=allow(OPS, GUILD, CREW, rows=READ_ALL_OWN),
    PUT=allow(OPS, CREW, rows=OWN),
    PATCH=allow(OPS, CREW, rows=OWN),
    DELETE=allow(OPS),
)
declare(
    "extras-line-list",
    GET=allow(OPS, GUILD, CREW, rows=READ_ALL_OWN),
    POST=allow(OPS, CREW, rows=OWN),
)
declare(
    "extras-line-detail",
    GET=allow(OPS, GUILD, CREW, rows=READ_ALL_OWN),
    PUT=allow(OPS, CREW, rows=OWN),
    PATCH=allow(OPS, CREW, rows=OWN),
    DELETE=allow(OPS, CREW, rows=OWN),
)
declare("change-request-list", GET=allow(OPS, CREW, rows=OWN), POST=allow(OPS, CREW, rows=OWN))
declare("change-request-detail", GET=allow(OPS, CREW, rows=OWN))
declare("change-request-approve", POST=allow(OPS))
declare("change-request-refuse", POST=allow(OPS))
declare("breakdown", POST=allow(OPS, CREW, rows=OWN))
declare("shooting-order", POST=allow(OPS, CREW, rows=OWN))
declare("call-sheet-document", GET=allow(OPS, CREW, rows=OWN))
declare("crew-calendar", GET=allow(OPS, CREW, rows=OWN))
declare(
    "performer-calendar",
    GET=allow(GUILD, PERFORMER, rows={GUILD: "every performer", PERFORMER: "themselves only"}),
)
FEED = dict.fromkeys((OPS, GUILD, CREW, PERFORMER), "their own feed links")
declare("calendar-feed", GET=allow(OPS, GUILD, CREW, PERFORMER, rows=FEED))
declare("calendar-feed-rotate", POST=allow(OPS, GUILD, CREW, PERFORMER, rows=FEED))
