"""Who may use the routes of the base's places, bookings, plan runs and instances (core.policy)."""

from __future__ import annotations

from core.policy import CREW, GUILD, OPS, PERFORMER, allow, declare

EVERY_ROW = "every row"
OWN_CREWS = "its own crews' rows; another crew's is a 404"

PLACES = {OPS: EVERY_ROW, GUILD: EVERY_ROW, CREW: EVERY_ROW}
for name in ("zone", "travel-time", "location", "closure"):
    declare(f"{name}-list", GET=allow(OPS, GUILD, CREW, rows=PLACES), POST=allow(OPS))
    declare(
        f"{name}-detail",
        GET=allow(OPS, GUILD, CREW, rows=PLACES),
        PUT=allow(OPS),
        PATCH=allow(OPS),
        DELETE=allow(OPS),
    )

BOOKINGS = {OPS: EVERY_ROW, GUILD: EVERY_ROW, CREW: OWN_CREWS}
declare("booking-list", GET=allow(OPS, GUILD, CREW, rows=BOOKINGS), POST=allow(OPS))
declare("booking-detail", GET=allow(OPS, GUILD, CREW, rows=BOOKINGS), PATCH=allow(OPS))
declare("booking-cancel", POST=allow(OPS))
declare("call-sheet", GET=allow(OPS, CREW, rows={OPS: "every crew", CREW: OWN_CREWS}))
declare(
    "performer-calls",
    GET=allow(GUILD, PERFORMER, rows={GUILD: "every performer", PERFORMER: "themselves only"}),
)
declare("instance-export", GET=allow(OPS))
declare("instance-import", POST=allow(OPS))
declare("plan-run-list", GET=allow(OPS), POST=allow(OPS))
for name in ("plan-run-detail", "plan-run-diff", "plan-run-plan"):
    declare(name, GET=allow(OPS))
declare("plan-run-publish", POST=allow(OPS))
declare("audit-list", GET=allow(OPS))

# Reception: options, holds and requests are for the operations centre and the crew itself.
declare("scene-options", GET=allow(OPS, CREW, rows={OPS: "every scene", CREW: OWN_CREWS}))
declare("crew-options", GET=allow(OPS, CREW, rows={OPS: "every crew", CREW: OWN_CREWS}))
RECEPTION = {OPS: EVERY_ROW, CREW: OWN_CREWS}
declare("hold-list", GET=allow(OPS, CREW, rows=RECEPTION), POST=allow(OPS, CREW, rows=RECEPTION))
declare("hold-detail", GET=allow(OPS, CREW, rows=RECEPTION))
declare("hold-confirm", POST=allow(OPS))
declare("hold-release", POST=allow(OPS, CREW, rows=RECEPTION))
declare(
    "scene-request-list",
    GET=allow(OPS, CREW, rows=RECEPTION),
    POST=allow(OPS, CREW, rows=RECEPTION),
)
declare("scene-request-detail", GET=allow(OPS, CREW, rows=RECEPTION))
declare("scene-request-withdraw", POST=allow(OPS, CREW, rows=RECEPTION))

# Disruptions: closures over booked scenes and their repair are the operations centre's.
declare("disruption-list", GET=allow(OPS), POST=allow(OPS))
declare("disruption-detail", GET=allow(OPS))
