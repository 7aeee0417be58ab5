"""Logins for the crews of the API load benchmark: one crew user per crew with bookings.

The demo has one crew login (``crew1``, a single crew), whose call sheet is empty on most days;
real crews read sheets with their scenes on them. Run by ``bench/api_load.sh`` after
``seed_demo`` with the benchmark's environment; writes ``{crew code: [token, [days]]}`` as JSON
to the path given (the days are those the crew has bookings on, in the base's time zone).
"""

from __future__ import annotations

import json
import os
import sys
from collections import defaultdict
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent


def main(out: Path, most: int = 60) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hengdian.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import Group, User

    from core import roles
    from core.tokens import api_token_issue
    from crews.models import Crew
    from scheduling.models import Booking

    tz = ZoneInfo(settings.TIME_ZONE)
    days: dict[int, set[str]] = defaultdict(set)
    active = Booking.objects.exclude(status=Booking.Status.CANCELLED).select_related("scene")
    for booking in active:
        days[booking.scene.crew_id].add(booking.starts_at.astimezone(tz).date().isoformat())
    group = Group.objects.get(name=roles.CREW)
    crews = Crew.objects.filter(pk__in=days).order_by("code")[:most]
    logins = {}
    for crew in crews:
        user, _ = User.objects.get_or_create(username=f"bench-{crew.code.lower()}")
        user.groups.add(group)
        crew.members.add(user)
        _token, key = api_token_issue(user=user, name="bench")
        logins[crew.code] = [key, sorted(days[crew.pk])]
    out.write_text(json.dumps(logins), encoding="utf-8")
    print(f"{len(logins)} crew logins written to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
