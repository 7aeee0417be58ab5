"""The guild's and a performer's home pages (session sign-in; ``core.home.role_page``).

The guild's home is its queue: extras lines still short, soonest first, each with its best
candidates and a button per candidate that calls them (a form POST with CSRF to
``guild_assign``, which calls the same service as ``POST .../extras/{line}/assign`` and comes
back to the queue with what happened, the rule broken when it was refused). A performer's home
is their calls of the week, with times in the base's words, and their pay for it.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from actors.models import Call, Performer
from actors.selectors import IDLE_STATES
from actors.selectors.queue import guild_queue
from actors.services import ExtrasConflict, extras_assign
from actors.services.pay import pay_sheets
from core.days import current_shooting_day, page_week
from core.home import role_page
from core.policy import GUILD, PERFORMER
from core.qr import qr_svg
from core.shooting_day import booking_date, call_sheet_time, shooting_days_bounds
from crews.models import ExtrasLine
from crews.services import feed_token_get
from scheduling.models import Booking

# The queue looks two weeks ahead from today: what the guild can still fill.
QUEUE_DAYS = 14
LINES_PER_PAGE = 15
CANDIDATES_SHOWN = 5


def _page_number(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("page") or request.POST.get("page") or 1)
    except ValueError:
        return 1


@role_page(GUILD)
def guild_home(request: HttpRequest) -> HttpResponse:
    """The guild's queue, a page of lines at a time, with their candidates."""
    first = current_shooting_day()
    last = first + dt.timedelta(days=QUEUE_DAYS - 1)
    queue = guild_queue(
        first=first,
        last=last,
        page=_page_number(request),
        per_page=LINES_PER_PAGE,
        candidates=CANDIDATES_SHOWN,
    )
    return render(request, "actors/guild_home.html", {"first": first, "last": last, **queue})


@role_page(GUILD, methods=("POST",))
def guild_assign(request: HttpRequest, booking_id: int, line_position: int) -> HttpResponse:
    """Calls the performer of the form to a place of the line, then back to the queue."""
    booking = get_object_or_404(Booking.objects.select_related("scene"), pk=booking_id)
    line = get_object_or_404(ExtrasLine, scene=booking.scene, position=line_position)
    code = request.POST.get("performer", "")
    performer = Performer.objects.filter(code=code).first()
    if performer is None:
        messages.error(request, _("unknown performer codes: {codes}").format(codes=code))
    else:
        try:
            extras_assign(booking=booking, extras_line=line, performers=[performer])
        except ExtrasConflict as error:
            messages.error(
                request, _("The assignment breaks the rules: {problems}").format(problems=error)
            )
        else:
            called = (
                Call.objects.filter(booking=booking, extras_line=line)
                .exclude(state__in=IDLE_STATES)
                .count()
            )
            done = _("{name} ({code}) is called to {scene}, line {line}: {called} of {wanted}.")
            messages.success(
                request,
                done.format(
                    name=performer.name,
                    code=performer.code,
                    scene=booking.scene.code,
                    line=line.position,
                    called=called,
                    wanted=line.count,
                ),
            )
    anchor = f"line-{booking.pk}-{line.position}"
    return redirect(f"{reverse('guild-home')}?page={_page_number(request)}#{anchor}")


@role_page(PERFORMER)
def performer_home(request: HttpRequest) -> HttpResponse:
    """A performer's calls of the week (``?week=`` any day of another) and its pay."""
    performer = request.user.performer
    first, last = page_week(request)
    opens, closes = shooting_days_bounds(first, last)
    calls = (
        Call.objects.filter(performer=performer, booking__starts_at__gte=opens)
        .filter(booking__starts_at__lt=closes)
        .exclude(booking__status=Booking.Status.CANCELLED)
        .select_related("booking__scene__crew", "booking__location__zone")
        .order_by("booking__starts_at", "booking__pk")
    )
    rows = []
    for call in calls:
        booking = call.booking
        day = booking_date(booking.starts_at)
        rows.append(
            {
                "date": day,
                "start": call_sheet_time(booking.starts_at, day),
                "end": call_sheet_time(booking.ends_at, day),
                "place": booking.location.name,
                "crew": booking.scene.crew.name,
                "scene": booking.scene.code,
                "booking_status": booking.get_status_display(),
                "call_state": call.get_state_display(),
            }
        )
    later = (
        Call.objects.filter(performer=performer, booking__starts_at__gte=closes)
        .exclude(booking__status=Booking.Status.CANCELLED)
        .order_by("booking__starts_at")
        .values_list("booking__starts_at", flat=True)
        .first()
    )
    sheet = pay_sheets(
        first=first, last=last, performers=Performer.objects.filter(pk=performer.pk)
    )[0]
    pay_csv = reverse("performer-pay-csv", kwargs={"code": performer.code})
    feed = reverse("performer-calendar", kwargs={"code": performer.code})
    feed_url = request.build_absolute_uri(f"{feed}?token={feed_token_get(user=request.user).key}")
    context = {
        "performer": performer,
        "first": first,
        "last": last,
        "previous_week": first - dt.timedelta(days=7),
        "next_week": first + dt.timedelta(days=7),
        "next_busy_day": booking_date(later) if later else None,
        "calls": rows,
        "pay": {
            "days_worked": len(sheet.days),
            "hours": f"{sheet.minutes / 60:.1f}",
            "gross": f"{sheet.total('gross'):.2f}",
            "net": f"{sheet.total('net'):.2f}",
            "open_calls": sheet.open_calls,
        },
        "pay_csv": f"{pay_csv}?from={first}&to={last}",
        "feed_url": feed_url,
        "feed_qr": qr_svg(feed_url),
    }
    return render(request, "actors/performer_home.html", context)
