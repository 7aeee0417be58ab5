"""Who may use the routes of the guild: performers, calls, pay, notices (core.policy)."""

from __future__ import annotations

from core.policy import CREW, GUILD, OPS, PERFORMER, allow, declare

EVERY_ROW = "every row"
SELF = "themselves only"
PERFORMERS = {
    OPS: EVERY_ROW + " (phone and ID masked)",
    GUILD: EVERY_ROW + " (phone and ID masked)",
    CREW: "performers called to its scenes, name masked, no phone or ID",
    PERFORMER: SELF,
}
CALLS = {
    OPS: EVERY_ROW,
    GUILD: EVERY_ROW,
    CREW: "calls to its own scenes, without check-in codes",
    PERFORMER: "their own calls",
}

declare(
    "performer-list",
    GET=allow(OPS, GUILD, CREW, PERFORMER, rows=PERFORMERS),
    POST=allow(OPS, GUILD),
)
declare(
    "performer-detail",
    GET=allow(OPS, GUILD, CREW, PERFORMER, rows=PERFORMERS),
    PUT=allow(OPS, GUILD),
    PATCH=allow(OPS, GUILD),
    DELETE=allow(OPS, GUILD),
)
declare("performer-find", POST=allow(GUILD))
declare("performer-reveal", POST=allow(GUILD))
declare("performer-login", POST=allow(OPS, GUILD))
declare("performer-import", POST=allow(GUILD))
declare("performer-export", GET=allow(GUILD))
declare("performer-availability-bulk", POST=allow(GUILD))
declare("performer-availability-bulk-many", POST=allow(GUILD))
AVAILABILITY = {OPS: EVERY_ROW, GUILD: EVERY_ROW, PERFORMER: SELF}
declare(
    "availability-list", GET=allow(OPS, GUILD, PERFORMER, rows=AVAILABILITY), POST=allow(OPS, GUILD)
)
declare(
    "availability-detail",
    GET=allow(OPS, GUILD, PERFORMER, rows=AVAILABILITY),
    PUT=allow(OPS, GUILD),
    PATCH=allow(OPS, GUILD),
    DELETE=allow(OPS, GUILD),
)
declare("extras-candidates", GET=allow(OPS, GUILD))
declare("extras-assign", POST=allow(GUILD))
declare("extras-swap", POST=allow(GUILD))
declare("call-list", GET=allow(OPS, GUILD, CREW, PERFORMER, rows=CALLS))
declare("call-detail", GET=allow(OPS, GUILD, CREW, PERFORMER, rows=CALLS))
declare(
    "call-check-in",
    POST=allow(GUILD, CREW, rows={GUILD: EVERY_ROW, CREW: "calls to its own scenes"}),
)
declare(
    "call-confirm",
    POST=allow(GUILD, PERFORMER, rows={GUILD: EVERY_ROW, PERFORMER: "their own calls"}),
)
declare(
    "call-decline",
    POST=allow(GUILD, PERFORMER, rows={GUILD: EVERY_ROW, PERFORMER: "their own calls"}),
)
declare("call-no-show", POST=allow(GUILD))
declare("call-release", POST=allow(GUILD))
declare("performer-pay", GET=allow(GUILD, PERFORMER, rows={GUILD: EVERY_ROW, PERFORMER: SELF}))
declare("performer-pay-csv", GET=allow(GUILD, PERFORMER, rows={GUILD: EVERY_ROW, PERFORMER: SELF}))
declare("guild-pay", GET=allow(GUILD))
declare("guild-pay-csv", GET=allow(GUILD))
declare("guild-shortage", GET=allow(OPS, GUILD))
declare("guild-short-lines", GET=allow(OPS, GUILD))
declare("notification-list", GET=allow(GUILD))
declare("notification-detail", GET=allow(GUILD))
declare("notification-retry", POST=allow(GUILD))
